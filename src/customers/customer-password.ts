// A customer's portal password (the Dezwork dialect sends one). It is stored only as a scrypt hash
// (node:crypto, random 16-byte salt, N=2^14, r=8, p=1, 32-byte key) and never returned by any API.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { getCustomer } from './customers.ts';
import * as cq from './contact-queries.ts';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Checks the password policy: 8 to 128 characters, not only spaces. Throws validation_failed. */
export function validatePassword(password: string, field = 'password'): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH || password.trim() === '') {
    throw new DomainError('validation_failed', `The password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`, [
      { field, issue: `must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` },
    ]);
  }
}

/** `scrypt$N$r$p$<salt base64>$<key base64>`: self-describing, so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS, KEY_LENGTH);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length === 0) return false;
  const key = await derive(password, salt, { N, r, p }, expected.length);
  return timingSafeEqual(key, expected);
}

/**
 * Sets (or, with null, clears) a customer's password. The hash is computed before the customer row
 * is locked. The event says that the password changed, never what it is.
 */
export async function setCustomerPassword(tx: Tx, scope: Scope, ref: string, password: string | null): Promise<void> {
  if (password !== null) validatePassword(password);
  const hash = password === null ? null : await hashPassword(password);
  const customer = await getCustomer(tx, scope, ref);
  await cq.lockCustomer(tx, scope.tenantId, customer.id);
  await cq.writePasswordHash(tx, scope.tenantId, customer.id, hash, scope.now);
  await recordEvent(tx, scope, {
    type: 'customer.password_changed',
    resourceType: 'customer',
    resourceId: customer.id,
    data: { password_set: hash !== null },
  });
}

/** Whether the customer has a password and `password` matches it. */
export async function verifyCustomerPassword(db: Queryable, scope: Scope, ref: string, password: string): Promise<boolean> {
  const customer = await getCustomer(db, scope, ref);
  const stored = await cq.readPasswordHash(db, scope.tenantId, customer.id);
  return stored !== null && (await verifyPassword(password, stored));
}

export async function customerHasPassword(db: Queryable, scope: Scope, ref: string): Promise<boolean> {
  const customer = await getCustomer(db, scope, ref);
  return (await cq.readPasswordHash(db, scope.tenantId, customer.id)) !== null;
}
