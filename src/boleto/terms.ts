// A charge's payment terms as a boleto carries them: instructions in words for the PDF, and the
// discount / interest / fine fields of a CNAB 240 remittance (segments P and R).
import type { Queryable } from '../platform/db/types.ts';
import { resolvePaymentTerms, resolvePaymentTermsMany, type PaymentTerms } from '../payment-rules/terms.ts';
import { describeRulesInWords, validateLatePolicy, type LateChargePolicy } from '../payment-rules/calculate/index.ts';
import { compileLatePolicy, compileRules, Kind, Window } from '../payment-rules/calculate/compile.ts';
import type { RemessaBoleto } from '../cnab/remessa240.ts';
import type { ChargeRow } from './queries.ts';

export interface TermsCustomer {
  id: string;
  person_type: string;
  associate: boolean;
}

function chargeLatePolicy(raw: unknown): LateChargePolicy | null {
  if (!raw || typeof raw !== 'object') return null;
  const late = raw as LateChargePolicy;
  return validateLatePolicy(late).length === 0 ? late : null;
}

export async function loadChargeTerms(db: Queryable, tenantId: string, charge: ChargeRow, customer: TermsCustomer): Promise<PaymentTerms> {
  const { rows } = await db.query<{ service_id: string }>(
    'SELECT DISTINCT service_id FROM charge_lines WHERE tenant_id = $1 AND charge_id = $2 AND service_id IS NOT NULL',
    [tenantId, charge.id],
  );
  return resolvePaymentTerms(db, tenantId, {
    customerId: customer.id,
    contractId: charge.contract_id,
    serviceIds: rows.map((r) => r.service_id),
    chargeLatePolicy: chargeLatePolicy(charge.late_policy),
    customerIsAssociate: customer.associate,
  });
}

/**
 * loadChargeTerms for many charges whose line services are already known (e.g. read with the
 * charges): two queries in all (resolvePaymentTermsMany), results in the order of `items`.
 */
export async function loadChargeTermsMany(
  db: Queryable,
  tenantId: string,
  items: readonly { charge: ChargeRow; customer: TermsCustomer; serviceIds: readonly string[] }[],
): Promise<PaymentTerms[]> {
  return resolvePaymentTermsMany(
    db,
    tenantId,
    items.map(({ charge, customer, serviceIds }) => ({
      customerId: customer.id,
      contractId: charge.contract_id,
      serviceIds,
      chargeLatePolicy: chargeLatePolicy(charge.late_policy),
      customerIsAssociate: customer.associate,
    })),
  );
}

/** The lines printed in the boleto's "Instruções": the terms in words, then the account's own lines. */
export function instructionLines(terms: PaymentTerms, dueDate: string, amountCents: number, customer: TermsCustomer, accountLines: string[]): string[] {
  const words = describeRulesInWords(terms.rules, terms.late, dueDate, {
    amountCents,
    customerIsAssociate: customer.associate,
    customerIsConsumer: customer.person_type === 'PF',
  });
  return [...words, ...accountLines];
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 0.0001 % units → basis points (CNAB percentages have two decimals). */
const toBasisPoints = (units: number) => Math.round(units / 100);

/**
 * The remittance's discount / interest / fine. CNAB 240 holds one discount "until a date" (fixed or
 * percent), interest per day or per month and one fine; terms the layout cannot express (per-day
 * discounts, running-balance rules, compound interest) are left for the printed instructions.
 */
export function remittanceTerms(terms: PaymentTerms, dueDate: string, amountCents: number): Pick<RemessaBoleto, 'discount' | 'interest' | 'fine'> {
  const out: Pick<RemessaBoleto, 'discount' | 'interest' | 'fine'> = {};
  const rules = compileRules(terms.rules);
  const discount = rules.discounts.find(
    (r) => !r.perDay && (r.kind === Kind.Fixed || r.kind === Kind.Percent) && (r.window === Window.BeforeDue || r.window === Window.UntilDue),
  );
  if (discount) {
    const untilDate = addDays(dueDate, discount.window === Window.BeforeDue ? -discount.dias : 0);
    out.discount = discount.kind === Kind.Fixed
      ? { kind: 'fixed', untilDate, value: Math.min(discount.value, amountCents) }
      : { kind: 'percent', untilDate, value: toBasisPoints(discount.value) };
  }
  if (terms.late) {
    const late = compileLatePolicy(terms.late);
    const from = addDays(dueDate, late.graceDays + 1);
    if (late.fineKind === 1) out.fine = { kind: 'percent', fromDate: from, value: toBasisPoints(late.fineValue) };
    else if (late.fineKind === 2) out.fine = { kind: 'fixed', fromDate: from, value: late.fineValue };
    if (late.interestRate >= 0 && !late.interestCompound) {
      out.interest = { kind: 'monthly_percent', fromDate: from, value: toBasisPoints(late.interestRate) };
    }
  }
  return out;
}
