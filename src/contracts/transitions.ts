// The state machine actions. Each locks the contract, asks the pure table (state-machine.ts) for
// the next status, applies the action's own rules, and records the transition (who, when, from,
// to, reason, effective date) and an event, all in the caller's transaction.
import type { Db, Tx } from '../platform/db/types.ts';
import { DomainError, type ErrorCode, type ErrorDetail } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { addDays } from '../platform/dates.ts';
import * as q from './queries.ts';
import { currentPeriod, presentContract } from './present-contract.ts';
import { nextStatus, type ContractAction } from './state-machine.ts';
import type { CancelBody, Contract, ResumeBody, SuspendBody } from './schemas.ts';
import { reload, resolveContract, type Opts } from './contract-lookup.ts';

const EVENT: Record<ContractAction, string> = {
  activate: 'contract.activated',
  deactivate: 'contract.deactivated',
  suspend: 'contract.suspended',
  resume: 'contract.resumed',
  cancel: 'contract.cancelled',
};

export async function recordTransition(
  tx: Tx,
  scope: Scope,
  contractId: string,
  action: string,
  from: string | null,
  to: string,
  reason: string | null,
  effectiveDate: string | null,
): Promise<void> {
  await q.insertTransition(
    tx,
    scope.tenantId,
    contractId,
    {
      id: uuidv7(),
      action,
      from_status: from,
      to_status: to,
      reason,
      effective_date: effectiveDate,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
      request_id: scope.requestId ?? null,
    },
    scope.now,
  );
}

function bad(field: string, issue: string): DomainError {
  return new DomainError('validation_failed', `Invalid value for ${field}: ${issue}`, [{ field, issue }]);
}

/** Customer must be active for the contract to become active (activate, resume). */
function assertCustomerActive(row: q.ContractRow): void {
  if (!row.customer.active) {
    throw new DomainError(
      'conflict',
      `The customer #${row.customer.number} is deactivated: reactivate the customer before activating its contracts`,
      [{ field: 'customer_id', issue: 'customer is deactivated' }],
      { reason: 'customer_inactive', customer_id: row.customer_id },
    );
  }
}

async function finish(
  tx: Tx,
  scope: Scope,
  row: q.ContractRow,
  action: ContractAction,
  to: string,
  reason: string | null,
  effective: string | null,
  opts: Opts,
  extra: Record<string, unknown> = {},
): Promise<Contract> {
  const before = presentContract(row, opts.today);
  await recordTransition(tx, scope, row.id, action, row.status, to, reason, effective);
  const after = await reload(tx, scope, row.id, opts.today);
  await recordEvent(tx, scope, {
    type: EVENT[action],
    resourceType: 'contract',
    resourceId: row.id,
    before,
    after,
    data: { reason, effective_date: effective, ...extra },
  });
  return after;
}

export async function activateRow(tx: Tx, scope: Scope, row: q.ContractRow, reason: string | null, opts: Opts): Promise<Contract> {
  const to = nextStatus(row.status, 'activate');
  assertCustomerActive(row);
  await q.setStatus(tx, scope.tenantId, row.id, to, scope.now, { activated: true });
  return finish(tx, scope, row, 'activate', to, reason, opts.today, opts);
}

async function deactivateRow(tx: Tx, scope: Scope, row: q.ContractRow, reason: string | null, opts: Opts): Promise<Contract> {
  const to = nextStatus(row.status, 'deactivate');
  await q.setStatus(tx, scope.tenantId, row.id, to, scope.now);
  return finish(tx, scope, row, 'deactivate', to, reason, opts.today, opts);
}

export async function activateContract(tx: Tx, scope: Scope, ref: string, reason: string | null, opts: Opts): Promise<Contract> {
  return activateRow(tx, scope, await resolveContract(tx, scope, ref, opts.today, { forUpdate: true }), reason, opts);
}

export async function deactivateContract(tx: Tx, scope: Scope, ref: string, reason: string | null, opts: Opts): Promise<Contract> {
  return deactivateRow(tx, scope, await resolveContract(tx, scope, ref, opts.today, { forUpdate: true }), reason, opts);
}

/**
 * active → suspended. start_date (default today) is the first suspended day: not after today and
 * not before the current billing period (earlier periods may have been billed) nor the end of an
 * earlier suspension. An optional end_date is the last suspended day if already known.
 */
export async function suspendContract(tx: Tx, scope: Scope, ref: string, body: SuspendBody, opts: Opts): Promise<Contract> {
  const row = await resolveContract(tx, scope, ref, opts.today, { forUpdate: true });
  const to = nextStatus(row.status, 'suspend');
  const start = body.start_date ?? opts.today;
  const end = body.end_date ?? null;
  if (start > opts.today) throw bad('start_date', `must not be after today (${opts.today})`);
  const period = currentPeriod(row, opts.today);
  if (period && start < period.start) throw bad('start_date', `must not be before the current billing period (${period.start})`);
  const last = row.suspensions[row.suspensions.length - 1];
  if (last?.end_date && start <= last.end_date) throw bad('start_date', `must be after the previous suspension (ended ${last.end_date})`);
  if (end !== null && end < start) throw bad('end_date', 'must not be before start_date');
  const reason = body.reason?.trim() || null;
  await q.insertSuspension(tx, scope.tenantId, uuidv7(), row.id, start, end, reason, scope.now);
  await q.setStatus(tx, scope.tenantId, row.id, to, scope.now);
  return finish(tx, scope, row, 'suspend', to, reason, start, opts, { start_date: start, end_date: end });
}

/** suspended → active. Service restarts on `date` (default today): the suspension ends the day before. */
export async function resumeContract(tx: Tx, scope: Scope, ref: string, body: ResumeBody, opts: Opts): Promise<Contract> {
  const row = await resolveContract(tx, scope, ref, opts.today, { forUpdate: true });
  const to = nextStatus(row.status, 'resume');
  assertCustomerActive(row);
  const date = body.date ?? opts.today;
  const suspension = row.suspensions[row.suspensions.length - 1];
  if (date > opts.today) throw bad('date', `must not be after today (${opts.today})`);
  if (suspension && date < suspension.start_date) throw bad('date', `must not be before the suspension start (${suspension.start_date})`);
  const end = addDays(date, -1);
  // A planned end already past stays as it is (service restarted then); otherwise the suspension ends the day before `date`.
  if (suspension && (suspension.end_date === null || suspension.end_date > end))
    await q.setSuspensionEnd(tx, scope.tenantId, suspension.id, end);
  await q.setStatus(tx, scope.tenantId, row.id, to, scope.now);
  return finish(tx, scope, row, 'resume', to, body.reason?.trim() || null, date, opts);
}

/**
 * The daily tick: a suspension whose planned last day has passed ends by itself — the contract is
 * resumed (an ordinary `resume` transition by the system, from the day after that last day). A
 * contract whose customer is inactive stays suspended until someone resumes it. Each contract in
 * its own transaction; returns how many were resumed.
 */
export async function resumeEndedSuspensions(db: Db, scope: Scope, opts: Opts): Promise<number> {
  let resumed = 0;
  for (const c of await q.suspensionsEndedBefore(db, scope.tenantId, opts.today)) {
    try {
      await db.transaction((tx) =>
        resumeContract(tx, scope, c.id, { date: addDays(c.end_date, 1), reason: 'Fim da suspensão programada' }, opts),
      );
      resumed++;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }
  return resumed;
}

/**
 * any non-cancelled → cancelled (final). The cancellation's effective date is the last day of
 * service: today (immediately) or the last day of the current billing period (end_of_period).
 * A contract that never started (pending, or start date after it) gets the day before its start:
 * it never had service. An inactive contract's service ended the day before it was deactivated.
 */
export async function cancelContract(tx: Tx, scope: Scope, ref: string, body: CancelBody, opts: Opts): Promise<Contract> {
  const row = await resolveContract(tx, scope, ref, opts.today, { forUpdate: true });
  const to = nextStatus(row.status, 'cancel');
  const reason = body.reason.trim();
  if (!reason) throw bad('reason', 'must not be blank');
  const effectiveMode = body.effective ?? 'immediately';
  const noService = addDays(row.start_date, -1);
  let effective: string;
  if (row.status === 'pending' || opts.today < row.start_date) effective = noService;
  else if (row.status === 'inactive') {
    const transitions = await q.listTransitions(tx, scope.tenantId, row.id);
    const lastOff = [...transitions].reverse().find((t) => t.action === 'deactivate');
    effective = lastOff?.effective_date ? addDays(lastOff.effective_date, -1) : opts.today;
  } else if (effectiveMode === 'end_of_period') {
    effective = currentPeriod(row, opts.today)?.end ?? opts.today;
  } else effective = opts.today;
  if (effective < noService) effective = noService;
  // An open (or longer) suspension stops with the service.
  const open = row.suspensions[row.suspensions.length - 1];
  if (open && (open.end_date === null || open.end_date > effective)) {
    const end = effective < open.start_date ? addDays(open.start_date, -1) : effective;
    await q.setSuspensionEnd(tx, scope.tenantId, open.id, end);
  }
  await q.setStatus(tx, scope.tenantId, row.id, to, scope.now, { cancelReason: reason, cancellationEffectiveDate: effective });
  return finish(tx, scope, row, 'cancel', to, reason, effective, opts, { effective: effectiveMode });
}

/**
 * "Ativar ou Desativar contrato(s)": one action on many contracts in one transaction. If any
 * contract is missing or cannot take the action, nothing changes and the error lists every
 * failing id (details[].field = ids[i]).
 */
export async function bulkSetStatus(
  tx: Tx,
  scope: Scope,
  body: { ids: string[]; action: 'activate' | 'deactivate'; reason?: string | null },
  opts: Opts,
): Promise<{ action: string; count: number; data: Contract[] }> {
  const failures: ErrorDetail[] = [];
  const codes = new Set<ErrorCode>();
  const data: Contract[] = [];
  const reason = body.reason?.trim() || null;
  // Lock in id order so two bulk requests over overlapping sets cannot deadlock.
  const order = body.ids.map((id, i) => ({ id, i })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { id, i } of order) {
    try {
      const row = await resolveContract(tx, scope, id, opts.today, { forUpdate: true });
      data[i] =
        body.action === 'activate' ? await activateRow(tx, scope, row, reason, opts) : await deactivateRow(tx, scope, row, reason, opts);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      codes.add(err.code);
      failures.push({ field: `ids[${i}]`, issue: err.message });
    }
  }
  if (failures.length) {
    failures.sort((a, b) => Number(a.field!.slice(4, -1)) - Number(b.field!.slice(4, -1)));
    const code = codes.size === 1 ? [...codes][0] : 'conflict';
    throw new DomainError(code, `${failures.length} of ${body.ids.length} contracts cannot ${body.action}; nothing was changed`, failures);
  }
  return { action: body.action, count: data.length, data };
}
