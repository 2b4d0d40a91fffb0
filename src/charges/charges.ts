// Charge use cases: one-off charges, reads, cancel, payments and their reversal, overdue sweep.
// Each takes a transaction (or a queryable for reads) and the scope, and returns plain data.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { nextNumbers } from '../platform/counters.ts';
import { formatDecimal, multiplyToCents, parseDecimal } from '../platform/decimal.ts';
import { runList, type ListRequest, type Page } from '../platform/search.ts';
import { validateLatePolicy, type LateChargePolicy } from '../payment-rules/calculate/index.ts';
import { latePolicyFromApi, latePolicyToApi } from '../payment-rules/present.ts';
import * as q from './queries.ts';
import { chargeResource } from './charge-resource.ts';
import { deriveStatus, OPEN_STATUSES, type ChargeStatus } from './status.ts';
import { amountDueOf } from './amount-due.ts';
import type { Charge, ChargeCreate, Payment, PaymentCreate } from './schemas.ts';

export function presentCharge(r: q.ChargeRow): Charge {
  return {
    id: r.id,
    number: r.number,
    customer_id: r.customer_id,
    contract_id: r.contract_id,
    origin: r.origin,
    billing_run_id: r.billing_run_id,
    period_key: r.period_key,
    period_start: r.period_start,
    period_end: r.period_end,
    description: r.description,
    amount_cents: r.amount_cents,
    paid_cents: r.paid_cents,
    fee_cents: r.fee_cents,
    balance_cents: Math.max(0, r.amount_cents - r.paid_cents),
    overpaid_cents: r.overpaid_cents,
    issue_date: r.issue_date,
    due_date: r.due_date,
    status: r.status,
    payment_method: r.payment_method,
    late_policy: r.late_policy ? latePolicyToApi(r.late_policy as LateChargePolicy) : null,
    external_code: r.external_code,
    metadata: r.metadata,
    lines: r.lines,
    paid_at: r.paid_at,
    cancelled_at: r.cancelled_at,
    cancel_reason: r.cancel_reason,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function presentPayment(p: q.PaymentRow): Payment {
  return { ...p };
}

/** Resolves a charge reference: its UUID or its per-tenant number. */
async function resolveCharge(db: Queryable, scope: Scope, ref: string, opts: { forUpdate?: boolean } = {}): Promise<q.ChargeRow> {
  let id: string | null = null;
  if (isUuid(ref)) id = ref;
  else if (/^\d{1,15}$/.test(ref)) id = await q.findChargeIdBy(db, scope.tenantId, 'number', Number(ref));
  const row = id ? await q.findCharge(db, scope.tenantId, id, opts) : null;
  if (!row) throw notFound('Charge');
  return row;
}

export async function getCharge(db: Queryable, scope: Scope, ref: string): Promise<Charge> {
  return presentCharge(await resolveCharge(db, scope, ref));
}

export async function getChargeRow(db: Queryable, scope: Scope, ref: string): Promise<q.ChargeRow> {
  return resolveCharge(db, scope, ref);
}

/** Many charges by id (those that exist, in no particular order). */
export async function getChargeRows(db: Queryable, scope: Scope, ids: string[]): Promise<q.ChargeRow[]> {
  const valid = ids.filter(isUuid);
  return valid.length ? q.findCharges(db, scope.tenantId, valid) : [];
}

export async function listCharges(db: Queryable, scope: Scope, req: ListRequest): Promise<Page<Charge>> {
  const page = await runList<q.ChargeRow>(
    db,
    chargeResource,
    { select: q.CHARGE_SELECT, from: 'charges ch', scopeWhere: 'ch.tenant_id = $1', scopeParams: [scope.tenantId], idSql: 'ch.id' },
    req,
  );
  return { ...page, data: page.data.map(presentCharge) };
}

async function resolveCustomerId(tx: Queryable, scope: Scope, ref: string): Promise<{ id: string; active: boolean }> {
  let id: string | null = isUuid(ref) ? ref : null;
  if (!id && /^\d{1,15}$/.test(ref)) {
    const { rows } = await tx.query<{ id: string }>('SELECT id FROM customers WHERE tenant_id = $1 AND number = $2', [
      scope.tenantId,
      Number(ref),
    ]);
    id = rows[0]?.id ?? null;
  }
  const facts = id ? await q.customerFacts(tx, scope.tenantId, id) : null;
  if (!facts)
    throw new DomainError('validation_failed', 'customer_id does not name a customer of this tenant', [
      { field: 'customer_id', issue: 'not found' },
    ]);
  return facts;
}

async function recordStatus(tx: Tx, scope: Scope, chargeId: string, from: string | null, to: string, reason: string | null): Promise<void> {
  await q.insertStatusChange(
    tx,
    scope.tenantId,
    {
      id: uuidv7(),
      charge_id: chargeId,
      from_status: from,
      to_status: to,
      reason,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
    },
    scope.now,
  );
}

export async function createOneOffCharge(tx: Tx, scope: Scope, input: ChargeCreate, opts: { today: string }): Promise<Charge> {
  const customer = await resolveCustomerId(tx, scope, input.customer_id);
  if (!customer.active) throw new DomainError('customer_inactive', 'The customer is deactivated; reactivate it before charging it');
  const issueDate = input.issue_date ?? opts.today;
  if (input.due_date < issueDate)
    throw new DomainError('validation_failed', 'due_date must be on or after issue_date', [
      { field: 'due_date', issue: 'before issue_date' },
    ]);
  if ((input.lines === undefined) === (input.amount_cents === undefined)) {
    throw new DomainError('validation_failed', 'Send either amount_cents or lines', [
      { field: 'amount_cents', issue: 'send amount_cents or lines, not both nor neither' },
    ]);
  }
  // Stored in the engine's own shape, like the policies of the other levels.
  const latePolicy = input.late_policy ? latePolicyFromApi(input.late_policy) : null;
  if (latePolicy) {
    const problems = validateLatePolicy(latePolicy, 'late_policy.');
    if (problems.length) throw new DomainError('validation_failed', 'late_policy is invalid', problems);
  }
  const lines: Omit<q.LineRow, 'position'>[] = input.lines
    ? input.lines.map((l, i) => {
        const qty = parseDecimal(String(l.quantity ?? '1'), 6, `lines[${i}].quantity`);
        const price = parseDecimal(String(l.unit_price_cents), 6, `lines[${i}].unit_price_cents`);
        return {
          kind: 'one_off',
          contract_item_id: null,
          service_id: l.service_id ?? null,
          description: l.description.trim(),
          quantity: formatDecimal(qty),
          unit_price_cents: formatDecimal(price),
          amount_cents: multiplyToCents(qty, price, `lines[${i}]`),
          billable_days: null,
          period_days: null,
        };
      })
    : [
        {
          kind: 'one_off',
          contract_item_id: null,
          service_id: null,
          description: input.description?.trim() || 'Cobrança avulsa',
          quantity: '1',
          unit_price_cents: String(input.amount_cents),
          amount_cents: input.amount_cents!,
          billable_days: null,
          period_days: null,
        },
      ];
  const amount = lines.reduce((s, l) => s + l.amount_cents, 0);
  if (amount <= 0)
    throw new DomainError('validation_failed', 'The charge total must be positive', [{ field: 'lines', issue: 'total is zero' }]);
  if (!Number.isSafeInteger(amount) || amount > 9_999_999_999_99)
    throw new DomainError('validation_failed', 'The charge total is too large', [{ field: 'amount_cents', issue: 'too large' }]);

  const id = uuidv7();
  const status: ChargeStatus = deriveStatus({
    cancelled: false,
    dueDate: input.due_date,
    today: opts.today,
    paidCents: 0,
    remainingCents: amount,
  });
  const inserted = await q.insertCharge(
    tx,
    scope.tenantId,
    {
      id,
      number: await nextNumbers(tx, scope.tenantId, 'charge'),
      customer_id: customer.id,
      contract_id: null,
      origin: 'one_off',
      billing_run_id: null,
      period_key: null,
      period_start: null,
      period_end: null,
      description: input.description?.trim() || null,
      amount_cents: amount,
      issue_date: issueDate,
      due_date: input.due_date,
      status,
      payment_method: input.payment_method ?? 'boleto',
      late_policy: latePolicy,
      external_code: input.external_code ?? null,
      metadata: input.metadata ?? {},
    },
    scope.now,
  );
  if (!inserted) {
    throw new DomainError('duplicate_external_code', `Another charge already has external_code ${input.external_code}`, [
      { field: 'external_code', issue: 'already used' },
    ]);
  }
  await q.insertLines(tx, scope.tenantId, id, lines);
  await recordStatus(tx, scope, id, null, status, 'created');
  const created = presentCharge((await q.findCharge(tx, scope.tenantId, id))!);
  await recordEvent(tx, scope, { type: 'charge.created', resourceType: 'charge', resourceId: id, after: created });
  return created;
}

/** Steps of other capabilities that must stop when a charge is cancelled (boletos, remittances…). */
export type CancellationStep = (tx: Tx, scope: Scope, chargeId: string) => Promise<void>;
const cancellationSteps: CancellationStep[] = [];
export function onChargeCancelled(step: CancellationStep): void {
  if (!cancellationSteps.includes(step)) cancellationSteps.push(step);
}

/**
 * What else follows a change of an open charge's due date or amount (e.g. its boleto takes the new
 * values and the bank is told). Capabilities above charges register a step; a step that throws
 * undoes the change (it runs in the change's transaction).
 */
export type ChangeStep = (tx: Tx, scope: Scope, change: { before: q.ChargeRow; after: q.ChargeRow }) => Promise<void>;
const changeSteps: ChangeStep[] = [];
export function onChargeChanged(step: ChangeStep): void {
  if (!changeSteps.includes(step)) changeSteps.push(step);
}

export interface ChargeChange {
  due_date?: string;
  amount_cents?: number;
  reason: string;
}

/**
 * A new due date and/or amount for a charge still to be paid (open, overdue or partially paid). The
 * due date may not be before the business today nor the issue date; the amount must stay above what
 * was paid. A new amount adds an adjustment line with the difference. An overdue charge given a due
 * date ahead is open again. Nothing changes (and nothing is recorded) when both are as they were.
 */
export async function changeCharge(tx: Tx, scope: Scope, ref: string, input: ChargeChange, opts: { today: string }): Promise<Charge> {
  const before = await resolveCharge(tx, scope, ref, { forUpdate: true });
  if (before.status === 'cancelled')
    throw new DomainError('invalid_state_transition', 'A cancelled charge cannot change', [], { allowed_actions: [] });
  if (before.status === 'paid')
    throw new DomainError('invalid_state_transition', 'A paid charge cannot change; reverse its payments first', [], {
      allowed_actions: ['reverse_payment'],
    });
  const reason = input.reason.trim();
  const dueDate = input.due_date ?? before.due_date;
  const amount = input.amount_cents ?? before.amount_cents;
  const problems: { field: string; issue: string }[] = [];
  if (!reason) problems.push({ field: 'reason', issue: 'required' });
  if (dueDate !== before.due_date && dueDate < opts.today) problems.push({ field: 'due_date', issue: 'before_today' });
  if (dueDate < before.issue_date) problems.push({ field: 'due_date', issue: 'before_issue_date' });
  if (amount <= before.paid_cents) problems.push({ field: 'amount_cents', issue: 'not_above_paid' });
  if (problems.length)
    throw new DomainError(
      'validation_failed',
      `The charge cannot change so: ${problems.map((p) => `${p.field} ${p.issue}`).join('; ')}`,
      problems,
    );
  if (dueDate === before.due_date && amount === before.amount_cents) return presentCharge(before);

  const status = deriveStatus({
    cancelled: false,
    dueDate,
    today: opts.today,
    paidCents: before.paid_cents,
    remainingCents: amount - before.paid_cents,
  });
  if (amount !== before.amount_cents) await q.appendAdjustmentLine(tx, scope.tenantId, before.id, amount - before.amount_cents, reason);
  await q.changeChargeTerms(tx, scope.tenantId, before.id, { due_date: dueDate, amount_cents: amount, status }, scope.now);
  if (status !== before.status) await recordStatus(tx, scope, before.id, before.status, status, reason);
  const afterRow = (await q.findCharge(tx, scope.tenantId, before.id))!;
  for (const step of changeSteps) await step(tx, scope, { before, after: afterRow });
  const after = presentCharge(afterRow);
  await recordEvent(tx, scope, {
    type: 'charge.updated',
    resourceType: 'charge',
    resourceId: before.id,
    before: presentCharge(before),
    after,
    data: { reason },
  });
  return after;
}

export async function cancelCharge(tx: Tx, scope: Scope, ref: string, reason: string): Promise<Charge> {
  const before = await resolveCharge(tx, scope, ref, { forUpdate: true });
  if (before.status === 'cancelled')
    throw new DomainError('invalid_state_transition', 'The charge is already cancelled', [], { allowed_actions: [] });
  if (before.status === 'paid')
    throw new DomainError('invalid_state_transition', 'A paid charge cannot be cancelled; reverse its payments first', [], {
      allowed_actions: ['reverse_payment'],
    });
  await q.cancelCharge(tx, scope.tenantId, before.id, reason.trim(), scope.now);
  await recordStatus(tx, scope, before.id, before.status, 'cancelled', reason.trim());
  for (const step of cancellationSteps) await step(tx, scope, before.id);
  const after = presentCharge((await q.findCharge(tx, scope.tenantId, before.id))!);
  await recordEvent(tx, scope, {
    type: 'charge.cancelled',
    resourceType: 'charge',
    resourceId: before.id,
    before: presentCharge(before),
    after,
  });
  return after;
}

/**
 * Recomputes paid/fee/overpaid and the status from the payments and the payment terms (the
 * discounts, fine and interest due at the date of the last payment). Records the change.
 */
async function settle(
  tx: Tx,
  scope: Scope,
  row: q.ChargeRow,
  today: string,
  reason: string,
): Promise<{ owedCents: number; paidCents: number }> {
  const payments = (await q.listPayments(tx, scope.tenantId, row.id)).filter((p) => !p.reversed_at);
  const paid = payments.reduce((s, p) => s + p.amount_cents - p.refunded_cents, 0);
  const fees = payments.reduce((s, p) => s + p.fee_cents, 0);
  // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max would turn into NaN
  const lastPaidOn = payments.reduce((d, p) => (p.paid_on > d ? p.paid_on : d), '');
  const at = lastPaidOn || today;
  const owedThen = (await amountDueOf(tx, scope, row, at, 0)).totalCents;
  const remaining = Math.max(0, owedThen - paid);
  const status =
    row.status === 'cancelled'
      ? 'cancelled'
      : deriveStatus({ cancelled: false, dueDate: row.due_date, today, paidCents: paid, remainingCents: remaining });
  await q.updateChargeState(
    tx,
    scope.tenantId,
    row.id,
    {
      status,
      paid_cents: paid,
      fee_cents: fees,
      overpaid_cents: Math.max(0, paid - owedThen),
      paid_at: status === 'paid' ? (row.status === 'paid' ? 'keep' : 'now') : null,
    },
    scope.now,
  );
  if (status !== row.status) {
    await recordStatus(tx, scope, row.id, row.status, status, reason);
    const after = presentCharge((await q.findCharge(tx, scope.tenantId, row.id))!);
    await recordEvent(tx, scope, {
      type: statusEventType(status),
      resourceType: 'charge',
      resourceId: row.id,
      before: presentCharge(row),
      after,
    });
  }
  return { owedCents: owedThen, paidCents: paid };
}

/** The event a settled charge's new status records. */
export function statusEventType(status: string): string {
  return status === 'paid'
    ? 'charge.paid'
    : status === 'partially_paid'
      ? 'charge.partially_paid'
      : status === 'overdue'
        ? 'charge.overdue'
        : 'charge.reopened';
}

/** Whether a payment already registered under an external_id is the one asked for again. */
export function sameRequest(
  p: q.PaymentRow,
  input: { amount_cents: number; fee_cents?: number; method: string },
  chargeId: string,
  paidOn: string,
): boolean {
  return (
    p.charge_id === chargeId &&
    p.amount_cents === input.amount_cents &&
    p.fee_cents === (input.fee_cents ?? 0) &&
    p.paid_on === paidOn &&
    p.method === input.method
  );
}

export interface PaymentResult {
  payment: Payment;
  charge: Charge;
  /** False when the external_id had already been registered (nothing new was counted). */
  created: boolean;
  /**
   * A new payment: what the charge asked on the payment's day before it (the amount due then,
   * fine, interest and discounts included, less the other payments), to tell an exact payment
   * from an under- or overpayment.
   */
  due_before_cents?: number;
}

/**
 * Registers a payment. A payment whose external_id was already registered is not counted
 * twice: the same content returns the existing payment; different content → 409.
 */
export async function registerPayment(
  tx: Tx,
  scope: Scope,
  ref: string,
  input: PaymentCreate,
  opts: { today: string; source?: 'api' | 'bank_return' | 'console' | 'import' | 'pix' },
): Promise<PaymentResult> {
  const row = await resolveCharge(tx, scope, ref, { forUpdate: true });
  const paidOn = input.paid_on ?? opts.today;
  if (paidOn > opts.today)
    throw new DomainError('validation_failed', 'paid_on cannot be in the future', [{ field: 'paid_on', issue: 'in the future' }]);
  if (input.external_id) {
    const existing = await q.findPaymentByExternalId(tx, scope.tenantId, input.external_id);
    if (existing) {
      if (!sameRequest(existing, input, row.id, paidOn)) {
        throw new DomainError(
          'duplicate_external_id',
          `A different payment with external_id ${input.external_id} is already registered`,
          [{ field: 'external_id', issue: 'already used by another payment' }],
          { existing_payment_id: existing.id },
        );
      }
      return { payment: presentPayment(existing), charge: presentCharge(row), created: false };
    }
  }
  if (row.status === 'cancelled') throw new DomainError('charge_cancelled', 'The charge is cancelled and takes no payments');
  const payment = await q.insertPayment(
    tx,
    scope.tenantId,
    {
      id: uuidv7(),
      charge_id: row.id,
      amount_cents: input.amount_cents,
      fee_cents: input.fee_cents ?? 0,
      paid_on: paidOn,
      method: input.method,
      source: opts.source ?? 'api',
      external_id: input.external_id ?? null,
      notes: input.notes?.trim() || null,
    },
    scope.now,
  );
  if (!payment)
    throw new DomainError('duplicate_external_id', 'This external_id was registered concurrently', [
      { field: 'external_id', issue: 'already used' },
    ]);
  await recordEvent(tx, scope, { type: 'payment.created', resourceType: 'charge', resourceId: row.id, after: payment });
  const settled = await settle(tx, scope, row, opts.today, `payment ${payment.id}`);
  const dueBefore = Math.max(0, settled.owedCents - (settled.paidCents - payment.amount_cents));
  return {
    payment: presentPayment(payment),
    charge: presentCharge((await q.findCharge(tx, scope.tenantId, row.id))!),
    created: true,
    due_before_cents: dueBefore,
  };
}

export async function reversePayment(
  tx: Tx,
  scope: Scope,
  ref: string,
  paymentId: string,
  reason: string,
  opts: { today: string },
): Promise<PaymentResult> {
  const row = await resolveCharge(tx, scope, ref, { forUpdate: true });
  if (!isUuid(paymentId)) throw notFound('Payment');
  const reversed = await q.reversePayment(tx, scope.tenantId, row.id, paymentId, reason.trim(), scope.now);
  if (!reversed) {
    const exists = (await q.listPayments(tx, scope.tenantId, row.id)).find((p) => p.id === paymentId);
    if (!exists) throw notFound('Payment');
    throw new DomainError('invalid_state_transition', 'The payment is already reversed', [], { allowed_actions: [] });
  }
  await recordEvent(tx, scope, { type: 'payment.reversed', resourceType: 'charge', resourceId: row.id, after: reversed });
  await settle(tx, scope, row, opts.today, `payment ${paymentId} reversed: ${reason.trim()}`);
  return { payment: presentPayment(reversed), charge: presentCharge((await q.findCharge(tx, scope.tenantId, row.id))!), created: false };
}

/**
 * Records that part (or all) of a payment was given back to the payer (a Pix devolução that the
 * PSP confirmed): the payment then counts its amount minus the refunds, and the charge settles again.
 */
export async function refundPayment(
  tx: Tx,
  scope: Scope,
  chargeId: string,
  paymentId: string,
  cents: number,
  reason: string,
  opts: { today: string },
): Promise<PaymentResult> {
  const row = await resolveCharge(tx, scope, chargeId, { forUpdate: true });
  const refunded = await q.addPaymentRefund(tx, scope.tenantId, row.id, paymentId, cents);
  if (!refunded)
    throw new DomainError('invalid_state_transition', 'The payment is reversed, unknown, or has less than that left to refund', [], {
      allowed_actions: [],
    });
  await recordEvent(tx, scope, {
    type: 'payment.refunded',
    resourceType: 'charge',
    resourceId: row.id,
    after: refunded,
    data: { refunded_now_cents: cents, reason },
  });
  await settle(tx, scope, row, opts.today, `payment ${paymentId}: ${cents} cents refunded (${reason})`);
  return { payment: presentPayment(refunded), charge: presentCharge((await q.findCharge(tx, scope.tenantId, row.id))!), created: false };
}

export async function listChargePayments(db: Queryable, scope: Scope, ref: string): Promise<Payment[]> {
  const row = await resolveCharge(db, scope, ref);
  return (await q.listPayments(db, scope.tenantId, row.id)).map(presentPayment);
}

/**
 * The charge's history: every status change, and every step of the dunning schedule taken on it
 * (kind 'dunning_step': the status does not change, so from_status = to_status = the status then).
 */
export async function chargeHistory(db: Queryable, scope: Scope, ref: string) {
  const row = await resolveCharge(db, scope, ref);
  const changes = (await q.statusHistory(db, scope.tenantId, row.id)).map((c) => ({ kind: 'status' as const, ...c, step: null }));
  const steps = await q.chargeStepEvents(db, scope.tenantId, row.id);
  if (!steps.length) return changes;
  const at = (s: string) => new Date(s).getTime();
  const statusAt = (t: number) => changes.filter((c) => at(c.created_at) <= t).at(-1)?.to_status ?? changes[0]?.to_status ?? row.status;
  const stepEntries = steps.map((e) => ({
    kind: 'dunning_step' as const,
    from_status: statusAt(at(e.created_at)),
    to_status: statusAt(at(e.created_at)),
    reason:
      typeof e.data.summary === 'string'
        ? e.data.summary
        : `dunning step ${String(e.data.step_key ?? '')}: ${String(e.data.outcome ?? '')}`,
    actor_type: e.actor_type,
    actor_id: e.actor_id,
    created_at: e.created_at,
    step: e.data,
  }));
  return [...changes, ...stepEntries].sort((a, b) => at(a.created_at) - at(b.created_at));
}

/** Marks a tenant's unpaid charges past due as overdue, in batches; returns how many changed. */
export async function markOverdueCharges(tx: Tx, scope: Scope, today: string, limit = 1000): Promise<number> {
  const changed = await q.markOverdue(tx, scope.tenantId, today, limit, scope.now);
  for (const c of changed) {
    await recordStatus(tx, scope, c.id, c.from_status, 'overdue', `due date passed (${today})`);
    await recordEvent(tx, scope, {
      type: 'charge.overdue',
      resourceType: 'charge',
      resourceId: c.id,
      data: { from_status: c.from_status, date: today },
    });
  }
  return changed.length;
}

export { OPEN_STATUSES };
