// Pix through a PSP, end to end against the PSP simulator (mTLS with a client certificate of a CA
// made by the test, OAuth2, every message checked against the API Pix 2.9.0 schemas when
// ../shared/specs is present): a charge gets a cobv whose BR Code is shown everywhere, the PSP's
// webhook pays it exactly once, a lost webhook is found by the reconciliation, over- and
// under-payments are recorded, a cancelled charge removes its cobv, refunds reach the charge,
// failures are retried, a crash between the PSP's answer and the record sends the same PUT again,
// a billing run sends a lote, and Pix Automático runs a contract's month: recurrence authorized →
// billing run → cobr → paid by webhook → receipt, a failed debit retried, rejection, cancellation.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { startPspSimulator, type PspSimulator } from '../support/psp-simulator.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { sendDuePspOperations } from '../../src/psp/sender.ts';
import { tunePspClients } from '../../src/psp/connections.ts';
import { forgetPspClients } from '../../src/psp/client.ts';
import { reconcilePix } from '../../src/psp/reconcile.ts';
import { registerReceivedPix } from '../../src/psp/received.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';
import { ProviderCache } from '../../src/notifications/channels.ts';
import { sendDueNotifications } from '../../src/notifications/sender.ts';

const previousKey = process.env.COBRE_SECRET_KEY;
let ctx: TestContext;
let sim: PspSimulator;
let smtp: TestSmtp;
let t: TestTenant;
let baseUrl: string;
let connectionId: string;
const providers = new ProviderCache();
let seed = 7100;

beforeAll(async () => {
  process.env.COBRE_SECRET_KEY = randomBytes(32).toString('base64');
  ctx = await createTestContext({ now: '2026-12-01T12:00:00Z' });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  sim = await startPspSimulator({ now: () => ctx.clock.now() });
  smtp = await startTestSmtp();
  // The client's back-off does not wait in tests (the attempts are what is checked).
  tunePspClients({ sleep: async () => undefined });
  t = await ctx.newTenant('Associação Pix');
  const creds = sim.credentials();
  const certificate = creds.certificate as { kind: 'pem'; certPem: string; keyPem: string };
  const res = await call('POST', '/v1/psp-connections', {
    name: 'PSP de teste',
    base_url: sim.baseUrl,
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
    certificate: { format: 'pem', cert_pem: certificate.certPem, key_pem: certificate.keyPem },
    ca_pem: creds.caPem,
    pix_key: sim.chave,
    receiver_agency: '0001',
    receiver_account: '123456',
    receiver_account_type: 'CORRENTE',
  });
  expect(res.statusCode, res.body).toBe(201);
  connectionId = res.json().id;
  expect(
    (
      await call('PUT', '/v1/late-charge-policy', {
        fine: { kind: 'percent', value: '2' },
        interest: { monthly_percent: '1', compound: false },
      })
    ).statusCode,
  ).toBe(200);
  expect(
    (
      await call('PUT', '/v1/notification-channels/email', {
        provider: 'smtp',
        settings: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: 'never', from_email: 'cobranca@associacao.example' },
      })
    ).statusCode,
  ).toBe(200);
  await drain();
});

afterAll(async () => {
  tunePspClients({});
  forgetPspClients();
  await providers.close();
  await sim?.stop();
  await smtp?.close();
  await ctx?.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

function call(method: string, url: string, body?: unknown) {
  return ctx.call(t.live, method, url, body);
}

/** Runs the PSP outbox until nothing is ready. */
async function drain(): Promise<void> {
  for (let i = 0; i < 100; i++) if ((await sendDuePspOperations(ctx.db, { clock: ctx.clock, baseUrl })) === 0) return;
  throw new Error('the PSP outbox never went idle');
}

async function customer(over: Record<string, unknown> = {}) {
  const res = await call('POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Paula Pagadora',
    document: cpfFrom(++seed),
    emails: [{ email: `paula${seed}@pagadora.example`, is_primary: true }],
    addresses: [{ street: 'Rua Pix', number: '1', district: 'Centro', city: 'Recife', state: 'PE', postal_code: '50010-000' }],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function charge(over: Record<string, unknown> = {}) {
  const c = await customer();
  const res = await call('POST', '/v1/charges', {
    customer_id: c.id,
    amount_cents: 45000,
    due_date: d('2026-12-11'),
    description: 'Mensalidade',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function pixState(chargeId: string) {
  const res = await call('GET', `/v1/charges/${chargeId}/pix-charge`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function activeCharge(over: Record<string, unknown> = {}) {
  const c = await charge(over);
  await drain();
  const state = await pixState(c.id);
  expect(state.pix_charge, JSON.stringify(state)).toMatchObject({ status: 'active', connection_id: connectionId });
  return { charge: c, txid: state.pix_charge.txid as string, state };
}

const getCharge = async (id: string) => (await call('GET', `/v1/charges/${id}`)).json();
const payments = async (id: string) => (await call('GET', `/v1/charges/${id}/payments`)).json().data;

describe('dynamic Pix through a PSP', () => {
  it('registers the webhook URL at the PSP', () => {
    expect([...sim.webhooks.pix.keys()]).toEqual([sim.chave]);
    expect(sim.webhooks.pix.get(sim.chave)!.webhookUrl).toMatch(
      new RegExp(`^${baseUrl}/psp/webhooks/${t.id}/${connectionId}/[A-Za-z0-9_-]{32}$`),
    );
  });

  it('a charge gets a cobv with its fine and interest; the PSP code is on the API, the boleto and the payer page; the webhook pays it once', async () => {
    expect(
      (
        await call('POST', '/v1/collection-accounts', {
          bank_code: '341',
          agency: '0057',
          account: '12345',
          carteira: '109',
          account_digit: '7',
          pix_key: 'financeiro@associacao.example',
          beneficiary_name: 'Associação Pix',
          beneficiary_document: '11.222.333/0001-81',
          beneficiary_address: {
            street: 'Rua Pix',
            number: '1',
            district: 'Centro',
            city: 'Recife',
            state: 'PE',
            postal_code: '50010-000',
          },
        })
      ).statusCode,
    ).toBe(201);
    const { charge: c, txid, state } = await activeCharge();
    expect(state.pix_charge).toMatchObject({ kind: 'cobv', amount_cents: 45000, due_date: d('2026-12-11') });
    const cobv = sim.cobvs.get(txid)!.content as any;
    expect(cobv.valor).toMatchObject({
      original: '450.00',
      multa: { modalidade: 2, valorPerc: '2.00' },
      juros: { modalidade: 3, valorPerc: '1.00' },
    });
    expect(cobv.devedor).toMatchObject({ nome: 'Paula Pagadora' });
    const code = state.pix_charge.pix_copia_e_cola as string;
    expect(code).toContain(sim.cobvs.get(txid)!.loc.location);
    expect((await call('GET', `/v1/charges/${c.id}/pix`)).json()).toMatchObject({ payload: code, txid });
    const boleto = await call('POST', `/v1/charges/${c.id}/boleto`, {});
    expect(boleto.statusCode, boleto.body).toBe(200);
    expect(boleto.json().pix_payload).toBe(code);
    const link = (await call('POST', `/v1/charges/${c.id}/payer-link`, {})).json();
    const page = await ctx.app.inject({ method: 'GET', url: link.path });
    expect(page.body).toContain(code.replaceAll('&', '&amp;'));

    const [e2e] = await sim.pay(txid);
    expect((await getCharge(c.id)).status).toBe('paid');
    await sim.resendWebhook(e2e);
    const paid = await payments(c.id);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ amount_cents: 45000, method: 'pix', source: 'pix', external_id: `pix:${e2e}` });
    const after = await pixState(c.id);
    expect(after.pix_charge).toBeNull();
    expect(after.history[0]).toMatchObject({ status: 'completed' });
    expect(after.received).toEqual([
      expect.objectContaining({ end_to_end_id: e2e, outcome: 'exact', expected_cents: 45000, source: 'webhook' }),
    ]);
    expect(
      (await call('GET', `/v1/charges/${c.id}/psp-exchanges`))
        .json()
        .some((x: { method: string; path: string }) => x.method === 'PUT' && x.path === `/cobv/${txid}`),
    ).toBe(true);
    expect(JSON.stringify((await call('GET', `/v1/psp-connections/${connectionId}/exchanges`)).json())).not.toContain(sim.clientSecret);
    expect(sim.violations).toEqual([]);
  });

  it('a Pix whose webhook was lost is found by the reconciliation, once', async () => {
    const { charge: c, txid } = await activeCharge();
    const [e2e] = await sim.pay(txid, { dropWebhook: true });
    expect((await getCharge(c.id)).status).toBe('open');
    ctx.clock.advance(11 * 60_000);
    const first = await reconcilePix(ctx.db, { clock: ctx.clock });
    expect(first.errors).toEqual([]);
    expect((await getCharge(c.id)).status).toBe('paid');
    expect((await pixState(c.id)).received).toEqual([
      expect.objectContaining({ end_to_end_id: e2e, source: 'reconciliation', outcome: 'exact' }),
    ]);
    ctx.clock.advance(11 * 60_000);
    await reconcilePix(ctx.db, { clock: ctx.clock });
    await sim.resendWebhook(e2e);
    expect(await payments(c.id)).toHaveLength(1);
  });

  it('records a Pix paid twice as overpaid and a short Pix as underpaid (the rest gets a new cobv)', async () => {
    const twice = await activeCharge();
    const ids = await sim.pay(twice.txid, { times: 2 });
    expect(ids).toHaveLength(2);
    expect(await getCharge(twice.charge.id)).toMatchObject({ status: 'paid', paid_cents: 90000, overpaid_cents: 45000 });
    expect((await pixState(twice.charge.id)).received.map((r: { outcome: string }) => r.outcome).sort()).toEqual(['exact', 'overpaid']);

    const short = await activeCharge();
    const printed = (await call('POST', `/v1/charges/${short.charge.id}/boleto`, {})).json();
    expect(printed.pix_payload).toBe(short.state.pix_charge.pix_copia_e_cola);
    await sim.pay(short.txid, { valorCents: 20000 });
    // The boleto no longer prints the concluded cobv's code: its account's static code is back.
    const reprinted = (await call('GET', `/v1/charges/${short.charge.id}/boleto`)).json();
    expect(reprinted.pix_payload).not.toBe(printed.pix_payload);
    expect(reprinted.pix_payload).toContain('financeiro@associacao.example');
    expect(await getCharge(short.charge.id)).toMatchObject({ status: 'partially_paid', paid_cents: 20000 });
    expect((await pixState(short.charge.id)).received[0]).toMatchObject({
      outcome: 'underpaid',
      amount_cents: 20000,
      expected_cents: 45000,
    });
    // The cobv it paid is concluded; the rest gets a new one (the next revision's txid).
    await drain();
    const rest = await pixState(short.charge.id);
    expect(rest.history.map((h: { status: string }) => h.status)).toEqual(['completed', 'active']);
    expect(rest.pix_charge).toMatchObject({ amount_cents: 25000 });
    expect(rest.pix_charge.txid).not.toBe(short.txid);
    expect((sim.cobvs.get(rest.pix_charge.txid)!.content as any).valor.original).toBe('250.00');
    expect(sim.violations).toEqual([]);
  });

  it('removes the cobv of a cancelled charge and of one paid by other means', async () => {
    const cancelled = await activeCharge();
    expect((await call('POST', `/v1/charges/${cancelled.charge.id}/cancel`, { reason: 'lançada em duplicidade' })).statusCode).toBe(200);
    await drain();
    expect(sim.cobvs.get(cancelled.txid)!.status).toBe('REMOVIDA_PELO_USUARIO_RECEBEDOR');
    expect((await pixState(cancelled.charge.id)).history[0]).toMatchObject({ status: 'removed', status_reason: 'charge cancelled' });
    // A Pix that reaches the PSP anyway (paid just before the removal) is kept aside, not counted.
    const late = await registerReceivedPix(
      ctx.db,
      t.id,
      { id: connectionId },
      [
        {
          endToEndId: `E99999999${'202612011200'}${'0'.repeat(10)}1`,
          txid: cancelled.txid,
          valor: '450.00',
          horario: ctx.clock.now().toISOString(),
        },
      ],
      'webhook',
      ctx.clock.now(),
    );
    expect(late).toMatchObject({ registered: 1, duplicates: 0 });
    expect((await pixState(cancelled.charge.id)).received).toEqual([
      expect.objectContaining({ outcome: 'charge_closed', payment_id: null, expected_cents: 0 }),
    ]);
    expect(await payments(cancelled.charge.id)).toEqual([]);
    expect((await call('GET', '/v1/pix-received?outcome=charge_closed')).json().map((r: { txid: string }) => r.txid)).toContain(
      cancelled.txid,
    );

    const cash = await activeCharge();
    expect((await call('POST', `/v1/charges/${cash.charge.id}/payments`, { amount_cents: 45000, method: 'cash' })).statusCode).toBe(201);
    await drain();
    expect(sim.cobvs.get(cash.txid)!.status).toBe('REMOVIDA_PELO_USUARIO_RECEBEDOR');

    // A charge cancelled before its cobv reached the PSP never gets one.
    const early = await charge();
    expect((await call('POST', `/v1/charges/${early.id}/cancel`, { reason: 'desistência' })).statusCode).toBe(200);
    await drain();
    const txid = (await pixState(early.id)).history[0].txid;
    expect(sim.cobvs.has(txid)).toBe(false);
  });

  it('a charge given a new due date and amount moves its cobv at the PSP (PATCH valor and calendario), once', async () => {
    const moved = await activeCharge();
    const res = await call('PATCH', `/v1/charges/${moved.charge.id}`, {
      due_date: d('2026-12-18'),
      amount_cents: 47_500,
      reason: 'prorrogada com reajuste',
    });
    expect(res.statusCode, res.body).toBe(200);
    await drain();
    const cobv = sim.cobvs.get(moved.txid)!;
    expect(cobv.content.calendario).toMatchObject({ dataDeVencimento: d('2026-12-18') });
    expect(cobv.content.valor).toMatchObject({ original: '475.00' });
    expect((await pixState(moved.charge.id)).pix_charge).toMatchObject({
      txid: moved.txid,
      amount_cents: 47_500,
      due_date: d('2026-12-18'),
    });
    // Only the due date: the cobv follows it too; nothing else is sent after.
    expect(
      (await call('PATCH', `/v1/charges/${moved.charge.id}`, { due_date: d('2026-12-21'), reason: 'nova prorrogação' })).statusCode,
    ).toBe(200);
    await drain();
    expect(sim.cobvs.get(moved.txid)!.content.calendario).toMatchObject({ dataDeVencimento: d('2026-12-21') });
    expect(await sendDuePspOperations(ctx.db, { clock: ctx.clock, baseUrl })).toBe(0);
  });

  it('refunds part of a Pix through the PSP and reflects it on the charge', async () => {
    const { charge: c, txid } = await activeCharge();
    const [e2e] = await sim.pay(txid);
    const tooMuch = await call('POST', `/v1/pix-received/${e2e}/refunds`, { amount_cents: 45001, reason: 'excesso' });
    expect(tooMuch.statusCode).toBe(400);
    const res = await call('POST', `/v1/pix-received/${e2e}/refunds`, { amount_cents: 10000, reason: 'desconto concedido depois' });
    expect(res.statusCode, res.body).toBe(202);
    await drain();
    expect((await getCharge(c.id)).paid_cents).toBe(45000);
    expect(await sim.settleRefunds()).toBe(1);
    const received = (await pixState(c.id)).received[0];
    expect(received).toMatchObject({
      refunded_cents: 10000,
      refunds: [expect.objectContaining({ amount_cents: 10000, status: 'returned' })],
    });
    expect(await getCharge(c.id)).toMatchObject({ paid_cents: 35000, status: 'partially_paid' });
    expect((await payments(c.id))[0]).toMatchObject({ amount_cents: 45000, refunded_cents: 10000 });
    // Reopened: what is open again gets a Pix of its own.
    await drain();
    expect((await pixState(c.id)).pix_charge).toMatchObject({ status: 'active', amount_cents: 10000 });
    expect(sim.violations).toEqual([]);
  });

  it('retries a PSP answering 500 and 429, and records a refusal on the charge', async () => {
    await drain();
    const a = await charge();
    const txid = (await pixState(a.id)).history[0].txid;
    sim.failNext(2, { status: 500, match: new RegExp(txid) });
    await drain();
    expect((await pixState(a.id)).pix_charge).toMatchObject({ status: 'active', txid });
    expect(sim.requests.filter((r) => r.method === 'PUT' && r.path === `/cobv/${txid}`).map((r) => r.status)).toEqual([500, 500, 201]);
    const b = await charge();
    const txidB = (await pixState(b.id)).history[0].txid;
    sim.failNext(1, { status: 429, retryAfterSeconds: 1, match: new RegExp(txidB) });
    await drain();
    expect(sim.requests.filter((r) => r.method === 'PUT' && r.path === `/cobv/${txidB}`).map((r) => r.status)).toEqual([429, 201]);

    const noDocument = await customer({ document: undefined, person_type: 'PF' });
    const c = (await call('POST', '/v1/charges', { customer_id: noDocument.id, amount_cents: 1000, due_date: d('2026-12-20') })).json();
    await drain();
    expect((await pixState(c.id)).history[0]).toMatchObject({ status: 'failed', status_reason: expect.stringContaining('CPF/CNPJ') });
  });

  it('a worker that dies after the PSP answered sends the same PUT again: one cobv', async () => {
    const c = await charge();
    await expect(
      sendDuePspOperations(ctx.db, {
        clock: ctx.clock,
        baseUrl,
        afterSend: () => {
          throw new Error('worker killed');
        },
      }).then(
        () => Promise.reject(new Error('the crash did not surface')),
        (err) => Promise.reject(err),
      ),
    ).rejects.toThrow();
    const txid = (await pixState(c.id)).history[0].txid;
    ctx.clock.advance(121_000);
    await drain();
    expect((await pixState(c.id)).pix_charge).toMatchObject({ status: 'active', txid });
    expect(sim.requests.filter((r) => r.method === 'PUT' && r.path === `/cobv/${txid}`)).toHaveLength(2);
    expect([...sim.cobvs.keys()].filter((k) => k === txid)).toHaveLength(1);
  });
});

describe('billing runs and Pix Automático', () => {
  async function notify(): Promise<void> {
    const deps = { now: () => ctx.clock.now(), today: () => ctx.clock.today(), baseUrl, providers };
    while ((await sendDueNotifications(ctx.db, deps)) > 0);
  }

  async function tick(date: string): Promise<void> {
    ctx.clock.set(testNow(`${date}T12:00:00Z`));
    expect((await call('POST', '/v1/billing-runs/tick', {})).statusCode).toBe(200);
    await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
    await drain();
  }

  let service: { id: string };
  async function contract(over: Record<string, unknown> = {}) {
    service ??= (
      await call('POST', '/v1/services', {
        code: `MENS${seed}`,
        name: 'Mensalidade',
        unit: 'mês',
        pricing_model: 'flat',
        price_cents: 45000,
      })
    ).json();
    const c = await customer();
    const res = await call('POST', '/v1/contracts', {
      customer_id: c.id,
      billing_day: 1,
      due_days: 10,
      payment_method: 'pix',
      start_date: d('2026-11-01'),
      items: [{ service_id: service.id }],
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await call('POST', `/v1/contracts/${res.json().id}/activate`)).statusCode).toBe(200);
    return res.json();
  }

  it('a recurrence authorized by the payer debits each period through a cobr; a failed debit is retried; the receipt goes out', async () => {
    ctx.clock.set(testNow('2026-11-20T12:00:00Z'));
    const k = await contract();
    const created = await call('POST', `/v1/contracts/${k.id}/pix-recurrence`, { fixed_amount_cents: 45000 });
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json()).toMatchObject({ status: 'creating', journey: 'qr', periodicity: 'MENSAL', retry_policy: 'PERMITE_3R_7D' });
    await drain();
    let [rec] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    expect(rec).toMatchObject({
      status: 'awaiting_approval',
      id_rec: expect.any(String),
      pix_copia_e_cola: expect.stringMatching(/^000201/),
    });
    const qr = await call('GET', `/v1/pix-recurrences/${rec.id}/qr.png`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/png');
    await sim.approveRec(rec.id_rec);
    [rec] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    expect(rec).toMatchObject({ status: 'approved', approved_at: expect.any(String) });
    expect((await call('GET', `/v1/pix-recurrences/${rec.id}/qr.png`)).statusCode).toBe(404);

    // 1 Dec: the billing run bills November; the charge (due 11 Dec) is a cobr, sent 10 days before.
    await tick('2026-12-01');
    const [bill] = (await call('GET', `/v1/charges?contract_id=${k.id}`)).json().data;
    const state = await pixState(bill.id);
    expect(state.pix_charge).toMatchObject({ kind: 'cobr', status: 'active', recurrence_id: rec.id });
    const txid = state.pix_charge.txid;
    expect(sim.cobrs.get(txid)!.content).toMatchObject({
      idRec: rec.id_rec,
      valor: { original: '450.00' },
      calendario: { dataDeVencimento: d('2026-12-11') },
    });

    // The first attempt fails; the authorization permits retries: one is asked for the next day.
    await sim.settleCobr(txid, 'failed');
    await drain();
    expect((await pixState(bill.id)).pix_charge.retries).toEqual([expect.objectContaining({ data: d('2026-12-02') })]);
    // The retry goes through: the Pix is registered, the charge is paid, the receipt is sent.
    ctx.clock.set(testNow('2026-12-02T12:00:00Z'));
    await sim.settleCobr(txid, 'paid');
    expect((await getCharge(bill.id)).status).toBe('paid');
    expect((await pixState(bill.id)).received).toEqual([expect.objectContaining({ outcome: 'exact', source: 'cobr_webhook' })]);
    await notify();
    expect(smtp.messages.map((m) => m.subject ?? '').some((s) => s.includes('Recebemos seu pagamento'))).toBe(true);
    expect(sim.violations).toEqual([]);
  });

  it("Jornada 3: the QR code pays the first charge and authorizes the rest; Jornada 1: a request to the payer's bank", async () => {
    ctx.clock.set(testNow('2026-12-04T12:00:00Z'));
    const k = await contract({ billing_day: 4, due_days: 10 });
    await tick('2026-12-04');
    const [first] = (await call('GET', `/v1/charges?contract_id=${k.id}`)).json().data;
    const cobvTxid = (await pixState(first.id)).pix_charge.txid;
    const res = await call('POST', `/v1/contracts/${k.id}/pix-recurrence`, {
      journey: 'qr_with_payment',
      first_charge_id: first.id,
      fixed_amount_cents: 45000,
    });
    expect(res.statusCode, res.body).toBe(202);
    await drain();
    ctx.clock.advance(6000);
    await drain();
    const state = await pixState(first.id);
    expect(state.history.map((h: { kind: string; status: string }) => `${h.kind}:${h.status}`).sort()).toEqual([
      'cob:active',
      'cobv:removed',
    ]);
    expect(sim.cobvs.get(cobvTxid)!.status).toBe('REMOVIDA_PELO_USUARIO_RECEBEDOR');
    let [rec] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    expect(rec).toMatchObject({ journey: 'qr_with_payment', status: 'awaiting_approval', pix_copia_e_cola: expect.any(String) });
    expect(sim.recs.get(rec.id_rec)!.ativacao).toMatchObject({ tipoJornada: 'JORNADA_3', dadosJornada: { txid: state.pix_charge.txid } });
    // The payer's page of the charge offers the authorization's QR code beside the charge's Pix.
    const link = (await call('POST', `/v1/charges/${first.id}/payer-link`, {})).json();
    const page = await ctx.app.inject({ method: 'GET', url: link.path });
    expect(page.body).toContain('Pix Automático');
    expect(page.body).toContain(rec.pix_copia_e_cola.replaceAll('&', '&amp;'));
    const png = await ctx.app.inject({ method: 'GET', url: `${link.path}/pix-automatico.png` });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    await sim.pay(state.pix_charge.txid);
    await sim.approveRec(rec.id_rec);
    expect((await getCharge(first.id)).status).toBe('paid');
    [rec] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    expect(rec.status).toBe('approved');
    expect((await ctx.app.inject({ method: 'GET', url: `${link.path}/pix-automatico.png` })).statusCode).toBe(404);

    const pushed = await contract();
    const bad = await call('POST', `/v1/contracts/${pushed.id}/pix-recurrence`, { journey: 'push' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([
      { field: 'payer_bank', issue: "is required with journey push (the payer's bank and account)" },
    ]);
    expect(
      (
        await call('POST', `/v1/contracts/${pushed.id}/pix-recurrence`, {
          journey: 'push',
          payer_bank: { ispb: '60746948', agency: '1234', account: '56789' },
        })
      ).statusCode,
    ).toBe(202);
    await drain();
    const [r] = (await call('GET', `/v1/contracts/${pushed.id}/pix-recurrences`)).json();
    expect(r).toMatchObject({ journey: 'push', status: 'awaiting_approval', pix_copia_e_cola: null });
    expect([...sim.solicrecs.values()].filter((x) => x.idRec === r.id_rec)).toEqual([
      expect.objectContaining({ destinatario: expect.objectContaining({ ispbParticipante: '60746948', conta: '56789' }) }),
    ]);
    expect(sim.violations).toEqual([]);
  });

  it('a debit the PSP refuses falls back to an ordinary Pix charge the payer can still pay', async () => {
    ctx.clock.set(testNow('2026-11-28T12:00:00Z'));
    const k = await contract({ billing_day: 6, due_days: 10 });
    // The authorization is for R$ 300,00 a month; the contract bills R$ 450,00: the PSP refuses the cobr.
    await call('POST', `/v1/contracts/${k.id}/pix-recurrence`, { fixed_amount_cents: 30000 });
    await drain();
    const [rec] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    await sim.approveRec(rec.id_rec);
    await tick('2026-12-06');
    const [bill] = (await call('GET', `/v1/charges?contract_id=${k.id}`)).json().data;
    const state = await pixState(bill.id);
    expect(state.history.map((h: { kind: string; status: string }) => `${h.kind}:${h.status}`).sort()).toEqual([
      'cobr:failed',
      'cobv:active',
    ]);
    expect(state.history.find((h: { kind: string }) => h.kind === 'cobr').status_reason).toContain('the PSP refused the cobr');
    expect(state.pix_charge).toMatchObject({ kind: 'cobv', amount_cents: 45000 });
  });

  it('a billing run of several contracts sends one lotecobv', async () => {
    ctx.clock.set(testNow('2026-11-25T12:00:00Z'));
    const ks = [];
    for (let i = 0; i < 6; i++) ks.push(await contract({ billing_day: 2, due_days: 15 }));
    const lotes = sim.lotes.size;
    await tick('2026-12-02');
    expect(sim.lotes.size).toBe(lotes + 1);
    for (const k of ks) {
      const [bill] = (await call('GET', `/v1/charges?contract_id=${k.id}`)).json().data;
      expect((await pixState(bill.id)).pix_charge).toMatchObject({ kind: 'cobv', status: 'active', pix_copia_e_cola: expect.any(String) });
    }
    expect(sim.violations).toEqual([]);
  });

  it('follows a rejection by the payer, pauses with a suspended contract and cancels with a cancelled one', async () => {
    ctx.clock.set(testNow('2026-12-03T12:00:00Z'));
    const rejected = await contract();
    await call('POST', `/v1/contracts/${rejected.id}/pix-recurrence`, {});
    await drain();
    let [r1] = (await call('GET', `/v1/contracts/${rejected.id}/pix-recurrences`)).json();
    await sim.rejectRec(r1.id_rec);
    [r1] = (await call('GET', `/v1/contracts/${rejected.id}/pix-recurrences`)).json();
    expect(r1.status).toBe('rejected');

    const k = await contract();
    await call('POST', `/v1/contracts/${k.id}/pix-recurrence`, { fixed_amount_cents: 45000 });
    await drain();
    let [r2] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    await sim.approveRec(r2.id_rec);
    expect((await call('POST', `/v1/contracts/${k.id}/suspend`, { reason: 'férias' })).statusCode).toBe(200);
    [r2] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    expect(r2).toMatchObject({ status: 'approved', paused: true });
    expect((await call('POST', `/v1/contracts/${k.id}/resume`, {})).statusCode).toBe(200);
    expect((await call('POST', `/v1/contracts/${k.id}/cancel`, { reason: 'mudou-se' })).statusCode, 'cancel').toBe(200);
    await drain();
    [r2] = (await call('GET', `/v1/contracts/${k.id}/pix-recurrences`)).json();
    expect(r2).toMatchObject({ status: 'cancelled', paused: false });
    expect(sim.recs.get(r2.id_rec)!.status).toBe('CANCELADA');
    expect(sim.violations).toEqual([]);
  });
});
