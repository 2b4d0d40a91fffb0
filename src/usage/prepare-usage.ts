// THE validation of usage records, for one record or a thousand: the API (create, batch, replace)
// and the spreadsheet import all call prepareUsage. Everything that needs the database is done
// set-based — a handful of statements per batch whatever its size — so a batch of 1000 costs
// about what one record costs.
//
// Which contract item a record belongs to follows the same rules as resolveContractItem
// (src/contracts): an explicit item is taken as given; otherwise only items in force on the
// reference date, of contracts that are not pending, have started, have not ended and are not
// cancelled before that date. test/http/usage.test.ts checks both give the same answers.
import type { Tx } from '../platform/db/types.ts';
import { isUuid } from '../platform/ids.ts';
import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import type { Scope } from '../platform/scope.ts';
import type { ErrorCode } from '../platform/errors.ts';
import { normalizeUsage, type NormalizedUsage, type UsageDraft } from './normalize-usage.ts';
import * as q from './queries.ts';

export interface UsageError {
  index: number;
  /** API field name (contract_id, quantity…; contract_ref/customer_ref/service_code for imports). */
  field: string;
  issue: string;
  /** validation_failed, not_found, ambiguous_contract_item, frozen, duplicate_external_id. */
  code: ErrorCode;
}

export type PreparedAction = 'create' | 'existing' | 'update';

export interface PreparedUsage {
  index: number;
  action: PreparedAction;
  /** The stored record: for 'existing' (returned as is) and 'update' (replaced). */
  existing: q.UsageRow | null;
  value: Omit<q.UsageWrite, 'id'>;
}

export interface PrepareOptions {
  /**
   * An external_id already stored with other content: 'conflict' (the API: 409
   * duplicate_external_id) or 'update' (the spreadsheet import: "Alterar Consumo via lote").
   */
  onExisting: 'conflict' | 'update';
  /** PUT: the record being replaced (its own external_id is not a duplicate). */
  selfId?: string;
}

const compactDocument = (v: string) => v.replace(/[.\-/\s]/g, '').toUpperCase();

function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  return `{${Object.keys(v as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** Same content: what a re-sent record would carry. Quantities compare by value ('1.50' = '1.5'). */
export function sameContent(row: q.UsageRow, v: Omit<q.UsageWrite, 'id'>): boolean {
  return (
    row.contract_item_id === v.contract_item_id &&
    canonicalQuantity(row.quantity) === canonicalQuantity(v.quantity) &&
    row.reference_date === v.reference_date &&
    (row.description ?? null) === (v.description ?? null) &&
    stableJson(row.metadata ?? {}) === stableJson(v.metadata ?? {})
  );
}

export function canonicalQuantity(s: string): string {
  return formatDecimal(parseDecimal(s, 6));
}

function inForce(c: q.ItemCandidate, date: string): boolean {
  return (
    (c.starts_on === null || c.starts_on <= date) &&
    (c.ends_on === null || c.ends_on >= date) &&
    c.status !== 'pending' &&
    c.start_date <= date &&
    (c.end_date === null || c.end_date >= date) &&
    (c.cancellation_effective_date === null || c.cancellation_effective_date >= date)
  );
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export async function prepareUsage(
  tx: Tx,
  scope: Scope,
  drafts: UsageDraft[],
  opts: PrepareOptions,
): Promise<{ records: PreparedUsage[]; errors: UsageError[] }> {
  const tenantId = scope.tenantId;
  const errors: UsageError[] = [];
  const bad = new Set<number>();
  const fail = (index: number, field: string, issue: string, code: ErrorCode = 'validation_failed') => {
    errors.push({ index, field, issue, code });
    bad.add(index);
  };

  // 1. Each record on its own.
  const norm: (NormalizedUsage | null)[] = drafts.map((d, i) => {
    const r = normalizeUsage(d);
    if (r.ok) return r.value;
    for (const det of r.details) fail(i, det.field ?? '(record)', det.issue);
    return null;
  });
  const seenExternal = new Map<string, number>();
  norm.forEach((n, i) => {
    if (!n?.external_id) return;
    const first = seenExternal.get(n.external_id);
    if (first !== undefined) fail(i, 'external_id', `is repeated in this request (first at index ${first})`);
    else seenExternal.set(n.external_id, i);
  });

  // 2. References by code (imports, service_code): contract number/external code, customer document/code, service code.
  const contractRefs = new Set<string>();
  const customerRefs = new Set<string>();
  const serviceCodes = new Set<string>();
  for (const n of norm) {
    if (!n) continue;
    if (n.contract_ref) contractRefs.add(n.contract_ref);
    if (n.customer_ref) customerRefs.add(n.customer_ref);
    if (n.service_code) serviceCodes.add(n.service_code);
  }
  if (contractRefs.size) {
    const refs = [...contractRefs];
    const rows = await q.contractsByRef(tx, tenantId, refs, refs.filter((r) => /^\d{1,15}$/.test(r)).map(Number), refs.filter(isUuid));
    const byCode = new Map(rows.filter((r) => r.external_code).map((r) => [r.external_code!, r.id]));
    const byNumber = new Map(rows.map((r) => [String(r.number), r.id]));
    const byId = new Map(rows.map((r) => [r.id, r.id]));
    norm.forEach((n, i) => {
      if (!n?.contract_ref) return;
      // An external code wins over a number that happens to look the same.
      const id = byCode.get(n.contract_ref) ?? byNumber.get(n.contract_ref) ?? byId.get(n.contract_ref.toLowerCase());
      if (!id) fail(i, 'contract_ref', `no contract with number or external code ${n.contract_ref}`, 'not_found');
      else if (n.contract_id && n.contract_id !== id) fail(i, 'contract_ref', 'names another contract than contract_id');
      else n.contract_id = id;
    });
  }
  if (customerRefs.size) {
    const refs = [...customerRefs];
    const rows = await q.customersByRef(tx, tenantId, refs.map(compactDocument), refs);
    const byDoc = new Map(rows.filter((r) => r.document).map((r) => [r.document!, r.id]));
    const byCode = new Map(rows.filter((r) => r.external_code).map((r) => [r.external_code!, r.id]));
    norm.forEach((n, i) => {
      if (!n?.customer_ref) return;
      const id = byDoc.get(compactDocument(n.customer_ref)) ?? byCode.get(n.customer_ref);
      if (!id) fail(i, 'customer_ref', `no customer with document or external code ${n.customer_ref}`, 'not_found');
      else if (n.customer_id && n.customer_id !== id) fail(i, 'customer_ref', 'names another customer than customer_id');
      else n.customer_id = id;
    });
  }
  if (serviceCodes.size) {
    const rows = await q.servicesByCode(tx, tenantId, [...serviceCodes]);
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    norm.forEach((n, i) => {
      if (!n?.service_code) return;
      const id = byCode.get(n.service_code);
      if (!id) fail(i, 'service_code', `no service with code ${n.service_code}`, 'not_found');
      else n.service_id = id;
    });
  }

  // 3. The contract item of each record.
  const itemIds = new Set<string>();
  const contractIds = new Set<string>();
  const customerIds = new Set<string>();
  const serviceIds = new Set<string>();
  norm.forEach((n, i) => {
    if (!n || bad.has(i)) return;
    if (n.contract_item_id) itemIds.add(n.contract_item_id);
    else if (n.contract_id) contractIds.add(n.contract_id);
    else if (n.customer_id && n.service_id) {
      customerIds.add(n.customer_id);
      serviceIds.add(n.service_id);
    }
  });
  const candidates = await q.itemCandidates(tx, tenantId, {
    itemIds: [...itemIds],
    contractIds: [...contractIds],
    customerIds: [...customerIds],
    serviceIds: [...serviceIds],
  });
  const byItem = new Map<string, q.ItemCandidate>();
  const byContract = new Map<string, q.ItemCandidate[]>();
  const byCustomer = new Map<string, q.ItemCandidate[]>();
  const seen = new Set<string>();
  for (const c of candidates) {
    byItem.set(c.id, c);
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    pushTo(byContract, c.contract_id, c);
    pushTo(byCustomer, c.customer_id, c);
  }
  const resolved: (q.ItemCandidate | null)[] = norm.map((n, i) => {
    if (!n || bad.has(i)) return null;
    let pool: q.ItemCandidate[];
    if (n.contract_item_id) {
      const c = byItem.get(n.contract_item_id);
      pool = c ? [c] : [];
    } else if (n.contract_id) pool = byContract.get(n.contract_id) ?? [];
    else pool = byCustomer.get(n.customer_id!) ?? [];
    const matches = pool.filter(
      (c) =>
        (!n.contract_id || c.contract_id === n.contract_id) &&
        (!n.customer_id || c.customer_id === n.customer_id) &&
        (!n.service_id || c.service_id === n.service_id) &&
        (n.contract_item_id ? true : inForce(c, n.reference_date)),
    );
    const named = (['contract_item_id', 'contract_id', 'customer_id', 'service_id'] as const).filter((k) => n[k]);
    if (matches.length === 0) {
      const field = n.contract_item_id
        ? 'contract_item_id'
        : n.contract_id
          ? n.contract_ref
            ? 'contract_ref'
            : 'contract_id'
          : n.customer_ref
            ? 'customer_ref'
            : 'customer_id';
      fail(
        i,
        field,
        n.contract_item_id && !pool.length
          ? 'contract item not found'
          : `no contract item in force on ${n.reference_date} matches the given ${named.join(' + ')}`,
        'not_found',
      );
      return null;
    }
    if (matches.length > 1) {
      fail(
        i,
        n.contract_id
          ? n.service_code !== null || n.contract_ref !== null
            ? 'service_code'
            : 'service_id'
          : n.customer_ref !== null
            ? 'contract_ref'
            : 'contract_id',
        `${matches.length} contract items match on ${n.reference_date}; give contract_item_id (or contract_id and service_id)`,
        'ambiguous_contract_item',
      );
      return null;
    }
    return matches[0];
  });

  const values: (Omit<q.UsageWrite, 'id'> | null)[] = norm.map((n, i) => {
    const item = resolved[i];
    if (!n || !item || bad.has(i)) return null;
    return {
      contract_id: item.contract_id,
      contract_item_id: item.id,
      customer_id: item.customer_id,
      service_id: item.service_id,
      quantity: n.quantity,
      reference_date: n.reference_date,
      description: n.description,
      external_id: n.external_id,
      metadata: n.metadata,
    };
  });

  // 4. Lock the contracts (see lockContractsShared), then re-sent records and frozen periods.
  const touched = [...new Set(values.filter((v) => v).map((v) => v!.contract_id))].sort();
  if (touched.length) await q.lockContractsShared(tx, tenantId, touched);

  const externals = values.filter((v) => v?.external_id).map((v) => v!.external_id!);
  const stored = new Map((await q.findByExternalIds(tx, tenantId, externals)).map((r) => [r.external_id!, r]));
  const records: PreparedUsage[] = [];
  values.forEach((v, i) => {
    if (!v) return;
    const existing = v.external_id ? stored.get(v.external_id) : undefined;
    if (!existing || existing.id === opts.selfId) {
      records.push({ index: i, action: opts.selfId ? 'update' : 'create', existing: null, value: v });
    } else if (opts.selfId) {
      fail(i, 'external_id', `already used by record ${existing.id}`, 'duplicate_external_id');
    } else if (sameContent(existing, v)) {
      records.push({ index: i, action: 'existing', existing, value: v });
    } else if (opts.onExisting === 'update' && !opts.selfId) {
      if (existing.billed_at)
        fail(
          i,
          'external_id',
          `the stored record with this external_id was billed (period ${existing.billing_period_key}) and cannot change`,
          'frozen',
        );
      else records.push({ index: i, action: 'update', existing, value: v });
    } else {
      fail(i, 'external_id', `already used by record ${existing.id} with other content`, 'duplicate_external_id');
    }
  });

  const periods = touched.length ? await q.billedPeriods(tx, tenantId, touched) : [];
  if (periods.length) {
    const byContractPeriods = new Map<string, q.BilledPeriod[]>();
    for (const p of periods) pushTo(byContractPeriods, p.contract_id, p);
    for (const r of records) {
      if (r.action === 'existing') continue;
      const hit = byContractPeriods
        .get(r.value.contract_id)
        ?.find((p) => p.period_start <= r.value.reference_date && r.value.reference_date <= p.period_end);
      if (hit)
        fail(
          r.index,
          'reference_date',
          `the period ${hit.period_key} (${hit.period_start} to ${hit.period_end}) of this contract is already billed`,
          'frozen',
        );
    }
  }
  return { records: records.filter((r) => !bad.has(r.index)), errors: errors.sort((a, b) => a.index - b.index) };
}
