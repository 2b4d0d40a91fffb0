// Which events an endpoint subscribes to: exact types ('charge.paid'), a prefix with a
// wildcard ('customer.*' matches every type that starts with 'customer.') or '*' (everything).
// Event types are opaque strings to this module.
import { DomainError } from '../platform/errors.ts';

/** The ping sent by POST /v1/webhook-endpoints/{id}/test: delivered to that endpoint only, never by subscription. */
export const PING_EVENT_TYPE = 'webhook.ping';

const SEGMENT = '[a-z][a-z0-9_]*';
const PATTERN_RE = new RegExp(`^(\\*|${SEGMENT}(\\.${SEGMENT})*(\\.\\*)?)$`);

/** Trims, lower-cases, validates and de-duplicates a subscription list (order kept). */
export function normalizeEventTypes(input: readonly string[], field = 'event_types'): string[] {
  const out: string[] = [];
  input.forEach((raw, i) => {
    const p = raw.trim().toLowerCase();
    if (!PATTERN_RE.test(p)) {
      throw new DomainError('validation_failed', `Invalid event type pattern "${raw}"`, [
        { field: `${field}[${i}]`, issue: "must be an event type like 'charge.paid', a prefix like 'customer.*', or '*'" },
      ]);
    }
    if (!out.includes(p)) out.push(p);
  });
  if (out.length === 0)
    throw new DomainError('validation_failed', 'Subscribe to at least one event type', [{ field, issue: 'must not be empty' }]);
  return out;
}

export function matchesEventType(patterns: readonly string[], type: string): boolean {
  if (type === PING_EVENT_TYPE) return false;
  for (const p of patterns) {
    if (p === '*' || p === type) return true;
    if (p.endsWith('.*') && type.startsWith(p.slice(0, -1))) return true;
  }
  return false;
}
