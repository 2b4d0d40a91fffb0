// The daily tick: for every tenant (live and sandbox), resume the contracts whose planned
// suspension has ended, start the billing run of the business day (at most one per tenant and day:
// a unique index), mark unpaid charges past due as overdue, then the steps capabilities above
// billing add (the dunning schedule of src/notifications), each safe to run twice on a day.
import type { Db } from '../../platform/db/types.ts';
import type { Scope } from '../../platform/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import { markOverdueCharges } from '../../charges/charges.ts';
import { resumeEndedSuspensions } from '../../contracts/transitions.ts';
import { createBillingRun } from './billing-runs.ts';

/** A step of the daily tick added by a capability above billing; returns counts for the tick's answer. */
export type TickStep = (db: Db, scope: Scope, today: string) => Promise<Record<string, number>>;
const tickSteps = new Map<string, TickStep>();
export function onDailyTick(name: string, step: TickStep): void {
  tickSteps.set(name, step);
}

export async function tickTenant(
  db: Db,
  tenantId: string,
  today: string,
  now: Date,
  actor: Scope['actor'] = { type: 'system', id: null },
): Promise<{ run_id: string | null; overdue: number; resumed: number; steps: Record<string, Record<string, number>> }> {
  const scope: Scope = { tenantId, accountId: tenantId, mode: 'live', actor, now };
  const resumed = await resumeEndedSuspensions(db, scope, { today });
  const run = await db.transaction((tx) => createBillingRun(tx, scope, { reference_date: today, trigger: 'scheduler' }));
  let overdue = 0;
  for (;;) {
    const n = await db.transaction((tx) => markOverdueCharges(tx, scope, today, 1000));
    overdue += n;
    if (n < 1000) break;
  }
  const steps: Record<string, Record<string, number>> = {};
  for (const [name, step] of tickSteps) steps[name] = await step(db, scope, today);
  return { run_id: run?.id ?? null, overdue, resumed, steps };
}

export async function dailyTick(
  db: Db,
  today: string,
  now: Date,
): Promise<{ tenants: number; runs: number; overdue: number; resumed: number }> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM tenants ORDER BY id');
  let runs = 0;
  let overdue = 0;
  let resumed = 0;
  for (const t of rows) {
    const r = await tickTenant(db, t.id, today, now);
    if (r.run_id) runs++;
    overdue += r.overdue;
    resumed += r.resumed;
  }
  return { tenants: rows.length, runs, overdue, resumed };
}

/** Runs the tick when the business day changes (checked every `everyMs`); returns a stopper that waits for a tick under way. */
export function startScheduler(
  db: Db,
  clock: Clock,
  opts: { everyMs?: number; onError?: (err: unknown) => void } = {},
): () => Promise<void> {
  let last = '';
  let busy = false;
  const check = async () => {
    const today = clock.today();
    if (busy || today === last) return;
    busy = true;
    try {
      await dailyTick(db, today, clock.now());
      last = today;
    } catch (err) {
      opts.onError?.(err);
    } finally {
      busy = false;
    }
  };
  // check() sets `busy` before its first await, so `running` is always the tick under way.
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    if (!busy) running = check();
  };
  run();
  const timer = setInterval(run, opts.everyMs ?? 60_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    return running;
  };
}
