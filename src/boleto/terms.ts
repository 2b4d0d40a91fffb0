// A charge's payment terms as a boleto carries them: instructions in words for the PDF, and the
// discount / interest / fine fields of a CNAB 240 remittance (segments P and R).
import type { Queryable } from '../platform/db/types.ts';
import { resolvePaymentTerms, resolvePaymentTermsMany, type PaymentTerms } from '../payment-rules/terms.ts';
import {
  CONSUMER_FINE_CAP_RATE,
  describeRulesInWords,
  formatBRL,
  formatPercent,
  validateLatePolicy,
  type LateChargePolicy,
} from '../payment-rules/calculate/index.ts';
import {
  Base,
  compileLatePolicy,
  compileRules,
  Kind,
  Person,
  Window,
  type CompiledLatePolicy,
  type CompiledRule,
} from '../payment-rules/calculate/compile.ts';
import { mulDivFloor, mulDivRound, RATE_DEN } from '../payment-rules/calculate/arithmetic.ts';
import type { RemessaBoleto } from '../cnab/remessa.ts';
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

/**
 * The last day the boleto may be paid ("Não receber após"), when the terms carry one: a late policy
 * with `acceptDaysAfterDue` (days after the due date the beneficiary still takes payment, the
 * same notion as a cobv's "validadeAposVencimento").
 */
export function lastPaymentDate(terms: PaymentTerms, dueDate: string): string | null {
  const days = terms.late?.acceptDaysAfterDue;
  return days !== undefined ? addDays(dueDate, days) : null;
}

const brDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Which rules a payer sees: rules for the other kind of person (associates / third parties) are left out. */
function visibleTo(r: CompiledRule, associate: boolean): boolean {
  return r.person === Person.Associates ? associate : !(r.person === Person.ThirdParties && associate);
}

/**
 * A discount in the words banks print ("Conceder desconto de R$ 50,00 até 05/12/2026"), or null
 * when the rule is not a plain amount until a date (per-day, running-balance or target rules keep
 * the engine's own sentence).
 */
function discountLine(r: CompiledRule, dueDate: string, amountCents: number): string | null {
  if (r.surcharge || r.perDay || r.kind === Kind.Target || r.base === Base.Running) return null;
  let value: string;
  if (r.kind === Kind.Fixed) value = formatBRL(Math.min(r.value, amountCents));
  else {
    let cents = mulDivRound(amountCents, r.value, RATE_DEN);
    if (r.capCents !== Infinity) cents = Math.min(cents, r.capCents);
    value = `${formatPercent(r.value)} (${formatBRL(cents)})`;
  }
  switch (r.window) {
    case Window.BeforeDue:
      return `Conceder desconto de ${value} até ${brDate(addDays(dueDate, -r.dias))}`;
    case Window.UntilDue:
      return `Conceder desconto de ${value} até ${brDate(dueDate)}`;
    case Window.OwnGrace:
      return `Conceder desconto de ${value} até ${brDate(addDays(dueDate, r.dias))}`;
    case Window.OnDue:
      return `Conceder desconto de ${value} somente em ${brDate(dueDate)}`;
    case Window.Always:
      return `Conceder desconto de ${value} em qualquer data`;
    default:
      return null;
  }
}

/** The fine and the interest, one line each, as banks print them. */
function lateLines(late: CompiledLatePolicy, dueDate: string, amountCents: number, consumer: boolean): string[] {
  const lines: string[] = [];
  const from = late.graceDays > 0 ? `Após ${brDate(addDays(dueDate, late.graceDays))}` : 'Após o vencimento';
  if (late.fineKind !== 0) {
    let capRate = late.fineCapRate;
    if (consumer && (capRate < 0 || capRate > CONSUMER_FINE_CAP_RATE)) capRate = CONSUMER_FINE_CAP_RATE;
    if (late.fineKind === 1) {
      const rate = capRate >= 0 ? Math.min(late.fineValue, capRate) : late.fineValue;
      lines.push(`${from} cobrar multa de ${formatPercent(rate)} (${formatBRL(mulDivRound(amountCents, rate, RATE_DEN))})`);
    } else {
      const cents = capRate >= 0 ? Math.min(late.fineValue, mulDivFloor(amountCents, capRate, RATE_DEN)) : late.fineValue;
      lines.push(`${from} cobrar multa de ${formatBRL(cents)}`);
    }
  }
  if (late.interestRate >= 0) {
    // Interest runs from the due date once the grace is over (the engine's rule).
    const since = late.graceDays > 0 ? `, contados do vencimento, ${from.toLowerCase()}` : '';
    lines.push(
      late.interestCompound
        ? `Juros de mora compostos de ${formatPercent(late.interestRate)} ao mês${since}`
        : `Juros de mora de ${formatBRL(mulDivRound(amountCents, late.interestRate, 30 * RATE_DEN))} por dia de atraso (${formatPercent(late.interestRate)} ao mês)${since}`,
    );
  }
  return lines;
}

/**
 * The lines printed in the boleto's "Instruções", in the words banks use: each discount until its
 * date, the fine, the interest, "Não receber após" when the terms have a last payment date, then the
 * account's own lines. Rules without a bank wording (per-day, surcharges, running balance) keep
 * the engine's sentence (describeRulesInWords).
 */
export function instructionLines(
  terms: PaymentTerms,
  dueDate: string,
  amountCents: number,
  customer: TermsCustomer,
  accountLines: string[],
): string[] {
  const rules = compileRules(terms.rules);
  const associate = customer.associate;
  const consumer = customer.person_type === 'PF';
  const visible = rules.all.filter((r) => visibleTo(r, associate));
  const alternatives = (surcharge: boolean) => visible.filter((r) => !r.extra && r.surcharge === surcharge).length;
  const lines: string[] = [];
  for (const r of visible) {
    let line =
      discountLine(r, dueDate, amountCents) ??
      describeRulesInWords([r.source], null, dueDate, {
        amountCents,
        customerIsAssociate: associate,
        customerIsConsumer: consumer,
      })[0].replace(/\.$/, '');
    if (!r.extra && alternatives(r.surcharge) > 1) line += ' (não cumulativo)';
    lines.push(line);
  }
  if (terms.late) lines.push(...lateLines(compileLatePolicy(terms.late), dueDate, amountCents, consumer));
  const last = lastPaymentDate(terms, dueDate);
  if (last) lines.push(`Não receber após ${brDate(last)}`);
  return [...lines, ...accountLines];
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
export function remittanceTerms(
  terms: PaymentTerms,
  dueDate: string,
  amountCents: number,
): Pick<RemessaBoleto, 'discount' | 'interest' | 'fine'> {
  const out: Pick<RemessaBoleto, 'discount' | 'interest' | 'fine'> = {};
  const rules = compileRules(terms.rules);
  const discount = rules.discounts.find(
    (r) =>
      !r.perDay && (r.kind === Kind.Fixed || r.kind === Kind.Percent) && (r.window === Window.BeforeDue || r.window === Window.UntilDue),
  );
  if (discount) {
    const untilDate = addDays(dueDate, discount.window === Window.BeforeDue ? -discount.dias : 0);
    out.discount =
      discount.kind === Kind.Fixed
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
