// JSON:API query parameters as TOConline clients send them: `page[number]`/`page[size]`, `sort`
// (comma list, `-` for descending), `fields[<type>]` (sparse fieldsets), `include`, and
// `filter[<attribute>]` (equality). Parameters that name nothing (B's `filter[x]=` keys, a raw
// `filter=` SQL-ish string, `page`, `per_page`) are ignored; a non-empty filter or a sort on an
// attribute that cannot be applied is refused with 400, since a silently dropped filter returns
// every record and clients take `data[0]` as the match.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../platform/errors.ts';

export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 1000;

/** A JSON:API resource as the dialect presents it. */
export interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: unknown }>;
}

export type Query = Record<string, unknown>;

const queryProblem = (parameter: string, issue: string) =>
  new DomainError('validation_failed', `${parameter} ${issue}`, [{ field: `querystring.${parameter}`, issue }]);

/** The querystring schema of a list: the documented parameters, anything else allowed (and ignored unless handled). */
export function listQuery(type: string, filters: Record<string, string>) {
  return Type.Object(
    {
      'page[number]': Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
      'page[size]': Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `Default ${DEFAULT_PAGE_SIZE}` })),
      sort: Type.Optional(Type.String({ maxLength: 200, description: 'Comma-separated attributes, `-` for descending (e.g. `-id`)' })),
      include: Type.Optional(
        Type.String({ maxLength: 200, description: 'Comma-separated relationships to add under `included` (see docs/compat.md)' }),
      ),
      [`fields[${type}]`]: Type.Optional(
        Type.String({ maxLength: 500, description: 'Sparse fieldset: only these attributes/relationships' }),
      ),
      ...Object.fromEntries(
        Object.entries(filters).map(([k, d]) => [`filter[${k}]`, Type.Optional(Type.String({ maxLength: 254, description: d }))]),
      ),
    },
    {
      additionalProperties: true,
      description: 'Other filter[...] on the resource attributes are applied as equality; unknown parameters are ignored',
    },
  );
}

/** The querystring schema of a single GET: `include` and `fields[...]` accepted. */
export function oneQuery(type: string) {
  return Type.Object(
    {
      include: Type.Optional(Type.String({ maxLength: 200 })),
      [`fields[${type}]`]: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: true },
  );
}

export function paging(q: Query): { page: number; size: number } {
  return { page: (q['page[number]'] as number | undefined) ?? 1, size: (q['page[size]'] as number | undefined) ?? DEFAULT_PAGE_SIZE };
}

/** `filter[attr]=value` pairs with a non-empty value (a repeated parameter keeps its last value). */
export function filtersOf(q: Query): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, raw] of Object.entries(q)) {
    const m = /^filter\[([A-Za-z_][A-Za-z0-9_.]*)\]$/.exec(key);
    if (!m) continue;
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined || value === null || String(value).trim() === '') continue;
    out.set(m[1], String(value).trim());
  }
  return out;
}

/** Refuses filters outside `allowed` (see the module comment). */
export function checkFilters(filters: Map<string, string>, allowed: readonly string[]): void {
  for (const name of filters.keys()) {
    if (!allowed.includes(name))
      throw queryProblem(`filter[${name}]`, `is not a filter of this resource; filters: ${allowed.map((a) => `filter[${a}]`).join(', ')}`);
  }
}

export interface SortKey {
  field: string;
  desc: boolean;
}

/** `sort=-id,business_name` → keys; an attribute outside `allowed` is refused with 400 (JSON:API says so). */
export function sortOf(q: Query, allowed: readonly string[]): SortKey[] {
  const raw = q.sort;
  if (raw === undefined || raw === null || String(raw).trim() === '') return [];
  return String(raw)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const desc = s.startsWith('-');
      const field = s.replace(/^[-+]/, '');
      if (!allowed.includes(field)) throw queryProblem('sort', `cannot sort by ${field}; sortable: ${allowed.join(', ')}`);
      return { field, desc };
    });
}

export function includesOf(q: Query): Set<string> {
  const raw = q.include;
  if (raw === undefined || raw === null) return new Set();
  return new Set(
    String(raw)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** `fields[type]` applied: only the listed attributes and relationships (unknown names are ignored). */
export function sparse<R extends Resource>(r: R, q: Query): R {
  const raw = q[`fields[${r.type}]`];
  if (raw === undefined || raw === null) return r;
  const keep = new Set(
    String(raw)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const attributes = Object.fromEntries(Object.entries(r.attributes).filter(([k]) => keep.has(k)));
  const out: Resource = { type: r.type, id: r.id, attributes };
  if (r.relationships) {
    const rels = Object.fromEntries(Object.entries(r.relationships).filter(([k]) => keep.has(k)));
    if (Object.keys(rels).length > 0) out.relationships = rels;
  }
  return out as R;
}

/** Included resources, once each, with their own sparse fieldsets. */
export function included(list: Resource[], q: Query): Resource[] | undefined {
  if (list.length === 0) return undefined;
  const seen = new Set<string>();
  const out: Resource[] = [];
  for (const r of list) {
    const key = `${r.type}:${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(sparse(r, q));
  }
  return out;
}

// ---- lists held in memory (addresses, contacts, countries: small sets, or one customer's) ----

/** The value a filter or sort sees: an attribute, or `<relationship>_id` from a to-one relationship. */
function fieldValue(r: Resource, field: string): unknown {
  if (field === 'id') return Number(r.id);
  if (field in r.attributes) return r.attributes[field];
  const rel = /^(\w+)_id$/.exec(field);
  const data = rel ? (r.relationships?.[rel[1]]?.data as { id?: string } | null | undefined) : undefined;
  return data && !Array.isArray(data) ? (data.id ?? null) : null;
}

function same(value: unknown, wanted: string): boolean {
  if (value === null || value === undefined) return wanted === 'null';
  if (typeof value === 'string') return value.toLowerCase() === wanted.toLowerCase();
  if (Array.isArray(value)) return value.some((v) => same(v, wanted));
  return String(value) === wanted;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), 'pt');
}

/** Filters (equality, case-insensitive for text), sorts and pages resources held in memory. */
export function listInMemory<R extends Resource>(
  items: R[],
  q: Query,
  opts: { filters: readonly string[]; sorts: readonly string[]; alias?: Record<string, string> },
): { page: R[]; total: number; page_number: number; size: number } {
  const filters = filtersOf(q);
  checkFilters(filters, opts.filters);
  const keys = sortOf(q, opts.sorts);
  let list = items.filter((r) => [...filters].every(([k, v]) => same(fieldValue(r, opts.alias?.[k] ?? k), v)));
  if (keys.length) {
    list = [...list].sort((a, b) => {
      for (const k of keys) {
        const c = compare(fieldValue(a, k.field), fieldValue(b, k.field));
        if (c !== 0) return k.desc ? -c : c;
      }
      return Number(a.id) - Number(b.id);
    });
  }
  const { page, size } = paging(q);
  return { page: list.slice((page - 1) * size, page * size), total: list.length, page_number: page, size };
}

export function links(req: FastifyRequest, page: number, size: number, hasMore: boolean) {
  // The path the client asked for (a host serving the dialect at its root rewrites it).
  const base = req.originalUrl.split('?')[0];
  const q = new URLSearchParams(req.query as Record<string, string>);
  q.set('page[size]', String(size));
  const at = (n: number) => {
    q.set('page[number]', String(n));
    return `${base}?${q.toString()}`;
  };
  return { self: at(page), ...(hasMore ? { next: at(page + 1) } : {}) };
}
