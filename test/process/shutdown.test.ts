// SIGTERM with real processes: `cobre serve` under load (keep-alive clients and slow requests in
// flight) drains and exits 0; a second signal ends it at once; past the grace period it closes
// what is left and exits 1. `cobre worker` (server PostgreSQL) stops the same way, and a metrics
// listener (COBRE_METRICS_PORT) closes with the server. Runs on the embedded database and, with
// DATABASE_URL, on server PostgreSQL (a schema per process).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openDatabase } from '../../src/platform/db/open.ts';
import { buildApp } from '../../src/app.ts';
import { httpDrainer } from '../../src/server.ts';
import { createTestContext, usingPostgres } from '../support/app.ts';

const root = join(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const dataDirs: string[] = [];
const schemas: string[] = [];

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  if (schemas.length) {
    const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1 });
    for (const s of schemas) await admin.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.close();
  }
});

async function waitFor<T>(
  what: string,
  fn: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  ms = 120_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A database of its own for one process: a data directory, or a schema of DATABASE_URL. */
async function freshDatabaseEnv(): Promise<Record<string, string>> {
  if (!usingPostgres) {
    const dir = mkdtempSync(join(tmpdir(), 'cobre-shutdown-'));
    dataDirs.push(dir);
    return { COBRE_DATA_DIR: dir };
  }
  // Named like the test schemas, so global-setup drops it if this run is killed before afterAll.
  const schema = `test_${Date.now()}_${process.pid}_sd${Math.random().toString(36).slice(2, 8)}`;
  const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  schemas.push(schema);
  return { DATABASE_URL: process.env.DATABASE_URL!, COBRE_DB_SCHEMA: schema };
}

interface Proc {
  child: ChildProcess;
  output(): string;
  /** The shutdown steps the process logged, in order. */
  shutdownLog(): { msg: string; [k: string]: unknown }[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

async function spawnCobre(command: 'serve' | 'worker', env: Record<string, string>): Promise<Proc> {
  const full: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', COBRE_SCHEDULER: 'false', ...(await freshDatabaseEnv()), ...env };
  if (!full.COBRE_DB_SCHEMA) delete full.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'bin/cobre.js'), command], { env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const shutdownLog = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"shutdown: '))
      .map((l) => JSON.parse(l));
  return { child, output: () => out, shutdownLog, exited };
}

/** Starts `cobre serve` and waits for its banner (HTTP up, workers started); returns its demo test key. */
async function startServer(env: Record<string, string>) {
  const port = 43000 + Math.floor(Math.random() * 2000);
  const proc = await spawnCobre('serve', { PORT: String(port), ...env });
  let exitedEarly = false;
  void proc.exited.then(() => (exitedEarly = true));
  const key = await waitFor('the server to start', () => {
    if (exitedEarly) throw new Error(`server exited during startup:\n${proc.output()}`);
    return /test API key:\s+(ck_test_\S+)/.exec(proc.output())?.[1];
  });
  return { ...proc, port, key };
}

interface Outcome {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: string;
  error?: string;
  endedAt: number;
}

function send(agent: http.Agent | false, port: number, method: string, path: string, key: string, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${key}` };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text, endedAt: Date.now() }));
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message, endedAt: Date.now() }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message, endedAt: Date.now() }));
    req.end(body);
  });
}

/**
 * A POST whose headers reach the server (it answers `100 Continue`, so the request is in flight
 * there) while its body waits for `finish()`.
 */
function slowPost(agent: http.Agent, port: number, key: string, body: string) {
  let finish!: () => void;
  let inFlight!: () => void;
  const started = new Promise<void>((r) => (inFlight = r));
  const result = new Promise<Outcome>((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/customers',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text, endedAt: Date.now() }));
      },
    );
    req.on('continue', () => inFlight());
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message, endedAt: Date.now() }));
    req.flushHeaders();
    finish = () => req.end(body);
  });
  return { started, result, finish: () => finish() };
}

const CONNECTION_ERRORS = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'socket hang up'];

describe(`cobre serve on SIGTERM (${usingPostgres ? 'PostgreSQL' : 'embedded database'})`, () => {
  it('under load: finishes the requests in flight, refuses new ones, stops the workers, closes the database and exits 0', {
    timeout: 300_000,
  }, async () => {
    const grace = 30;
    const server = await startServer({ COBRE_SHUTDOWN_GRACE_SECONDS: String(grace) });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 48 });

    // Many keep-alive clients, each sending its next request as soon as the last one is answered.
    const outcomes: Outcome[] = [];
    let exited = false;
    void server.exited.then(() => (exited = true));
    const clients = Array.from({ length: 32 }, async () => {
      while (!exited) {
        const o = await send(agent, server.port, 'GET', '/v1/customers?page_size=20', server.key);
        outcomes.push(o);
        if (o.error) await new Promise((r) => setTimeout(r, 20)); // refused: the server is going away
      }
    });
    await waitFor('load to be under way', () => outcomes.filter((o) => o.status === 200).length >= 100);

    // Slow requests in flight on keep-alive connections of their own.
    const slowAgent = new http.Agent({ keepAlive: true });
    const slow = Array.from({ length: 4 }, (_, i) =>
      slowPost(slowAgent, server.port, server.key, JSON.stringify({ person_type: 'PF', name: `Drain ${i}` })),
    );
    await Promise.all(slow.map((s) => s.started));

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await waitFor(
      'the drain to begin',
      () => server.shutdownLog().some((l) => l.msg.startsWith('shutdown: stopped accepting connections')),
      60_000,
    );
    // The slow requests hold the process open: a new connection is refused meanwhile.
    const fresh = await send(false, server.port, 'GET', '/healthz', server.key);
    expect(fresh.error).toBe('ECONNREFUSED');
    expect(exited).toBe(false);

    for (const s of slow) s.finish();
    const slowResults = await Promise.all(slow.map((s) => s.result));
    for (const r of slowResults) {
      expect(r.error, JSON.stringify(r)).toBeUndefined();
      expect(r.status, r.body).toBe(201);
      expect(JSON.parse(r.body!).name).toMatch(/^Drain \d$/);
      expect(r.headers!.connection).toBe('close');
    }

    const exit = await server.exited;
    await Promise.all(clients);
    agent.destroy();
    slowAgent.destroy();
    expect({ code: exit.code, signal: exit.signal }, server.output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(grace * 1000);

    // Every answer is a success or, once the drain began, a 503 in the canonical envelope;
    // connection errors (refused, or an idle keep-alive connection closed) only after the signal.
    expect(outcomes.filter((o) => o.status === 200 && o.endedAt < signalledAt).length).toBeGreaterThanOrEqual(100);
    for (const o of outcomes) {
      if (o.status === 200) continue;
      if (o.status === 503) {
        expect(JSON.parse(o.body!)).toEqual({
          error: { code: 'unavailable', message: expect.any(String), details: [], request_id: expect.any(String) },
        });
        expect(o.headers!.connection).toBe('close');
      } else {
        expect(CONNECTION_ERRORS, JSON.stringify(o)).toContain(o.error);
      }
      expect(o.endedAt).toBeGreaterThanOrEqual(signalledAt);
    }

    // The server's own account: each step, in order, and no request it had started was cut short.
    const steps = server.shutdownLog().map((l) => l.msg);
    expect(steps[0]).toMatch(/^shutdown: started/);
    for (const step of [
      'shutdown: workers stopped',
      'shutdown: requests finished, HTTP connections closed',
      'shutdown: database closed',
      'shutdown: complete',
    ]) {
      expect(steps, server.output().slice(-3000)).toContain(step);
    }
    expect(steps.indexOf('shutdown: database closed')).toBeGreaterThan(
      steps.indexOf('shutdown: requests finished, HTTP connections closed'),
    );
    expect(steps.at(-1)).toBe('shutdown: complete');
    expect(server.shutdownLog().find((l) => l.msg.startsWith('shutdown: requests finished'))!.cut_short).toBe(0);
  });

  it('a second SIGTERM while draining ends the process at once', { timeout: 300_000 }, async () => {
    const server = await startServer({ COBRE_SHUTDOWN_GRACE_SECONDS: '120' });
    const agent = new http.Agent({ keepAlive: true });
    const slow = slowPost(agent, server.port, server.key, JSON.stringify({ person_type: 'PF', name: 'Never finished' }));
    await slow.started;
    server.child.kill('SIGTERM');
    await waitFor(
      'the drain to begin',
      () => server.shutdownLog().some((l) => l.msg.startsWith('shutdown: stopped accepting connections')),
      60_000,
    );
    let exited = false;
    void server.exited.then(() => (exited = true));
    expect(exited).toBe(false); // held open by the request in flight, for up to 120 s

    const secondAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.signal ?? exit.code).toBe('SIGTERM');
    expect(exit.at - secondAt).toBeLessThan(10_000); // at once; the margin is for a loaded machine
    expect((await slow.result).error).toBeDefined();
    agent.destroy();
  });

  it('past the grace period abandons the work in hand, closes the connections still open and exits 1', { timeout: 300_000 }, async () => {
    // A webhook receiver that never answers: the worker's send loop has a POST in hand (timeout 10 s).
    const held: http.ServerResponse[] = [];
    const receiver = http.createServer((_req, res) => held.push(res));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const server = await startServer({ COBRE_SHUTDOWN_GRACE_SECONDS: '2', COBRE_WEBHOOK_POLL_MS: '100' });
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const ep = await send(
        false,
        server.port,
        'POST',
        '/v1/webhook-endpoints',
        server.key,
        JSON.stringify({ url: hook, event_types: ['customer.*'] }),
      );
      expect(ep.status, ep.body).toBe(201);
      expect(
        (await send(false, server.port, 'POST', '/v1/customers', server.key, JSON.stringify({ person_type: 'PF', name: 'Webhook' })))
          .status,
      ).toBe(201);
      await waitFor('the webhook POST to be in flight', () => held.length > 0, 60_000);

      const agent = new http.Agent({ keepAlive: true });
      const slow = slowPost(agent, server.port, server.key, JSON.stringify({ person_type: 'PF', name: 'Too late' }));
      await slow.started;
      const signalledAt = Date.now();
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      expect({ code: exit.code, signal: exit.signal }, server.output().slice(-3000)).toEqual({ code: 1, signal: null });
      expect(exit.at - signalledAt).toBeGreaterThanOrEqual(2_000);
      expect(exit.at - signalledAt).toBeLessThan(2_000 + 30_000); // the margin is for a loaded machine
      expect(CONNECTION_ERRORS).toContain((await slow.result).error);
      const steps = server.shutdownLog().map((l) => l.msg);
      expect(steps).toContain('shutdown: stopping the workers (the job in hand finishes)');
      expect(steps).not.toContain('shutdown: workers stopped');
      expect(steps).toContain('shutdown: grace period over; abandoning the work in hand and exiting');
      expect(steps).toContain('shutdown: closing the remaining HTTP connections');
      expect(steps).not.toContain('shutdown: complete');
      agent.destroy();
    } finally {
      for (const r of held) r.destroy();
      await new Promise((r) => receiver.close(r));
    }
  });
});

describe(`cobre serve with a metrics listener (${usingPostgres ? 'PostgreSQL' : 'embedded database'})`, () => {
  it('serves /metrics only on COBRE_METRICS_PORT, behind COBRE_METRICS_TOKEN, and closes that listener on SIGTERM', {
    timeout: 300_000,
  }, async () => {
    const metricsPort = 45000 + Math.floor(Math.random() * 2000);
    const token = `tok-${Math.random().toString(36).slice(2)}`;
    const server = await startServer({ COBRE_METRICS_PORT: String(metricsPort), COBRE_METRICS_TOKEN: token });
    const onMain = await send(false, server.port, 'GET', '/metrics', token);
    expect(onMain.status).toBe(404);
    const scraped = await send(false, metricsPort, 'GET', '/metrics', token);
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('cobre_http_requests_total');
    const anonymous = await new Promise<number | undefined>((r) =>
      http.get(`http://127.0.0.1:${metricsPort}/metrics`, (res) => {
        res.resume();
        r(res.statusCode);
      }),
    );
    expect(anonymous).toBe(401);
    expect((await send(false, metricsPort, 'GET', '/v1/customers', server.key)).status).toBe(404);
    expect((await send(false, server.port, 'GET', '/v1/customers', server.key)).status).toBe(200);

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect({ code: exit.code, signal: exit.signal }, server.output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect((await send(false, metricsPort, 'GET', '/metrics', token)).error).toBe('ECONNREFUSED');
  });
});

describe.runIf(usingPostgres)('cobre worker on SIGTERM (PostgreSQL)', () => {
  it('stops its loops, closes the database and exits 0', { timeout: 300_000 }, async () => {
    const worker = await spawnCobre('worker', { COBRE_SHUTDOWN_GRACE_SECONDS: '30' });
    let exitedEarly = false;
    void worker.exited.then(() => (exitedEarly = true));
    await waitFor('the worker to start', () => {
      if (exitedEarly) throw new Error(`worker exited during startup:\n${worker.output()}`);
      return worker.output().includes('Cobre worker running');
    });
    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect({ code: exit.code, signal: exit.signal }, worker.output()).toEqual({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(30_000);
    const steps = worker.shutdownLog().map((l) => l.msg);
    expect(steps).toEqual([
      'shutdown: started; a second SIGTERM or SIGINT exits at once',
      'shutdown: stopping the workers (the job in hand finishes)',
      'shutdown: workers stopped; closing the database',
      'shutdown: database closed',
      'shutdown: complete',
    ]);
  });
});

describe('draining, in process', () => {
  it('answers a request that arrives on an open connection while draining with 503 in the canonical envelope and Connection: close', async () => {
    const ctx = await createTestContext();
    try {
      const app = await buildApp({ db: ctx.db, clock: ctx.clock, config: { authCacheSeconds: 0 } });
      const drainer = httpDrainer(app);
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as AddressInfo).port;
      const t = await ctx.newTenant();

      // A connection with part of a request on it is not idle, so the drain leaves it open.
      const socket = connect(port, '127.0.0.1');
      let raw = '';
      socket.on('data', (d) => (raw += d));
      const ended = new Promise<void>((r) => socket.on('close', () => r()));
      await new Promise<void>((r) => socket.once('connect', () => r()));
      socket.write(`GET /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: drain-1\r\n`);
      // Once a request sent later on another connection is answered, the server has read those bytes.
      expect((await send(false, port, 'GET', '/healthz', t.live)).status).toBe(200);

      const drained = drainer.drain(pino({ level: 'silent' }));
      socket.write(`Authorization: Bearer ${t.live}\r\n\r\n`);
      await ended;
      await drained;
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 503 /);
      expect(head.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(body)).toEqual({
        error: { code: 'unavailable', message: 'The server is shutting down; send the request again', details: [], request_id: 'drain-1' },
      });
      await app.close();
    } finally {
      await ctx.close();
    }
  });
});
