import { createHash } from 'node:crypto';
import { randomToken } from '../platform/ids.ts';
import type { Mode } from '../platform/scope.ts';

// Secrets carry their kind and mode in a visible prefix (like Stripe's sk_live_), so a leaked
// key is recognisable by secret scanners and a test key is never mistaken for a live one.
export const API_KEY_PREFIX = { live: 'ck_live_', test: 'ck_test_' } as const;
export const TOKEN_PREFIX = 'cat_';

export function newApiKeySecret(mode: Mode): string {
  return API_KEY_PREFIX[mode] + randomToken(32);
}

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomToken(32);
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** The part of a key safe to display ("ck_live_AbCd…"). */
export function displayPrefix(secret: string): string {
  return secret.slice(0, 12);
}
