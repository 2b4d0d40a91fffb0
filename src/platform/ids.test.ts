import { describe, expect, it } from 'vitest';
import { isUuid, uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 UUID carrying the millisecond timestamp', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    const id = uuidv7(now);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('counts up within one millisecond and draws fresh random bits across refills of the pool', () => {
    const now = Date.now() + 10_000;
    const ids = Array.from({ length: 2000 }, () => uuidv7(now));
    expect(new Set(ids).size).toBe(ids.length);
    // The 12-bit sequence after the version nibble goes up by one per id (modulo 4096).
    const seq = ids.map((id) => parseInt(id.slice(15, 18), 16));
    for (let i = 1; i < seq.length; i++) expect(seq[i]).toBe((seq[i - 1] + 1) % 4096);
    // 2000 ids use 20,000 random bytes: five refills of the 4,000-byte pool, never the same bytes twice.
    const random = new Set(ids.map((id) => id.slice(19)));
    expect(random.size).toBe(ids.length);
  });
});
