// The daily tick's dunning step: for each open charge of the tenant, take the steps of its schedule
// that fall today (or in the catch-up window), each exactly once (dunning_step_runs' unique key), in
// batches of 500 charges, each batch in its own transaction (docs/dunning.md).
import type { Db, Tx } from '../../platform/db/types.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Scope } from '../../platform/scope.ts';
import { recordEvent } from '../../platform/events.ts';
import { addDays, formatDateBR } from '../../platform/dates.ts';
import { suspendContract } from '../../contracts/transitions.ts';
import { onDailyTick } from '../../billing/runs/scheduler.ts';
import { queueMessages } from '../queue.ts';
import * as q from './queries.ts';
import { loadResolutionData, resolveEffective, type Effective } from './schedules.ts';
import { CATCH_UP_DAYS, DEFAULT_SCHEDULE, dueSteps, nextSendableInstant, type DueStep, type Schedule } from './steps.ts';

export const BATCH_SIZE = 500;

export interface DunningTotals {
  /** Charges on which at least one step was taken. */
  charges: number;
  steps: number;
  /** Messages queued (not counting those recorded as skipped). */
  queued: number;
  suspended: number;
  flagged: number;
}

/** Calendar days an offset can span: exact for calendar days; for business days, weekends plus a margin for holidays. */
function calendarSpan(offset: number, dayKind: Schedule['day_kind']): number {
  const n = Math.abs(offset);
  return dayKind === 'calendar' ? n : Math.ceil((n * 7) / 5) + 7 + Math.ceil(n / 10);
}

/** The due dates any schedule of the tenant could have a step on today (or in the catch-up window). */
function dueDateRange(schedules: Schedule[], today: string): { from: string; to: string } {
  let back = 0;
  let ahead = 0;
  for (const s of schedules) {
    for (const st of s.steps) {
      if (st.offset_days >= 0) back = Math.max(back, calendarSpan(st.offset_days, s.day_kind));
      else ahead = Math.max(ahead, calendarSpan(st.offset_days, s.day_kind));
    }
    // Business offset 0 (and counting from it) may start a few days after a due date on a weekend or holiday.
    if (s.day_kind === 'business') back += 7;
  }
  return { from: addDays(today, -(back + CATCH_UP_DAYS)), to: addDays(today, ahead) };
}

interface StepOutcome {
  outcome: string;
  detail: Record<string, unknown>;
  queued: number;
}

async function takeStep(tx: Tx, scope: Scope, today: string, charge: q.DunningCharge, eff: Effective, ds: DueStep): Promise<StepOutcome> {
  const { step, key } = ds;
  const notBefore = nextSendableInstant(scope.now, eff.schedule.quiet_start, eff.schedule.quiet_end);
  if (step.action === 'notify') {
    const r = await queueMessages(
      tx,
      scope,
      [{ chargeId: charge.id, stepKey: key, event: step.event!, channels: step.channels, honoursOptOut: true }],
      { notBefore },
    );
    return { outcome: r.queued > 0 ? 'queued' : 'not_sent', detail: { ...r, not_before: notBefore.toISOString() }, queued: r.queued };
  }
  if (step.action === 'flag_protest') return { outcome: 'flagged', detail: {}, queued: 0 };
  // suspend_contract
  if (!charge.contract_id) return { outcome: 'no_contract', detail: {}, queued: 0 };
  const contract = await q.contractCustomer(tx, scope.tenantId, charge.contract_id);
  if (contract?.status !== 'active')
    return { outcome: 'not_active', detail: { contract_id: charge.contract_id, contract_status: contract?.status ?? null }, queued: 0 };
  const reason = `Régua de cobrança: cobrança nº ${charge.number} vencida em ${formatDateBR(charge.due_date)}`;
  try {
    await suspendContract(tx, scope, charge.contract_id, { reason }, { today });
  } catch (err) {
    // The contract's own rules refused (e.g. a suspension that ended today): recorded, not retried.
    if (!(err instanceof DomainError)) throw err;
    return { outcome: 'failed', detail: { contract_id: charge.contract_id, error: err.code, message: err.message }, queued: 0 };
  }
  const detail: Record<string, unknown> = { contract_id: charge.contract_id, reason };
  let queued = 0;
  if (step.event === 'contract_suspended' && step.channels.length) {
    // The notice of a suspension is about the service, not a reminder: it does not honour the unsubscribe.
    const r = await queueMessages(
      tx,
      scope,
      [{ chargeId: charge.id, stepKey: key, event: 'contract_suspended', channels: step.channels, honoursOptOut: false }],
      { notBefore },
    );
    Object.assign(detail, { notice: r });
    queued = r.queued;
  }
  return { outcome: 'suspended', detail, queued };
}

/** One batch of charges, in the caller's transaction; returns the id to continue after, or null when done. */
async function runBatch(
  tx: Tx,
  scope: Scope,
  today: string,
  country: string,
  range: { from: string; to: string },
  after: string | null,
  totals: DunningTotals,
): Promise<string | null> {
  const charges = await q.openChargesDueBetween(tx, scope.tenantId, range.from, range.to, after, BATCH_SIZE);
  if (!charges.length) return null;
  const data = await loadResolutionData(
    tx,
    scope,
    charges.map((c) => c.customer_id),
    charges.flatMap((c) => (c.contract_id ? [c.contract_id] : [])),
  );
  for (const charge of charges) {
    const eff = resolveEffective(data, charge);
    if (eff.paused) continue;
    let took = false;
    // Steps dated before the charge was issued are not taken: its creation message already went.
    for (const ds of dueSteps(eff.schedule, charge, today, CATCH_UP_DAYS, country).filter((s) => s.date >= charge.issue_date)) {
      const claimed = await q.claimStepRun(
        tx,
        scope.tenantId,
        {
          charge_id: charge.id,
          step_key: ds.key,
          schedule_id: eff.schedule_id,
          action: ds.step.action,
          step_date: ds.date,
          outcome: 'pending',
          detail: {},
        },
        scope.now,
      );
      if (!claimed) continue; // taken before: a repeated tick does nothing
      const r = await takeStep(tx, scope, today, charge, eff, ds);
      await q.setStepOutcome(tx, scope.tenantId, charge.id, ds.key, r.outcome, { ...r.detail, source: eff.source });
      await recordEvent(tx, scope, {
        type: 'charge.dunning_step',
        resourceType: 'charge',
        resourceId: charge.id,
        data: {
          step_key: ds.key,
          action: ds.step.action,
          offset_days: ds.step.offset_days,
          event: ds.step.event ?? null,
          channels: ds.step.channels,
          outcome: r.outcome,
          step_date: ds.date,
          schedule_id: eff.schedule_id,
          source: eff.source,
          ...r.detail,
        },
      });
      took = true;
      totals.steps++;
      totals.queued += r.queued;
      if (r.outcome === 'suspended') totals.suspended++;
      if (r.outcome === 'flagged') totals.flagged++;
    }
    if (took) totals.charges++;
  }
  return charges.length < BATCH_SIZE ? null : charges[charges.length - 1].id;
}

/**
 * Runs the tenant's dunning schedules for `today`. Only open charges (open, partially paid,
 * overdue) are looked at, so the schedule stops the moment a charge is paid or cancelled. Safe to
 * run twice on a day: a step is taken once per charge and key, whatever the number of ticks.
 */
export async function runDunning(db: Db, scope: Scope, today: string): Promise<DunningTotals> {
  const totals: DunningTotals = { charges: 0, steps: 0, queued: 0, suspended: 0, flagged: 0 };
  const country = await q.tenantCountry(db, scope.tenantId);
  const schedules = (await q.listSchedules(db, scope.tenantId)).map((r) => ({
    day_kind: r.day_kind,
    quiet_start: r.quiet_start,
    quiet_end: r.quiet_end,
    steps: r.steps,
  }));
  const range = dueDateRange([DEFAULT_SCHEDULE, ...schedules], today);
  let after: string | null = null;
  do {
    const from: string | null = after;
    after = await db.transaction((tx) => runBatch(tx, scope, today, country, range, from, totals));
  } while (after !== null);
  return totals;
}

/** Adds the dunning schedule to the daily tick (idempotent). Called from the app and worker wiring. */
export function registerDunning(): void {
  onDailyTick('dunning', async (db, scope, today) => ({ ...(await runDunning(db, scope, today)) }));
}
