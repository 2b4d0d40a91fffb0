// The dispatcher: turns new events into deliveries, in events.seq order, for every active
// endpoint whose subscription matches, in the same transaction that moves the endpoints'
// cursors past those events. A crash before the commit leaves both undone; after it, both done:
// no event is lost or dispatched twice (a unique index backs this up).
//
// The one subtle part is knowing how far the log may be read. events.seq is handed out when a
// row is inserted, not when its transaction commits, so seq 41 can still be invisible (its
// transaction running) while seq 42 is committed. Moving a cursor past 42 then would lose 41
// for good. The safe horizon is found without stopping any writer: read the last seq handed out
// (L) and then the transactions holding a write lock on `events` (W). Every seq ≤ L belongs to a
// transaction that had that lock when it took the seq; any of them still running is in W. Once
// every transaction of W has ended, every seq ≤ L is committed (visible) or gone for good
// (rolled back), so the log may be read up to L. Each dispatcher keeps a few (L, W) pairs until
// their writers end; a long transaction that writes events delays dispatch, never loses it.
import type { Db } from '../platform/db/types.ts';
import { uuidv7 } from '../platform/ids.ts';
import { matchesEventType } from './event-types.ts';
import * as q from './queries.ts';

export const RETRY_WINDOW_MS = 24 * 3600_000;

interface Candidate {
  seq: number;
  writers: string[];
}

/** Per-process state of a dispatcher: how far the log is known to be complete. */
export class EventHorizon {
  private safe = 0;
  private candidates: Candidate[] = [];

  /** The highest seq below which every event is committed or rolled back for good. */
  async advance(db: Db): Promise<number> {
    const seq = await q.lastAllocatedEventSeq(db);
    const writers = await q.eventWriters(db); // read after seq: see the header comment
    const running = new Set(writers);
    const candidate = { seq, writers };
    if (this.candidates.length >= 64) this.candidates[this.candidates.length - 1] = candidate;
    else this.candidates.push(candidate);
    while (this.candidates.length && this.candidates[0].writers.every((w) => !running.has(w))) {
      this.safe = Math.max(this.safe, this.candidates.shift()!.seq);
    }
    return this.safe;
  }
}

export interface DispatchResult {
  /** Events read from the log in this round. */
  events: number;
  deliveries: number;
  /** The seq the cursors were moved to (null when nothing moved). */
  upTo: number | null;
  /** More events are waiting: call again. */
  more: boolean;
  /** Another process held the dispatcher lock. */
  busy: boolean;
}

/** One dispatch round of at most `batchSize` events. */
export async function dispatchOnce(db: Db, horizon: EventHorizon, opts: { now: Date; batchSize?: number }): Promise<DispatchResult> {
  const batchSize = opts.batchSize ?? 1000;
  const hi = await horizon.advance(db);
  const none: DispatchResult = { events: 0, deliveries: 0, upTo: null, more: false, busy: false };
  // Nothing new for any endpoint: no transaction (the embedded engine syncs to disk after each).
  if (!(await q.anyEndpointBelow(db, hi))) return none;
  return db.transaction(async (tx) => {
    if (!(await q.tryDispatchLock(tx))) return { ...none, busy: true };
    const endpoints = await q.lockActiveEndpointsBelow(tx, hi);
    if (endpoints.length === 0) return none;
    const byTenant = new Map<string, typeof endpoints>();
    for (const ep of endpoints) byTenant.set(ep.tenant_id, [...(byTenant.get(ep.tenant_id) ?? []), ep]);
    const lo = Math.min(...endpoints.map((e) => e.cursor_seq));
    const events = await q.eventsBetween(tx, [...byTenant.keys()], lo, hi, batchSize);
    const more = events.length === batchSize;
    const upTo = more ? events[events.length - 1].seq : hi;
    const deliveries: q.NewDelivery[] = [];
    for (const ev of events) {
      for (const ep of byTenant.get(ev.tenant_id) ?? []) {
        if (ev.seq <= ep.cursor_seq || !matchesEventType(ep.event_types, ev.type)) continue;
        deliveries.push({
          tenantId: ev.tenant_id,
          id: uuidv7(),
          endpointId: ep.id,
          eventId: ev.id,
          eventSeq: ev.seq,
          eventType: ev.type,
          resourceType: ev.resource_type,
          resourceId: ev.resource_id,
        });
      }
    }
    const inserted = await q.insertDeliveries(tx, deliveries, opts.now, new Date(opts.now.getTime() + RETRY_WINDOW_MS));
    await q.advanceCursors(tx, endpoints, upTo);
    return { events: events.length, deliveries: inserted, upTo, more, busy: false };
  });
}

/** Dispatches until the log is read up to the horizon (or `maxRounds` rounds). */
export async function dispatchAll(
  db: Db,
  horizon: EventHorizon,
  opts: { now: Date; batchSize?: number; maxRounds?: number },
): Promise<{ events: number; deliveries: number; more: boolean }> {
  let events = 0;
  let deliveries = 0;
  for (let i = 0; i < (opts.maxRounds ?? 100); i++) {
    const r = await dispatchOnce(db, horizon, opts);
    events += r.events;
    deliveries += r.deliveries;
    if (!r.more) return { events, deliveries, more: false };
  }
  return { events, deliveries, more: true };
}
