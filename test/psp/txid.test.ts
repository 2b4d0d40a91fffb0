import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargeTxid, isTxid, recurrenceTxid, TXID_REGEX, type TxidKind } from '../../src/psp/txid.ts';
import { TXID_PATTERN } from '../../src/psp/pix-api.ts';

const kinds: TxidKind[] = ['cob', 'cobv', 'cobr'];
const id = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 60 }));
const kind = fc.constantFrom(...kinds);
const revision = fc.nat({ max: 1000 });

describe('chargeTxid', () => {
  it('always matches the spec pattern [a-zA-Z0-9]{26,35} and starts with CB', () => {
    fc.assert(
      fc.property(id, id, kind, revision, (tenant, charge, k, rev) => {
        const txid = chargeTxid(tenant, charge, k, rev);
        expect(txid).toMatch(TXID_REGEX);
        expect(txid).toMatch(TXID_PATTERN);
        expect(txid.length).toBeGreaterThanOrEqual(26);
        expect(txid.length).toBeLessThanOrEqual(35);
        expect(txid.startsWith('CB')).toBe(true);
        expect(isTxid(txid)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic (a retry finds the same PSP charge)', () => {
    fc.assert(
      fc.property(id, id, kind, revision, (tenant, charge, k, rev) => {
        expect(chargeTxid(tenant, charge, k, rev)).toBe(chargeTxid(tenant, charge, k, rev));
      }),
    );
    // Pinned: changing the derivation would orphan every live PSP charge.
    expect(chargeTxid('0190a4b2-0000-7000-8000-000000000001', '0190a4b2-0000-7000-8000-0000000000aa', 'cobv')).toBe(
      chargeTxid('0190a4b2-0000-7000-8000-000000000001', '0190a4b2-0000-7000-8000-0000000000aa', 'cobv', 0),
    );
    expect(chargeTxid('t', 'c', 'cob')).toBe('CBvEvIcdxU6zk0KiR3bD3OKzgzIHQnDObqG');
  });

  it('differs when the tenant, the charge, the kind or the revision differs', () => {
    fc.assert(
      fc.property(fc.tuple(id, id, kind, revision), fc.tuple(id, id, kind, revision), (a, b) => {
        fc.pre(a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3]);
        expect(chargeTxid(...a)).not.toBe(chargeTxid(...b));
      }),
      { numRuns: 2000 },
    );
    const tenant = 'tenant-a';
    const charge = 'charge-1';
    const all = new Set<string>();
    for (const t of [tenant, 'tenant-b'])
      for (const c of [charge, 'charge-2']) for (const k of kinds) for (const r of [0, 1, 2]) all.add(chargeTxid(t, c, k, r));
    expect(all.size).toBe(2 * 2 * 3 * 3);
  });

  it('cannot be confused by separators inside ids', () => {
    expect(chargeTxid('a:b', 'c', 'cob')).not.toBe(chargeTxid('a', 'b:c', 'cob'));
    expect(chargeTxid('a","b', 'c', 'cob')).not.toBe(chargeTxid('a', 'b","c', 'cob'));
  });

  it('has no collisions over many generated charges', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(chargeTxid('tenant', `charge-${i}`, kinds[i % 3]!, i % 4));
    expect(seen.size).toBe(20_000);
  });

  it('refuses missing ids, unknown kinds and bad revisions', () => {
    expect(() => chargeTxid('', 'c', 'cob')).toThrow(RangeError);
    expect(() => chargeTxid('t', '', 'cob')).toThrow(RangeError);
    expect(() => chargeTxid('t', 'c', 'boleto' as TxidKind)).toThrow(RangeError);
    expect(() => chargeTxid('t', 'c', 'cob', -1)).toThrow(RangeError);
    expect(() => chargeTxid('t', 'c', 'cob', 1.5)).toThrow(RangeError);
  });
});

describe('recurrenceTxid', () => {
  it('matches the pattern, is deterministic and differs per period, recurrence, tenant and revision', () => {
    fc.assert(
      fc.property(id, id, fc.constantFrom('2025-01-10', '2025-02-10'), revision, (tenant, rec, period, rev) => {
        const txid = recurrenceTxid(tenant, rec, period, rev);
        expect(txid).toMatch(TXID_REGEX);
        expect(recurrenceTxid(tenant, rec, period, rev)).toBe(txid);
      }),
    );
    const set = new Set([
      recurrenceTxid('t', 'r', '2025-01-10'),
      recurrenceTxid('t', 'r', '2025-02-10'),
      recurrenceTxid('t', 'r2', '2025-01-10'),
      recurrenceTxid('t2', 'r', '2025-01-10'),
      recurrenceTxid('t', 'r', '2025-01-10', 1),
      chargeTxid('t', 'r', 'cobr'),
    ]);
    expect(set.size).toBe(6);
  });

  it('never equals a chargeTxid', () => {
    fc.assert(
      fc.property(id, id, kind, revision, (tenant, x, k, rev) => {
        expect(recurrenceTxid(tenant, x, k, rev)).not.toBe(chargeTxid(tenant, x, k, rev));
      }),
    );
  });
});
