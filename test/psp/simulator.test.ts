// The PSP simulator (test/support/psp-simulator.ts) driven through Cobre's own PSP client and API
// Pix wrappers: what Cobre sends is accepted, what the simulator answers and POSTs back is what
// the API Pix 2.9.0 describes (checked against the spec when the document is present).
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import { PspClient, PspError, forgetPspClients, type PspCredentials } from '../../src/psp/client.ts';
import * as api from '../../src/psp/pix-api.ts';
import { centsToValor, type CobVSolicitada, type RecSolicitada } from '../../src/psp/pix-api.ts';
import { addDays } from '../../src/platform/dates.ts';
import { crc16CcittFalse, parsePix } from '../../src/pix/index.ts';
import { startPspSimulator, type PspSimulator, type PspSimulatorOptions } from '../support/psp-simulator.ts';

const START = '2025-03-10T15:00:00Z'; // a Monday, 12:00 in São Paulo
const TODAY = '2025-03-10';
const HMAC_SECRET = 'segredo-do-webhook';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: any;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  forgetPspClients();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Cobre's side of the callbacks: a plain HTTP server that records what the PSP POSTs. */
async function startReceiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/psp/webhooks/t/c/token123`, received };
}

let clients = 0;

async function setup(o: PspSimulatorOptions = {}, clientOptions: { credentials?: Partial<PspCredentials>; sleeps?: number[] } = {}) {
  const clock = fixedClock(START);
  const sim = await startPspSimulator({ now: () => clock.now(), webhookHmacSecret: HMAC_SECRET, ...o });
  cleanups.push(() => sim.stop());
  const sleeps = clientOptions.sleeps ?? [];
  const client = new PspClient({
    cacheKey: `simulator-test-${++clients}`,
    credentials: { ...sim.credentials(), ...clientOptions.credentials },
    clock,
    baseDelayMs: 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const receiver = await startReceiver();
  return { clock, sim, client, receiver, sleeps };
}

const txidOf = (n: number) => `CBsim${String(n).padStart(27, '0')}`;

function cobvBody(sim: PspSimulator, due: string, cents = 10_000): CobVSolicitada {
  return {
    calendario: { dataDeVencimento: due, validadeAposVencimento: 30 },
    devedor: { cpf: '12345678909', nome: 'Fulano de Tal' },
    valor: { original: centsToValor(cents), multa: { modalidade: 2, valorPerc: '2.00' }, juros: { modalidade: 2, valorPerc: '0.03' } },
    chave: sim.chave,
    solicitacaoPagador: 'Cobrança #1',
    infoAdicionais: [{ nome: 'Cobrança', valor: '#1' }],
  };
}

function recBody(o: Partial<RecSolicitada> = {}): RecSolicitada {
  return {
    vinculo: { objeto: 'Contrato 42', contrato: 'COBRE-42-abcdef123456', devedor: { cpf: '12345678909', nome: 'Fulano de Tal' } },
    calendario: { dataInicial: TODAY, periodicidade: 'MENSAL' },
    valor: { valorRec: '50.00' },
    politicaRetentativa: 'PERMITE_3R_7D',
    ...o,
  };
}

const cobrBody = (idRec: string, due: string) => ({
  idRec,
  infoAdicional: 'Cobrança #7',
  calendario: { dataDeVencimento: due },
  valor: { original: '50.00' },
  ajusteDiaUtil: true,
  recebedor: { conta: '123456', tipoConta: 'CORRENTE' as const, agencia: '0001' },
});

/** The violations the simulator collected: none for valid traffic (trivially none without the spec). */
const noViolations = (sim: PspSimulator) => expect(sim.violations).toEqual([]);

async function psp400(p: Promise<unknown>): Promise<{ type: string; violacoes?: { razao: string; propriedade?: string }[] }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PspError);
  expect((e as PspError).status).toBe(400);
  return (e as PspError).problem as any;
}

const hasValidCrc = (code: string) => crc16CcittFalse(code.slice(0, -4)) === code.slice(-4);

/** One raw HTTPS request with the test client certificate and a given bearer token. */
function rawRequest(sim: PspSimulator, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${sim.baseUrl}${path}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
      cert: sim.pki.client.certPem,
      key: sim.pki.client.keyPem,
      ca: sim.pki.ca.certPem,
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.end();
  });
}

describe('transport: mTLS and OAuth2', () => {
  it('serves a client certificate of the test CA (PEM or PFX) and refuses one of another CA at the handshake', async () => {
    const { sim, client } = await setup();
    await expect(api.putWebhook(client, sim.chave, 'http://127.0.0.1:1/x')).resolves.toBeUndefined();

    const pfx = new PspClient({
      cacheKey: 'simulator-pfx',
      credentials: sim.credentials({ pfx: true }),
      clock: fixedClock(START),
      maxAttempts: 1,
    });
    expect((await api.getWebhook(pfx, sim.chave)).webhookUrl).toBe('http://127.0.0.1:1/x');

    const before = sim.tokenRequests.length;
    const stranger = new PspClient({
      cacheKey: 'simulator-stranger',
      credentials: {
        ...sim.credentials(),
        certificate: { kind: 'pem', certPem: sim.pki.stranger.certPem, keyPem: sim.pki.stranger.keyPem },
      },
      clock: fixedClock(START),
      maxAttempts: 1,
    });
    const err = await api.getWebhook(stranger, sim.chave).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PspError);
    expect(['tls', 'network']).toContain((err as PspError).code);
    const anonymous = new PspClient({
      cacheKey: 'simulator-anonymous',
      credentials: { ...sim.credentials(), certificate: null },
      clock: fixedClock(START),
      maxAttempts: 1,
    });
    await expect(api.getWebhook(anonymous, sim.chave)).rejects.toBeInstanceOf(PspError);
    // Neither reached the token endpoint: the TLS layer refused them.
    expect(sim.tokenRequests.length).toBe(before);
    noViolations(sim);
  });

  it('issues tokens to the right client only (HTTP Basic, form-encoded id and secret)', async () => {
    const { sim, client } = await setup({ clientId: 'cobre client', clientSecret: 'S3cr3t/with spaces&=+%é' });
    await api.putWebhookRec(client, 'http://127.0.0.1:1/x');
    expect(sim.tokenRequests).toEqual([
      expect.objectContaining({ clientId: 'cobre client', grantType: 'client_credentials', status: 200 }),
    ]);

    const wrong = new PspClient({
      cacheKey: 'simulator-wrong-secret',
      credentials: { ...sim.credentials(), clientSecret: 'nope' },
      clock: fixedClock(START),
      maxAttempts: 1,
    });
    const err = await api.getWebhookRec(wrong).then(
      () => null,
      (e: unknown) => e as PspError,
    );
    expect(err?.code).toBe('auth');
    expect(err?.status).toBe(401);
    expect(err?.problem).toMatchObject({ error: 'invalid_client' });
  });

  it('measures token expiry on the clock it is given; the client then gets a new token', async () => {
    const { sim, client, clock } = await setup({ tokenTtlSeconds: 600 });
    const token = await client.accessToken();
    const list = `/cob?inicio=${encodeURIComponent('2025-03-01T00:00:00Z')}&fim=${encodeURIComponent('2025-03-31T00:00:00Z')}`;
    expect(await rawRequest(sim, list, token)).toBe(200);
    clock.advance(599_000);
    expect(await rawRequest(sim, list, token)).toBe(200);
    clock.advance(1_000);
    expect(await rawRequest(sim, list, token)).toBe(401);
    expect(await rawRequest(sim, list, 'made-up')).toBe(401);

    await api.putWebhookRec(client, 'http://127.0.0.1:1/x');
    expect(sim.tokenRequests.filter((t) => t.status === 200)).toHaveLength(2);
    // A revoked token is refused; the client renews it once and carries on.
    sim.revokeTokens();
    await api.getWebhookRec(client);
    expect(sim.tokenRequests.filter((t) => t.status === 200)).toHaveLength(3);
    expect(sim.requests.filter((r) => r.status === 401).map((r) => r.path)).toEqual(['/cob', '/cob', '/webhookrec']);
    noViolations(sim);
  });

  it('fails the next matching requests as asked (429 with Retry-After): the client waits and retries', async () => {
    const sleeps: number[] = [];
    const { sim, client } = await setup({}, { sleeps });
    const txid = txidOf(1);
    await api.putCobv(client, txid, cobvBody(sim, '2025-03-20'));
    sim.failNext(1, { status: 429, retryAfterSeconds: 2, match: /^GET \/cobv\// });
    sim.failNext(1, { status: 503 });
    expect((await api.getCobv(client, txid)).txid).toBe(txid);
    expect(sleeps[0]).toBe(2000);
    expect(sim.requests.map((r) => [r.method, r.status, r.injected ?? false])).toEqual([
      ['PUT', 201, false],
      ['GET', 429, true],
      ['GET', 503, true],
      ['GET', 200, false],
    ]);
    noViolations(sim);
  });
});

describe('cob, cobv and lotecobv', () => {
  it('PUT /cobv is idempotent for the same content, revises an ATIVA one, and answers with a dynamic BR Code', async () => {
    const { sim, client } = await setup();
    const txid = txidOf(2);
    const body = cobvBody(sim, '2025-03-20');
    const first = await api.putCobv(client, txid, body);
    expect(first).toMatchObject({
      txid,
      revisao: 0,
      status: 'ATIVA',
      loc: { tipoCob: 'cobv' },
      calendario: { dataDeVencimento: '2025-03-20', validadeAposVencimento: 30 },
    });
    expect(first.location).toBe(first.loc!.location);
    expect(parsePix(first.pixCopiaECola!)).toMatchObject({ type: 'dynamic', url: first.location });
    expect(await api.putCobv(client, txid, body)).toEqual(first);

    const revised = await api.putCobv(client, txid, { ...body, valor: { ...body.valor, original: '120.00' } });
    expect(revised).toMatchObject({ revisao: 1, valor: { original: '120.00' }, loc: { id: first.loc!.id } });
    const patched = await api.patchCobv(client, txid, { valor: { original: '130.00' } });
    expect(patched).toMatchObject({ revisao: 2, valor: { original: '130.00', multa: { modalidade: 2 } } });
    expect((await api.getCobv(client, txid, { revisao: 0 })).valor.original).toBe('100.00');
    expect((await client.request('GET', `/loc/${first.loc!.id}`)).body).toMatchObject({ id: first.loc!.id, txid, tipoCob: 'cobv' });

    // A due date before today, a chave of someone else, a txid taken by a cob: refused with the spec's problem.
    const late = await psp400(api.putCobv(client, txidOf(3), cobvBody(sim, addDays(TODAY, -1))));
    expect(late.type).toBe('https://pix.bcb.gov.br/api/v2/error/CobVOperacaoInvalida');
    expect(late.violacoes).toEqual([expect.objectContaining({ propriedade: 'calendario.dataDeVencimento' })]);
    expect((await psp400(api.putCobv(client, txidOf(3), { ...body, chave: 'outra@chave.test' }))).violacoes?.[0].propriedade).toBe('chave');

    await api.putCob(client, txidOf(4), { calendario: { expiracao: 3600 }, valor: { original: '10.00' }, chave: sim.chave });
    expect((await psp400(api.putCobv(client, txidOf(4), body))).type).toMatch(/CobVOperacaoInvalida$/);

    // Paid: CONCLUIDA, and no longer changeable.
    await sim.pay(txid, { dropWebhook: true });
    expect((await api.getCobv(client, txid)).status).toBe('CONCLUIDA');
    await psp400(api.putCobv(client, txid, body));
    await psp400(api.patchCobv(client, txid, { valor: { original: '1.00' } }));
    noViolations(sim);
  });

  it('PATCH removes a cob (repeating the removal is harmless) and lists cobs by period', async () => {
    const { sim, client } = await setup();
    const txid = txidOf(5);
    const made = await api.putCob(client, txid, {
      calendario: {},
      devedor: { cnpj: '12345678000195', nome: 'Empresa' },
      valor: { original: '10.00', modalidadeAlteracao: 0 },
      chave: sim.chave,
    });
    expect(made).toMatchObject({ revisao: 0, status: 'ATIVA', calendario: { expiracao: 86400 }, loc: { tipoCob: 'cob', txid } });
    expect(parsePix(made.pixCopiaECola!).amountCents).toBe(1000);
    expect(await api.patchCob(client, txid, { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' })).toMatchObject({
      status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR',
      revisao: 1,
    });
    expect(await api.patchCob(client, txid, { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' })).toMatchObject({ revisao: 1 });
    await expect(sim.pay(txid)).rejects.toThrow(/REMOVIDA/);
    const { body } = await client.request<any>('GET', '/cob', {
      query: { inicio: '2025-03-10T00:00:00Z', fim: '2025-03-11T00:00:00Z', cnpj: '12345678000195' },
    });
    expect(body.cobs.map((c: any) => c.txid)).toEqual([txid]);
    expect(body.parametros.paginacao).toEqual({ paginaAtual: 0, itensPorPagina: 100, quantidadeDePaginas: 1, quantidadeTotalDeItens: 1 });
    noViolations(sim);
  });

  it('processes each cobv of a lote (CRIADA or NEGADA with the problem) and accepts the same lote again', async () => {
    const { sim, client } = await setup();
    const loteId = '0195a1b2c3d4e5f60718293a4b5c6d7e'; // Cobre's lote ids are UUIDv7 without dashes
    const lote = {
      descricao: 'Cobre: 3 cobranças',
      cobsv: [
        { ...cobvBody(sim, '2025-03-20'), txid: txidOf(10) },
        { ...cobvBody(sim, '2025-03-01'), txid: txidOf(11) },
        { ...cobvBody(sim, '2025-03-25', 5_000), txid: txidOf(12) },
      ],
    };
    await api.putLoteCobv(client, loteId, lote);
    const got = await api.getLoteCobv(client, loteId);
    expect(got).toMatchObject({ id: loteId, descricao: 'Cobre: 3 cobranças' });
    expect(got.cobsv.map((c) => [c.txid, c.status])).toEqual([
      [txidOf(10), 'CRIADA'],
      [txidOf(11), 'NEGADA'],
      [txidOf(12), 'CRIADA'],
    ]);
    expect(got.cobsv[1].problema).toMatchObject({ type: 'https://pix.bcb.gov.br/api/v2/error/CobVOperacaoInvalida', status: 400 });
    expect((await api.getCobv(client, txidOf(12))).valor.original).toBe('50.00');
    // A NEGADA cobv of a lote cannot be made on its own (spec); the lote can be resent as it was.
    await psp400(api.putCobv(client, txidOf(11), cobvBody(sim, '2025-03-20')));
    await api.putLoteCobv(client, loteId, lote);
    expect((await api.getCobv(client, txidOf(10))).revisao).toBe(0);
    // Another set of charges under the same id, or a new lote with a charge that exists: refused.
    await psp400(api.putLoteCobv(client, loteId, { ...lote, cobsv: lote.cobsv.slice(0, 2) }));
    await psp400(api.putLoteCobv(client, '42', { descricao: 'x', cobsv: [lote.cobsv[0]] }));
    await api.patchLoteCobv(client, loteId, { cobsv: [{ txid: txidOf(12), valor: { original: '55.00' } }] });
    expect((await api.getCobv(client, txidOf(12))).valor.original).toBe('55.00');
    const { body } = await client.request<any>('GET', '/cobv', {
      query: { inicio: '2025-03-10T00:00:00Z', fim: '2025-03-11T00:00:00Z', loteCobVId: loteId, 'paginacao.itensPorPagina': 1 },
    });
    expect(body.cobs).toHaveLength(1);
    expect(body.parametros.paginacao).toMatchObject({ quantidadeDePaginas: 2, quantidadeTotalDeItens: 2 });
    noViolations(sim);
  });
});

describe('Pix received, callbacks and refunds', () => {
  it('pay() records the Pix, concludes the charge and POSTs {webhookUrl}/pix signed with HMAC', async () => {
    const { sim, client, receiver, clock } = await setup();
    await api.putWebhook(client, sim.chave, receiver.url);
    expect(await api.getWebhook(client, sim.chave)).toMatchObject({ webhookUrl: receiver.url, chave: sim.chave });
    const txid = txidOf(20);
    await api.putCobv(client, txid, cobvBody(sim, '2025-03-20'));
    clock.advance(3_600_000);
    const [e2e] = await sim.pay(txid, { valorCents: 10_250, pagador: { cpf: '12345678909', nome: 'Fulano de Tal' } });
    expect(e2e).toMatch(/^E87654321202503101600[a-zA-Z0-9]{11}$/);

    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got.path).toBe('/psp/webhooks/t/c/token123/pix');
    expect(got.headers['x-pix-signature']).toBe(`sha256=${createHmac('sha256', HMAC_SECRET).update(got.raw).digest('hex')}`);
    expect(got.body).toEqual({
      pix: [
        {
          endToEndId: e2e,
          txid,
          valor: '102.50',
          componentesValor: { original: { valor: '100.00' }, juros: { valor: '2.50' } },
          chave: sim.chave,
          horario: '2025-03-10T16:00:00.000Z',
          pagador: { cpf: '12345678909', nome: 'Fulano de Tal' },
        },
      ],
    });
    expect(sim.webhookDeliveries).toEqual([expect.objectContaining({ kind: 'pix', status: 200, dropped: false })]);
    expect((await api.getCobv(client, txid)).pix?.map((p) => p.endToEndId)).toEqual([e2e]);
    expect((await api.getPix(client, e2e)).valor).toBe('102.50');

    // Dropped notifications are recorded, not sent; resendWebhook sends one again.
    sim.dropWebhooks(true);
    const txid2 = txidOf(21);
    await api.putCobv(client, txid2, cobvBody(sim, '2025-03-20'));
    const [e2e2] = await sim.pay(txid2);
    expect(receiver.received).toHaveLength(1);
    expect(sim.webhookDeliveries.at(-1)).toMatchObject({ dropped: true, status: null });
    await sim.resendWebhook(e2e2);
    expect(receiver.received.at(-1)!.body.pix[0].endToEndId).toBe(e2e2);
    noViolations(sim);
  });

  it('a cobv paid late pays the fine and interest of its terms by default, broken down in componentesValor', async () => {
    const { sim, client, clock } = await setup();
    const txid = txidOf(22);
    await api.putCobv(client, txid, cobvBody(sim, '2025-03-20'));
    clock.set('2025-03-25T15:00:00Z'); // 5 days late: 2 % fine, 0.03 % a day
    const [e2e] = await sim.pay(txid);
    expect(await api.getPix(client, e2e)).toMatchObject({
      valor: '102.15',
      componentesValor: { original: { valor: '100.00' }, multa: { valor: '2.00' }, juros: { valor: '0.15' } },
    });
    clock.set('2025-05-01T15:00:00Z'); // after validadeAposVencimento (30 days)
    await api.putCobv(client, txidOf(23), cobvBody(sim, '2025-05-02'));
    clock.set('2025-06-02T15:00:00Z');
    await expect(sim.pay(txidOf(23))).rejects.toThrow(/can be paid until 2025-06-01/);
    noViolations(sim);
  });

  it('GET /pix pages as listPix asks (paginacao.paginaAtual, paginacao.itensPorPagina) and filters by txid', async () => {
    const { sim, client, clock } = await setup();
    const e2es: string[] = [];
    for (let i = 0; i < 5; i++) {
      const txid = txidOf(30 + i);
      await api.putCob(client, txid, { calendario: { expiracao: 86400 }, valor: { original: '10.00' }, chave: sim.chave });
      clock.advance(60_000);
      e2es.push(...(await sim.pay(txid)));
    }
    const all = await api.listPix(client, { inicio: '2025-03-10T00:00:00Z', fim: '2025-03-11T00:00:00Z', itensPorPagina: 2 });
    expect(all.map((p) => p.endToEndId)).toEqual(e2es);
    expect(sim.requests.filter((r) => r.path === '/pix').map((r) => r.query['paginacao.paginaAtual'])).toEqual(['0', '1', '2']);
    const one = await api.listPix(client, { inicio: '2025-03-10T00:00:00Z', fim: '2025-03-11T00:00:00Z', txid: txidOf(32) });
    expect(one.map((p) => p.endToEndId)).toEqual([e2es[2]]);
    expect(await api.listPix(client, { inicio: '2025-03-11T00:00:00Z', fim: '2025-03-12T00:00:00Z' })).toEqual([]);
    const bad = await psp400(client.request('GET', '/pix', { query: { inicio: '2025-03-11T00:00:00Z', fim: '2025-03-10T00:00:00Z' } }));
    expect(bad.type).toMatch(/PixConsultaInvalida$/);
    noViolations(sim);
  });

  it('refunds up to the Pix amount: EM_PROCESSAMENTO, then DEVOLVIDO with the pix callback', async () => {
    const { sim, client, receiver } = await setup();
    await api.putWebhook(client, sim.chave, receiver.url);
    const txid = txidOf(40);
    await api.putCob(client, txid, { calendario: {}, valor: { original: '100.00' }, chave: sim.chave });
    const [e2e] = await sim.pay(txid);
    const first = await api.putDevolucao(client, e2e, 'refund1', { valor: '60.00', descricao: 'Estorno parcial' });
    expect(first).toMatchObject({ id: 'refund1', valor: '60.00', status: 'EM_PROCESSAMENTO', natureza: 'ORIGINAL' });
    expect(first.rtrId).toMatch(/^D12345678\d{12}[a-zA-Z0-9]{11}$/);
    expect(await api.putDevolucao(client, e2e, 'refund1', { valor: '60.00', descricao: 'Estorno parcial' })).toEqual(first);
    const over = await psp400(api.putDevolucao(client, e2e, 'refund2', { valor: '40.01' }));
    expect(over.type).toBe('https://pix.bcb.gov.br/api/v2/error/PixDevolucaoInvalida');
    await psp400(api.putDevolucao(client, e2e, 'refund1', { valor: '10.00' })); // the id is taken

    expect(await sim.settleRefunds()).toBe(1);
    const callback = receiver.received.at(-1)!;
    expect(callback.path).toMatch(/\/pix$/);
    expect(callback.body.pix[0]).toMatchObject({
      endToEndId: e2e,
      devolucoes: [{ id: 'refund1', status: 'DEVOLVIDO', horario: { liquidacao: expect.any(String) } }],
    });
    expect(await api.getDevolucao(client, e2e, 'refund1')).toMatchObject({ status: 'DEVOLVIDO' });
    expect((await api.putDevolucao(client, e2e, 'refund2', { valor: '40.00' })).status).toBe('EM_PROCESSAMENTO');
    noViolations(sim);
  });

  it('with instantRefunds, settles right after answering the PUT', async () => {
    const { sim, client, receiver } = await setup({ instantRefunds: true });
    await api.putWebhook(client, sim.chave, receiver.url);
    const txid = txidOf(41);
    await api.putCob(client, txid, { calendario: {}, valor: { original: '30.00' }, chave: sim.chave });
    const [e2e] = await sim.pay(txid);
    expect((await api.putDevolucao(client, e2e, 'r1', { valor: '30.00' })).status).toBe('EM_PROCESSAMENTO');
    await sim.idle();
    expect(receiver.received.at(-1)!.body.pix[0].devolucoes[0]).toMatchObject({ id: 'r1', status: 'DEVOLVIDO' });
    expect((await api.getPix(client, e2e)).devolucoes?.[0].status).toBe('DEVOLVIDO');
    noViolations(sim);
  });
});

describe('Pix Automático', () => {
  async function approvedRec(s: Awaited<ReturnType<typeof setup>>, o: Partial<RecSolicitada> = {}) {
    const loc = await api.postLocRec(s.client);
    const rec = await api.postRec(s.client, recBody({ loc: loc.id, ...o }));
    await s.sim.approveRec(rec.idRec);
    return rec;
  }

  it('rec with a location (Jornada 2): dadosQR, approval notified on /rec, found again by vinculo.contrato', async () => {
    const s = await setup();
    const { sim, client, receiver } = s;
    await api.putWebhookRec(client, receiver.url);
    const loc = await api.postLocRec(client);
    expect(loc.location).toMatch(/^pix\.psp-simulator\.test\/qr\/v2\/rec\/[0-9a-f]{32}$/);
    const rec = await api.postRec(client, recBody({ loc: loc.id }));
    expect(rec.idRec).toMatch(/^RR1234567820250310[a-zA-Z0-9]{11}$/);
    expect(rec).toMatchObject({ status: 'CRIADA', ativacao: { tipoJornada: 'JORNADA_2' }, loc: { id: loc.id, idRec: rec.idRec } });
    const full = await api.getRec(client, rec.idRec);
    expect(full.dadosQR?.jornada).toBe('JORNADA_2');
    expect(full.dadosQR?.pixCopiaECola).toContain(`0014br.gov.bcb.pix25${loc.location.length}${loc.location}6304`);
    expect(hasValidCrc(full.dadosQR!.pixCopiaECola!)).toBe(true);
    expect((await api.getLocRec(client, loc.id)).idRec).toBe(rec.idRec);

    await sim.approveRec(rec.idRec);
    const callback = receiver.received.at(-1)!;
    expect(callback.path).toBe('/psp/webhooks/t/c/token123/rec');
    expect(callback.body).toEqual({
      recs: [
        expect.objectContaining({
          idRec: rec.idRec,
          status: 'APROVADA',
          atualizacao: [expect.objectContaining({ status: 'CRIADA' }), expect.objectContaining({ status: 'APROVADA' })],
        }),
      ],
    });
    expect(callback.headers['x-pix-signature']).toBe(`sha256=${createHmac('sha256', HMAC_SECRET).update(callback.raw).digest('hex')}`);
    expect(await api.getRec(client, rec.idRec)).toMatchObject({
      status: 'APROVADA',
      pagador: { ispbParticipante: '87654321', cpf: '12345678909' },
    });

    // How Cobre finds a rec whose POST answer was lost.
    const { body } = await client.request<any>('GET', '/rec', {
      query: { inicio: '2025-03-09T00:00:00Z', fim: '2025-03-11T00:00:00Z', cpf: '12345678909' },
    });
    expect(body.recs.map((r: any) => r.vinculo.contrato)).toEqual(['COBRE-42-abcdef123456']);
    expect(await api.patchRec(client, rec.idRec, { status: 'CANCELADA' })).toMatchObject({
      status: 'CANCELADA',
      encerramento: { cancelamento: { solicitante: 'USUARIO_RECEBEDOR' } },
    });
    noViolations(sim);
  });

  it("Jornada 3 (an ATIVA cob pays the first period) and Jornada 1 (solicrec to the payer's account)", async () => {
    const { sim, client, receiver } = await setup();
    await api.putWebhookRec(client, receiver.url);
    const cob = await api.putCob(client, txidOf(50), { calendario: {}, valor: { original: '50.00' }, chave: sim.chave });
    const loc = await api.postLocRec(client);
    const j3 = await api.postRec(client, recBody({ loc: loc.id, ativacao: { dadosJornada: { txid: cob.txid } } }));
    expect(j3.ativacao).toEqual({ tipoJornada: 'JORNADA_3', dadosJornada: { txid: cob.txid } });
    const qr = (await api.getRec(client, j3.idRec, { txid: cob.txid })).dadosQR!;
    expect(qr.jornada).toBe('JORNADA_3');
    // The cob's own code, with field 80 (the rec's location) before the CRC.
    expect(qr.pixCopiaECola!.startsWith(cob.pixCopiaECola!.slice(0, -8))).toBe(true);
    expect(qr.pixCopiaECola).toContain(
      `80${String(22 + loc.location.length).padStart(2, '0')}0014br.gov.bcb.pix25${loc.location.length}${loc.location}6304`,
    );
    expect(hasValidCrc(qr.pixCopiaECola!)).toBe(true);
    await psp400(api.postRec(client, recBody({ ativacao: { dadosJornada: { txid: txidOf(99) } } })));

    const j1 = await api.postRec(
      client,
      recBody({
        vinculo: { contrato: 'COBRE-43', devedor: { cnpj: '12345678000195', nome: 'Empresa' } },
        politicaRetentativa: 'NAO_PERMITE',
      }),
    );
    expect(j1.idRec).toMatch(/^RN/);
    const solic = await api.postSolicRec(client, {
      idRec: j1.idRec,
      calendario: { dataExpiracaoSolicitacao: '2025-03-17T23:59:59Z' },
      destinatario: { cnpj: '12345678000195', conta: '98765', ispbParticipante: '87654321', agencia: '0001' },
    });
    expect(solic).toMatchObject({ status: 'CRIADA', idRec: j1.idRec });
    expect(solic.idSolicRec).toMatch(/^SC12345678/);
    await psp400(
      api.postSolicRec(client, {
        idRec: j1.idRec,
        calendario: { dataExpiracaoSolicitacao: '2025-03-17T23:59:59Z' },
        destinatario: { cnpj: '12345678000195', conta: '98765', ispbParticipante: '87654321' },
      }),
    );
    await sim.rejectRec(j1.idRec);
    expect(receiver.received.at(-1)!.body.recs[0]).toMatchObject({
      idRec: j1.idRec,
      status: 'REJEITADA',
      encerramento: { rejeicao: { codigo: 'AP13' } },
    });
    expect((await api.getSolicRec(client, solic.idSolicRec)).status).toBe('REJEITADA');
    expect((await api.getRec(client, j1.idRec)).ativacao?.tipoJornada).toBe('JORNADA_1');
    noViolations(sim);
  });

  it('cobr only for an approved rec, due 2 to 10 days ahead, one per period', async () => {
    const s = await setup();
    const { sim, client } = s;
    const pending = await api.postRec(client, recBody());
    const notApproved = await psp400(api.putCobr(client, txidOf(60), cobrBody(pending.idRec, addDays(TODAY, 5))));
    expect(notApproved.type).toBe('https://pix.bcb.gov.br/api/v2/error/CobROperacaoInvalida');

    const rec = await approvedRec(s, { vinculo: { contrato: 'COBRE-44', devedor: { cpf: '12345678909', nome: 'Fulano' } } });
    for (const days of [1, 11]) {
      const p = await psp400(api.putCobr(client, txidOf(60), cobrBody(rec.idRec, addDays(TODAY, days))));
      expect(p.violacoes).toEqual([expect.objectContaining({ propriedade: 'calendario.dataDeVencimento' })]);
    }
    const made = await api.putCobr(client, txidOf(60), cobrBody(rec.idRec, addDays(TODAY, 2)));
    expect(made).toMatchObject({
      status: 'CRIADA',
      calendario: { criacao: TODAY, dataDeVencimento: '2025-03-12' },
      recebedor: { conta: '123456', cnpj: expect.any(String) },
    });
    // The same PUT again: the same cobr, as it is now (activated right after its creation).
    expect(await api.putCobr(client, txidOf(60), cobrBody(rec.idRec, addDays(TODAY, 2)))).toEqual({ ...made, status: 'ATIVA' });
    expect(await api.getCobr(client, txidOf(60))).toMatchObject({
      status: 'ATIVA',
      politicaRetentativa: 'PERMITE_3R_7D',
      tentativas: [{ tipo: 'AGND', status: 'AGENDADA', dataLiquidacao: '2025-03-12' }],
    });
    await psp400(api.putCobr(client, txidOf(61), cobrBody(rec.idRec, addDays(TODAY, 10)))); // same month
    const other = await api
      .putCobr(client, txidOf(62), { ...cobrBody(rec.idRec, addDays(TODAY, 10)), valor: { original: '50.00' } })
      .catch((e: PspError) => e);
    expect(other).toBeInstanceOf(PspError);
    await psp400(api.putCobr(client, txidOf(63), { ...cobrBody(rec.idRec, '2025-04-05'), valor: { original: '49.00' } })); // not the fixed amount

    expect(await api.patchCobr(client, txidOf(60), { status: 'CANCELADA' })).toMatchObject({ status: 'CANCELADA' });
    const again = await api.putCobr(client, txidOf(64), cobrBody(rec.idRec, addDays(TODAY, 10)));
    expect(again.status).toBe('CRIADA');
    const { body } = await client.request<any>('GET', '/cobr', {
      query: { inicio: '2025-03-10T00:00:00Z', fim: '2025-03-11T00:00:00Z', idRec: rec.idRec },
    });
    expect(body.cobsr.map((c: any) => [c.txid, c.status])).toEqual([
      [txidOf(60), 'CANCELADA'],
      [txidOf(64), 'ATIVA'],
    ]);
    noViolations(sim);
  });

  it('retentativa: up to 3 under PERMITE_3R_7D, within 7 days of the due date; a paid attempt settles the cobr with its Pix', async () => {
    const s = await setup();
    const { sim, client, receiver, clock } = s;
    await api.putWebhookCobr(client, receiver.url);
    const rec = await approvedRec(s);
    const txid = txidOf(70);
    await api.putCobr(client, txid, cobrBody(rec.idRec, '2025-03-12'));
    await psp400(api.postCobrRetentativa(client, txid, '2025-03-13')); // the first attempt is still open

    clock.set('2025-03-12T15:00:00Z');
    await sim.settleCobr(txid, 'failed');
    const failed = receiver.received.at(-1)!;
    expect(failed.path).toBe('/psp/webhooks/t/c/token123/cobr');
    expect(failed.body.cobsr[0]).toMatchObject({
      idRec: rec.idRec,
      txid,
      status: 'ATIVA',
      tentativas: [{ tipo: 'AGND', status: 'REJEITADA', rejeicao: { codigo: 'AM02' } }],
    });

    await psp400(api.postCobrRetentativa(client, txid, '2025-03-12')); // not a future date
    await psp400(api.postCobrRetentativa(client, txid, '2025-03-20')); // after due + 7
    for (const [i, day] of ['2025-03-13', '2025-03-14', '2025-03-15'].entries()) {
      const answer = await api.postCobrRetentativa(client, txid, day);
      expect(answer.tentativas?.at(-1)).toMatchObject({ tipo: 'NTAG', status: 'SOLICITADA', dataLiquidacao: day });
      clock.set(`${day}T15:00:00Z`);
      if (i < 2) await sim.settleCobr(txid, 'failed');
    }
    const e2e = await sim.settleCobr(txid, 'paid');
    const paid = receiver.received.at(-1)!.body.cobsr[0];
    expect(paid).toMatchObject({ status: 'CONCLUIDA', pix: [{ endToEndId: e2e, txid, valor: '50.00' }] });
    expect(paid.tentativas.map((t: any) => t.status)).toEqual(['REJEITADA', 'REJEITADA', 'REJEITADA', 'PAGA']);
    expect((await api.getPix(client, e2e)).txid).toBe(txid);
    await psp400(api.postCobrRetentativa(client, txid, '2025-03-16')); // concluded

    // A fourth retry is refused; a rec without retries refuses the first.
    const txid2 = txidOf(71);
    clock.set(START);
    const rec2 = await approvedRec(s, { vinculo: { contrato: 'COBRE-45', devedor: { cpf: '12345678909', nome: 'Fulano' } } });
    await api.putCobr(client, txid2, cobrBody(rec2.idRec, '2025-03-12'));
    clock.set('2025-03-12T15:00:00Z');
    await sim.settleCobr(txid2, 'failed');
    for (const day of ['2025-03-13', '2025-03-14', '2025-03-15']) {
      await api.postCobrRetentativa(client, txid2, day);
      await sim.settleCobr(txid2, 'failed');
    }
    expect((await psp400(api.postCobrRetentativa(client, txid2, '2025-03-16'))).violacoes?.[0].razao).toMatch(/3 retentativas/);

    clock.set(START);
    const rec3 = await approvedRec(s, {
      politicaRetentativa: 'NAO_PERMITE',
      vinculo: { contrato: 'COBRE-46', devedor: { cpf: '12345678909', nome: 'Fulano' } },
    });
    await api.putCobr(client, txidOf(72), cobrBody(rec3.idRec, '2025-03-12'));
    clock.set('2025-03-12T15:00:00Z');
    await sim.settleCobr(txidOf(72), 'failed');
    expect((await psp400(api.postCobrRetentativa(client, txidOf(72), '2025-03-13'))).violacoes?.[0].razao).toMatch(/não permite/);
    noViolations(sim);
  });

  it('the payer cancelling an approved rec cancels its scheduled cobr and notifies both', async () => {
    const s = await setup();
    const { sim, client, receiver } = s;
    await api.putWebhookRec(client, receiver.url);
    await api.putWebhookCobr(client, receiver.url);
    const rec = await approvedRec(s);
    await api.putCobr(client, txidOf(80), cobrBody(rec.idRec, addDays(TODAY, 3)));
    await sim.cancelRecByPayer(rec.idRec);
    const [recCallback, cobrCallback] = receiver.received.slice(-2);
    expect(recCallback.body.recs[0]).toMatchObject({
      status: 'CANCELADA',
      encerramento: { cancelamento: { solicitante: 'USUARIO_PAGADOR' } },
    });
    expect(cobrCallback.body.cobsr[0]).toMatchObject({ txid: txidOf(80), status: 'CANCELADA', tentativas: [{ status: 'CANCELADA' }] });
    noViolations(sim);
  });
});

describe('validation against the API Pix 2.9.0 document', () => {
  it('records a violation for a request that does not match the spec, and still answers with a valid problem', async (t) => {
    const { sim, client } = await setup();
    if (!sim.spec) return t.skip();
    const bad = await psp400(
      client.request('PUT', `/cob/${txidOf(90)}`, { body: { calendario: {}, valor: { original: '10' }, chave: sim.chave } }),
    );
    expect(bad.violacoes).toEqual([expect.objectContaining({ propriedade: 'valor.original' })]);
    expect(sim.violations.length).toBeGreaterThan(0);
    expect(sim.violations.join('\n')).toMatch(/PUT \/cob\/\{txid\} request: \/valor\/original must match pattern/);
    expect(sim.violations.join('\n')).not.toMatch(/PUT \/cob\/\{txid\} 400/);

    sim.violations.length = 0;
    await psp400(client.request('PUT', '/cob/short', { body: { calendario: {}, valor: { original: '10.00' }, chave: sim.chave } }));
    expect(sim.violations.join('\n')).toMatch(/PUT \/cob\/\{txid\} path/);
  });
});
