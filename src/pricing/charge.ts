// From a contract, a period and the period's usage to the proposed charge. Pure: plain data in, plain
// data out. Flat items are prorated by day; usage items are charged for what was consumed. Every line
// is rounded once (half up, on the exact rational amount); the total is the sum of the lines.

import { DomainError } from '../platform/errors.ts';
import {
  addDecimal,
  compareDecimal,
  type Decimal,
  divideDecimal,
  formatDecimal,
  isZeroDecimal,
  maxDecimal,
  multiplyDecimal,
  parseDecimal,
  roundToCents,
  subtractDecimal,
  ZERO,
} from '../platform/decimal.ts';
import { formatDateBR, fromDayNumber, toDayNumber } from '../platform/dates.ts';
import { serviceEndDate } from './periods.ts';
import { PRICE_SCALE, QUANTITY_SCALE, usageAmountCents, usagePricing } from './pricing.ts';
import type { BillingPeriod, ContractItemSnapshot, ContractSnapshot, ProposedCharge, ProposedLine, UsageTotal } from './types.ts';

function invalid(field: string, message: string, issue: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, issue }]);
}

export interface BillableDays {
  billableDays: number;
  periodDays: number;
}

/**
 * Days of the period with service: inside [start date, end/cancellation date] and outside every
 * suspension. Suspensions may overlap each other; each day is removed at most once.
 */
export function billableDaysIn(contract: ContractSnapshot, period: BillingPeriod): BillableDays {
  const pStart = toDayNumber(period.start, 'period.start');
  const pEnd = toDayNumber(period.end, 'period.end');
  if (pEnd < pStart) throw invalid('period', 'The period ends before it starts.', 'end before start');
  const periodDays = pEnd - pStart + 1;

  const lastDay = serviceEndDate(contract);
  const from = Math.max(pStart, toDayNumber(contract.startDate, 'start_date'));
  const to = Math.min(pEnd, lastDay === null ? pEnd : toDayNumber(lastDay));
  if (to < from) return { billableDays: 0, periodDays };

  // Clip each suspension to [from, to], then merge, so overlapping suspensions count once.
  const clipped = contract.suspensions
    .map((s, i) => {
      const start = toDayNumber(s.startDate, `suspensions[${i}].start_date`);
      const end = s.endDate ? toDayNumber(s.endDate, `suspensions[${i}].end_date`) : Number.POSITIVE_INFINITY;
      if (end < start) {
        throw invalid(`suspensions[${i}].end_date`, 'A suspension ends before it starts.', 'end before start');
      }
      return [Math.max(start, from), Math.min(end, to)] as const;
    })
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  let suspended = 0;
  let coveredUpTo = from - 1;
  for (const [a, b] of clipped) {
    const start = Math.max(a, coveredUpTo + 1);
    if (b >= start) {
      suspended += b - start + 1;
      coveredUpTo = b;
    }
  }
  return { billableDays: to - from + 1 - suspended, periodDays };
}

/** pt-BR number: '.' between thousands, ',' before decimals ('1234.5' → '1.234,5'). */
export function formatQuantityBR(d: Decimal): string {
  const [int, frac] = formatDecimal(d).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

function periodLabel(period: BillingPeriod): string {
  return `${formatDateBR(period.start)} a ${formatDateBR(period.end)}`;
}

function sumUsage(usage: UsageTotal[], items: ContractItemSnapshot[]): Map<string, Decimal> {
  const totals = new Map<string, Decimal>(items.map((it) => [it.id, ZERO]));
  usage.forEach((u, i) => {
    const current = totals.get(u.contractItemId);
    if (current === undefined) {
      // Usage for an item that is not in this contract is a caller bug; billing it anywhere would be wrong.
      throw invalid(
        `usage[${i}].contract_item_id`,
        `Usage refers to item ${u.contractItemId}, which is not in this contract.`,
        'unknown contract item',
      );
    }
    totals.set(u.contractItemId, addDecimal(current, parseDecimal(u.quantity, QUANTITY_SCALE, `usage[${i}].quantity`)));
  });
  return totals;
}

function flatLine(item: ContractItemSnapshot, i: number, period: BillingPeriod, days: BillableDays): ProposedLine {
  const f = `items[${i}]`;
  const quantity = parseDecimal(item.quantity, QUANTITY_SCALE, `${f}.quantity`);
  const price =
    item.priceOverrideCents != null
      ? parseDecimal(item.priceOverrideCents, PRICE_SCALE, `${f}.price_override_cents`)
      : parseDecimal(item.service.priceCents, PRICE_SCALE, `${f}.service.price_cents`);
  const amountCents = roundToCents(
    multiplyDecimal(quantity, price),
    { numerator: days.billableDays, denominator: days.periodDays },
    `${f}.amount`,
  );
  const qtyLabel = compareDecimal(quantity, { units: 1n, scale: 0 }) === 0 ? '' : ` — ${formatQuantityBR(quantity)} ${item.service.unit}`;
  return {
    contractItemId: item.id,
    serviceId: item.service.id,
    kind: 'flat',
    description: `${item.service.name}${qtyLabel} — ${periodLabel(period)} (${days.billableDays}/${days.periodDays} dias)`,
    quantity: formatDecimal(quantity),
    unitPriceCents: formatDecimal(price),
    amountCents,
    billableDays: days.billableDays,
    periodDays: days.periodDays,
  };
}

function usageLine(item: ContractItemSnapshot, i: number, period: BillingPeriod, days: BillableDays, consumed: Decimal): ProposedLine {
  const f = `items[${i}]`;
  const override = item.priceOverrideCents != null ? parseDecimal(item.priceOverrideCents, PRICE_SCALE, `${f}.price_override_cents`) : null;
  const pricing = usagePricing(item.service, override, `${f}.service`);
  const included = item.service.includedQuantity
    ? parseDecimal(item.service.includedQuantity, QUANTITY_SCALE, `${f}.service.included_quantity`)
    : ZERO;
  // The franchise comes off first; tiers then apply to what remains.
  const charged = maxDecimal(ZERO, subtractDecimal(consumed, included));
  const exact = usageAmountCents(pricing, charged);
  const unitPrice =
    pricing.model === 'per_unit' ? pricing.unitPrice : isZeroDecimal(charged) ? ZERO : divideDecimal(exact, charged, PRICE_SCALE);
  const unit = item.service.unit;
  const franchise = isZeroDecimal(included) ? '' : ` (franquia de ${formatQuantityBR(included)} ${unit})`;
  return {
    contractItemId: item.id,
    serviceId: item.service.id,
    kind: 'usage',
    description: `${item.service.name} — ${formatQuantityBR(consumed)} ${unit} consumidos${franchise} — ${periodLabel(period)}`,
    quantity: formatDecimal(charged),
    unitPriceCents: formatDecimal(unitPrice),
    amountCents: roundToCents(exact, undefined, `${f}.amount`),
    billableDays: days.billableDays,
    periodDays: days.periodDays,
  };
}

/**
 * The charge for one contract and period, or null when there is nothing to bill: the contract is
 * pending or inactive, or no line results (no billable day and no usage).
 *
 * `usage` holds the consumption of the period (the caller selects records by reference date within the
 * period); several entries per item are summed. A charge can have lines and a zero total (e.g. all
 * usage within the franchise): it is returned, and the caller decides whether to issue it.
 */
export function calculateCharge(input: {
  contract: ContractSnapshot;
  period: BillingPeriod;
  usage: UsageTotal[];
  issueDate: string;
}): ProposedCharge | null {
  const { contract, period, usage, issueDate } = input;
  if (period.key !== `${period.start}..${period.end}`) {
    throw invalid('period.key', 'The period key must be "start..end".', 'inconsistent key');
  }
  const issueDay = toDayNumber(issueDate, 'issue_date');
  if (!Number.isSafeInteger(contract.dueDays) || contract.dueDays < 0) {
    throw invalid('due_days', 'The days to the due date must be a non-negative integer.', 'must be a non-negative integer');
  }
  if (contract.status === 'pending' || contract.status === 'inactive') return null;

  const days = billableDaysIn(contract, period);
  const consumed = sumUsage(usage, contract.items);
  const lines: ProposedLine[] = [];
  contract.items.forEach((item, i) => {
    if (item.service.pricingModel === 'flat') {
      // An item ending inside the period is prorated like a contract ending there: its last day
      // is the earlier of the two, and suspensions still come off.
      const own =
        item.endsOn && item.endsOn < period.end
          ? billableDaysIn(
              { ...contract, endDate: contract.endDate && contract.endDate < item.endsOn ? contract.endDate : item.endsOn },
              period,
            )
          : days;
      // Usage recorded against a flat item does not change its price; it is accepted and ignored.
      if (own.billableDays > 0) lines.push(flatLine(item, i, period, own));
      return;
    }
    const q = consumed.get(item.id)!;
    // Consumption is billed even on days without service (it happened); a usage item with neither
    // service days nor consumption has nothing to say.
    if (days.billableDays > 0 || !isZeroDecimal(q)) lines.push(usageLine(item, i, period, days, q));
  });
  if (lines.length === 0) return null;

  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (!Number.isSafeInteger(totalCents)) {
    throw invalid('total', 'The charge total is too large to be represented in cents.', 'amount too large');
  }
  return {
    contractId: contract.id,
    customerId: contract.customerId,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    issueDate,
    dueDate: fromDayNumber(issueDay + contract.dueDays),
    totalCents,
    lines,
  };
}
