// Validation of contract items against the catalog: every refusal names items[i].<field>.
import type { Queryable } from '../platform/db/types.ts';
import { DomainError, type ErrorDetail } from '../platform/errors.ts';
import { compareDecimal, formatDecimal } from '../platform/decimal.ts';
import { decimalInput } from '../catalog/normalize-service.ts';
import { contractPeriodUnit } from '../pricing/periods.ts';
import type { BillingPeriodUnit } from '../pricing/types.ts';
import { findServices } from './queries.ts';
import { gridOf } from './present-contract.ts';
import type { ItemInput } from './schemas.ts';

export interface NormalizedItem {
  id?: string;
  service_id: string;
  billing_period: string;
  quantity: string;
  price_override_cents: string | null;
  description: string | null;
  /** Undefined: not given (a kept item keeps its own). */
  ends_on?: string | null;
}

/**
 * Resolves each item's service (service_id or service_code; active, unless `keepServiceIds` says the
 * contract already has it) and canonicalises quantities and prices. Then checks that all items share
 * one billing period (contractPeriodUnit): one contract, one invoice per period.
 */
export async function normalizeItems(
  q: Queryable,
  tenantId: string,
  items: ItemInput[],
  opts: { keepServiceIds?: Set<string> } = {},
): Promise<{ items: NormalizedItem[]; unit: BillingPeriodUnit }> {
  const details: ErrorDetail[] = [];
  const ids = items.flatMap((i) => (i.service_id ? [i.service_id] : []));
  const codes = items.flatMap((i) => (i.service_code ? [i.service_code] : []));
  const services = await findServices(q, tenantId, ids, codes);
  const out: NormalizedItem[] = [];
  items.forEach((input, i) => {
    const f = `items[${i}]`;
    let service: (typeof services)[number] | undefined;
    if (input.service_id && input.service_code)
      details.push({ field: `${f}.service_code`, issue: 'give service_id or service_code, not both' });
    else if (!input.service_id && !input.service_code) details.push({ field: `${f}.service_id`, issue: 'is required (or service_code)' });
    else {
      service = input.service_id ? services.find((s) => s.id === input.service_id) : services.find((s) => s.code === input.service_code);
      const field = input.service_id ? `${f}.service_id` : `${f}.service_code`;
      if (!service) details.push({ field, issue: 'no such service' });
      else if (!service.active && !opts.keepServiceIds?.has(service.id)) details.push({ field, issue: 'the service is deactivated' });
    }
    let quantity = '1';
    let override: string | null = null;
    try {
      if (input.quantity !== undefined) {
        const d = decimalInput(input.quantity, `${f}.quantity`);
        if (compareDecimal(d, { units: 0n, scale: 0 }) <= 0) details.push({ field: `${f}.quantity`, issue: 'must be greater than 0' });
        quantity = formatDecimal(d);
      }
    } catch (e) {
      details.push(...(e as DomainError).details);
    }
    try {
      if (input.price_override_cents != null)
        override = formatDecimal(decimalInput(input.price_override_cents, `${f}.price_override_cents`));
    } catch (e) {
      details.push(...(e as DomainError).details);
    }
    if (service) {
      out.push({
        ...(input.id ? { id: input.id } : {}),
        service_id: service.id,
        billing_period: service.billing_period,
        quantity,
        price_override_cents: override,
        description: input.description?.trim() || null,
        ...(input.ends_on !== undefined ? { ends_on: input.ends_on } : {}),
      });
    }
  });
  if (details.length)
    throw new DomainError('validation_failed', 'Invalid items: ' + details.map((d) => `${d.field} ${d.issue}`).join('; '), details);
  const unit = contractPeriodUnit(
    gridOf(
      { id: '', customer_id: '', start_date: '2000-01-01', end_date: null, billing_day: 1, due_days: 0 },
      out.map((i) => i.billing_period),
    ),
  )!;
  return { items: out, unit };
}
