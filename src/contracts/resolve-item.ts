// Which contract item a usage record (or any per-item fact) belongs to, from whatever the caller
// knows: the item itself, the contract (+ service), or the customer + service. The item must be in
// force on `date` (items changed on a running contract have validity ranges, docs/contracts.md).
import type { Queryable } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { findItemCandidates } from './queries.ts';

export interface ContractItemRef {
  contractItemId?: string | null;
  contractId?: string | null;
  customerId?: string | null;
  serviceId?: string | null;
  /** The business date the fact refers to, 'YYYY-MM-DD'. */
  date: string;
}

export interface ResolvedContractItem {
  contractId: string;
  contractItemId: string;
  customerId: string;
  serviceId: string;
}

function badId(field: string): DomainError {
  return new DomainError('validation_failed', `${field} must be a UUID`, [{ field, issue: 'must be a UUID' }]);
}

/**
 * 404 when nothing matches, 400 `ambiguous_contract_item` when several items match (e.g. the
 * customer has two contracts with that service on that date: name the contract or the item), 400
 * `validation_failed` when the reference is incomplete or contradictory.
 */
export async function resolveContractItem(q: Queryable, scope: Scope, ref: ContractItemRef): Promise<ResolvedContractItem> {
  const fields = {
    contract_item_id: ref.contractItemId,
    contract_id: ref.contractId,
    customer_id: ref.customerId,
    service_id: ref.serviceId,
  };
  for (const [field, value] of Object.entries(fields)) if (value != null && !isUuid(value)) throw badId(field);
  if (typeof ref.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(ref.date)) {
    throw new DomainError('validation_failed', 'date must be YYYY-MM-DD', [{ field: 'date', issue: 'must be a date YYYY-MM-DD' }]);
  }
  if (!ref.contractItemId && !ref.contractId && !(ref.customerId && ref.serviceId)) {
    throw new DomainError(
      'validation_failed',
      'Say which contract item: contract_item_id, contract_id (+ service_id) or customer_id + service_id',
      [{ field: ref.customerId ? 'service_id' : 'contract_id', issue: 'is required' }],
    );
  }
  const rows = await findItemCandidates(q, scope.tenantId, {
    itemId: ref.contractItemId ?? null,
    contractId: ref.contractId ?? null,
    customerId: ref.customerId ?? null,
    serviceId: ref.serviceId ?? null,
    // An explicit item id is taken as given; otherwise only items (and contracts) in force on the date.
    date: ref.contractItemId ? null : ref.date,
  });
  if (rows.length === 0) {
    if (ref.contractItemId) throw notFound('Contract item');
    throw new DomainError(
      'not_found',
      `No contract item in force on ${ref.date} matches the given ${Object.entries(fields)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .join(' + ')}`,
    );
  }
  if (rows.length > 1) {
    throw new DomainError(
      'ambiguous_contract_item',
      `${rows.length} contract items match on ${ref.date}; give contract_item_id (or contract_id and service_id)`,
      [{ field: ref.contractId ? 'service_id' : 'contract_id', issue: 'several contract items match' }],
      { candidates: rows.map((r) => ({ contract_id: r.contract_id, contract_item_id: r.id, service_id: r.service_id })) },
    );
  }
  const r = rows[0];
  return { contractId: r.contract_id, contractItemId: r.id, customerId: r.customer_id, serviceId: r.service_id };
}
