// The price of a service on a date, as the billing calculation consumes it.
import type { Queryable } from '../platform/db/types.ts';
import { notFound } from '../platform/errors.ts';
import type { ServiceSnapshot } from '../pricing/types.ts';
import { priceAt } from './queries.ts';
import { toServiceSnapshot } from './present-service.ts';

/**
 * The service as priced on `date` (the price version with the latest effective_from on or before
 * the date; dates before the first version use the first). Billing calls it with a period's first
 * day, so a price change never applies to a period that had started before it took effect.
 */
export async function servicePriceAt(q: Queryable, tenantId: string, serviceId: string, date: string): Promise<ServiceSnapshot> {
  const row = await priceAt(q, tenantId, serviceId, date);
  if (!row) throw notFound('Service');
  return toServiceSnapshot(serviceId, row, row);
}
