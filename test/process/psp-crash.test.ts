// A PSP charge is made once even when the process sending it dies with SIGKILL after the PSP made
// it and before the process heard the answer: `cobre serve` (API + in-process workers, embedded
// database) is killed from inside the PSP simulator while it stores the cobv, then started again.
// The new process finds the operation "sending" with an expired lease and sends the same
// PUT /cobv/{txid}; the PSP recognises the txid, so there is one cobv, and the charge shows it.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';
import { startPspSimulator, type PspSimulator, type SimCharge } from '../support/psp-simulator.ts';
import { waitFor } from '../support/wait.ts';
import { cpfFrom } from '../support/app.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cobre-psp-crash-'));
const children: ChildProcess[] = [];
const KEY = randomBytes(32).toString('base64');
let sim: PspSimulator | null = null;

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await sim?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = () =>
  startServerProcess({
    dataDir,
    track: children,
    env: {
      COBRE_SECRET_KEY: KEY,
      COBRE_PSP_POLL_MS: '100',
      COBRE_PSP_LEASE_SECONDS: '3',
      COBRE_SCHEDULER: 'false',
      COBRE_PIX_RECONCILE_SECONDS: '3600',
    },
  });

describe('a PSP charge survives a SIGKILL between the PSP making it and the process recording it', () => {
  it('is sent again with the same txid: one cobv at the PSP, active on the charge', async () => {
    // The server runs on the machine's clock, and so does the simulator.
    sim = await startPspSimulator();
    let victim: ChildProcess | null = null;
    const cobvs = sim.cobvs;
    const set = cobvs.set.bind(cobvs);
    cobvs.set = (txid: string, value: SimCharge) => {
      const r = set(txid, value);
      const child = victim;
      if (child) {
        // The PSP has made the cobv; the sender dies before it reads the answer.
        victim = null;
        child.kill('SIGKILL');
      }
      return r;
    };

    const first = await start();
    const key = /test API key:\s+(ck_test_\S+)/.exec(first.output())?.[1];
    expect(key, first.output()).toBeTruthy();
    const api = async (port: number, method: string, path: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: (await res.json()) as any };
    };
    const creds = sim.credentials();
    const cert = creds.certificate as { kind: 'pem'; certPem: string; keyPem: string };
    const connection = await api(first.port, 'POST', '/v1/psp-connections', {
      name: 'PSP',
      base_url: sim.baseUrl,
      client_id: creds.clientId,
      client_secret: creds.clientSecret,
      certificate: { format: 'pem', cert_pem: cert.certPem, key_pem: cert.keyPem },
      ca_pem: creds.caPem,
      pix_key: sim.chave,
    });
    expect(connection.status, JSON.stringify(connection.json)).toBe(201);
    await waitFor('the webhook to be registered at the PSP', async () => sim!.webhooks.pix.size === 1);
    const customer = await api(first.port, 'POST', '/v1/customers', { person_type: 'PF', name: 'Paula Pagadora', document: cpfFrom(9292) });
    expect(customer.status).toBe(201);
    victim = first.child;
    const due = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
    const charge = await api(first.port, 'POST', '/v1/charges', {
      customer_id: customer.json.id,
      amount_cents: 12345,
      due_date: due,
      description: 'Mensalidade',
    });
    expect(charge.status).toBe(201);
    await waitFor('the first server to be killed by the PSP', async () => first.child.exitCode !== null || first.child.signalCode !== null);
    expect(sim.cobvs.size).toBe(1);
    const [txid] = [...sim.cobvs.keys()];

    const second = await start();
    const state = await waitFor('the PSP charge to be recorded active', async () => {
      const r = await api(second.port, 'GET', `/v1/charges/${charge.json.id}/pix-charge`);
      return r.json.pix_charge?.status === 'active' && r.json;
    });
    expect(state.pix_charge.txid).toBe(txid);
    expect(state.pix_charge.pix_copia_e_cola).toContain(sim.cobvs.get(txid)!.loc.location);
    expect(sim.cobvs.size).toBe(1);
    expect(sim.requests.filter((r) => r.method === 'PUT' && r.path === `/cobv/${txid}`)).toHaveLength(2);
    expect(state.operations.filter((o: { kind: string }) => o.kind === 'put_charge')).toEqual([
      expect.objectContaining({ status: 'done', attempts: 2 }),
    ]);
    expect(sim.violations).toEqual([]);
    second.child.kill('SIGTERM');
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
  });
});
