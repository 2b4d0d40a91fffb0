// The PSP client against small local HTTPS servers that demand a client certificate (mTLS) issued
// by the test CA, as a PSP recebedor does. No PSP simulator: each test scripts its own answers.
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.ts';
import {
  PspClient,
  PspError,
  forgetPspClients,
  type PspClientOptions,
  type PspCredentials,
  type PspExchange,
} from '../../src/psp/client.ts';
import * as api from '../../src/psp/pix-api.ts';
import {
  centsToValor,
  deleteWebhook,
  getCobv,
  listPix,
  putCobv,
  putWebhook,
  valorToCents,
  type CobVSolicitada,
} from '../../src/psp/pix-api.ts';
import { testPki } from '../support/psp-certs.ts';

const CLIENT_ID = 'cobre client';
// Characters that the form encoding of RFC 6749 §2.3.1 must escape.
const CLIENT_SECRET = 'S3cr3t/with spaces&symbols=+%é';
const TXID = 'CB0123456789abcdefghijABCDEFGHIJ';
const ID_REC = 'RR1234567820250310abcdefghijk';
const E2E = 'E12345678202503101200abcdefghijk';

// The spec validator (test/support/pix-spec.ts) is optional: without the document, or without that
// helper, the conformance test is skipped and says so.
const pixSpec = await import('../support/pix-spec.ts').then(
  (m) => m.loadPixSpec(),
  (e: NodeJS.ErrnoException) => {
    if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    console.warn('test/support/pix-spec.ts not found: wrapper messages are not validated against the API Pix schema');
    return null;
  },
);

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (req: Seen, res: ServerResponse) => void;

interface FakePsp {
  baseUrl: string;
  /** API requests that reached the handler (token requests and 401s excluded). */
  seen: Seen[];
  tokenRequests: Seen[];
  issued: string[];
  revoked: Set<string>;
  close(): Promise<void>;
}

const servers: FakePsp[] = [];

afterEach(async () => {
  forgetPspClients();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(JSON.stringify(body));
}

function decodeForm(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** An HTTPS server for 127.0.0.1 that requires a client certificate from the test CA. */
async function startPsp(handler: Handler, o: { expiresIn?: number; failTokens?: number } = {}): Promise<FakePsp> {
  const pki = testPki();
  const psp: Omit<FakePsp, 'baseUrl' | 'close'> = { seen: [], tokenRequests: [], issued: [], revoked: new Set() };
  const server = https.createServer(
    { key: pki.server.keyPem, cert: pki.server.certPem, ca: [pki.ca.certPem], requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://127.0.0.1');
        const seen: Seen = {
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        if (url.pathname === '/api/v2/oauth/token') {
          psp.tokenRequests.push(seen);
          if (psp.tokenRequests.length <= (o.failTokens ?? 0)) {
            json(res, 503, { title: 'Serviço indisponível', status: 503 }, {}, 'application/problem+json');
            return;
          }
          const [scheme, encoded] = String(req.headers.authorization ?? '').split(' ');
          const [id, secret] = Buffer.from(encoded ?? '', 'base64')
            .toString()
            .split(':');
          const form = new URLSearchParams(seen.body);
          if (
            scheme !== 'Basic' ||
            decodeForm(id ?? '') !== CLIENT_ID ||
            decodeForm(secret ?? '') !== CLIENT_SECRET ||
            form.get('grant_type') !== 'client_credentials'
          ) {
            json(res, 401, { error: 'invalid_client' });
            return;
          }
          const token = `tok-${randomBytes(16).toString('hex')}`;
          psp.issued.push(token);
          json(res, 200, {
            access_token: token,
            token_type: 'Bearer',
            expires_in: o.expiresIn ?? 3600,
            scope: form.get('scope') ?? 'cob.read',
          });
          return;
        }
        const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
        if (!psp.issued.includes(bearer) || psp.revoked.has(bearer)) {
          json(
            res,
            401,
            { type: 'https://pix.bcb.gov.br/api/v2/error/AcessoNegado', title: 'Não autorizado', status: 401 },
            {},
            'application/problem+json',
          );
          return;
        }
        psp.seen.push(seen);
        handler(seen, res);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakePsp = {
    ...psp,
    baseUrl: `https://127.0.0.1:${port}/api/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(fake);
  return fake;
}

function pemCredentials(baseUrl: string, over: Partial<PspCredentials> = {}): PspCredentials {
  const pki = testPki();
  return {
    baseUrl,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    certificate: { kind: 'pem', certPem: pki.client.certPem, keyPem: pki.client.keyPem },
    caPem: pki.ca.certPem,
    ...over,
  };
}

interface Harness {
  client: PspClient;
  clock: ReturnType<typeof fixedClock>;
  exchanges: PspExchange[];
  sleeps: number[];
}

let keySeq = 0;
function makeClient(credentials: PspCredentials, over: Partial<PspClientOptions> = {}): Harness {
  const clock = fixedClock('2025-03-10T12:00:00Z');
  const exchanges: PspExchange[] = [];
  const sleeps: number[] = [];
  const client = new PspClient({
    cacheKey: `conn-${++keySeq}`,
    credentials,
    clock,
    onExchange: (e) => {
      exchanges.push(e);
    },
    baseDelayMs: 100,
    maxDelayMs: 30_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  });
  return { client, clock, exchanges, sleeps };
}

async function failure(p: Promise<unknown>): Promise<PspError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PspError);
    return e as PspError;
  }
  throw new Error('expected the call to fail');
}

const ok: Handler = (req, res) => json(res, 200, { ok: true, path: req.path });

describe('mutual TLS', () => {
  it('works with a PEM certificate and key and trusts the extra CA besides the default roots', async () => {
    const psp = await startPsp(ok);
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    const res = await client.request('GET', '/cob/' + TXID);
    expect(res).toEqual({ status: 200, body: { ok: true, path: `/api/v2/cob/${TXID}` } });
  });

  it('works with a password-protected PFX', async () => {
    const psp = await startPsp(ok);
    const pki = testPki();
    const { client } = makeClient(
      pemCredentials(psp.baseUrl, { certificate: { kind: 'pfx', pfx: pki.client.pfx, password: pki.client.pfxPassword } }),
    );
    expect((await client.request('GET', '/webhook')).status).toBe(200);
  });

  it('works with an encrypted PEM key and its password', async () => {
    const psp = await startPsp(ok);
    const pki = testPki();
    const { createPrivateKey } = await import('node:crypto');
    const encrypted = createPrivateKey(pki.client.keyPem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'chave-secreta',
    }) as string;
    const { client } = makeClient(
      pemCredentials(psp.baseUrl, {
        certificate: { kind: 'pem', certPem: pki.client.certPem, keyPem: encrypted, keyPassword: 'chave-secreta' },
      }),
    );
    expect((await client.request('GET', '/webhook')).status).toBe(200);
  });

  it('fails without a client certificate, clearly and without retrying', async () => {
    const psp = await startPsp(ok);
    const { client, exchanges, sleeps } = makeClient(pemCredentials(psp.baseUrl, { certificate: null }));
    const e = await failure(client.request('GET', '/webhook'));
    expect(['tls', 'network']).toContain(e.code);
    if (e.code === 'tls') {
      expect(e.message).toMatch(/client certificate/);
      expect(e.retryable).toBe(false);
      expect(sleeps).toEqual([]);
    }
    expect(exchanges[0]!.error).toBe(e.message);
    expect(psp.tokenRequests).toHaveLength(0);
  });

  it('fails with a certificate from another CA', async () => {
    const psp = await startPsp(ok);
    const pki = testPki();
    const { client } = makeClient(
      pemCredentials(psp.baseUrl, { certificate: { kind: 'pem', certPem: pki.stranger.certPem, keyPem: pki.stranger.keyPem } }),
    );
    const e = await failure(client.request('GET', '/webhook'));
    // Under TLS 1.3 the refusal comes after the client's handshake; its alert may be lost in a reset.
    expect(['tls', 'network']).toContain(e.code);
    expect(e.message).toMatch(/refused the client certificate/);
    expect(psp.tokenRequests).toHaveLength(0);
  });

  it("fails when the PSP's server certificate is not trusted", async () => {
    const psp = await startPsp(ok);
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl, { caPem: null }));
    const e = await failure(client.request('GET', '/webhook'));
    expect(e.code).toBe('tls');
    expect(e.message).toMatch(/server certificate is not trusted/);
    expect(e.retryable).toBe(false);
    expect(sleeps).toEqual([]);
  });

  it('refuses an unusable key or a wrong PFX password before any request, without echoing the password', async () => {
    const pki = testPki();
    const { client } = makeClient(
      pemCredentials('https://127.0.0.1:1/api/v2', { certificate: { kind: 'pfx', pfx: pki.client.pfx, password: 'wrong-password-123' } }),
    );
    const e = await failure(client.request('GET', '/webhook'));
    expect(e.code).toBe('tls');
    expect(e.message).toMatch(/could not be loaded/);
    expect(e.message).not.toContain('wrong-password-123');
  });
});

describe('OAuth2 token', () => {
  it('sends the client id and secret form-encoded in HTTP Basic, with the scope', async () => {
    const psp = await startPsp(ok);
    const { client } = makeClient(pemCredentials(psp.baseUrl, { scope: 'cob.write cob.read' }));
    const token = await client.accessToken();
    expect(psp.issued).toEqual([token]);
    const req = psp.tokenRequests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(req.body).get('scope')).toBe('cob.write cob.read');
    expect(req.body).not.toContain(encodeURIComponent(CLIENT_SECRET));
  });

  it('uses one token for many requests, and one token request for concurrent callers', async () => {
    const psp = await startPsp(ok);
    const credentials = pemCredentials(psp.baseUrl);
    const { client, clock } = makeClient(credentials);
    // A second client for the same connection shares the cache.
    const other = new PspClient({ cacheKey: `conn-${keySeq}`, credentials, clock });
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => client.request('GET', `/cob/${TXID}${i}`)),
      other.request('GET', '/webhook'),
    ]);
    await client.request('GET', '/webhook');
    expect(psp.tokenRequests).toHaveLength(1);
    expect(psp.seen).toHaveLength(12);
    expect(new Set(psp.seen.map((s) => s.headers.authorization))).toEqual(new Set([`Bearer ${psp.issued[0]}`]));
  });

  it('gets a new token once the injected clock passes its expiry (with a safety margin)', async () => {
    const psp = await startPsp(ok, { expiresIn: 3600 });
    const { client, clock } = makeClient(pemCredentials(psp.baseUrl));
    await client.request('GET', '/webhook');
    clock.advance(3000_000);
    await client.request('GET', '/webhook');
    expect(psp.tokenRequests).toHaveLength(1);
    clock.advance(550_000); // 3550 s: inside the last minute of the token's life
    await client.request('GET', '/webhook');
    expect(psp.tokenRequests).toHaveLength(2);
    expect(psp.seen.map((s) => s.headers.authorization)).toEqual([
      `Bearer ${psp.issued[0]}`,
      `Bearer ${psp.issued[0]}`,
      `Bearer ${psp.issued[1]}`,
    ]);
  });

  it('a changed connection (new cache key or credentials) gets its own token', async () => {
    const psp = await startPsp(ok);
    const credentials = pemCredentials(psp.baseUrl);
    const clock = fixedClock('2025-03-10T12:00:00Z');
    await new PspClient({ cacheKey: 'c1@v1', credentials, clock }).request('GET', '/webhook');
    await new PspClient({ cacheKey: 'c1@v1', credentials, clock }).request('GET', '/webhook');
    await new PspClient({ cacheKey: 'c1@v2', credentials, clock }).request('GET', '/webhook');
    await new PspClient({ cacheKey: 'c1@v2', credentials: { ...credentials, scope: 'cob.read' }, clock }).request('GET', '/webhook');
    expect(psp.tokenRequests).toHaveLength(3);
  });

  it('renews the token once after a 401 and retries the call', async () => {
    const psp = await startPsp(ok);
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl));
    await client.request('GET', '/webhook');
    psp.revoked.add(psp.issued[0]!);
    const res = await client.request('PUT', `/cob/${TXID}`, { body: { valor: { original: '1.00' } } });
    expect(res.status).toBe(200);
    expect(psp.tokenRequests).toHaveLength(2);
    expect(psp.seen.at(-1)!.headers.authorization).toBe(`Bearer ${psp.issued[1]}`);
    expect(sleeps).toEqual([]);
  });

  it('gives up after one renewal when the PSP keeps answering 401', async () => {
    const psp = await startPsp((_req, res) => json(res, 401, { title: 'Não autorizado', status: 401 }, {}, 'application/problem+json'));
    const { client, exchanges } = makeClient(pemCredentials(psp.baseUrl));
    const e = await failure(client.request('GET', '/webhook'));
    expect(e).toMatchObject({ code: 'auth', status: 401, retryable: false });
    expect(psp.tokenRequests).toHaveLength(2);
    expect(exchanges.filter((x) => x.path === '/webhook')).toHaveLength(2);
  });

  it('reports refused client credentials as an auth error without the secret', async () => {
    const psp = await startPsp(ok);
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl, { clientSecret: 'not-the-secret' }));
    const e = await failure(client.request('GET', '/webhook'));
    expect(e).toMatchObject({ code: 'auth', status: 401, retryable: false, problem: { error: 'invalid_client' } });
    expect(e.message).toContain('invalid_client');
    expect(e.message).not.toContain('not-the-secret');
    expect(sleeps).toEqual([]);
    expect(psp.seen).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries a 500 and returns the 200 that follows', async () => {
    let calls = 0;
    const psp = await startPsp((req, res) =>
      ++calls === 1 ? json(res, 500, { title: 'Erro interno', status: 500 }, {}, 'application/problem+json') : ok(req, res),
    );
    const { client, sleeps, exchanges } = makeClient(pemCredentials(psp.baseUrl));
    const res = await client.request('GET', `/cobv/${TXID}`);
    expect(res.status).toBe(200);
    expect(calls).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50); // base 100 ms with jitter: 50..100
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(exchanges.filter((x) => x.path === `/cobv/${TXID}`).map((x) => [x.attempt, x.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it('backs off exponentially and gives up after maxAttempts with a retryable error', async () => {
    const psp = await startPsp((_req, res) => json(res, 502, { title: 'Bad gateway', status: 502 }, {}, 'application/problem+json'));
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl), { maxAttempts: 4 });
    const e = await failure(client.request('PUT', `/cob/${TXID}`, { body: {} }));
    expect(e).toMatchObject({ code: 'http', status: 502, retryable: true, problem: { title: 'Bad gateway' } });
    expect(psp.seen).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      const exp = 100 * 2 ** i;
      expect(ms).toBeGreaterThanOrEqual(exp / 2);
      expect(ms).toBeLessThanOrEqual(exp);
    });
  });

  it('honours Retry-After in seconds on 429', async () => {
    let calls = 0;
    const psp = await startPsp((req, res) =>
      ++calls === 1 ? json(res, 429, { title: 'Too many', status: 429 }, { 'retry-after': '7' }) : ok(req, res),
    );
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl));
    expect((await client.request('GET', '/webhook')).status).toBe(200);
    expect(sleeps).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP date, against the injected clock, on 503', async () => {
    let calls = 0;
    const clock = fixedClock('2025-03-10T12:00:00Z');
    const later = new Date(clock.now().getTime() + 12_000).toUTCString();
    const psp = await startPsp((req, res) =>
      ++calls === 1 ? json(res, 503, { title: 'Indisponível', status: 503 }, { 'retry-after': later }) : ok(req, res),
    );
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl), { clock });
    expect((await client.request('GET', '/webhook')).status).toBe(200);
    expect(sleeps).toEqual([12_000]);
  });

  it('gives up with a retryable error when Retry-After is longer than maxDelayMs', async () => {
    const psp = await startPsp((_req, res) =>
      json(res, 503, { title: 'Manutenção', status: 503 }, { 'retry-after': '3600' }, 'application/problem+json'),
    );
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl), { maxDelayMs: 30_000 });
    const e = await failure(client.request('GET', '/webhook'));
    expect(e).toMatchObject({ code: 'http', status: 503, retryable: true, retryAfterMs: 3_600_000 });
    expect(e.message).toMatch(/retry after 3600 s/);
    expect(sleeps).toEqual([]);
    expect(psp.seen).toHaveLength(1);
  });

  it('fails at once on 400 with the parsed problem', async () => {
    const problem = {
      type: 'https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida',
      title: 'Cobrança inválida.',
      status: 400,
      detail: 'A requisição que busca alterar ou criar uma cobrança não respeita o schema.',
      violacoes: [{ razao: 'O campo cob.valor.original não respeita o schema.', propriedade: 'cob.valor.original' }],
    };
    const psp = await startPsp((_req, res) => json(res, 400, problem, {}, 'application/problem+json'));
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl));
    const e = await failure(client.request('PUT', `/cob/${TXID}`, { body: { valor: { original: '1' } } }));
    expect(e).toMatchObject({ code: 'http', status: 400, retryable: false, problem });
    expect(e.message).toContain('Cobrança inválida.');
    expect(psp.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('returns text bodies as text and 204 as null', async () => {
    const psp = await startPsp((req, res) => {
      if (req.method === 'DELETE') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no such thing');
      }
    });
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    expect(await client.request('DELETE', '/webhookrec')).toEqual({ status: 204, body: null });
    const e = await failure(client.request('GET', '/nothing'));
    expect(e).toMatchObject({ status: 404, problem: 'no such thing', retryable: false });
  });

  it('does not repeat a POST after a lost connection unless the caller marks it safe', async () => {
    let calls = 0;
    const psp = await startPsp((_req, res) => {
      calls++;
      if (calls <= 2) res.socket?.destroy();
      else json(res, 201, { id: 7 });
    });
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl));
    const e = await failure(client.request('POST', '/rec', { body: { vinculo: {} } }));
    expect(e).toMatchObject({ code: 'network', retryable: false, outcomeUnknown: true });
    expect(e.message).toMatch(/may or may not have been processed/);
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);

    const res = await client.request('POST', '/locrec', { retrySafe: true });
    expect(res).toEqual({ status: 201, body: { id: 7 } });
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(1);
  });

  it('repeats a PUT after a lost connection, and a POST after 503 (not processed)', async () => {
    let calls = 0;
    const psp = await startPsp((req, res) => {
      calls++;
      if (calls === 1) res.socket?.destroy();
      else if (calls === 3) json(res, 503, { title: 'Indisponível', status: 503 }, {}, 'application/problem+json');
      else json(res, req.method === 'POST' ? 201 : 200, { n: calls });
    });
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl));
    expect(await client.request('PUT', `/cobv/${TXID}`, { body: {} })).toEqual({ status: 200, body: { n: 2 } });
    expect(await client.request('POST', '/solicrec', { body: {} })).toEqual({ status: 201, body: { n: 4 } });
    expect(sleeps).toHaveLength(2);
  });

  it('does not repeat a POST after an ambiguous 500', async () => {
    const psp = await startPsp((_req, res) => json(res, 500, { title: 'Erro', status: 500 }, {}, 'application/problem+json'));
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    const e = await failure(client.request('POST', '/rec', { body: {} }));
    expect(e).toMatchObject({ status: 500, retryable: false, outcomeUnknown: true });
    expect(psp.seen).toHaveLength(1);
  });

  it('times out an attempt that gets no answer', async () => {
    const held: ServerResponse[] = [];
    const psp = await startPsp((_req, res) => {
      held.push(res);
    });
    // The token first, without the short timeout (a slow handshake must not be what times out).
    await makeClient(pemCredentials(psp.baseUrl), { cacheKey: 'timeouts' }).client.accessToken();
    const { client, exchanges } = makeClient(pemCredentials(psp.baseUrl), { cacheKey: 'timeouts', timeoutMs: 300, maxAttempts: 2 });
    const e = await failure(client.request('GET', '/webhook'));
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
    expect(held).toHaveLength(2);
    expect(exchanges.filter((x) => x.path === '/webhook').map((x) => [x.attempt, x.status, x.error])).toEqual([
      [1, null, e.message],
      [2, null, e.message],
    ]);
  });

  it('treats a response cut short as a network error, and a stalled body as a timeout', async () => {
    const held: ServerResponse[] = [];
    let calls = 0;
    const psp = await startPsp((req, res) => {
      calls++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      if (req.path.endsWith('/cut')) res.socket?.destroy();
      else held.push(res);
    });
    const { client } = makeClient(pemCredentials(psp.baseUrl), { cacheKey: 'cut', maxAttempts: 1 });
    const cut = await failure(client.request('GET', '/cut'));
    expect(cut).toMatchObject({ code: 'network', retryable: true });
    const impatient = makeClient(pemCredentials(psp.baseUrl), { cacheKey: 'cut', timeoutMs: 300, maxAttempts: 1 }).client;
    const stalled = await failure(impatient.request('GET', '/stalled'));
    expect(stalled).toMatchObject({ code: 'timeout', retryable: true });
    expect(calls).toBe(2);
  });

  it('retries a token request that failed with 5xx, even for a POST', async () => {
    const psp = await startPsp((_req, res) => json(res, 201, { ok: 1 }), { failTokens: 1 });
    const { client, sleeps } = makeClient(pemCredentials(psp.baseUrl));
    expect((await client.request('POST', '/rec', { body: {} })).status).toBe(201);
    expect(psp.tokenRequests).toHaveLength(2);
    expect(psp.seen).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
  });
});

describe('exchanges', () => {
  it('reports every attempt, token calls included, with no secret and no token anywhere', async () => {
    let calls = 0;
    const psp = await startPsp((req, res) => {
      calls++;
      if (calls === 1) json(res, 500, { title: 'Erro', status: 500 }, {}, 'application/problem+json');
      else json(res, 201, { txid: TXID, status: 'ATIVA', echo: req.headers.authorization });
    });
    const pki = testPki();
    const { client, exchanges } = makeClient(
      pemCredentials(psp.baseUrl, { certificate: { kind: 'pfx', pfx: pki.client.pfx, password: pki.client.pfxPassword } }),
    );
    const res = await client.request<{ echo: string }>('PUT', `/cob/${TXID}`, {
      body: { valor: { original: '10.00' } },
      query: { a: 1, b: undefined },
    });
    // The caller gets the body as the PSP sent it; only the log is redacted.
    expect(res.body.echo).toBe(`Bearer ${psp.issued[0]}`);
    psp.revoked.add(psp.issued[0]!);
    await client.request('GET', '/webhook');

    expect(exchanges.map((e) => [e.method, e.path, e.status, e.attempt])).toEqual([
      ['POST', '/api/v2/oauth/token', 200, 1],
      ['PUT', `/cob/${TXID}`, 500, 1],
      ['PUT', `/cob/${TXID}`, 201, 2],
      ['GET', '/webhook', 401, 1],
      ['POST', '/api/v2/oauth/token', 200, 2],
      ['GET', '/webhook', 201, 2],
    ]);
    expect(exchanges[0]!.requestBody).toEqual({ grant_type: 'client_credentials' });
    expect(exchanges[0]!.responseBody).toMatchObject({ access_token: '[redacted]', expires_in: 3600 });
    expect(exchanges[1]!.query).toEqual({ a: '1' });
    expect(exchanges[1]!.requestBody).toEqual({ valor: { original: '10.00' } });
    expect(exchanges[2]!.responseBody).toEqual({ txid: TXID, status: 'ATIVA', echo: 'Bearer [redacted]' });
    for (const e of exchanges) {
      expect(e.at).toBeInstanceOf(Date);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
    }

    const serialized = JSON.stringify(exchanges);
    expect(psp.issued).toHaveLength(2);
    for (const secret of [
      CLIENT_SECRET,
      encodeURIComponent(CLIENT_SECRET),
      pki.client.pfxPassword,
      ...psp.issued,
      'Basic ',
      'Bearer tok-',
    ]) {
      expect(serialized).not.toContain(secret);
    }
  });

  it('a failing exchange observer does not change the outcome', async () => {
    const psp = await startPsp(ok);
    const { client } = makeClient(pemCredentials(psp.baseUrl), {
      onExchange: async () => {
        throw new Error('log store down');
      },
    });
    expect((await client.request('GET', '/webhook')).status).toBe(200);
  });
});

describe('close', () => {
  it('forgets the token and agent of its connection', async () => {
    const psp = await startPsp(ok);
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    await client.request('GET', '/webhook');
    client.close();
    await client.request('GET', '/webhook');
    expect(psp.tokenRequests).toHaveLength(2);
  });
});

describe('pix-api over the client', () => {
  it('listPix follows the pages and passes the filters', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({
      endToEndId: `E1234567820250310120000000000${String(i).padStart(3, '0')}`,
      txid: TXID,
      valor: centsToValor(1000 + i),
      horario: '2025-03-10T12:00:00.000Z',
    }));
    const psp = await startPsp((req, res) => {
      const page = Number(req.query.get('paginacao.paginaAtual'));
      const size = Number(req.query.get('paginacao.itensPorPagina'));
      json(res, 200, {
        parametros: {
          inicio: req.query.get('inicio'),
          fim: req.query.get('fim'),
          paginacao: {
            paginaAtual: page,
            itensPorPagina: size,
            quantidadeDePaginas: Math.ceil(all.length / size),
            quantidadeTotalDeItens: all.length,
          },
        },
        pix: all.slice(page * size, page * size + size),
      });
    });
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    const pix = await listPix(client, { inicio: '2025-03-10T00:00:00Z', fim: '2025-03-11T00:00:00Z', txid: TXID, itensPorPagina: 2 });
    expect(pix).toEqual(all);
    expect(psp.seen.map((s) => s.query.get('paginacao.paginaAtual'))).toEqual(['0', '1', '2']);
    for (const s of psp.seen) {
      expect(s.path).toBe('/api/v2/pix');
      expect(s.query.get('inicio')).toBe('2025-03-10T00:00:00Z');
      expect(s.query.get('fim')).toBe('2025-03-11T00:00:00Z');
      expect(s.query.get('txid')).toBe(TXID);
    }
  });

  it('listPix stops on an empty result', async () => {
    const psp = await startPsp((req, res) =>
      json(res, 200, {
        parametros: {
          inicio: req.query.get('inicio'),
          fim: req.query.get('fim'),
          paginacao: { paginaAtual: 0, itensPorPagina: 100, quantidadeDePaginas: 1, quantidadeTotalDeItens: 0 },
        },
        pix: [],
      }),
    );
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    expect(await listPix(client, { inicio: '2025-03-10T00:00:00Z', fim: '2025-03-11T00:00:00Z' })).toEqual([]);
    expect(psp.seen).toHaveLength(1);
  });

  it('sends cobv with PUT to its txid and encodes a webhook key in the path', async () => {
    const psp = await startPsp((req, res) => {
      if (req.method === 'DELETE') {
        res.writeHead(204);
        res.end();
      } else json(res, req.method === 'PUT' && req.path.includes('/cobv/') ? 201 : 200, req.body ? JSON.parse(req.body) : { txid: TXID });
    });
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    const cobv: CobVSolicitada = {
      calendario: { dataDeVencimento: '2025-04-10', validadeAposVencimento: 30 },
      devedor: { cpf: '12345678909', nome: 'Fulano de Tal' },
      valor: {
        original: centsToValor(12345),
        multa: { modalidade: 2, valorPerc: '2.00' },
        juros: { modalidade: 2, valorPerc: '0.03' },
        desconto: { modalidade: 1, descontoDataFixa: [{ data: '2025-04-05', valorPerc: '5.00' }] },
      },
      chave: '7d9f0335-8dcc-4054-9bf9-0dbd61d36906',
      solicitacaoPagador: 'Fatura 42',
    };
    await putCobv(client, TXID, cobv);
    await getCobv(client, TXID, { revisao: 2 });
    await putWebhook(client, 'fulano+pix@example.com', 'https://cobre.example.com/pix/webhook');
    await deleteWebhook(client, 'fulano+pix@example.com');
    expect(psp.seen.map((s) => `${s.method} ${s.path}${s.query.size ? '?' + s.query.toString() : ''}`)).toEqual([
      `PUT /api/v2/cobv/${TXID}`,
      `GET /api/v2/cobv/${TXID}?revisao=2`,
      'PUT /api/v2/webhook/fulano%2Bpix%40example.com',
      'DELETE /api/v2/webhook/fulano%2Bpix%40example.com',
    ]);
    expect(JSON.parse(psp.seen[0]!.body)).toEqual(cobv);
    expect(JSON.parse(psp.seen[2]!.body)).toEqual({ webhookUrl: 'https://cobre.example.com/pix/webhook' });
  });

  it.skipIf(!pixSpec)('every wrapper sends the method, path, query and body the API Pix 2.9.0 declares', async () => {
    const psp = await startPsp((req, res) => {
      if (req.method === 'DELETE') {
        res.writeHead(204);
        res.end();
      } else if (req.path.endsWith('/pix')) {
        json(res, 200, {
          parametros: {
            inicio: 'x',
            fim: 'y',
            paginacao: { paginaAtual: 0, itensPorPagina: 100, quantidadeDePaginas: 1, quantidadeTotalDeItens: 0 },
          },
          pix: [],
        });
      } else json(res, req.method === 'GET' || req.method === 'PATCH' ? 200 : 201, {});
    });
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    const cobv: api.CobVSolicitada = {
      calendario: { dataDeVencimento: '2025-04-10', validadeAposVencimento: 30 },
      devedor: {
        cnpj: '12345678000195',
        nome: 'Empresa Ltda',
        email: 'financeiro@empresa.com.br',
        logradouro: 'Rua A, 1',
        cidade: 'São Paulo',
        uf: 'SP',
        cep: '01001000',
      },
      valor: {
        original: '123.45',
        multa: { modalidade: 2, valorPerc: '2.00' },
        juros: { modalidade: 3, valorPerc: '1.00' },
        abatimento: { modalidade: 1, valorPerc: '3.00' },
        desconto: { modalidade: 1, descontoDataFixa: [{ data: '2025-04-05', valorPerc: '5.00' }] },
      },
      chave: '7d9f0335-8dcc-4054-9bf9-0dbd61d36906',
      solicitacaoPagador: 'Fatura 42',
      infoAdicionais: [{ nome: 'Contrato', valor: 'C-17' }],
    };
    const calls: [string, string, () => Promise<unknown>][] = [
      [
        'PUT',
        '/cob/{txid}',
        () =>
          api.putCob(client, TXID, {
            calendario: { expiracao: 3600 },
            devedor: { cpf: '12345678909', nome: 'Fulano' },
            valor: { original: '10.00' },
            chave: 'fulano@example.com',
          }),
      ],
      ['GET', '/cob/{txid}', () => api.getCob(client, TXID, { revisao: 1 })],
      ['PATCH', '/cob/{txid}', () => api.patchCob(client, TXID, { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' })],
      ['PUT', '/cobv/{txid}', () => api.putCobv(client, TXID, cobv)],
      ['GET', '/cobv/{txid}', () => api.getCobv(client, TXID)],
      [
        'PATCH',
        '/cobv/{txid}',
        () => api.patchCobv(client, TXID, { valor: { original: '99.00' }, calendario: { dataDeVencimento: '2025-04-20' } }),
      ],
      ['PUT', '/lotecobv/{id}', () => api.putLoteCobv(client, 17, { descricao: 'Lote março', cobsv: [{ ...cobv, txid: TXID }] })],
      ['PATCH', '/lotecobv/{id}', () => api.patchLoteCobv(client, 17, { cobsv: [{ txid: TXID, valor: { original: '99.00' } }] })],
      ['GET', '/lotecobv/{id}', () => api.getLoteCobv(client, 17)],
      [
        'GET',
        '/pix',
        () => api.listPix(client, { inicio: '2025-03-01T00:00:00Z', fim: '2025-03-31T23:59:59Z', txid: TXID, itensPorPagina: 500 }),
      ],
      ['GET', '/pix/{e2eid}', () => api.getPix(client, E2E)],
      [
        'PUT',
        '/pix/{e2eid}/devolucao/{id}',
        () => api.putDevolucao(client, E2E, 'D1', { valor: '1.00', natureza: 'ORIGINAL', descricao: 'Estorno' }),
      ],
      ['GET', '/pix/{e2eid}/devolucao/{id}', () => api.getDevolucao(client, E2E, 'D1')],
      ['PUT', '/webhook/{chave}', () => api.putWebhook(client, 'fulano@example.com', 'https://cobre.example.com/hooks/pix')],
      ['GET', '/webhook/{chave}', () => api.getWebhook(client, 'fulano@example.com')],
      ['DELETE', '/webhook/{chave}', () => api.deleteWebhook(client, 'fulano@example.com')],
      ['PUT', '/webhookrec', () => api.putWebhookRec(client, 'https://cobre.example.com/hooks/rec')],
      ['GET', '/webhookrec', () => api.getWebhookRec(client)],
      ['DELETE', '/webhookrec', () => api.deleteWebhookRec(client)],
      ['PUT', '/webhookcobr', () => api.putWebhookCobr(client, 'https://cobre.example.com/hooks/cobr')],
      ['GET', '/webhookcobr', () => api.getWebhookCobr(client)],
      ['DELETE', '/webhookcobr', () => api.deleteWebhookCobr(client)],
      ['POST', '/locrec', () => api.postLocRec(client)],
      ['GET', '/locrec/{id}', () => api.getLocRec(client, 108)],
      [
        'POST',
        '/rec',
        () =>
          api.postRec(client, {
            vinculo: { objeto: 'Plano mensal', devedor: { cpf: '12345678909', nome: 'Fulano' }, contrato: 'C-17' },
            calendario: { dataInicial: '2025-04-10', periodicidade: 'MENSAL' },
            valor: { valorRec: '99.90' },
            politicaRetentativa: 'PERMITE_3R_7D',
            loc: 108,
          }),
      ],
      ['GET', '/rec/{idRec}', () => api.getRec(client, ID_REC, { txid: TXID })],
      ['PATCH', '/rec/{idRec}', () => api.patchRec(client, ID_REC, { status: 'CANCELADA' })],
      [
        'POST',
        '/solicrec',
        () =>
          api.postSolicRec(client, {
            idRec: ID_REC,
            calendario: { dataExpiracaoSolicitacao: '2025-04-01T12:00:00Z' },
            destinatario: { conta: '123456', ispbParticipante: '12345678', agencia: '0001', cpf: '12345678909' },
          }),
      ],
      ['GET', '/solicrec/{idSolicRec}', () => api.getSolicRec(client, 'SC1234567820250310abcdefghijk')],
      ['PATCH', '/solicrec/{idSolicRec}', () => api.patchSolicRec(client, 'SC1234567820250310abcdefghijk', { status: 'CANCELADA' })],
      [
        'PUT',
        '/cobr/{txid}',
        () =>
          api.putCobr(client, TXID, {
            idRec: ID_REC,
            calendario: { dataDeVencimento: '2025-04-10' },
            valor: { original: '99.90' },
            ajusteDiaUtil: true,
            recebedor: { conta: '123456', tipoConta: 'CORRENTE', agencia: '0001' },
            devedor: { email: 'fulano@example.com' },
          }),
      ],
      ['GET', '/cobr/{txid}', () => api.getCobr(client, TXID)],
      ['PATCH', '/cobr/{txid}', () => api.patchCobr(client, TXID, { status: 'CANCELADA' })],
      ['POST', '/cobr/{txid}/retentativa/{data}', () => api.postCobrRetentativa(client, TXID, '2025-04-12')],
    ];
    for (const [method, template, run] of calls) {
      const before = psp.seen.length;
      await run();
      expect(psp.seen.length, template).toBe(before + 1);
      const req = psp.seen.at(-1)!;
      expect(req.method, template).toBe(method);
      // Match the path against the template and collect its parameters.
      const names: string[] = [];
      const re = new RegExp(
        `^/api/v2${template.replace(/\{(\w+)\}/g, (_m, n: string) => {
          names.push(n);
          return '([^/]+)';
        })}$`,
      );
      const m = re.exec(req.path);
      expect(m, `${req.path} for ${template}`).not.toBeNull();
      const path = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m![i + 1]!)]));
      const query = Object.fromEntries(req.query);
      expect(pixSpec!.hasOperation(method, template), template).toBe(true);
      expect(pixSpec!.validateParameters(method, template, { path, query }), `${method} ${template} parameters`).toEqual([]);
      const body = req.body === '' ? undefined : JSON.parse(req.body);
      expect(pixSpec!.validateRequest(method, template, body), `${method} ${template} body`).toEqual([]);
    }
  });

  it('refuses a malformed txid before calling the PSP', async () => {
    const psp = await startPsp(ok);
    const { client } = makeClient(pemCredentials(psp.baseUrl));
    await expect(getCobv(client, 'short')).rejects.toThrow(/txid/);
    await expect(getCobv(client, `${TXID}/../x`)).rejects.toThrow(/txid/);
    expect(psp.seen).toHaveLength(0);
  });
});

describe('valor', () => {
  it('converts cents to the API string and back exactly', () => {
    expect(centsToValor(0)).toBe('0.00');
    expect(centsToValor(10)).toBe('0.10');
    expect(centsToValor(1999)).toBe('19.99');
    expect(centsToValor(123456789012)).toBe('1234567890.12');
    expect(centsToValor(999999999999)).toBe('9999999999.99');
    expect(valorToCents('0.10')).toBe(10);
    expect(valorToCents('19.99')).toBe(1999);
    expect(valorToCents('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(valorToCents('9999999999.99')).toBe(999999999999);
    for (let c = 0; c < 2000; c += 7) expect(valorToCents(centsToValor(c))).toBe(c);
  });

  it('refuses what the pattern \\d{1,10}\\.\\d{2} does not allow', () => {
    for (const bad of ['1.5', '1', '1.555', '-1.00', '+1.00', ' 1.00', '1.00 ', '1,00', '.50', '12345678901.00', '1e2', '', 'NaN']) {
      expect(() => valorToCents(bad), bad).toThrow(RangeError);
    }
    expect(() => valorToCents(1 as unknown as string)).toThrow(RangeError);
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 1_000_000_000_000]) expect(() => centsToValor(bad), String(bad)).toThrow(RangeError);
  });
});
