import { describe, expect, it } from 'vitest';
import { deriveStatus } from './status.ts';

const base = { cancelled: false, dueDate: '2026-12-10', today: '2026-12-01', paidCents: 0, remainingCents: 10_000 };

describe('deriveStatus', () => {
  it.each([
    [{}, 'open'],
    [{ paidCents: 4_000, remainingCents: 6_000 }, 'partially_paid'],
    [{ paidCents: 10_000, remainingCents: 0 }, 'paid'],
    [{ paidCents: 12_000, remainingCents: 0 }, 'paid'],
    [{ today: '2026-12-11' }, 'overdue'],
    [{ today: '2026-12-10' }, 'open'],
    [{ today: '2026-12-11', paidCents: 4_000, remainingCents: 6_500 }, 'overdue'],
    [{ today: '2026-12-20', paidCents: 10_300, remainingCents: 0 }, 'paid'],
    [{ cancelled: true, paidCents: 10_000, remainingCents: 0 }, 'cancelled'],
  ])('%j → %s', (over, expected) => {
    expect(deriveStatus({ ...base, ...over })).toBe(expected);
  });
});
