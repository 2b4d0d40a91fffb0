// Console users of a company: create, list, change, remove. Passwords are hashed with scrypt;
// the hash never leaves this module. At least one active admin always remains.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { normalizeEmail } from '../customers/contact.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
import * as q from './queries.ts';

export type Role = 'admin' | 'operator';
export const ROLES: readonly Role[] = ['admin', 'operator'];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserCreateInput {
  email: string;
  name?: string | null;
  password: string;
  role: Role;
  active?: boolean;
}

export interface UserPatchInput {
  email?: string;
  name?: string;
  password?: string;
  role?: Role;
  active?: boolean;
}

export function presentUser(row: q.UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    last_login_at: row.last_login_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH)
    throw new DomainError('validation_failed', `The password must have at least ${PASSWORD_MIN_LENGTH} characters`, [
      { field, issue: `must have at least ${PASSWORD_MIN_LENGTH} characters` },
    ]);
  if (password.length > PASSWORD_MAX_LENGTH)
    throw new DomainError('validation_failed', `The password must have at most ${PASSWORD_MAX_LENGTH} characters`, [
      { field, issue: `must have at most ${PASSWORD_MAX_LENGTH} characters` },
    ]);
  if (password.trim() === '')
    throw new DomainError('validation_failed', 'The password cannot be blank', [{ field, issue: 'cannot be blank' }]);
}

function checkRole(role: string): Role {
  if (!ROLES.includes(role as Role))
    throw new DomainError('validation_failed', 'role must be admin or operator', [
      { field: 'role', issue: 'must be one of: admin, operator' },
    ]);
  return role as Role;
}

function duplicateEmail(email: string): DomainError {
  return new DomainError('conflict', `A user with the e-mail ${email} already exists`, [
    { field: 'email', issue: 'is already used by another user' },
  ]);
}

const eventScope = (scope: Scope): Scope => ({ ...scope, tenantId: scope.accountId });

/**
 * Users belong to the live company (scope.accountId), not to a data space, and reach its live data:
 * a sandbox (test-mode) API key or token may neither read nor change them, as it cannot see live
 * API keys. Refused before any lookup, so a test key cannot even probe which user ids exist.
 * A logged-in admin may, whichever data space its session views.
 */
function refuseTestModeKey(scope: Scope, action: 'read' | 'manage'): void {
  if (scope.mode === 'test' && scope.actor.type !== 'user') {
    throw new DomainError('forbidden', `Test-mode keys cannot ${action} console users (they belong to the live company); use a live key`);
  }
}

export const checkMayManageUsers = (scope: Scope): void => refuseTestModeKey(scope, 'manage');
export const checkMayReadUsers = (scope: Scope): void => refuseTestModeKey(scope, 'read');

/** Creates a user of the company `scope.accountId` (the CLI passes a system scope). */
export async function createUser(tx: Tx, scope: Scope, input: UserCreateInput): Promise<User> {
  checkMayManageUsers(scope);
  const email = normalizeEmail(input.email, 'email').toLowerCase();
  checkPassword(input.password);
  const role = checkRole(input.role);
  const name = input.name?.trim() || email.split('@')[0];
  const row = await q.insertUser(
    tx,
    {
      tenant_id: scope.accountId,
      id: uuidv7(),
      email,
      name,
      role,
      password_hash: await hashPassword(input.password),
      active: input.active ?? true,
    },
    scope.now,
  );
  if (!row) throw duplicateEmail(email);
  const user = presentUser(row);
  await recordEvent(tx, eventScope(scope), { type: 'user.created', resourceType: 'user', resourceId: user.id, after: user });
  return user;
}

export async function listUsers(db: Queryable, scope: Scope): Promise<User[]> {
  checkMayReadUsers(scope);
  return (await q.listUsers(db, scope.accountId)).map(presentUser);
}

export async function getUser(db: Queryable, scope: Scope, id: string): Promise<User> {
  checkMayReadUsers(scope);
  const row = await q.findUser(db, scope.accountId, id);
  if (!row) throw notFound('User');
  return presentUser(row);
}

async function ensureAdminRemains(tx: Tx, scope: Scope, before: q.UserRow, after: { role: Role; active: boolean } | null): Promise<void> {
  const wasAdmin = before.role === 'admin' && before.active;
  const staysAdmin = after !== null && after.role === 'admin' && after.active;
  if (wasAdmin && !staysAdmin && (await q.countActiveAdmins(tx, scope.accountId)) <= 1) {
    throw new DomainError('conflict', 'The company must keep at least one active admin', [
      { field: after ? 'role' : 'id', issue: 'is the last active admin' },
    ]);
  }
}

export async function updateUser(tx: Tx, scope: Scope, id: string, patch: UserPatchInput): Promise<User> {
  checkMayManageUsers(scope);
  const before = await q.findUser(tx, scope.accountId, id, true);
  if (!before) throw notFound('User');
  const fields: Parameters<typeof q.updateUser>[3] = {};
  if (patch.email !== undefined) {
    fields.email = normalizeEmail(patch.email, 'email').toLowerCase();
    if (fields.email !== before.email && (await q.emailTaken(tx, fields.email, id))) throw duplicateEmail(fields.email);
  }
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name) throw new DomainError('validation_failed', 'name cannot be blank', [{ field: 'name', issue: 'cannot be blank' }]);
    fields.name = name;
  }
  if (patch.role !== undefined) fields.role = checkRole(patch.role);
  if (patch.active !== undefined) fields.active = patch.active;
  if (patch.password !== undefined) {
    checkPassword(patch.password);
    fields.password_hash = await hashPassword(patch.password);
  }
  await ensureAdminRemains(tx, scope, before, { role: fields.role ?? before.role, active: fields.active ?? before.active });
  const row = await q.updateUser(tx, scope.accountId, id, fields, scope.now);
  // A new password or a deactivation ends the user's other sessions.
  if (fields.password_hash || fields.active === false) {
    const current = scope.actor.type === 'user' && scope.actor.id === id ? (scope as Scope & { sessionId?: string }).sessionId : undefined;
    await q.deleteUserSessions(tx, scope.accountId, id, current);
  }
  const result = presentUser(row);
  await recordEvent(tx, eventScope(scope), {
    type: 'user.updated',
    resourceType: 'user',
    resourceId: id,
    before: presentUser(before),
    after: result,
    data: fields.password_hash ? { password_changed: true } : undefined,
  });
  return result;
}

export async function deleteUser(tx: Tx, scope: Scope, id: string): Promise<User> {
  checkMayManageUsers(scope);
  const before = await q.findUser(tx, scope.accountId, id, true);
  if (!before) throw notFound('User');
  await ensureAdminRemains(tx, scope, before, null);
  await q.deleteUser(tx, scope.accountId, id);
  const user = presentUser(before);
  await recordEvent(tx, eventScope(scope), { type: 'user.deleted', resourceType: 'user', resourceId: id, before: user });
  return user;
}
