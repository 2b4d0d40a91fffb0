// Billing runs: for a reference date, every contract whose billing day falls due gets exactly one
// charge for its period. A run is planned into chunks of contracts; each chunk is a job that any
// worker process can take (FOR UPDATE SKIP LOCKED). Exactly once, whatever happens:
//  - a charge's (contract, period) is unique in the database, so two runs, a repeated run or a
//    retried chunk can never create a second charge for the same period;
//  - a chunk's results (charges, frozen usage, counters) commit in one transaction together with
//    the chunk's "done" row, so a chunk retried after a crash changes nothing.
import { createHash } from 'node:crypto';
import type { Db, Queryable, Tx } from '../../platform/db/types.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { runList, type ResourceDef } from '../../platform/search.ts';
import { isUuid, uuidv7 } from '../../platform/ids.ts';
import type { Scope } from '../../platform/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordEvent } from '../../platform/events.ts';
import { nextNumbers } from '../../platform/counters.ts';
import { enqueueJob, type JobHandler } from '../../platform/jobs.ts';
import { loadConfig } from '../../platform/config.ts';
import { billingTimeline, calculateCharge, type BillingPeriod, type BillingTimeline, type ProposedCharge } from '../../pricing/index.ts';
import { dateAtMonthIndex, monthIndex, parseIsoDate } from '../../platform/dates.ts';
import { listBillableContractIds } from '../../contracts/snapshot.ts';
import { loadContractsForBilling, snapshotAt, type ContractBillingData } from '../../contracts/billing-data.ts';
import { createChargesInBulk } from '../../charges/bulk-create.ts';
import { freezeUsageInBulk } from '../../usage/index.ts';
import * as q from './queries.ts';
import type { BillingRun } from './schemas.ts';

export type { BillingRun };

export const BILLING_QUEUE = 'billing';

export function presentRun(r: q.BillingRunRow): BillingRun {
  return {
    id: r.id,
    number: r.number,
    reference_date: r.reference_date,
    trigger: r.trigger,
    status: r.status,
    progress: {
      processed: r.processed_contracts,
      total: r.total_contracts,
      percent: r.total_contracts ? Math.floor((r.processed_contracts * 100) / r.total_contracts) : r.status === 'finished' ? 100 : 0,
    },
    total_contracts: r.total_contracts,
    processed_contracts: r.processed_contracts,
    charges_created: r.charges_created,
    charges_existing: r.charges_existing,
    skipped_contracts: r.skipped_contracts,
    error_count: r.error_count,
    total_cents: r.total_cents,
    chunks_total: r.chunks_total,
    chunks_done: r.chunks_done,
    catch_up: r.catch_up,
    skipped_by_reason: Object.fromEntries(Object.entries(r.skipped_by_reason ?? {}).map(([k, v]) => [k, Number(v)])),
    unbilled_past: { contracts: r.unbilled_past_contracts, periods: r.unbilled_past_periods, total_cents: r.unbilled_past_cents },
    started_at: r.started_at,
    finished_at: r.finished_at,
    created_at: r.created_at,
  };
}

/** A job id derived from the run and the step, so planning twice enqueues nothing new. */
function jobId(runId: string, step: string): string {
  const h = createHash('sha1').update(`${runId}:${step}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Starts a run (queued); the 'plan' job lists the contracts and enqueues the chunks. */
export async function createBillingRun(
  tx: Tx,
  scope: Scope,
  input: { reference_date: string; trigger?: 'api' | 'scheduler' | 'cli' | 'console'; catch_up?: boolean },
): Promise<BillingRun | null> {
  parseIsoDate(input.reference_date, 'reference_date');
  const id = uuidv7();
  const row = await q.insertRun(
    tx,
    scope.tenantId,
    {
      id,
      number: await nextNumbers(tx, scope.tenantId, 'billing_run'),
      reference_date: input.reference_date,
      trigger: input.trigger ?? 'api',
      catch_up: input.catch_up ?? false,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
    },
    scope.now,
  );
  if (!row) return null; // the scheduler's run of that day already exists
  await enqueueJob(tx, {
    tenantId: scope.tenantId,
    queue: BILLING_QUEUE,
    id: jobId(id, 'plan'),
    payload: { step: 'plan', runId: id, actor: scope.actor },
    at: scope.now,
  });
  await recordEvent(tx, scope, { type: 'billing_run.created', resourceType: 'billing_run', resourceId: id, after: presentRun(row) });
  return presentRun(row);
}

export async function getBillingRun(db: Queryable, scope: Scope, id: string): Promise<BillingRun> {
  const row = isUuid(id) ? await q.findRun(db, scope.tenantId, id) : null;
  if (!row) throw notFound('Billing run');
  return presentRun(row);
}

export async function billingRunErrors(db: Queryable, scope: Scope, id: string) {
  await getBillingRun(db, scope, id);
  return q.listRunErrors(db, scope.tenantId, id);
}

async function planRun(db: Db, tenantId: string, runId: string, actor: Scope['actor'], chunkSize: number, now: Date): Promise<void> {
  const run = await q.findRun(db, tenantId, runId);
  if (run?.status !== 'queued') return;
  const chunks: string[][] = [];
  let after: string | null = null;
  for (;;) {
    // From the look-back start: a contract cancelled long ago may still have an unbilled period in it.
    const ids = await listBillableContractIds(db, tenantId, { afterId: after, limit: chunkSize, asOf: lookbackStart(run.reference_date) });
    if (!ids.length) break;
    chunks.push(ids);
    after = ids[ids.length - 1];
    if (ids.length < chunkSize) break;
  }
  const total = chunks.reduce((s, c) => s + c.length, 0);
  await db.transaction(async (tx) => {
    const started = await q.startRunPlan(tx, tenantId, runId, total, chunks.length, now);
    if (!started) return; // planned by another worker meanwhile
    for (const [index, ids] of chunks.entries()) {
      await enqueueJob(tx, {
        tenantId,
        queue: BILLING_QUEUE,
        id: jobId(runId, `chunk-${index}`),
        payload: { step: 'chunk', runId, index, ids, actor },
        at: now,
      });
    }
    if (chunks.length === 0) await finishRunEvent(tx, tenantId, started, actor, now);
  });
}

async function finishRunEvent(tx: Tx, tenantId: string, run: q.BillingRunRow, actor: Scope['actor'], now: Date): Promise<void> {
  await recordEvent(
    tx,
    { tenantId, accountId: tenantId, mode: 'live', actor, now },
    { type: 'billing_run.finished', resourceType: 'billing_run', resourceId: run.id, after: presentRun(run) },
  );
}

/**
 * How far back a run looks for periods whose billing date passed without a charge: billing dates
 * from the 1st of the month CATCH_UP_MONTHS before the reference date. Older gaps are not listed
 * nor caught up (a contract backdated years is a migration: bill those periods by runs on their
 * dates, on purpose). See docs/billing.md, "Skipped contracts and catch-up".
 */
export const CATCH_UP_MONTHS = 12;

export function lookbackStart(referenceDate: string): string {
  return dateAtMonthIndex(monthIndex(parseIsoDate(referenceDate, 'reference_date')) - CATCH_UP_MONTHS, 1);
}

export const SKIP_REASONS = [
  'unbilled_past_periods',
  'not_billing_day',
  'not_started',
  'first_period_open',
  'ended',
  'suspended',
  'no_items_in_force',
  'no_items',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
/**
 * Reasons that hold for most contracts on most days (not their billing day and nothing pending; a
 * contract over and fully billed). The daily scheduler run counts them without a row each, so it does
 * not write a row per contract every day; every other run records every skipped contract.
 */
export const ROUTINE_SKIPS: ReadonlySet<string> = new Set<SkipReason>(['not_billing_day', 'ended']);

export type Proposal = ProposedCharge & { billingDate: string };

export interface ChunkOutcome {
  /** The charges this run bills (the period due on the date; with catch-up also the unbilled past ones). */
  proposals: Proposal[];
  /** Every contract that gets no charge from this run, with why. */
  skips: q.SkipRow[];
  errors: { contractId: string; code: string; message: string }[];
  /** Unbilled past periods this run does not bill (not a catch-up run): what catch_up would add. */
  unbilledPast: { contracts: number; periods: number; cents: number };
}

interface Examined {
  c: ContractBillingData;
  t: BillingTimeline;
  /** The past periods without a charge (filled in after the lookup). */
  unbilled: BillingTimeline['past'];
}

/** Where the reference date falls on each contract's timeline (pure). */
export function examineContracts(
  contracts: ContractBillingData[],
  referenceDate: string,
): { examined: Examined[]; errors: ChunkOutcome['errors'] } {
  const from = lookbackStart(referenceDate);
  const examined: Examined[] = [];
  const errors: ChunkOutcome['errors'] = [];
  for (const c of contracts) {
    try {
      examined.push({ c, t: billingTimeline(snapshotAt(c, referenceDate, { allItems: true }), from, referenceDate), unbilled: [] });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      errors.push({ contractId: c.id, code: err.code, message: err.message });
    }
  }
  return { examined, errors };
}

type UsageOf = (contractId: string, periodStart: string) => { contractItemId: string; quantity: string }[];

/** The pure decision for examined contracts: what to bill, what is skipped and why. */
export function decide(
  examined: Examined[],
  referenceDate: string,
  catchUp: boolean,
  usageOf: UsageOf,
  errors: ChunkOutcome['errors'] = [],
): ChunkOutcome {
  const out: ChunkOutcome = { proposals: [], skips: [], errors: [...errors], unbilledPast: { contracts: 0, periods: 0, cents: 0 } };
  for (const { c, t, unbilled } of examined) {
    let due: Proposal | null = null;
    let past: Proposal[];
    try {
      const propose = (billingDate: string, period: BillingPeriod): Proposal | null => {
        const p = calculateCharge({
          contract: snapshotAt(c, period.start),
          period,
          usage: usageOf(c.id, period.start),
          issueDate: referenceDate,
        });
        return p && { ...p, billingDate };
      };
      due = t.due && propose(referenceDate, t.due);
      past = unbilled.map((u) => propose(u.billingDate, u.period)).filter((p): p is Proposal => p !== null);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.errors.push({ contractId: c.id, code: err.code, message: err.message });
      continue;
    }
    const billed = [...(catchUp ? past : []), ...(due ? [due] : [])];
    const pending = catchUp ? [] : past;
    if (pending.length) {
      out.unbilledPast.contracts++;
      out.unbilledPast.periods += pending.length;
      out.unbilledPast.cents += pending.reduce((s, p) => s + p.totalCents, 0);
    }
    if (billed.length) {
      out.proposals.push(...billed);
      continue;
    }
    let reason: SkipReason;
    if (t.due) reason = snapshotAt(c, t.due.start).items.length === 0 ? 'no_items_in_force' : 'suspended';
    else if (!t.bills) reason = 'no_items';
    else if (pending.length) reason = 'unbilled_past_periods';
    else if (c.startDate > referenceDate) reason = 'not_started';
    else if (t.firstBillingDate !== null && t.firstBillingDate > referenceDate) reason = 'first_period_open';
    else if (t.nextBillingDate === null) reason = 'ended';
    else reason = 'not_billing_day';
    out.skips.push({
      contract_id: c.id,
      reason,
      period_start: t.due?.start ?? null,
      period_end: t.due?.end ?? null,
      last_billing_date: t.due ? referenceDate : (t.past[t.past.length - 1]?.billingDate ?? null),
      next_billing_date: t.nextBillingDate,
      unbilled_periods: pending.map((p) => ({
        period_start: p.periodStart,
        period_end: p.periodEnd,
        billing_date: p.billingDate,
        total_cents: p.totalCents,
      })),
      unbilled_cents: pending.reduce((s, p) => s + p.totalCents, 0),
    });
  }
  return out;
}

/**
 * Everything a run (or its preview) decides for a set of contracts, in a fixed number of queries
 * whatever the set's size: which past periods already have a charge, then the usage of every
 * period that may be billed.
 */
export async function evaluateContracts(
  db: Queryable,
  tenantId: string,
  contracts: ContractBillingData[],
  referenceDate: string,
  catchUp: boolean,
): Promise<ChunkOutcome> {
  const { examined, errors } = examineContracts(contracts, referenceDate);
  const billed = await q.billedKeysFrom(
    db,
    tenantId,
    examined.filter((e) => e.t.past.length).map((e) => ({ contractId: e.c.id, fromKey: e.t.past[0].period.start })),
  );
  for (const e of examined) e.unbilled = e.t.past.filter((p) => !billed.has(`${e.c.id}|${p.period.key}`));
  const periods = examined.flatMap((e) =>
    [...e.unbilled.map((u) => u.period), ...(e.t.due ? [e.t.due] : [])].map((p) => ({ contractId: e.c.id, start: p.start, end: p.end })),
  );
  const usage = await q.usageTotals(db, tenantId, periods);
  return decide(examined, referenceDate, catchUp, groupUsage(usage), errors);
}

function groupUsage(rows: { contract_id: string; period_start: string; contract_item_id: string; quantity: string }[]): UsageOf {
  const by = new Map<string, { contractItemId: string; quantity: string }[]>();
  for (const u of rows) {
    const k = `${u.contract_id}|${u.period_start}`;
    (by.get(k) ?? by.set(k, []).get(k)!).push({ contractItemId: u.contract_item_id, quantity: u.quantity });
  }
  return (contractId, periodStart) => by.get(`${contractId}|${periodStart}`) ?? [];
}

function countByReason(skips: q.SkipRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of skips) out[s.reason] = (out[s.reason] ?? 0) + 1;
  return out;
}

async function processChunk(
  db: Db,
  tenantId: string,
  runId: string,
  index: number,
  ids: string[],
  actor: Scope['actor'],
  today: string,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const run = await q.findRun(tx, tenantId, runId);
    if (!run) return;
    if (!(await q.claimChunk(tx, tenantId, runId, index, ids.length, now))) return; // applied before a crash: nothing to do
    // The chunk need not wait for its own WAL flush: the job is marked done afterwards by a
    // synchronous commit, which flushes the WAL up to and including this one. A crash before that
    // loses the chunk together with its marker, and the job (still 'running') is run again.
    await tx.query(`SET LOCAL synchronous_commit = off`);
    const scope: Scope = { tenantId, accountId: tenantId, mode: 'live', actor, now };
    // Lock the contracts so no usage can be written into a period while it is being billed.
    await q.lockContracts(tx, tenantId, ids);
    const contracts = await loadContractsForBilling(tx, tenantId, ids);
    const paymentMethod = new Map(contracts.map((c) => [c.id, c.paymentMethod]));

    const outcome = await evaluateContracts(tx, tenantId, contracts, run.reference_date, run.catch_up);
    const created = await createChargesInBulk(tx, scope, {
      billingRunId: runId,
      today,
      charges: outcome.proposals.map((p) => ({
        customer_id: p.customerId,
        contract_id: p.contractId,
        period_key: p.periodKey,
        period_start: p.periodStart,
        period_end: p.periodEnd,
        amount_cents: p.totalCents,
        issue_date: p.issueDate,
        due_date: p.dueDate,
        payment_method: paymentMethod.get(p.contractId) ?? 'boleto',
        description: `Faturamento ${p.periodStart.split('-').reverse().join('/')} a ${p.periodEnd.split('-').reverse().join('/')}`,
        lines: p.lines.map((l) => ({
          kind: l.kind,
          contract_item_id: l.contractItemId,
          service_id: l.serviceId,
          description: l.description,
          quantity: l.quantity,
          unit_price_cents: l.unitPriceCents,
          amount_cents: l.amountCents,
          billable_days: l.billableDays,
          period_days: l.periodDays,
        })),
      })),
    });
    // Freeze the usage of every period that now has its charge (ours or one billed earlier).
    const chargeOf = new Map(created.map((c) => [`${c.contract_id}|${c.period_key}`, c.id]));
    const billedBefore = outcome.proposals.filter((p) => !chargeOf.has(`${p.contractId}|${p.periodKey}`));
    for (const [key, id] of await q.existingChargeIds(
      tx,
      tenantId,
      billedBefore.map((p) => ({ contractId: p.contractId, periodKey: p.periodKey })),
    ))
      chargeOf.set(key, id);
    await freezeUsageInBulk(
      tx,
      tenantId,
      outcome.proposals.map((p) => ({
        contractId: p.contractId,
        periodKey: p.periodKey,
        periodStart: p.periodStart,
        periodEnd: p.periodEnd,
        chargeId: chargeOf.get(`${p.contractId}|${p.periodKey}`) ?? null,
      })),
      now,
    );
    await q.insertRunErrors(tx, tenantId, runId, outcome.errors, now);
    await q.insertSkips(
      tx,
      tenantId,
      runId,
      run.trigger === 'scheduler' ? outcome.skips.filter((k) => !ROUTINE_SKIPS.has(k.reason)) : outcome.skips,
      now,
    );
    const after = await q.addChunkResult(
      tx,
      tenantId,
      runId,
      {
        processed: ids.length,
        created: created.length,
        existing: outcome.proposals.length - created.length,
        skipped: outcome.skips.length,
        errors: outcome.errors.length,
        cents: created.reduce((s, c) => s + c.amount_cents, 0),
        skippedByReason: countByReason(outcome.skips),
        unbilledPast: outcome.unbilledPast,
      },
      now,
    );
    if (after.status === 'finished' && run.status !== 'finished') await finishRunEvent(tx, tenantId, after, actor, now);
  });
}

/** The 'billing' queue: plan and chunk steps. */
export function makeBillingHandler(deps: { clock: Clock }): JobHandler {
  const chunkSize = loadConfig().billingChunkSize;
  return async ({ db, job }) => {
    const p = job.payload as { step: 'plan' | 'chunk'; runId: string; index?: number; ids?: string[]; actor: Scope['actor'] };
    if (!job.tenant_id) throw new Error('billing job without tenant');
    if (p.step === 'plan') await planRun(db, job.tenant_id, p.runId, p.actor, chunkSize, deps.clock.now());
    else await processChunk(db, job.tenant_id, p.runId, p.index!, p.ids!, p.actor, deps.clock.today(), deps.clock.now());
    return { step: p.step };
  };
}

/** A skip as the API shows it: the stored row plus an English sentence (the console words its own). */
function presentSkip<T extends q.SkipRow>(k: T) {
  return { ...k, message: skipMessage(k) };
}

export function skipMessage(k: q.SkipRow): string {
  const periods = k.unbilled_periods.map((p) => `${p.period_start}..${p.period_end} (billing date ${p.billing_date})`).join(', ');
  switch (k.reason as SkipReason) {
    case 'unbilled_past_periods':
      return `Not a billing date of this contract (next: ${k.next_billing_date ?? 'none'}); periods whose billing date passed without a charge: ${periods}. A run with catch_up bills them.`;
    case 'not_billing_day':
      return `Not a billing date of this contract; nothing pending. Next billing date: ${k.next_billing_date}.`;
    case 'not_started':
      return `The contract starts after the reference date; first billing date: ${k.next_billing_date}.`;
    case 'first_period_open':
      return `The contract's first period has not ended; it is billed on ${k.next_billing_date}.`;
    case 'ended':
      return 'The service has ended and its last period is billed.';
    case 'suspended':
      return `No service day in the period ${k.period_start}..${k.period_end} (suspended or inactive throughout) and no usage: nothing to bill.`;
    case 'no_items_in_force':
      return `No contract item in force on ${k.period_start}, the first day of the period ${k.period_start}..${k.period_end}.`;
    case 'no_items':
      return 'The contract has no items.';
  }
  return k.reason;
}

/** The contracts a run skipped, with the reason (paged by contract). */
export async function billingRunSkips(
  db: Queryable,
  scope: Scope,
  id: string,
  req: { reason?: string; cursor?: string; limit?: number; page?: number; page_size?: number },
) {
  await getBillingRun(db, scope, id);
  const { reason, ...paging } = req;
  const page = await runList<q.SkipListRow>(
    db,
    skipResource,
    { ...q.SKIP_LIST, scopeParams: [scope.tenantId, id] },
    { ...paging, filters: reason ? [{ field: 'reason', op: 'eq', value: reason }] : [] },
  );
  return { ...page, data: page.data.map(presentSkip) };
}

const skipResource: ResourceDef = {
  name: 'billing_run_skips',
  alias: 's',
  defaultSort: [{ field: 'contract_number', direction: 'asc' }],
  fields: [
    { name: 'reason', type: 'enum', enum: SKIP_REASONS, filterable: true, sql: 's.reason' },
    { name: 'contract_number', type: 'integer', sortable: true, unique: true, sql: 'c.number' },
  ],
};

/** Dry run: what a run on `referenceDate` would bill and skip, without writing anything (the run's own decision). */
export async function previewBilling(
  db: Queryable,
  scope: Scope,
  input: { reference_date: string; catch_up?: boolean; after?: string; limit: number },
) {
  parseIsoDate(input.reference_date, 'reference_date');
  const ids = await listBillableContractIds(db, scope.tenantId, {
    afterId: input.after ?? null,
    limit: input.limit,
    asOf: lookbackStart(input.reference_date),
  });
  const contracts = await loadContractsForBilling(db, scope.tenantId, ids);
  const outcome = await evaluateContracts(db, scope.tenantId, contracts, input.reference_date, input.catch_up ?? false);
  const [billed, labels] = await Promise.all([
    q.existingChargeIds(
      db,
      scope.tenantId,
      outcome.proposals.map((p) => ({ contractId: p.contractId, periodKey: p.periodKey })),
    ),
    q.contractLabels(db, scope.tenantId, [
      ...new Set([
        ...outcome.proposals.map((p) => p.contractId),
        ...outcome.skips.map((k) => k.contract_id),
        ...outcome.errors.map((e) => e.contractId),
      ]),
    ]),
  ]);
  const label = (contractId: string) => {
    const l = labels.get(contractId);
    return {
      contract_number: l?.number ?? 0,
      customer_id: l?.customer_id ?? '',
      customer_name: l?.customer_name ?? '',
      billing_day: l?.billing_day ?? 0,
    };
  };
  const isNew = (p: Proposal) => !billed.has(`${p.contractId}|${p.periodKey}`);
  return {
    reference_date: input.reference_date,
    catch_up: input.catch_up ?? false,
    contracts_examined: ids.length,
    next_cursor: ids.length === input.limit ? ids[ids.length - 1] : null,
    total_cents: outcome.proposals.filter(isNew).reduce((s, p) => s + p.totalCents, 0),
    charges_count: outcome.proposals.filter(isNew).length,
    contracts_billed: new Set(outcome.proposals.filter(isNew).map((p) => p.contractId)).size,
    charges: outcome.proposals.map((p) => ({
      contract_id: p.contractId,
      ...label(p.contractId),
      period_key: p.periodKey,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      billing_date: p.billingDate,
      catch_up: p.billingDate < input.reference_date,
      issue_date: p.issueDate,
      due_date: p.dueDate,
      total_cents: p.totalCents,
      already_billed: !isNew(p),
      lines: p.lines.map((l) => ({
        contract_item_id: l.contractItemId,
        service_id: l.serviceId,
        kind: l.kind,
        description: l.description,
        quantity: l.quantity,
        unit_price_cents: l.unitPriceCents,
        amount_cents: l.amountCents,
        billable_days: l.billableDays,
        period_days: l.periodDays,
      })),
    })),
    skipped: outcome.skips.length,
    skipped_by_reason: countByReason(outcome.skips),
    skipped_contracts: outcome.skips.map((k) => ({ ...presentSkip(k), ...label(k.contract_id) })),
    unbilled_past: {
      contracts: outcome.unbilledPast.contracts,
      periods: outcome.unbilledPast.periods,
      total_cents: outcome.unbilledPast.cents,
    },
    errors: outcome.errors.map((e) => ({ contract_id: e.contractId, ...label(e.contractId), code: e.code, message: e.message })),
  };
}
