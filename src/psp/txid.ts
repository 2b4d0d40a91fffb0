// Cobre's txids for PSP charges. The txid is chosen by the receiver (Cobre), not the PSP, and a PSP
// charge is created with `PUT /cob|cobv|cobr/{txid}`: deriving the txid from the charge makes that
// PUT idempotent, so a job retried after a lost answer finds or re-sends the same PSP charge
// instead of creating a second one that the payer could pay twice.
//
// What goes into it, and why:
// - tenant: a txid is unique per receiver CPF/CNPJ at the PSP; two tenants (or a tenant and its
//   sandbox) may share a receiver account, so their txids must differ.
// - charge id and kind: one charge may have a cobv and, later, a cobr; each is a distinct PSP charge.
// - revision: a PSP charge that was removed (REMOVIDA_PELO_USUARIO_RECEBEDOR, e.g. the charge was
//   cancelled and then reopened) cannot be brought back, and its txid cannot be reused for a new
//   one: the next PSP charge of the same Cobre charge takes revision + 1. Changes that the API lets
//   us make in place (a cobv whose amount or due date changes) keep the txid and are PATCHed; the
//   PSP's own `revisao` counter follows those, not this one.
//
// Shape: "CB" + 33 base-62 characters of SHA-256 = 35 characters, the most the spec's
// `[a-zA-Z0-9]{26,35}` allows (about 196 bits: collisions are not a practical concern).

import { createHash } from 'node:crypto';

export type TxidKind = 'cob' | 'cobv' | 'cobr';

/** The spec's TxId pattern (anchored). */
export const TXID_REGEX = /^[a-zA-Z0-9]{26,35}$/;

const PREFIX = 'CB';
const DIGITS = 33;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MODULUS = 62n ** BigInt(DIGITS);

function base62(hash: Buffer): string {
  // The low-order base-62 digits of a 256-bit number are close to uniform (62^33 < 2^256).
  let n = BigInt(`0x${hash.toString('hex')}`) % MODULUS;
  let out = '';
  for (let i = 0; i < DIGITS; i++) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function derive(parts: (string | number)[]): string {
  // JSON of an array is unambiguous: ("a:b", "c") and ("a", "b:c") hash differently.
  return (
    PREFIX +
    base62(
      createHash('sha256')
        .update(JSON.stringify(['cobre-txid-v1', ...parts]))
        .digest(),
    )
  );
}

function requireId(what: string, v: string): void {
  if (typeof v !== 'string' || v === '') throw new RangeError(`${what} is required to derive a txid`);
}

function requireRevision(revision: number): void {
  if (!Number.isSafeInteger(revision) || revision < 0) throw new RangeError(`txid revision must be a non-negative integer: ${revision}`);
}

/** The txid of a charge's PSP charge of `kind`: deterministic, 35 characters of [A-Za-z0-9]. */
export function chargeTxid(tenantId: string, chargeId: string, kind: TxidKind, revision = 0): string {
  requireId('tenantId', tenantId);
  requireId('chargeId', chargeId);
  if (kind !== 'cob' && kind !== 'cobv' && kind !== 'cobr') throw new RangeError(`unknown txid kind: ${String(kind)}`);
  requireRevision(revision);
  return derive([tenantId, chargeId, kind, revision]);
}

/**
 * The txid of a recurrence's cobr for one period (`period` is the period's due date 'YYYY-MM-DD',
 * or any stable label of it), for when there is no Cobre charge yet to derive it from. Distinct
 * from every chargeTxid.
 */
export function recurrenceTxid(tenantId: string, recurrenceId: string, period: string, revision = 0): string {
  requireId('tenantId', tenantId);
  requireId('recurrenceId', recurrenceId);
  requireId('period', period);
  requireRevision(revision);
  return derive([tenantId, 'rec', recurrenceId, period, revision]);
}

export function isTxid(s: unknown): s is string {
  return typeof s === 'string' && TXID_REGEX.test(s);
}
