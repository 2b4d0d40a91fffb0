// The amount a customer owes on a given payment date. One core (evaluate) serves both the full
// breakdown and the allocation-free total, so the two can never disagree.
//
// Order of application (it matters for tipo_saldo = A, the running balance):
//   1. non-extra discounts: only the largest applicable one (tiers are alternatives);
//   2. extra discounts, in the given order, each on top;
//   3. non-extra surcharges: only the largest applicable one;
//   4. extra surcharges, in the given order;
//   5. late charges (fine, interest) on the net balance, once the policy's grace is over.
// Each amount is an exact rational rounded half up to the cent once; a discount never takes the
// running balance below zero; the total is the sum of those rounded components.
import { DomainError } from '../../platform/errors.ts';
import {
  checkedCents,
  compoundGrowth,
  compoundMonthlyLinear,
  compoundPresentValueDiscount,
  mulDivFloor,
  mulDivRound,
  RATE_DEN,
  simpleMonthly,
} from './arithmetic.ts';
import {
  Base,
  compileLatePolicy,
  compileRules,
  type CompiledLatePolicy,
  type CompiledRule,
  type CompiledRules,
  Kind,
  Person,
  Window,
} from './compile.ts';
import { parseIsoDate } from './dates.ts';
import type { AmountDueBreakdown, ChargeForCalculation, LateChargePolicy, PaymentRuleData, RuleAmount } from './types.ts';

/** CDC art. 52 §1: a consumer's late fine may not exceed 2 % of the installment (rate units). */
export const CONSUMER_FINE_CAP_RATE = 20_000;

export function ruleApplies(r: CompiledRule, payDay: number, dueDay: number, associate: boolean): boolean {
  if (r.person === Person.Associates ? !associate : r.person === Person.ThirdParties && associate) return false;
  switch (r.window) {
    case Window.BeforeDue:
      return payDay <= dueDay - r.dias;
    case Window.UntilDue:
      return payDay <= dueDay;
    case Window.OnDue:
      return payDay === dueDay;
    case Window.AfterDue:
      return payDay > dueDay;
    case Window.Always:
      return true;
    default: // OwnGrace (VCE): the grace favours the customer in both directions.
      return r.surcharge ? payDay > dueDay + r.dias : payDay <= dueDay + r.dias;
  }
}

/** The rule's amount on `base`, before the running-balance clamp. `days`: days counted for P rules. */
export function ruleAmount(r: CompiledRule, base: number, days: number): number {
  let amount: number;
  if (r.kind === Kind.Percent) {
    if (!r.perDay) amount = mulDivRound(base, r.value, RATE_DEN);
    else if (!r.compound) amount = mulDivRound(base, r.value * days, RATE_DEN);
    else amount = r.surcharge ? compoundGrowth(base, r.value, days) : compoundPresentValueDiscount(base, r.value, days);
  } else if (r.kind === Kind.Fixed) {
    amount = r.perDay ? r.value * days : r.value; // beyond 2^53 only matters if no cap applies: checked on the total
  } else {
    amount = r.surcharge ? Math.max(0, r.value - base) : Math.max(0, base - r.value);
  }
  if (amount > r.capCents) amount = r.capCents;
  if (r.capRate >= 0) {
    const cap = mulDivFloor(base, r.capRate, RATE_DEN);
    if (amount > cap) amount = cap;
  }
  return amount;
}

/** Fine for a net balance, after the explicit cap and, for consumers, the legal 2 % cap. */
export function fineAmount(late: CompiledLatePolicy, net: number, consumer: boolean): number {
  if (late.fineKind === 0) return 0;
  let fine = late.fineKind === 1 ? mulDivRound(net, late.fineValue, RATE_DEN) : late.fineValue;
  let capRate = late.fineCapRate;
  if (consumer && (capRate < 0 || capRate > CONSUMER_FINE_CAP_RATE)) capRate = CONSUMER_FINE_CAP_RATE;
  if (capRate >= 0) {
    const cap = mulDivFloor(net, capRate, RATE_DEN);
    if (fine > cap) fine = cap;
  }
  return fine;
}

export function interestAmount(late: CompiledLatePolicy, net: number, daysLate: number): number {
  if (late.interestRate < 0) return 0;
  return late.interestCompound ? compoundMonthlyLinear(net, late.interestRate, daysLate) : simpleMonthly(net, late.interestRate, daysLate);
}

function invalidCharge(field: string, issue: string): DomainError {
  return new DomainError('validation_failed', `Invalid value for ${field}: ${issue}`, [{ field, issue }]);
}

function evaluate(
  charge: ChargeForCalculation,
  set: CompiledRules,
  late: CompiledLatePolicy | null,
  payDay: number,
  out: AmountDueBreakdown | null,
): number {
  const original = charge.amountCents;
  const paid = charge.paidCents;
  if (!Number.isSafeInteger(original) || original < 0) throw invalidCharge('amountCents', 'integer cents ≥ 0');
  if (!Number.isSafeInteger(paid) || paid < 0) throw invalidCharge('paidCents', 'integer cents ≥ 0');
  const dueDay = parseIsoDate(charge.dueDate, 'dueDate');
  const issueDay = parseIsoDate(charge.issueDate, 'issueDate');
  if (issueDay > dueDay) throw invalidCharge('issueDate', 'must not be after dueDate');

  const net = original > paid ? original - paid : 0;
  // Anticipation days stop at the issue date: nobody earns a discount for days before the charge existed.
  const earlyDays = payDay < dueDay ? dueDay - Math.max(payDay, issueDay) : 0;
  const daysLate = payDay > dueDay ? payDay - dueDay : 0;
  const associate = charge.customerIsAssociate;
  let running = net;

  // 1. The largest applicable non-extra discount.
  let best: CompiledRule | null = null;
  let bestAmount = 0;
  for (const r of set.discounts) {
    if (!ruleApplies(r, payDay, dueDay, associate)) continue;
    let a = ruleAmount(r, baseFor(r, running, original, net), earlyDays);
    if (a > running) a = running;
    if (a > bestAmount) {
      best = r;
      bestAmount = a;
    }
  }
  if (best !== null) {
    running -= bestAmount;
    if (out !== null) out.discounts.push(entry(best, bestAmount));
  }
  // 2. Extra discounts stack.
  for (const r of set.extraDiscounts) {
    if (!ruleApplies(r, payDay, dueDay, associate)) continue;
    let a = ruleAmount(r, baseFor(r, running, original, net), earlyDays);
    if (a > running) a = running;
    if (a > 0) {
      running -= a;
      if (out !== null) out.discounts.push(entry(r, a));
    }
  }
  // 3. The largest applicable non-extra surcharge.
  best = null;
  bestAmount = 0;
  for (const r of set.surcharges) {
    if (!ruleApplies(r, payDay, dueDay, associate)) continue;
    const a = ruleAmount(r, baseFor(r, running, original, net), daysLate);
    if (a > bestAmount) {
      best = r;
      bestAmount = a;
    }
  }
  if (best !== null) {
    running = checkedCents(running + bestAmount);
    if (out !== null) out.surcharges.push(entry(best, bestAmount));
  }
  // 4. Extra surcharges stack.
  for (const r of set.extraSurcharges) {
    if (!ruleApplies(r, payDay, dueDay, associate)) continue;
    const a = ruleAmount(r, baseFor(r, running, original, net), daysLate);
    if (a > 0) {
      running = checkedCents(running + a);
      if (out !== null) out.surcharges.push(entry(r, a));
    }
  }
  // 5. Late charges, on the net balance (the principal still owed).
  let fine = 0;
  let interest = 0;
  if (late !== null && daysLate > late.graceDays) {
    fine = fineAmount(late, net, charge.customerIsConsumer);
    interest = interestAmount(late, net, daysLate);
  }
  const total = checkedCents(running + fine + interest);
  if (out !== null) {
    out.fineCents = fine;
    out.interestCents = interest;
    out.daysLate = daysLate;
    out.totalCents = total;
  }
  return total;
}

function baseFor(r: CompiledRule, running: number, original: number, net: number): number {
  return r.base === Base.Running ? running : r.base === Base.Original ? original : net;
}

function entry(r: CompiledRule, amountCents: number): RuleAmount {
  return { ruleId: r.id, descricao: r.descricao, amountCents };
}

type RulesInput = readonly PaymentRuleData[] | CompiledRules;
type LateInput = LateChargePolicy | CompiledLatePolicy | null;

/**
 * What the customer owes on `paymentDate`, with every component. Pass the result of compileRules /
 * compileLatePolicy instead of raw data to skip re-validation when evaluating many charges.
 */
export function computeAmountDue(
  charge: ChargeForCalculation,
  rules: RulesInput,
  late: LateInput,
  paymentDate: string,
): AmountDueBreakdown {
  const out: AmountDueBreakdown = {
    originalCents: charge.amountCents,
    discounts: [],
    surcharges: [],
    fineCents: 0,
    interestCents: 0,
    paidCents: charge.paidCents,
    totalCents: 0,
    daysLate: 0,
  };
  evaluate(charge, compileRules(rules), late === null ? null : compileLatePolicy(late), parseIsoDate(paymentDate, 'paymentDate'), out);
  return out;
}

/** computeAmountDue(...).totalCents without building the breakdown (same code path). */
export function computeTotalDue(charge: ChargeForCalculation, rules: RulesInput, late: LateInput, paymentDate: string): number {
  return evaluate(
    charge,
    compileRules(rules),
    late === null ? null : compileLatePolicy(late),
    parseIsoDate(paymentDate, 'paymentDate'),
    null,
  );
}
