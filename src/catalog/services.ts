// Service (catalog) use cases. Each takes a transaction (or a queryable for reads) and the scope.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { nextNumbers } from '../platform/counters.ts';
import { runList, type ListRequest, type Page } from '../platform/search.ts';
import { addDays } from '../platform/dates.ts';
import * as q from './queries.ts';
import { normalizePricing, normalizeService, samePricing, type NormalizedService } from './normalize-service.ts';
import { presentService, pricingOf, versionInForce } from './present-service.ts';
import { serviceResource } from './service-resource.ts';
import type { Service, ServiceCreate, ServicePatch } from './schemas.ts';

/** A foreign key refused the delete: 23503 (NO ACTION) or 23001 (RESTRICT). */
const isForeignKeyBlock = (err: unknown) => ['23503', '23001'].includes((err as { code?: string }).code ?? '');

interface Opts {
  today: string;
}

async function assertUnique(tx: Tx, scope: Scope, s: NormalizedService, selfId?: string): Promise<void> {
  for (const field of ['code', 'external_code'] as const) {
    const value = s[field];
    if (!value) continue;
    const other = await q.findServiceIdBy(tx, scope.tenantId, field, value);
    if (other && other.id !== selfId) {
      throw new DomainError(
        field === 'code' ? 'conflict' : 'duplicate_external_code',
        `Another service already has ${field} ${value}: #${other.number} ${other.name} (${other.id})`,
        [{ field, issue: 'already used by another service' }],
        { existing_service_id: other.id, existing_service_number: other.number },
      );
    }
  }
}

function translateUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && (e.constraint === 'services_code' || e.constraint === 'services_external_code')) {
    const field = e.constraint === 'services_code' ? 'code' : 'external_code';
    throw new DomainError(field === 'code' ? 'conflict' : 'duplicate_external_code', `Another service already has this ${field}`, [
      { field, issue: 'already used by another service' },
    ]);
  }
  throw err;
}

/**
 * Resolves a service reference: its UUID, its per-tenant number (digits), or else its code.
 * (A code made only of digits is reachable with GET /v1/services/by-code/{code}.)
 */
export async function resolveService(db: Queryable, scope: Scope, ref: string, opts: { forUpdate?: boolean } = {}): Promise<q.ServiceRow> {
  let row: q.ServiceRow | null = null;
  if (isUuid(ref)) row = await q.findService(db, scope.tenantId, 'id', ref, opts);
  else if (/^\d{1,15}$/.test(ref)) row = await q.findService(db, scope.tenantId, 'number', Number(ref), opts);
  else row = await q.findService(db, scope.tenantId, 'code', ref, opts);
  if (!row) throw notFound('Service');
  return row;
}

export async function createService(tx: Tx, scope: Scope, input: ServiceCreate, opts: Opts): Promise<Service> {
  const s = normalizeService(input);
  const pricing = normalizePricing(input);
  await assertUnique(tx, scope, s);
  const id = uuidv7();
  const number = await nextNumbers(tx, scope.tenantId, 'service');
  try {
    await q.insertService(tx, scope.tenantId, id, number, s, pricing.pricing_model, scope.now);
  } catch (err) {
    translateUniqueViolation(err);
  }
  // The first version also prices any date before it (contracts migrated with past start dates).
  await q.upsertPrice(tx, scope.tenantId, uuidv7(), id, opts.today, pricing, scope.now);
  const created = presentService((await q.findService(tx, scope.tenantId, 'id', id))!, opts.today);
  await recordEvent(tx, scope, { type: 'service.created', resourceType: 'service', resourceId: id, after: created });
  return created;
}

export async function getService(db: Queryable, scope: Scope, ref: string, opts: Opts): Promise<Service> {
  return presentService(await resolveService(db, scope, ref), opts.today);
}

export async function getServiceByCode(db: Queryable, scope: Scope, code: string, opts: Opts): Promise<Service> {
  const row = await q.findService(db, scope.tenantId, 'code', code);
  if (!row) throw notFound('Service');
  return presentService(row, opts.today);
}

const PRICING_KEYS = ['pricing_model', 'price_cents', 'tiers', 'included_quantity'] as const;

/**
 * Updates a service. Descriptive fields change at once. A pricing change (pricing_model,
 * price_cents, tiers, included_quantity) never touches a period already started: it becomes a
 * new price version effective from `price_effective_from` (a date after today; default tomorrow).
 * Billing prices a period with the version in force on the period's first day, so every period
 * that has started by today keeps the old price. The billing period cannot change while contract
 * items use the service (it would move their billing grid): 409 in_use.
 */
export async function updateService(tx: Tx, scope: Scope, ref: string, patch: ServicePatch, opts: Opts): Promise<Service> {
  const row = await resolveService(tx, scope, ref, { forUpdate: true });
  const before = presentService(row, opts.today);
  const s = normalizeService({ ...before, ...stripPricing(patch) });
  if (s.billing_period !== row.billing_period && (await q.serviceInUse(tx, scope.tenantId, row.id))) {
    throw new DomainError('in_use', 'The billing period of a service used by contracts cannot change; create another service instead', [
      { field: 'billing_period', issue: 'service is used by contract items' },
    ]);
  }
  const pricingTouched = PRICING_KEYS.some((k) => patch[k] !== undefined);
  if (patch.price_effective_from !== undefined && !pricingTouched) {
    throw new DomainError('validation_failed', 'price_effective_from goes with a pricing change', [
      { field: 'price_effective_from', issue: 'only with pricing_model, price_cents, tiers or included_quantity' },
    ]);
  }
  await assertUnique(tx, scope, s, row.id);
  try {
    await q.updateService(tx, scope.tenantId, row.id, s, scope.now);
  } catch (err) {
    translateUniqueViolation(err);
  }
  if (pricingTouched) {
    const effective = patch.price_effective_from ?? addDays(opts.today, 1);
    if (effective <= opts.today) {
      throw new DomainError('validation_failed', 'Price changes apply to future periods only: price_effective_from must be after today', [
        { field: 'price_effective_from', issue: `must be after ${opts.today}` },
      ]);
    }
    const base = pricingOf(versionInForce(row.prices, effective));
    // Changing the model starts from a clean pricing: fields of the old model do not carry over.
    const merged =
      patch.pricing_model !== undefined && patch.pricing_model !== base.pricing_model
        ? {
            pricing_model: patch.pricing_model,
            price_cents: patch.price_cents,
            tiers: patch.tiers,
            included_quantity: patch.included_quantity,
          }
        : { ...base, ...Object.fromEntries(PRICING_KEYS.filter((k) => patch[k] !== undefined).map((k) => [k, patch[k]])) };
    const pricing = normalizePricing(merged);
    if (!samePricing(pricing, base)) await q.upsertPrice(tx, scope.tenantId, uuidv7(), row.id, effective, pricing, scope.now);
  }
  const after = presentService((await q.findService(tx, scope.tenantId, 'id', row.id))!, opts.today);
  await recordEvent(tx, scope, { type: 'service.updated', resourceType: 'service', resourceId: row.id, before, after });
  return after;
}

function stripPricing(patch: ServicePatch) {
  const { pricing_model, price_cents, tiers, included_quantity, price_effective_from, ...rest } = patch;
  return rest;
}

export async function setServiceActive(tx: Tx, scope: Scope, ref: string, active: boolean, opts: Opts): Promise<Service> {
  const row = await resolveService(tx, scope, ref, { forUpdate: true });
  const before = presentService(row, opts.today);
  if (before.active === active) return before;
  await q.setServiceActive(tx, scope.tenantId, row.id, active, scope.now);
  const after = presentService((await q.findService(tx, scope.tenantId, 'id', row.id))!, opts.today);
  await recordEvent(tx, scope, {
    type: 'service.updated',
    resourceType: 'service',
    resourceId: row.id,
    before,
    after,
    data: { action: active ? 'activate' : 'deactivate' },
  });
  return after;
}

/** Deletes a service no contract item uses; otherwise 409 in_use (deactivate it instead). */
export async function deleteService(tx: Tx, scope: Scope, ref: string, opts: Opts): Promise<Service> {
  const row = await resolveService(tx, scope, ref, { forUpdate: true });
  const before = presentService(row, opts.today);
  await tx.query('SAVEPOINT delete_service');
  try {
    await q.deleteService(tx, scope.tenantId, row.id);
  } catch (err) {
    if (isForeignKeyBlock(err)) {
      await tx.query('ROLLBACK TO SAVEPOINT delete_service');
      throw new DomainError(
        'in_use',
        'This service is used by contracts and cannot be deleted; deactivate it instead (POST /v1/services/{id}/deactivate)',
      );
    }
    throw err;
  }
  await recordEvent(tx, scope, { type: 'service.deleted', resourceType: 'service', resourceId: row.id, before });
  return before;
}

export async function listServices(db: Queryable, scope: Scope, req: ListRequest, opts: Opts & { text?: string }): Promise<Page<Service>> {
  const params: unknown[] = [scope.tenantId];
  let where = 's.tenant_id = $1';
  if (opts.text) {
    params.push(`%${opts.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where += ` AND (s.name ILIKE $2 OR s.code ILIKE $2 OR s.description ILIKE $2)`;
  }
  const page = await runList<q.ServiceRow>(
    db,
    serviceResource,
    { select: q.SERVICE_SELECT, from: 'services s', scopeWhere: where, scopeParams: params, idSql: 's.id' },
    req,
  );
  return { ...page, data: page.data.map((r) => presentService(r, opts.today)) };
}
