// Dunning schedules and their assignments: use cases (tx | db, scope, input) → plain data, and the
// one rule of precedence — which schedule applies to a charge (docs/dunning.md).
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { DomainError, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { isUuid, uuidv7 } from '../../platform/ids.ts';
import type { Scope } from '../../platform/scope.ts';
import { recordEvent } from '../../platform/events.ts';
import * as q from './queries.ts';
import { DEFAULT_SCHEDULE, normalizeSchedule, stepKey, validateSchedule, type Schedule } from './steps.ts';
import type {
  AssignmentInput,
  AssignmentView,
  EffectiveSchedule,
  Schedule as ScheduleView,
  ScheduleBody,
  ScheduleCreate,
  SchedulePatch,
} from './schemas.ts';

function invalid(issues: ErrorDetail[], what = 'The dunning schedule'): DomainError {
  return new DomainError('validation_failed', `${what} is invalid: ` + issues.map((i) => `${i.field} ${i.issue}`).join('; '), issues);
}

export function presentBody(s: Schedule): ScheduleBody {
  return {
    day_kind: s.day_kind,
    quiet_start: s.quiet_start,
    quiet_end: s.quiet_end,
    steps: s.steps.map((st) => ({
      key: stepKey(st),
      offset_days: st.offset_days,
      action: st.action,
      event: st.event ?? null,
      channels: [...st.channels],
    })),
  };
}

export function scheduleOf(row: q.ScheduleRow): Schedule {
  return { day_kind: row.day_kind, quiet_start: row.quiet_start, quiet_end: row.quiet_end, steps: row.steps };
}

export function presentSchedule(row: q.ScheduleRow): ScheduleView {
  return {
    id: row.id,
    name: row.name,
    is_default: row.is_default,
    ...presentBody(scheduleOf(row)),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The built-in schedule, as the API shows it. */
export function defaultTemplate() {
  return presentBody(DEFAULT_SCHEDULE);
}

async function resolveSchedule(db: Queryable, scope: Scope, id: string, opts: { forUpdate?: boolean } = {}): Promise<q.ScheduleRow> {
  const row = isUuid(id) ? await q.findSchedule(db, scope.tenantId, id, opts) : null;
  if (!row) throw notFound('Dunning schedule');
  return row;
}

/** Checks a whole schedule (name + body); returns the values to store. */
function valuesOf(input: ScheduleCreate): q.ScheduleValues {
  const issues: ErrorDetail[] = [];
  const name = input.name.trim();
  if (!name) issues.push({ field: 'name', issue: 'must not be blank' });
  issues.push(...validateSchedule(input));
  if (issues.length) throw invalid(issues);
  const s = normalizeSchedule(input);
  return {
    name,
    is_default: input.is_default ?? false,
    day_kind: s.day_kind,
    quiet_start: s.quiet_start,
    quiet_end: s.quiet_end,
    steps: s.steps,
  };
}

/** Making a schedule the default un-defaults the other one (and says so in its own event). */
async function takeDefault(tx: Tx, scope: Scope, selfId: string | null): Promise<void> {
  for (const id of await q.clearDefault(tx, scope.tenantId, selfId, scope.now)) {
    await recordEvent(tx, scope, {
      type: 'dunning_schedule.updated',
      resourceType: 'dunning_schedule',
      resourceId: id,
      data: { is_default: false, reason: 'another schedule became the default', new_default_id: selfId },
    });
  }
}

export async function createSchedule(tx: Tx, scope: Scope, input: ScheduleCreate): Promise<ScheduleView> {
  const values = valuesOf(input);
  const id = uuidv7();
  if (values.is_default) await takeDefault(tx, scope, id);
  await q.insertSchedule(tx, scope.tenantId, id, values, scope.now);
  const created = presentSchedule((await q.findSchedule(tx, scope.tenantId, id))!);
  await recordEvent(tx, scope, { type: 'dunning_schedule.created', resourceType: 'dunning_schedule', resourceId: id, after: created });
  return created;
}

export async function listSchedules(db: Queryable, scope: Scope): Promise<{ data: ScheduleView[] }> {
  return { data: (await q.listSchedules(db, scope.tenantId)).map(presentSchedule) };
}

export async function getSchedule(db: Queryable, scope: Scope, id: string): Promise<ScheduleView> {
  return presentSchedule(await resolveSchedule(db, scope, id));
}

/** Changes the fields sent, then validates the whole schedule. Steps keep their keys, so steps already taken are not taken again. */
export async function updateSchedule(tx: Tx, scope: Scope, id: string, patch: SchedulePatch): Promise<ScheduleView> {
  const row = await resolveSchedule(tx, scope, id, { forUpdate: true });
  const before = presentSchedule(row);
  const values = valuesOf({
    name: patch.name ?? row.name,
    is_default: patch.is_default ?? row.is_default,
    day_kind: patch.day_kind ?? row.day_kind,
    quiet_start: patch.quiet_start !== undefined ? patch.quiet_start : row.quiet_start,
    quiet_end: patch.quiet_end !== undefined ? patch.quiet_end : row.quiet_end,
    steps: (patch.steps ?? row.steps) as ScheduleCreate['steps'],
  });
  if (values.is_default && !row.is_default) await takeDefault(tx, scope, row.id);
  await q.updateSchedule(tx, scope.tenantId, row.id, values, scope.now);
  const after = presentSchedule((await q.findSchedule(tx, scope.tenantId, row.id))!);
  await recordEvent(tx, scope, { type: 'dunning_schedule.updated', resourceType: 'dunning_schedule', resourceId: row.id, before, after });
  return after;
}

/** Deletes a schedule; customers and contracts assigned to it fall back to the next level (their pause stays). */
export async function deleteSchedule(tx: Tx, scope: Scope, id: string): Promise<ScheduleView> {
  const row = await resolveSchedule(tx, scope, id, { forUpdate: true });
  const before = presentSchedule(row);
  const assignments = await q.countAssignmentsOf(tx, scope.tenantId, row.id);
  await q.deleteSchedule(tx, scope.tenantId, row.id);
  await recordEvent(tx, scope, {
    type: 'dunning_schedule.deleted',
    resourceType: 'dunning_schedule',
    resourceId: row.id,
    before,
    data: { assignments_released: assignments },
  });
  return before;
}

// ---- which schedule applies ---------------------------------------------------------------------

export interface Effective {
  source: 'contract' | 'customer' | 'tenant' | 'built_in';
  schedule_id: string | null;
  name: string | null;
  schedule: Schedule;
  paused: boolean;
  paused_by: 'customer' | 'contract' | null;
  paused_reason: string | null;
}

/** What resolution needs, loaded once (per tick batch or per request). */
export interface ResolutionData {
  schedules: Map<string, q.ScheduleRow>;
  tenantDefault: q.ScheduleRow | null;
  assignments: Map<string, q.AssignmentRow>;
}

export async function loadResolutionData(
  db: Queryable,
  scope: Scope,
  customerIds: string[],
  contractIds: string[],
): Promise<ResolutionData> {
  const rows = await q.listSchedules(db, scope.tenantId);
  const assignments = await q.assignmentsFor(db, scope.tenantId, [...new Set(customerIds)], [...new Set(contractIds)]);
  return {
    schedules: new Map(rows.map((r) => [r.id, r])),
    tenantDefault: rows.find((r) => r.is_default) ?? null,
    assignments: new Map(assignments.map((a) => [`${a.target_type}:${a.target_id}`, a])),
  };
}

/** contract assignment's schedule > customer assignment's schedule > tenant default > built-in; paused on either → paused. */
export function resolveEffective(data: ResolutionData, target: { customer_id: string; contract_id: string | null }): Effective {
  const contract = target.contract_id ? (data.assignments.get(`contract:${target.contract_id}`) ?? null) : null;
  const customer = data.assignments.get(`customer:${target.customer_id}`) ?? null;
  const pausedBy = contract?.paused ? 'contract' : customer?.paused ? 'customer' : null;
  const pause = {
    paused: pausedBy !== null,
    paused_by: pausedBy,
    paused_reason: pausedBy === 'contract' ? contract!.paused_reason : pausedBy === 'customer' ? customer!.paused_reason : null,
  } as const;
  const pick = (row: q.ScheduleRow | undefined | null, source: Effective['source']): Effective | null =>
    row ? { source, schedule_id: row.id, name: row.name, schedule: scheduleOf(row), ...pause } : null;
  return (
    pick(contract?.schedule_id ? data.schedules.get(contract.schedule_id) : null, 'contract') ??
    pick(customer?.schedule_id ? data.schedules.get(customer.schedule_id) : null, 'customer') ??
    pick(data.tenantDefault, 'tenant') ?? { source: 'built_in', schedule_id: null, name: null, schedule: DEFAULT_SCHEDULE, ...pause }
  );
}

export function presentEffective(e: Effective): EffectiveSchedule {
  return {
    source: e.source,
    schedule_id: e.schedule_id,
    name: e.name,
    paused: e.paused,
    paused_by: e.paused_by,
    paused_reason: e.paused_reason,
    schedule: presentBody(e.schedule),
  };
}

export async function effectiveFor(
  db: Queryable,
  scope: Scope,
  target: { customer_id: string; contract_id: string | null },
): Promise<Effective> {
  const data = await loadResolutionData(db, scope, [target.customer_id], target.contract_id ? [target.contract_id] : []);
  return resolveEffective(data, target);
}

// ---- assignments --------------------------------------------------------------------------------

type TargetType = q.TargetType;

async function resolveTarget(
  db: Queryable,
  scope: Scope,
  type: TargetType,
  ref: string,
): Promise<{ customer_id: string; contract_id: string | null }> {
  if (type === 'customer') {
    if (!isUuid(ref) || !(await q.customerExists(db, scope.tenantId, ref))) throw notFound('Customer');
    return { customer_id: ref, contract_id: null };
  }
  const c = isUuid(ref) ? await q.contractCustomer(db, scope.tenantId, ref) : null;
  if (!c) throw notFound('Contract');
  return { customer_id: c.customer_id, contract_id: c.id };
}

function presentAssignment(type: TargetType, id: string, row: q.AssignmentRow | null, effective: Effective): AssignmentView {
  return {
    target_type: type,
    target_id: id,
    schedule_id: row?.schedule_id ?? null,
    paused: row?.paused ?? false,
    paused_reason: row?.paused_reason ?? null,
    updated_at: row?.updated_at ?? null,
    effective: presentEffective(effective),
  };
}

export async function getAssignment(db: Queryable, scope: Scope, type: TargetType, ref: string): Promise<AssignmentView> {
  const target = await resolveTarget(db, scope, type, ref);
  const id = type === 'customer' ? target.customer_id : target.contract_id!;
  const row = await q.findAssignment(db, scope.tenantId, type, id);
  return presentAssignment(type, id, row, await effectiveFor(db, scope, target));
}

/**
 * Sets a customer's or contract's own schedule and/or pause; fields not sent keep their value
 * (un-pausing clears the reason). Records `customer.dunning_updated` or
 * `contract.dunning_updated`.
 */
export async function setAssignment(tx: Tx, scope: Scope, type: TargetType, ref: string, input: AssignmentInput): Promise<AssignmentView> {
  const target = await resolveTarget(tx, scope, type, ref);
  const id = type === 'customer' ? target.customer_id : target.contract_id!;
  const current = await q.findAssignment(tx, scope.tenantId, type, id, { forUpdate: true });
  const before = presentAssignment(type, id, current, await effectiveFor(tx, scope, target));
  const scheduleId = input.schedule_id !== undefined ? input.schedule_id : (current?.schedule_id ?? null);
  if (scheduleId !== null && !(await q.findSchedule(tx, scope.tenantId, scheduleId))) {
    throw invalid([{ field: 'schedule_id', issue: 'no dunning schedule with this id' }], 'The dunning assignment');
  }
  const paused = input.paused ?? current?.paused ?? false;
  const reason = !paused
    ? null
    : input.paused_reason !== undefined
      ? input.paused_reason?.trim() || null
      : (current?.paused_reason ?? null);
  const row = await q.upsertAssignment(tx, scope.tenantId, type, id, { schedule_id: scheduleId, paused, paused_reason: reason }, scope.now);
  const after = presentAssignment(type, id, row, await effectiveFor(tx, scope, target));
  await recordEvent(tx, scope, { type: `${type}.dunning_updated`, resourceType: type, resourceId: id, before, after });
  return after;
}
