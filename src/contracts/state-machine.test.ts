import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import { allowedActions, CONTRACT_ACTIONS, CONTRACT_STATUSES, nextStatus, TRANSITIONS } from './state-machine.ts';

// The expected machine, written independently of the table: [from, action, to | null].
const EXPECTED: [string, string, string | null][] = [
  ['pending', 'activate', 'active'],
  ['pending', 'deactivate', null],
  ['pending', 'suspend', null],
  ['pending', 'resume', null],
  ['pending', 'cancel', 'cancelled'],
  ['active', 'activate', null],
  ['active', 'deactivate', 'inactive'],
  ['active', 'suspend', 'suspended'],
  ['active', 'resume', null],
  ['active', 'cancel', 'cancelled'],
  ['inactive', 'activate', 'active'],
  ['inactive', 'deactivate', null],
  ['inactive', 'suspend', null],
  ['inactive', 'resume', null],
  ['inactive', 'cancel', 'cancelled'],
  ['suspended', 'activate', null],
  ['suspended', 'deactivate', null],
  ['suspended', 'suspend', null],
  ['suspended', 'resume', 'active'],
  ['suspended', 'cancel', 'cancelled'],
  ['cancelled', 'activate', null],
  ['cancelled', 'deactivate', null],
  ['cancelled', 'suspend', null],
  ['cancelled', 'resume', null],
  ['cancelled', 'cancel', null],
];

describe('contract state machine', () => {
  it('covers every status × action exactly once', () => {
    expect(EXPECTED).toHaveLength(CONTRACT_STATUSES.length * CONTRACT_ACTIONS.length);
    const pairs = new Set(EXPECTED.map(([s, a]) => `${s}/${a}`));
    for (const s of CONTRACT_STATUSES) for (const a of CONTRACT_ACTIONS) expect(pairs.has(`${s}/${a}`)).toBe(true);
  });

  for (const [from, action, to] of EXPECTED) {
    if (to) {
      it(`${from} --${action}--> ${to}`, () => {
        expect(nextStatus(from as never, action as never)).toBe(to);
      });
    } else {
      it(`${from} refuses ${action} with 409 invalid_state_transition listing the allowed actions`, () => {
        let err: unknown;
        try {
          nextStatus(from as never, action as never);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(DomainError);
        const d = err as DomainError;
        expect(d.code).toBe('invalid_state_transition');
        const allowed = EXPECTED.filter(([s, , t]) => s === from && t).map(([, a]) => a);
        expect(d.meta).toEqual({ current_status: from, allowed_actions: allowed });
        expect(d.details).toEqual([{ field: 'status', issue: `${action} is not allowed from ${from}` }]);
      });
    }
  }

  it('cancelled is terminal and reachable from every other status', () => {
    expect(allowedActions('cancelled')).toEqual([]);
    for (const s of CONTRACT_STATUSES.filter((x) => x !== 'cancelled')) expect(TRANSITIONS[s].cancel).toBe('cancelled');
  });

  it('every status is reachable from pending', () => {
    const seen = new Set<string>(['pending']);
    const queue = ['pending'];
    while (queue.length) {
      const s = queue.shift()! as keyof typeof TRANSITIONS;
      for (const to of Object.values(TRANSITIONS[s])) {
        if (to && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...CONTRACT_STATUSES].sort());
  });
});
