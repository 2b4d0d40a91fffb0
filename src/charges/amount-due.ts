// What a customer owes on a date: the charge, its payment terms (discount/surcharge rules and
// late-charge policy, resolved by the payment-rules capability) and the pure engine.
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { computeAmountDue } from '../payment-rules/calculate/index.ts';
import type { AmountDueBreakdown, LateChargePolicy } from '../payment-rules/calculate/index.ts';
import { resolvePaymentTerms, resolvePaymentTermsMany } from '../payment-rules/terms.ts';
import * as q from './queries.ts';

export async function amountDueOf(
  db: Queryable,
  scope: Scope,
  row: q.ChargeRow,
  date: string,
  paidCents = row.paid_cents,
): Promise<AmountDueBreakdown> {
  const customer = await q.customerFacts(db, scope.tenantId, row.customer_id);
  const serviceIds = [...new Set(row.lines.map((l) => l.service_id).filter((s): s is string => !!s))];
  const terms = await resolvePaymentTerms(db, scope.tenantId, {
    customerId: row.customer_id,
    contractId: row.contract_id,
    serviceIds,
    chargeLatePolicy: (row.late_policy as LateChargePolicy | null) ?? null,
    customerIsAssociate: customer?.associate ?? false,
  });
  return computeAmountDue(
    {
      amountCents: row.amount_cents,
      dueDate: row.due_date,
      issueDate: row.issue_date,
      paidCents,
      customerIsAssociate: customer?.associate ?? false,
      customerIsConsumer: customer?.person_type === 'PF',
    },
    terms.rules,
    terms.late,
    date,
  );
}

/** amountDueOf for many charges on one date, with three queries in all (customers, rules, policies). */
export async function amountsDueOf(db: Queryable, scope: Scope, rows: readonly q.ChargeRow[], date: string): Promise<AmountDueBreakdown[]> {
  return amountsDueOn(
    db,
    scope,
    rows.map((row) => ({ row, date, paidCents: row.paid_cents })),
  );
}

/** amountDueOf for many charges, each on its own date with its own paid amount; three queries in all. */
export async function amountsDueOn(
  db: Queryable,
  scope: Scope,
  asks: readonly { row: q.ChargeRow; date: string; paidCents: number }[],
): Promise<AmountDueBreakdown[]> {
  const rows = asks.map((a) => a.row);
  if (!rows.length) return [];
  const customers = new Map(
    (await q.customerFactsMany(db, scope.tenantId, [...new Set(rows.map((r) => r.customer_id))])).map((c) => [c.id, c]),
  );
  const terms = await resolvePaymentTermsMany(
    db,
    scope.tenantId,
    rows.map((row) => ({
      customerId: row.customer_id,
      contractId: row.contract_id,
      serviceIds: [...new Set(row.lines.map((l) => l.service_id).filter((s): s is string => !!s))],
      chargeLatePolicy: (row.late_policy as LateChargePolicy | null) ?? null,
      customerIsAssociate: customers.get(row.customer_id)?.associate ?? false,
    })),
  );
  return rows.map((row, i) => {
    const customer = customers.get(row.customer_id);
    return computeAmountDue(
      {
        amountCents: row.amount_cents,
        dueDate: row.due_date,
        issueDate: row.issue_date,
        paidCents: asks[i].paidCents,
        customerIsAssociate: customer?.associate ?? false,
        customerIsConsumer: customer?.person_type === 'PF',
      },
      terms[i].rules,
      terms[i].late,
      asks[i].date,
    );
  });
}

export function presentAmountDue(chargeId: string, date: string, b: AmountDueBreakdown) {
  return {
    charge_id: chargeId,
    date,
    original_cents: b.originalCents,
    discounts: b.discounts.map((d) => ({ rule_id: d.ruleId, description: d.descricao, amount_cents: d.amountCents })),
    surcharges: b.surcharges.map((d) => ({ rule_id: d.ruleId, description: d.descricao, amount_cents: d.amountCents })),
    fine_cents: b.fineCents,
    interest_cents: b.interestCents,
    paid_cents: b.paidCents,
    total_cents: b.totalCents,
    days_late: b.daysLate,
  };
}
