// No webhook is lost when the worker dies between the commit of its deliveries and their
// delivery: `cobre serve` (API + in-process workers, embedded database in a data directory) is
// killed with SIGKILL while its POSTs hang unanswered, then started again; every event must
// arrive (at least once), and in order per resource.
import type { ChildProcess } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../support/server-process.ts';
import { waitFor } from '../support/wait.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { cpfFrom } from '../support/app.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cobre-webhooks-crash-'));
const children: ChildProcess[] = [];

interface Hit {
  eventId: string;
  type: string;
  resourceId: string;
  answered: number | null;
}
const hits: Hit[] = [];
let hang = true;
const held: ServerResponse[] = [];
const receiver = createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const body = JSON.parse(raw);
    const hit: Hit = { eventId: body.id, type: body.type, resourceId: body.resource.id, answered: null };
    hits.push(hit);
    if (hang) {
      held.push(res); // never answered: the worker is killed while waiting
      return;
    }
    hit.answered = 200;
    res.writeHead(200).end('ok');
  });
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const r of held) r.destroy();
  await new Promise((r) => receiver.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer() {
  return startServerProcess({
    dataDir,
    track: children,
    env: {
      COBRE_RUN_WORKERS: 'true',
      COBRE_WEBHOOK_POLL_MS: '100',
      // A claimed delivery is taken over 3 s after its sender vanished (default: timeout + 50 s).
      COBRE_WEBHOOK_LEASE_SECONDS: '3',
      // The held POSTs must still be unanswered when the first server is killed, however slow the
      // machine: a timed-out attempt would be recorded as failed and retried only 30 s later.
      COBRE_WEBHOOK_TIMEOUT_MS: String(60 * 60_000),
    },
  });
}

describe('webhooks survive a SIGKILL of the worker', () => {
  it('delivers every event after a restart, in order per resource', async () => {
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const first = await startServer();
    const port = first.port;
    const key = /test API key:\s+(ck_test_\S+)/.exec(first.output())?.[1];
    expect(key, first.output()).toBeTruthy();
    const api = async (p: number, method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${p}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: (await res.json()) as any };
    };

    const ep = await api(port, 'POST', '/v1/webhook-endpoints', { url: hook, event_types: ['customer.*'] });
    expect(ep.status).toBe(201);
    const customers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api(port, 'POST', '/v1/customers', { person_type: 'PF', name: `Webhook ${i}`, document: cpfFrom(7000 + i) });
      expect(r.status).toBe(201);
      customers.push(r.json.id);
    }
    for (const id of customers.slice(0, 2))
      expect((await api(port, 'PATCH', `/v1/customers/${id}`, { name: 'Renomeado' })).status).toBe(200);

    // Every delivery is committed and at least one POST is on the wire, unanswered: kill now.
    await waitFor(
      '7 deliveries and a POST in flight',
      async () => hits.length > 0 && (await api(port, 'GET', `/v1/webhook-endpoints/${ep.json.id}/deliveries`)).json.total === 7,
    );
    const before = await api(port, 'GET', `/v1/webhook-endpoints/${ep.json.id}/deliveries`);
    expect(before.json.data.every((d: any) => d.status === 'pending')).toBe(true);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const inFlight = hits.map((h) => h.eventId);
    expect(hits.every((h) => h.answered === null)).toBe(true);

    hang = false;
    const second = await startServer();
    const log = await waitFor('every delivery to succeed', async () => {
      const r = await api(second.port, 'GET', `/v1/webhook-endpoints/${ep.json.id}/deliveries?page_size=100`);
      return r.json.data.length === 7 && r.json.data.every((d: any) => d.status === 'succeeded') && r.json.data;
    });

    // Each event was answered 200 at least once, including the ones that were on the wire.
    const answered = new Set(hits.filter((h) => h.answered === 200).map((h) => h.eventId));
    for (const d of log) expect(answered.has(d.event_id), d.event_type).toBe(true);
    for (const id of inFlight) expect(answered.has(id)).toBe(true);
    expect(answered.size).toBe(7);
    // In order per resource: a customer's creation arrives before its update, every time.
    for (const id of customers) {
      const types = hits.filter((h) => h.resourceId === id).map((h) => h.type);
      expect(types.lastIndexOf('customer.created')).toBeLessThan(
        types.indexOf('customer.updated') === -1 ? Infinity : types.indexOf('customer.updated'),
      );
    }
    second.child.kill('SIGTERM');
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
  });
});
