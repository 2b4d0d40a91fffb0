// A message to a payer is sent exactly once even when the sending process dies with SIGKILL after
// the SMTP server accepted the message and before the process recorded it: `cobre serve` (API +
// in-process workers, embedded database) is killed from inside the SMTP server's DATA handler, then
// started again. The new process finds the message "sending" with an expired lease and sends it
// again with the same Message-ID, so the payer's mail system shows one message; the log has one
// "sent". The restart without COBRE_SECRET_KEY is refused, since the database stores a secret.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { startServerProcess } from '../support/server-process.ts';
import { waitFor } from '../support/wait.ts';
import { cpfFrom } from '../support/app.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cobre-notifications-crash-'));
const children: ChildProcess[] = [];
const KEY = randomBytes(32).toString('base64');
const received: ParsedMail[] = [];
let victim: ChildProcess | null = null;

const smtp = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: false,
  allowInsecureAuth: true,
  logger: false,
  onAuth: (auth, _s, cb) => (auth.password === 'senha' ? cb(null, { user: auth.username }) : cb(new Error('auth'))),
  onData(stream, _session, cb) {
    simpleParser(stream).then(async (mail) => {
      received.push(mail);
      const child = victim;
      if (child) {
        // The message is accepted: kill the sender before it can read the 250 and record it.
        victim = null;
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      cb();
    }, cb);
  },
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await new Promise<void>((r) => smtp.close(() => r()));
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (key: string) =>
  startServerProcess({
    dataDir,
    track: children,
    env: { COBRE_SECRET_KEY: key, COBRE_NOTIFICATION_POLL_MS: '100', COBRE_NOTIFICATION_LEASE_SECONDS: '3', COBRE_SCHEDULER: 'false' },
  });

describe('a message to a payer survives a SIGKILL between the SMTP answer and its record', () => {
  it('is sent again with the same Message-ID and recorded sent once; a restart without the key is refused', async () => {
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const first = await start(KEY);
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
    const ch = await api(first.port, 'PUT', '/v1/notification-channels/email', {
      provider: 'smtp',
      settings: {
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        starttls: 'never',
        from_email: 'cobranca@empresa.example',
        username: 'cobre',
      },
      secret: { password: 'senha' },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(200);
    // This server runs on the machine's clock: no quiet hours, so the notice goes whatever the hour.
    const schedule = await api(first.port, 'POST', '/v1/dunning-schedules', {
      name: 'Sem horário de silêncio',
      is_default: true,
      day_kind: 'calendar',
      quiet_start: null,
      quiet_end: null,
      steps: [{ offset_days: 1, action: 'notify', event: 'overdue', channels: ['email'] }],
    });
    expect(schedule.status, JSON.stringify(schedule.json)).toBe(201);
    const customer = await api(first.port, 'POST', '/v1/customers', {
      person_type: 'PF',
      name: 'Paula Pagadora',
      document: cpfFrom(9191),
      emails: [{ email: 'paula@pagadora.example', is_primary: true }],
    });
    expect(customer.status).toBe(201);
    victim = first.child;
    // The charge date is relative to the machine's day: the server runs on the system clock.
    const due = new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
    const charge = await api(first.port, 'POST', '/v1/charges', {
      customer_id: customer.json.id,
      amount_cents: 12345,
      due_date: due,
      description: 'Mensalidade',
    });
    expect(charge.status).toBe(201);
    await waitFor(
      'the first server to be killed by the SMTP server',
      async () => first.child.exitCode !== null || first.child.signalCode !== null,
    );
    expect(received).toHaveLength(1);

    // Without the key that decrypts the stored SMTP password, the server does not start.
    await expect(start('')).rejects.toThrow(/COBRE_SECRET_KEY/);

    const second = await start(KEY);
    const messages = await waitFor('the message to be recorded sent', async () => {
      const r = await api(second.port, 'GET', `/v1/charges/${charge.json.id}/notifications`);
      return r.json.length === 1 && r.json[0].status === 'sent' && r.json;
    });
    expect(messages[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(messages[0].log.filter((l: { status: string }) => l.status === 'sent')).toHaveLength(1);
    expect(received).toHaveLength(2);
    expect(new Set(received.map((m) => m.messageId))).toEqual(new Set([`<${messages[0].id}@empresa.example>`]));
    second.child.kill('SIGTERM');
    expect(await new Promise((r) => second.child.once('exit', r))).toBe(0);
  });
});
