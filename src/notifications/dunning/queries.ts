// The only file of the dunning schedule that speaks SQL. Every statement is scoped by tenant_id.
// It writes dunning_schedules, dunning_assignments and dunning_step_runs; it only reads charges,
// contracts, customers and tenants.
import type { Queryable } from '../../platform/db/types.ts';
import type { DunningStep } from './steps.ts';
import type { Database } from '../../platform/db/schema.generated.ts';

export type ScheduleRow = Omit<Database['dunning_schedules'], 'tenant_id' | 'steps'> & {
  // narrower than the jsonb column: the shape this capability writes
  steps: DunningStep[];
};

const SCHEDULE_COLS = `id, name, is_default, day_kind, to_char(quiet_start, 'HH24:MI') AS quiet_start, to_char(quiet_end, 'HH24:MI') AS quiet_end, steps, created_at, updated_at`;

export interface ScheduleValues {
  name: string;
  is_default: boolean;
  day_kind: string;
  quiet_start: string | null;
  quiet_end: string | null;
  steps: DunningStep[];
}

export async function listSchedules(q: Queryable, tenantId: string): Promise<ScheduleRow[]> {
  const { rows } = await q.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLS} FROM dunning_schedules WHERE tenant_id = $1 ORDER BY is_default DESC, name, id`,
    [tenantId],
  );
  return rows;
}

export async function findSchedule(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ScheduleRow | null> {
  const { rows } = await q.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLS} FROM dunning_schedules WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function findDefaultSchedule(q: Queryable, tenantId: string): Promise<ScheduleRow | null> {
  const { rows } = await q.query<ScheduleRow>(`SELECT ${SCHEDULE_COLS} FROM dunning_schedules WHERE tenant_id = $1 AND is_default`, [
    tenantId,
  ]);
  return rows[0] ?? null;
}

/** Un-defaults the tenant's default schedule (other than `exceptId`); returns the ids changed. */
export async function clearDefault(q: Queryable, tenantId: string, exceptId: string | null, now: Date): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE dunning_schedules SET is_default = false, updated_at = $3 WHERE tenant_id = $1 AND is_default AND id IS DISTINCT FROM $2 RETURNING id`,
    [tenantId, exceptId, now.toISOString()],
  );
  return rows.map((r) => r.id);
}

export async function insertSchedule(q: Queryable, tenantId: string, id: string, v: ScheduleValues, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO dunning_schedules (tenant_id, id, name, is_default, day_kind, quiet_start, quiet_end, steps, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::time, $7::time, $8::jsonb, $9, $9)`,
    [tenantId, id, v.name, v.is_default, v.day_kind, v.quiet_start, v.quiet_end, JSON.stringify(v.steps), now.toISOString()],
  );
}

export async function updateSchedule(q: Queryable, tenantId: string, id: string, v: ScheduleValues, now: Date): Promise<void> {
  await q.query(
    `UPDATE dunning_schedules SET name = $3, is_default = $4, day_kind = $5, quiet_start = $6::time, quiet_end = $7::time, steps = $8::jsonb, updated_at = $9
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, v.name, v.is_default, v.day_kind, v.quiet_start, v.quiet_end, JSON.stringify(v.steps), now.toISOString()],
  );
}

/** Deletes a schedule; the assignments that named it fall back (their schedule_id becomes null, by the foreign key). */
export async function deleteSchedule(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await q.query('DELETE FROM dunning_schedules WHERE tenant_id = $1 AND id = $2 RETURNING 1', [tenantId, id]);
  return rows.length > 0;
}

export async function countAssignmentsOf(q: Queryable, tenantId: string, scheduleId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM dunning_assignments WHERE tenant_id = $1 AND schedule_id = $2',
    [tenantId, scheduleId],
  );
  return rows[0].n;
}

// ---- assignments -------------------------------------------------------------------------------

export type TargetType = 'customer' | 'contract';

export type AssignmentRow = Omit<Database['dunning_assignments'], 'tenant_id'>;

const ASSIGNMENT_COLS = 'target_type, target_id, schedule_id, paused, paused_reason, created_at, updated_at';

export async function findAssignment(
  q: Queryable,
  tenantId: string,
  type: TargetType,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<AssignmentRow | null> {
  const { rows } = await q.query<AssignmentRow>(
    `SELECT ${ASSIGNMENT_COLS} FROM dunning_assignments WHERE tenant_id = $1 AND target_type = $2 AND target_id = $3${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, type, id],
  );
  return rows[0] ?? null;
}

export async function upsertAssignment(
  q: Queryable,
  tenantId: string,
  type: TargetType,
  id: string,
  v: { schedule_id: string | null; paused: boolean; paused_reason: string | null },
  now: Date,
): Promise<AssignmentRow> {
  const { rows } = await q.query<AssignmentRow>(
    `INSERT INTO dunning_assignments (tenant_id, target_type, target_id, schedule_id, paused, paused_reason, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (tenant_id, target_type, target_id) DO UPDATE SET schedule_id = EXCLUDED.schedule_id, paused = EXCLUDED.paused,
       paused_reason = EXCLUDED.paused_reason, updated_at = EXCLUDED.updated_at
     RETURNING ${ASSIGNMENT_COLS}`,
    [tenantId, type, id, v.schedule_id, v.paused, v.paused_reason, now.toISOString()],
  );
  return rows[0];
}

/** The assignments of these customers and contracts, in one round trip. */
export async function assignmentsFor(
  q: Queryable,
  tenantId: string,
  customerIds: string[],
  contractIds: string[],
): Promise<AssignmentRow[]> {
  if (!customerIds.length && !contractIds.length) return [];
  const { rows } = await q.query<AssignmentRow>(
    `SELECT ${ASSIGNMENT_COLS} FROM dunning_assignments
     WHERE tenant_id = $1 AND ((target_type = 'customer' AND target_id = ANY($2::uuid[])) OR (target_type = 'contract' AND target_id = ANY($3::uuid[])))`,
    [tenantId, customerIds, contractIds],
  );
  return rows;
}

// ---- what the schedule reads -------------------------------------------------------------------

export async function tenantCountry(q: Queryable, tenantId: string): Promise<string> {
  const { rows } = await q.query<{ country: string }>('SELECT country FROM tenants WHERE id = $1', [tenantId]);
  return rows[0]?.country?.trim() || 'BR';
}

export async function customerExists(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows.length > 0;
}

export async function contractCustomer(
  q: Queryable,
  tenantId: string,
  id: string,
): Promise<{ id: string; customer_id: string; status: string } | null> {
  const { rows } = await q.query<{ id: string; customer_id: string; status: string }>(
    'SELECT id, customer_id, status FROM contracts WHERE tenant_id = $1 AND id = $2',
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export interface DunningCharge {
  id: string;
  number: number;
  customer_id: string;
  contract_id: string | null;
  contract_status: string | null;
  issue_date: string;
  due_date: string;
  status: string;
}

const CHARGE_COLS = `ch.id, ch.number, ch.customer_id, ch.contract_id, ct.status AS contract_status, ch.issue_date, ch.due_date, ch.status`;
const CHARGE_FROM = `charges ch LEFT JOIN contracts ct ON ct.tenant_id = ch.tenant_id AND ct.id = ch.contract_id`;

/** The next batch of open charges (open, partially paid, overdue) due within [from, to], by id. */
export async function openChargesDueBetween(
  q: Queryable,
  tenantId: string,
  from: string,
  to: string,
  afterId: string | null,
  limit: number,
): Promise<DunningCharge[]> {
  const { rows } = await q.query<DunningCharge>(
    `SELECT ${CHARGE_COLS} FROM ${CHARGE_FROM}
     WHERE ch.tenant_id = $1 AND ch.status IN ('open', 'partially_paid', 'overdue') AND ch.due_date BETWEEN $2::date AND $3::date
       AND ($4::uuid IS NULL OR ch.id > $4::uuid)
     ORDER BY ch.id LIMIT $5`,
    [tenantId, from, to, afterId, limit],
  );
  return rows;
}

/** These charges (unknown ids are absent), locked so that a payment cannot change them under a step. */
export async function chargesByIds(
  q: Queryable,
  tenantId: string,
  ids: string[],
  opts: { forUpdate?: boolean } = {},
): Promise<DunningCharge[]> {
  if (!ids.length) return [];
  const { rows } = await q.query<DunningCharge>(
    `SELECT ${CHARGE_COLS} FROM ${CHARGE_FROM} WHERE ch.tenant_id = $1 AND ch.id = ANY($2::uuid[])${opts.forUpdate ? ' FOR UPDATE OF ch' : ''}`,
    [tenantId, ids],
  );
  return rows;
}

// ---- step runs ---------------------------------------------------------------------------------

export type StepRunRow = Omit<Database['dunning_step_runs'], 'tenant_id' | 'detail'> & {
  // narrower than the jsonb column: the shape this capability writes
  detail: Record<string, unknown>;
};

/** Claims a step on a charge: the row, or null when it was taken before (the unique key). */
export async function claimStepRun(
  q: Queryable,
  tenantId: string,
  r: {
    charge_id: string;
    step_key: string;
    schedule_id: string | null;
    action: string;
    step_date: string;
    outcome: string;
    detail: Record<string, unknown>;
  },
  now: Date,
): Promise<boolean> {
  const { rows } = await q.query(
    `INSERT INTO dunning_step_runs (tenant_id, charge_id, step_key, schedule_id, action, step_date, outcome, detail, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8::jsonb, $9)
     ON CONFLICT (tenant_id, charge_id, step_key) DO NOTHING RETURNING 1`,
    [tenantId, r.charge_id, r.step_key, r.schedule_id, r.action, r.step_date, r.outcome, JSON.stringify(r.detail), now.toISOString()],
  );
  return rows.length > 0;
}

export async function setStepOutcome(
  q: Queryable,
  tenantId: string,
  chargeId: string,
  stepKey: string,
  outcome: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await q.query(`UPDATE dunning_step_runs SET outcome = $4, detail = $5::jsonb WHERE tenant_id = $1 AND charge_id = $2 AND step_key = $3`, [
    tenantId,
    chargeId,
    stepKey,
    outcome,
    JSON.stringify(detail),
  ]);
}

export async function stepRunsOf(q: Queryable, tenantId: string, chargeId: string): Promise<StepRunRow[]> {
  const { rows } = await q.query<StepRunRow>(
    `SELECT charge_id, step_key, schedule_id, action, step_date, outcome, detail, created_at
     FROM dunning_step_runs WHERE tenant_id = $1 AND charge_id = $2 ORDER BY step_date, created_at, step_key`,
    [tenantId, chargeId],
  );
  return rows;
}

// ---- flags (protest / credit bureau) -----------------------------------------------------------

export type FlagRow = Pick<Database['charges'], 'customer_id' | 'amount_cents' | 'due_date' | 'status'> &
  Pick<Database['dunning_step_runs'], 'step_key'> & {
    charge_id: Database['charges']['id'];
    charge_number: Database['charges']['number'];
    customer_name: Database['customers']['name'];
    customer_document: Database['customers']['document'];
    customer_document_kind: Database['customers']['document_kind'];
    balance_cents: number;
    flagged_at: Database['dunning_step_runs']['created_at'];
  };

/**
 * Charges flagged for protest that are still open (a charge paid or cancelled since leaves the list),
 * once each (its first flag), newest flag first.
 */
export async function listFlags(
  q: Queryable,
  tenantId: string,
  limit: number,
  offset: number,
): Promise<{ rows: FlagRow[]; total: number }> {
  const from = `(SELECT DISTINCT ON (charge_id) tenant_id, charge_id, step_key, created_at FROM dunning_step_runs
       WHERE tenant_id = $1 AND action = 'flag_protest' AND outcome = 'flagged' ORDER BY charge_id, created_at, step_key) r
     JOIN charges ch ON ch.tenant_id = r.tenant_id AND ch.id = r.charge_id
     JOIN customers cu ON cu.tenant_id = ch.tenant_id AND cu.id = ch.customer_id
     WHERE ch.status IN ('open', 'partially_paid', 'overdue')`;
  const { rows } = await q.query<FlagRow>(
    `SELECT ch.id AS charge_id, ch.number AS charge_number, cu.id AS customer_id, cu.name AS customer_name, cu.document AS customer_document,
       cu.document_kind AS customer_document_kind, ch.amount_cents, greatest(ch.amount_cents - ch.paid_cents, 0) AS balance_cents,
       ch.due_date, ch.status, r.step_key, r.created_at AS flagged_at
     FROM ${from}
     ORDER BY r.created_at DESC, ch.number DESC LIMIT $2 OFFSET $3`,
    [tenantId, limit, offset],
  );
  const { rows: count } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, [tenantId]);
  return { rows, total: count[0].n };
}

/** How many messages of a step were queued and skipped, per charge (reads the outbox written by queueMessages). */
export async function messageCountsByCharge(
  q: Queryable,
  tenantId: string,
  stepKey: string,
): Promise<Map<string, { queued: number; skipped: number }>> {
  const { rows } = await q.query<{ charge_id: string; queued: number; skipped: number }>(
    `SELECT charge_id, count(*) FILTER (WHERE status <> 'skipped')::int AS queued, count(*) FILTER (WHERE status = 'skipped')::int AS skipped
     FROM notification_messages WHERE tenant_id = $1 AND step_key = $2 GROUP BY charge_id`,
    [tenantId, stepKey],
  );
  return new Map(rows.map((r) => [r.charge_id, { queued: r.queued, skipped: r.skipped }]));
}
