// Password reset through the HTTP API, with a real SMTP server catching the e-mails: the public
// request never tells whether an e-mail exists, the link works once and for one hour on the app
// clock, it ends the user's sessions; an admin can send the link; without an e-mail channel, no link.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { waitFor } from '../support/wait.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { RESET_TTL_MS } from '../../src/users/password-reset.ts';

const SECRET_KEY = randomBytes(32).toString('base64');
const BASE = 'https://cobre.example';
const CSRF = { 'x-cobre-csrf': '1' };
const uniq = Math.random().toString(36).slice(2, 8);
const adminEmail = `admin-${uniq}@example.com`;
const opEmail = `op-${uniq}@example.com`;
const noChannelEmail = `sem-canal-${uniq}@example.com`;

let t: TestContext;
let tenant: TestTenant;
let noChannel: TestTenant;
let smtp: TestSmtp;
let opId: string;
const previousKey = process.env.COBRE_SECRET_KEY;

const inject = (method: string, url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: method as 'GET', url, payload, headers });
const login = (email: string, password: string) => inject('POST', '/v1/session', { email, password }, CSRF);
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];
const mailsTo = (address: string) =>
  smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((v) => v.address === address));

/** The token of the newest link e-mailed to `address`, once it arrived. */
async function linkTo(address: string, count: number): Promise<string> {
  const mails = await waitFor(`reset e-mail #${count} to ${address}`, () => (mailsTo(address).length >= count ? mailsTo(address) : null));
  const text = mails[count - 1].text ?? '';
  const m = /https:\/\/cobre\.example\/redefinir-senha\?token=([\w-]+)/.exec(text);
  expect(m, text).not.toBeNull();
  return m![1];
}

beforeAll(async () => {
  process.env.COBRE_SECRET_KEY = SECRET_KEY;
  t = await createTestContext({ config: { publicUrl: BASE } });
  smtp = await startTestSmtp();
  tenant = await t.newTenant();
  noChannel = await t.newTenant();
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), {
      email: adminEmail,
      password: 'senha-admin-1',
      role: 'admin',
      name: 'Ana Admin',
    }),
  );
  opId = (
    await t.db.transaction((tx) =>
      createUser(tx, systemScope(tenant.id, t.clock.now()), {
        email: opEmail,
        password: 'senha-antiga-1',
        role: 'operator',
        name: 'Otto Operador',
      }),
    )
  ).id;
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(noChannel.id, t.clock.now()), { email: noChannelEmail, password: 'senha-antiga-1', role: 'admin' }),
  );
  const ch = await t.call(tenant.live, 'PUT', '/v1/notification-channels/email', {
    provider: 'smtp',
    settings: {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      starttls: 'never',
      from_email: 'nao-responda@empresa.example',
      from_name: 'Empresa',
    },
  });
  expect(ch.statusCode, ch.body).toBeLessThan(300);
});
afterAll(async () => {
  await smtp.close();
  await t.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

describe('password reset by e-mail', () => {
  it('says reset links can go by e-mail on this installation', async () => {
    const res = await inject('GET', '/v1/password-reset');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email_available: true, valid_minutes: 60 });
  });

  it('answers the same for a known, an unknown and a no-channel e-mail, and mails only the known one', async () => {
    const known = await inject('POST', '/v1/password-reset', { email: opEmail.toUpperCase() });
    const unknown = await inject('POST', '/v1/password-reset', { email: `ninguem-${uniq}@example.com` });
    const noMail = await inject('POST', '/v1/password-reset', { email: noChannelEmail });
    for (const r of [known, unknown, noMail]) expect(r.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(noMail.body).toBe(known.body);
    const token = await linkTo(opEmail, 1);
    expect(token.length).toBeGreaterThan(40);
    // Only a hash is stored.
    const stored = await t.db.query<{ token_hash: Buffer }>(`SELECT token_hash FROM password_reset_tokens WHERE tenant_id = $1`, [
      tenant.id,
    ]);
    expect(stored.rows.length).toBe(1);
    expect(Buffer.from(stored.rows[0].token_hash).toString('hex')).toBe(createHash('sha256').update(token).digest('hex'));
    expect(mailsTo(`ninguem-${uniq}@example.com`)).toEqual([]);
    expect(mailsTo(noChannelEmail)).toEqual([]);
    expect((await t.db.query(`SELECT 1 FROM password_reset_tokens WHERE tenant_id = $1`, [noChannel.id])).rows).toEqual([]);
  });

  it('sets the new password once from the link and ends the user’s sessions', async () => {
    const session = cookieOf(await login(opEmail, 'senha-antiga-1'));
    expect((await inject('GET', '/v1/session', undefined, { cookie: session })).statusCode).toBe(200);
    const token = await linkTo(opEmail, 1);

    const short = await inject('POST', '/v1/password-reset/confirm', { token, password: 'curta' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].field).toBe('password');

    const done = await inject('POST', '/v1/password-reset/confirm', { token, password: 'senha-nova-123' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ email: opEmail });
    expect(String(done.headers['set-cookie'])).toMatch(/^cobre_session=;/);
    expect((await inject('GET', '/v1/session', undefined, { cookie: session })).statusCode).toBe(401);
    expect((await login(opEmail, 'senha-antiga-1')).statusCode).toBe(401);
    expect((await login(opEmail, 'senha-nova-123')).statusCode).toBe(200);

    // Single use.
    const again = await inject('POST', '/v1/password-reset/confirm', { token, password: 'outra-senha-456' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invalid_token');
    expect((await login(opEmail, 'senha-nova-123')).statusCode).toBe(200);
  });

  it('refuses an unknown or expired link', async () => {
    const unknown = await inject('POST', '/v1/password-reset/confirm', { token: 'x'.repeat(43), password: 'senha-nova-999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('invalid_token');

    expect((await inject('POST', '/v1/password-reset', { email: opEmail })).statusCode).toBe(202);
    const token = await linkTo(opEmail, 2);
    const start = t.clock.now();
    try {
      t.clock.set(new Date(start.getTime() + RESET_TTL_MS + 1000));
      const late = await inject('POST', '/v1/password-reset/confirm', { token, password: 'senha-tarde-123' });
      expect(late.statusCode).toBe(400);
      expect(late.json().error.code).toBe('invalid_token');
    } finally {
      t.clock.set(start);
    }
    // Within the hour it works (a newer link voids nothing until one is used).
    expect((await inject('POST', '/v1/password-reset/confirm', { token, password: 'senha-em-tempo-1' })).statusCode).toBe(200);
  });

  it('lets an admin e-mail a user the link, and says why not without an e-mail channel', async () => {
    const admin = cookieOf(await login(adminEmail, 'senha-admin-1'));
    const res = await inject('POST', `/v1/users/${opId}/password-reset`, {}, { cookie: admin, ...CSRF });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sent_to: opEmail, expires_at: new Date(t.clock.now().getTime() + RESET_TTL_MS).toISOString() });
    const token = await linkTo(opEmail, 3);
    expect((await inject('POST', '/v1/password-reset/confirm', { token, password: 'senha-do-admin-1' })).statusCode).toBe(200);
    expect((await login(opEmail, 'senha-do-admin-1')).statusCode).toBe(200);

    const other = cookieOf(await login(noChannelEmail, 'senha-antiga-1'));
    const me = (await inject('GET', '/v1/session', undefined, { cookie: other })).json().user.id;
    const refused = await inject('POST', `/v1/users/${me}/password-reset`, {}, { cookie: other, ...CSRF });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.reason).toBe('no_email_channel');
    // An operator may not.
    const op = cookieOf(await login(opEmail, 'senha-do-admin-1'));
    expect((await inject('POST', `/v1/users/${opId}/password-reset`, {}, { cookie: op, ...CSRF })).statusCode).toBe(403);
  });
});
