// Password reset by a one-time link (/redefinir-senha?token=…) sent by e-mail through the
// company's e-mail channel (notifications), asked for by the user ("Esqueci minha senha") or by an
// admin (Configurações → Usuários). Only the token's SHA-256 is stored; a link works once, for
// RESET_TTL_MS on the injected clock, and using it ends every session of the user.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { findChannel } from '../notifications/queries.ts';
import { providerOf } from '../notifications/channels.ts';
import { hashPassword } from './passwords.ts';
import { checkMayManageUsers, checkPassword, presentUser } from './users.ts';
import * as q from './queries.ts';

/** A link stays valid for one hour. */
export const RESET_TTL_MS = 60 * 60_000;
export const RESET_PATH = '/redefinir-senha';

/** The one answer to a reset request, whether or not the e-mail belongs to someone. */
export const REQUESTED_MESSAGE =
  'Se este e-mail for de um usuário ativo e a empresa tiver o envio de e-mail configurado, um link para redefinir a senha foi enviado; ele vale por 1 hora e só pode ser usado uma vez. Se não chegar em alguns minutos, peça a um administrador da sua empresa para redefinir a sua senha.';

const hashToken = (token: string) => createHash('sha256').update(token).digest();

export interface ResetMail {
  accountId: string;
  to: string;
  toName: string;
  url: string;
}

export function resetUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${RESET_PATH}?token=${encodeURIComponent(token)}`;
}

export async function availability(db: Queryable): Promise<{ email_available: boolean; valid_minutes: number }> {
  return { email_available: await q.anyCompanyEmailChannel(db), valid_minutes: RESET_TTL_MS / 60_000 };
}

async function emailChannel(db: Queryable, accountId: string) {
  const row = await findChannel(db, accountId, 'email');
  return row?.active ? row : null;
}

async function newToken(
  tx: Queryable,
  accountId: string,
  userId: string,
  requestedBy: 'self' | 'admin',
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
  await q.insertResetToken(
    tx,
    { tenant_id: accountId, id: uuidv7(), user_id: userId, token_hash: hashToken(token), requested_by: requestedBy, expires_at: expiresAt },
    now,
  );
  return { token, expiresAt };
}

/** Sends the link through the company's e-mail channel (the provider notifications configured). */
export async function sendResetMail(db: Queryable, mail: ResetMail): Promise<void> {
  const row = await emailChannel(db, mail.accountId);
  if (!row)
    throw new DomainError(
      'conflict',
      'The company has no active e-mail channel: configure one under notifications (PUT /v1/notification-channels/email)',
      [],
      { reason: 'no_email_channel' },
    );
  const provider = providerOf(row);
  try {
    const text = [
      `Olá, ${mail.toName}.`,
      '',
      'Recebemos um pedido para redefinir a sua senha do Cobre. Para escolher uma nova senha, abra o link abaixo:',
      '',
      mail.url,
      '',
      'O link vale por 1 hora e só pode ser usado uma vez. Ao redefinir a senha, as suas sessões abertas são encerradas.',
      'Se você não pediu, ignore esta mensagem: a sua senha continua a mesma.',
    ].join('\n');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const html =
      `<p>Olá, ${esc(mail.toName)}.</p><p>Recebemos um pedido para redefinir a sua senha do Cobre.</p>` +
      `<p><a href="${esc(mail.url)}">Redefinir minha senha</a></p>` +
      '<p>O link vale por 1 hora e só pode ser usado uma vez. Ao redefinir a senha, as suas sessões abertas são encerradas.</p>' +
      '<p>Se você não pediu, ignore esta mensagem: a sua senha continua a mesma.</p>';
    const outcome = await provider.send({
      id: uuidv7(),
      channel: 'email',
      to: mail.to,
      toName: mail.toName,
      subject: 'Redefinição de senha do Cobre',
      text,
      html,
    });
    if (outcome.status !== 'sent')
      throw new DomainError('unavailable', `The e-mail could not be sent: ${outcome.reason}`, [], { reason: 'email_failed' });
  } finally {
    await provider.close?.().catch(() => undefined);
  }
}

/**
 * "Esqueci minha senha": when the e-mail is an active user's and the company has an e-mail
 * channel, stores a new token and returns the mail to send; otherwise null. The route answers the
 * same either way and sends after answering, so neither the answer nor its timing tells whether
 * the e-mail exists.
 */
export async function requestReset(
  db: Db,
  email: string,
  ctx: { now: Date; baseUrl: string; requestId: string },
): Promise<ResetMail | null> {
  const normalized = email.trim().toLowerCase();
  const user = await q.findUserByEmail(db, normalized);
  if (!user?.active || !(await emailChannel(db, user.tenant_id))) return null;
  return db.transaction(async (tx) => {
    const { token } = await newToken(tx, user.tenant_id, user.id, 'self', ctx.now);
    const scope: Scope = {
      tenantId: user.tenant_id,
      accountId: user.tenant_id,
      mode: 'live',
      actor: { type: 'system', id: null },
      requestId: ctx.requestId,
      now: ctx.now,
    };
    await recordEvent(tx, scope, {
      type: 'user.password_reset_requested',
      resourceType: 'user',
      resourceId: user.id,
      data: { requested_by: 'self' },
    });
    return { accountId: user.tenant_id, to: user.email, toName: user.name, url: resetUrl(ctx.baseUrl, token) };
  });
}

/** An admin sends a user the link (Configurações → Usuários); unlike the public form, errors are told. */
export async function adminRequestReset(
  tx: Tx,
  scope: Scope,
  userId: string,
  baseUrl: string,
): Promise<{ mail: ResetMail; expiresAt: Date }> {
  checkMayManageUsers(scope);
  const user = await q.findUser(tx, scope.accountId, userId);
  if (!user) throw notFound('User');
  if (!user.active)
    throw new DomainError('conflict', 'The user is deactivated: activate it before sending a reset link', [
      { field: 'id', issue: 'is deactivated' },
    ]);
  if (!(await emailChannel(tx, scope.accountId))) {
    throw new DomainError(
      'conflict',
      'The company has no active e-mail channel: configure one (Configurações → Notificações) or set the password here',
      [],
      { reason: 'no_email_channel' },
    );
  }
  const { token, expiresAt } = await newToken(tx, scope.accountId, userId, 'admin', scope.now);
  await recordEvent(
    tx,
    { ...scope, tenantId: scope.accountId },
    { type: 'user.password_reset_requested', resourceType: 'user', resourceId: userId, data: { requested_by: 'admin' } },
  );
  return { mail: { accountId: scope.accountId, to: user.email, toName: user.name, url: resetUrl(baseUrl, token) }, expiresAt };
}

const invalidLink = () =>
  new DomainError('invalid_token', 'This password reset link is invalid, was already used or has expired: ask for a new one', [
    { field: 'token', issue: 'is invalid, used or expired' },
  ]);

/** Sets the new password from a link: once, before it expires; ends every session of the user. */
export async function confirmReset(
  db: Db,
  input: { token: string; password: string },
  ctx: { now: Date; requestId: string },
): Promise<{ email: string }> {
  checkPassword(input.password);
  return db.transaction(async (tx) => {
    const row = await q.findResetTokenForUpdate(tx, hashToken(input.token));
    if (!row || row.used_at !== null || new Date(row.expires_at).getTime() <= ctx.now.getTime()) throw invalidLink();
    const user = await q.findUser(tx, row.tenant_id, row.user_id, true);
    if (!user?.active) throw invalidLink();
    // Hashed only for a valid link, so unknown tokens cost no scrypt work.
    const updated = await q.updateUser(tx, row.tenant_id, user.id, { password_hash: await hashPassword(input.password) }, ctx.now);
    await q.useResetTokens(tx, row.tenant_id, user.id, ctx.now);
    await q.deleteUserSessions(tx, row.tenant_id, user.id);
    const scope: Scope = {
      tenantId: row.tenant_id,
      accountId: row.tenant_id,
      mode: 'live',
      actor: { type: 'user', id: user.id },
      requestId: ctx.requestId,
      now: ctx.now,
    };
    await recordEvent(tx, scope, {
      type: 'user.updated',
      resourceType: 'user',
      resourceId: user.id,
      before: presentUser(user),
      after: presentUser(updated),
      data: { password_changed: true, via: 'reset_link', requested_by: row.requested_by },
    });
    return { email: user.email };
  });
}
