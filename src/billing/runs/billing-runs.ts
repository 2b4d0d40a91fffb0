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
import { isUuid, uuidv7 } from '../../platform/ids.ts';
import type { Scope } from '../../platform/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordEvent, recordEvents } from '../../platform/events.ts';
import { nextNumbers } from '../../platform/counters.ts';
import { enqueueJob, type JobHandler } from '../../platform/jobs.ts';
import { loadConfig } from '../../platform/config.ts';
import { calculateCharge, periodDueOn, type BillingPeriod, type ProposedCharge } from '../calculate/index.ts';
import { listBillableContractIds } from '../../contracts/snapshot.ts';
import { loadContractsForBilling, snapshotAt, type ContractBillingData } from '../../contracts/billing-data.ts';
import { deriveStatus } from '../../charges/status.ts';
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
export async function createBillingRun(tx: Tx, scope: Scope, input: { reference_date: string; trigger?: 'api' | 'scheduler' | 'cli' | 'console' }): Promise<BillingRun | null> {
  const id = uuidv7();
  const row = await q.insertRun(tx, scope.tenantId, {
    id,
    number: await nextNumbers(tx, scope.tenantId, 'billing_run'),
    reference_date: input.reference_date,
    trigger: input.trigger ?? 'api',
    actor_type: scope.actor.type,
    actor_id: scope.actor.id,
  }, scope.now);
  if (!row) return null; // the scheduler's run of that day already exists
  await enqueueJob(tx, { tenantId: scope.tenantId, queue: BILLING_QUEUE, id: jobId(id, 'plan'), payload: { step: 'plan', runId: id, actor: scope.actor }, at: scope.now });
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
  if (!run || run.status !== 'queued') return;
  const chunks: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const ids = await listBillableContractIds(db, tenantId, { afterId: after, limit: chunkSize, asOf: run.reference_date });
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
      await enqueueJob(tx, { tenantId, queue: BILLING_QUEUE, id: jobId(runId, `chunk-${index}`), payload: { step: 'chunk', runId, index, ids, actor }, at: now });
    }
    if (chunks.length === 0) await finishRunEvent(tx, tenantId, started, actor, now);
  });
}

async function finishRunEvent(tx: Tx, tenantId: string, run: q.BillingRunRow, actor: Scope['actor'], now: Date): Promise<void> {
  await recordEvent(tx, { tenantId, accountId: tenantId, mode: 'live', actor, now }, { type: 'billing_run.finished', resourceType: 'billing_run', resourceId: run.id, after: presentRun(run) });
}

export interface ChunkOutcome {
  proposals: ProposedCharge[];
  skipped: number;
  errors: { contractId: string; code: string; message: string }[];
}

/** The period each contract must be billed for on the reference date (pure). */
export function duePeriods(contracts: ContractBillingData[], referenceDate: string): { due: Map<string, BillingPeriod>; skipped: number; errors: ChunkOutcome['errors'] } {
  const due = new Map<string, BillingPeriod>();
  const errors: ChunkOutcome['errors'] = [];
  let skipped = 0;
  for (const c of contracts) {
    try {
      const period = periodDueOn(snapshotAt(c, referenceDate, { allItems: true }), referenceDate);
      if (period) due.set(c.id, period);
      else skipped++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      errors.push({ contractId: c.id, code: err.code, message: err.message });
    }
  }
  return { due, skipped, errors };
}

/** The pure part of a chunk: the charge of each contract whose period is due. */
export function proposeCharges(
  contracts: ContractBillingData[],
  referenceDate: string,
  usageOf: (contractId: string) => { contractItemId: string; quantity: string }[],
  periods: ReturnType<typeof duePeriods> = duePeriods(contracts, referenceDate),
): ChunkOutcome {
  const { due, skipped, errors } = periods;
  const out: ChunkOutcome = { proposals: [], skipped, errors };
  for (const c of contracts) {
    const period = due.get(c.id);
    if (!period) continue;
    try {
      const proposed = calculateCharge({ contract: snapshotAt(c, period.start), period, usage: usageOf(c.id), issueDate: referenceDate });
      if (proposed) out.proposals.push(proposed);
      else out.skipped++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.errors.push({ contractId: c.id, code: err.code, message: err.message });
    }
  }
  return out;
}

function groupUsage(rows: { contract_id: string; contract_item_id: string; quantity: string }[]) {
  const byContract = new Map<string, { contractItemId: string; quantity: string }[]>();
  for (const u of rows) (byContract.get(u.contract_id) ?? byContract.set(u.contract_id, []).get(u.contract_id)!).push({ contractItemId: u.contract_item_id, quantity: u.quantity });
  return (contractId: string) => byContract.get(contractId) ?? [];
}

function periodList(due: Map<string, BillingPeriod>) {
  return [...due].map(([contractId, p]) => ({ contractId, start: p.start, end: p.end }));
}

async function processChunk(db: Db, tenantId: string, runId: string, index: number, ids: string[], actor: Scope['actor'], today: string, now: Date): Promise<void> {
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

    // Periods first (pure), then their usage in one query, then the charges (pure).
    const periods = duePeriods(contracts, run.reference_date);
    const usage = await q.usageTotals(tx, tenantId, periodList(periods.due));
    const outcome = proposeCharges(contracts, run.reference_date, groupUsage(usage), periods);

    const first = outcome.proposals.length ? await nextNumbers(tx, tenantId, 'charge', outcome.proposals.length) : 0;
    const bulk: q.BulkCharge[] = outcome.proposals.map((p, i) => ({
      id: uuidv7(),
      number: first + i,
      customer_id: p.customerId,
      contract_id: p.contractId,
      period_key: p.periodKey,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      amount_cents: p.totalCents,
      issue_date: p.issueDate,
      due_date: p.dueDate,
      status: deriveStatus({ cancelled: false, dueDate: p.dueDate, today, paidCents: 0, remainingCents: p.totalCents }),
      payment_method: paymentMethod.get(p.contractId) ?? 'boleto',
      description: `Faturamento ${p.periodStart.split('-').reverse().join('/')} a ${p.periodEnd.split('-').reverse().join('/')}`,
    }));
    const inserted = await q.insertCharges(tx, tenantId, runId, bulk, now);
    const insertedIds = new Set(inserted.map((r) => r.id));
    const created = bulk.filter((b) => insertedIds.has(b.id));
    const proposalOf = new Map(outcome.proposals.map((p) => [p.contractId, p]));
    await q.insertLines(
      tx,
      tenantId,
      created.flatMap((c) =>
        proposalOf.get(c.contract_id)!.lines.map((l, i) => ({
          charge_id: c.id,
          position: i + 1,
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
      ),
    );
    await q.insertStatusRows(tx, tenantId, created.map((c) => ({ id: uuidv7(), charge_id: c.id, to_status: c.status })), actor, now);
    await recordEvents(
      tx,
      scope,
      created.map((c) => ({ type: 'charge.created', resourceType: 'charge', resourceId: c.id, after: { ...c, origin: 'billing_run', billing_run_id: runId } })),
    );
    // Freeze the usage of every period that now has its charge (ours or one billed earlier).
    const chargeOf = new Map(created.map((c) => [`${c.contract_id}|${c.period_key}`, c.id]));
    const billedBefore = outcome.proposals.filter((p) => !chargeOf.has(`${p.contractId}|${p.periodKey}`));
    for (const [key, id] of await q.existingChargeIds(tx, tenantId, billedBefore.map((p) => ({ contractId: p.contractId, periodKey: p.periodKey })))) chargeOf.set(key, id);
    await q.freezeUsageBulk(
      tx,
      tenantId,
      outcome.proposals.map((p) => ({ contractId: p.contractId, periodKey: p.periodKey, start: p.periodStart, end: p.periodEnd, chargeId: chargeOf.get(`${p.contractId}|${p.periodKey}`) ?? null })),
      now,
    );
    await q.insertRunErrors(tx, tenantId, runId, outcome.errors, now);
    const after = await q.addChunkResult(tx, tenantId, runId, {
      processed: ids.length,
      created: created.length,
      existing: outcome.proposals.length - created.length,
      skipped: outcome.skipped,
      errors: outcome.errors.length,
      cents: created.reduce((s, c) => s + c.amount_cents, 0),
    }, now);
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

/** Dry run: what a run on `referenceDate` would bill, without writing anything. */
export async function previewBilling(db: Queryable, scope: Scope, input: { reference_date: string; after?: string; limit: number }) {
  const ids = await listBillableContractIds(db, scope.tenantId, { afterId: input.after ?? null, limit: input.limit, asOf: input.reference_date });
  const contracts = await loadContractsForBilling(db, scope.tenantId, ids);
  const periods = duePeriods(contracts, input.reference_date);
  const usage = await q.usageTotals(db, scope.tenantId, periodList(periods.due));
  const outcome = proposeCharges(contracts, input.reference_date, groupUsage(usage), periods);
  const billed = await q.existingChargeIds(db, scope.tenantId, outcome.proposals.map((p) => ({ contractId: p.contractId, periodKey: p.periodKey })));
  return {
    reference_date: input.reference_date,
    contracts_examined: ids.length,
    next_cursor: ids.length === input.limit ? ids[ids.length - 1] : null,
    total_cents: outcome.proposals.filter((p) => !billed.has(`${p.contractId}|${p.periodKey}`)).reduce((s, p) => s + p.totalCents, 0),
    charges: outcome.proposals.map((p) => ({
      contract_id: p.contractId,
      customer_id: p.customerId,
      period_key: p.periodKey,
      period_start: p.periodStart,
      period_end: p.periodEnd,
      issue_date: p.issueDate,
      due_date: p.dueDate,
      total_cents: p.totalCents,
      already_billed: billed.has(`${p.contractId}|${p.periodKey}`),
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
    skipped: outcome.skipped,
    errors: outcome.errors.map((e) => ({ contract_id: e.contractId, code: e.code, message: e.message })),
  };
}
