// A whole month through the API on the test clock: a contract is billed by the daily tick, its
// charge e-mailed with the boleto PDF, reminded before, on and after the due date by the dunning
// schedule, paid through the payment API, the receipt sent, and then the schedule stops. Every
// message reaches a real SMTP server; each day the tick runs once (and a second time, to show it
// is safe to repeat).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { ProviderCache } from '../../src/notifications/channels.ts';
import { sendDueNotifications } from '../../src/notifications/sender.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';

const BASE = 'http://cobre.test';
let ctx: TestContext;
let smtp: TestSmtp;
let t: TestTenant;
const providers = new ProviderCache();
const previousKey = process.env.COBRE_SECRET_KEY;

beforeAll(async () => {
  process.env.COBRE_SECRET_KEY = randomBytes(32).toString('hex');
  ctx = await createTestContext({ now: '2026-12-01T12:00:00Z', config: { publicUrl: BASE } });
  smtp = await startTestSmtp();
  t = await ctx.newTenant('Condomínio Jardim das Flores');
});
afterAll(async () => {
  await providers.close();
  await smtp.close();
  await ctx.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

async function send(): Promise<void> {
  const deps = { now: () => ctx.clock.now(), today: () => ctx.clock.today(), baseUrl: BASE, providers };
  while ((await sendDueNotifications(ctx.db, deps)) > 0);
}

/** One business day (a frame date) at 09:00 in São Paulo: the tick (twice: it is idempotent), the billing jobs, the sender. */
async function day(date: string): Promise<void> {
  ctx.clock.set(testNow(`${date}T12:00:00Z`));
  for (let i = 0; i < 2; i++) {
    const tick = await ctx.call(t.live, 'POST', '/v1/billing-runs/tick', {});
    expect(tick.statusCode, tick.body).toBe(200);
    await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
  }
  await send();
}

const subjects = () => smtp.messages.map((m) => m.subject ?? '');

describe('a month of collection', () => {
  it('bill → send → remind → pay → receipt → the schedule stops', async () => {
    const call = (method: string, url: string, body?: unknown) => ctx.call(t.live, method, url, body);
    expect(
      (
        await call('POST', '/v1/collection-accounts', {
          bank_code: '341',
          agency: '0057',
          account: '12345',
          carteira: '109',
          account_digit: '7',
          pix_key: 'financeiro@jardim.example',
          beneficiary_name: 'Condomínio Jardim das Flores',
          beneficiary_document: '11.222.333/0001-81',
          beneficiary_address: {
            street: 'Rua das Flores',
            number: '10',
            district: 'Centro',
            city: 'Curitiba',
            state: 'PR',
            postal_code: '80010-000',
          },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await call('PUT', '/v1/notification-channels/email', {
          provider: 'smtp',
          settings: { host: '127.0.0.1', port: smtp.port, secure: false, starttls: 'never', from_email: 'cobranca@jardim.example' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await call('PUT', '/v1/late-charge-policy', {
          fine: { kind: 'percent', value: '2' },
          interest: { monthly_percent: '1', compound: false },
        })
      ).statusCode,
    ).toBe(200);
    const service = (
      await call('POST', '/v1/services', { code: 'COND', name: 'Taxa condominial', unit: 'mês', pricing_model: 'flat', price_cents: 45000 })
    ).json();
    const customer = (
      await call('POST', '/v1/customers', {
        person_type: 'PF',
        name: 'Joana Moradora',
        document: cpfFrom(4242),
        emails: [{ email: 'joana@moradora.example', is_primary: true }],
        addresses: [
          {
            street: 'Rua das Flores',
            number: '10',
            complement: 'Apto 31',
            district: 'Centro',
            city: 'Curitiba',
            state: 'PR',
            postal_code: '80010-000',
          },
        ],
      })
    ).json();
    const contract = (
      await call('POST', '/v1/contracts', {
        customer_id: customer.id,
        billing_day: 1,
        due_days: 10,
        payment_method: 'boleto',
        start_date: d('2026-11-01'),
        items: [{ service_id: service.id }],
      })
    ).json();
    expect((await call('POST', `/v1/contracts/${contract.id}/activate`)).statusCode).toBe(200);

    // 1 Dec: the tick bills November; the charge (due 11 Dec) goes out with its boleto.
    await day('2026-12-01');
    const charges = (await call('GET', `/v1/charges?contract_id=${contract.id}`)).json().data;
    expect(charges).toHaveLength(1);
    const charge = charges[0];
    expect(charge).toMatchObject({ amount_cents: 45000, due_date: d('2026-12-11'), origin: 'billing_run' });
    expect(subjects()).toEqual([expect.stringContaining(`Cobrança nº ${charge.number}`)]);
    expect(smtp.messages[0].attachments[0].contentType).toBe('application/pdf');

    // Every day up to the payment: −5 reminder, 0 due today, +1 overdue (with fine and interest).
    for (let day0 = 2; day0 <= 13; day0++) await day(`2026-12-${String(day0).padStart(2, '0')}`);
    expect(subjects()).toEqual([
      expect.stringContaining('Cobrança nº'),
      expect.stringContaining('Lembrete'),
      expect.stringContaining('vence hoje'),
      expect.stringContaining('em atraso'),
    ]);
    const overdueMail = smtp.messages[3];
    // 12 Dec, 1 day late: 2 % fine (R$ 9,00) + 1 % a month for 1 day (R$ 0,15) → R$ 459,15.
    const due12 = (await call('GET', `/v1/charges/${charge.id}/amount-due?date=${d('2026-12-12')}`)).json();
    const brl = (c: number) => `R$ ${(c / 100).toFixed(2).replace('.', ',')}`;
    expect(overdueMail.text).toContain(brl(due12.total_cents));
    expect(due12.total_cents).toBeGreaterThan(45000);

    // 14 Dec: the payer pays what is due that day; the receipt goes at once.
    ctx.clock.set(testNow('2026-12-14T15:00:00Z'));
    const due14 = (await call('GET', `/v1/charges/${charge.id}/amount-due`)).json();
    const pay = await call('POST', `/v1/charges/${charge.id}/payments`, {
      amount_cents: due14.total_cents,
      method: 'pix',
      external_id: 'e2e-pix-1',
    });
    expect(pay.statusCode, pay.body).toBe(201);
    expect(pay.json().charge.status).toBe('paid');
    await send();
    expect(subjects().at(-1)).toContain('Recebemos seu pagamento');
    expect(smtp.messages.at(-1)!.text).toContain(brl(due14.total_cents));

    // The rest of the month: the +7 step would fall on 18 Dec; the charge is paid, so nothing more.
    for (let day0 = 15; day0 <= 31; day0++) await day(`2026-12-${String(day0).padStart(2, '0')}`);
    expect(smtp.messages).toHaveLength(5);

    // The charge's history shows each step; its delivery log shows each message sent once.
    const history = (await call('GET', `/v1/charges/${charge.id}/history`)).json().data;
    expect(
      history.filter((h: { kind: string }) => h.kind === 'dunning_step').map((h: { step: { step_key: string } }) => h.step.step_key),
    ).toEqual(['step:-5:notify', 'step:+0:notify', 'step:+1:notify']);
    expect(history.filter((h: { kind: string }) => h.kind === 'status').map((h: { to_status: string }) => h.to_status)).toEqual([
      'open',
      'overdue',
      'paid',
    ]);
    const log = (await call('GET', `/v1/charges/${charge.id}/notifications`)).json();
    expect(log.map((m: { step_key: string; status: string }) => `${m.step_key}:${m.status}`)).toEqual([
      'charge_created:sent',
      'step:-5:notify:sent',
      'step:+0:notify:sent',
      'step:+1:notify:sent',
      'paid_receipt:sent',
    ]);
    // The payer's page now shows the receipt.
    const link = /http:\/\/cobre\.test(\/pagar\/[A-Za-z0-9_-]{46})/.exec(smtp.messages[0].text ?? '')![1];
    const receipt = await ctx.app.inject({ method: 'GET', url: `${link}/recibo` });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain(brl(due14.total_cents).replace('R$ ', ''));
  });
});
