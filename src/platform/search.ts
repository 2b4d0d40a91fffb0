// Listing and search, once for every resource: page-number paging, cursor paging, filters with
// a fixed set of operators, sorting, and the field metadata that says what may be filtered and
// sorted. A resource declares its fields; this module turns requests into parameterised SQL.
import { Type } from 'typebox';
import { DomainError, type ErrorCode } from './errors.ts';
import { isUuid } from './ids.ts';

export type FieldType = 'string' | 'integer' | 'money' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'uuid' | 'enum' | 'object' | 'array';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** SQL expression for filters/sorting; defaults to `<alias>.<name>`. */
  sql?: string;
  maxLength?: number;
  required?: boolean;
  filterable?: boolean;
  sortable?: boolean;
  enum?: readonly string[];
  description?: string;
  /** Normalises a filter value before it reaches SQL (e.g. strip a CPF's punctuation). */
  normalize?: (value: string) => string;
  /**
   * For `contains`/`starts_with`: a column holding the value folded by `cobre_fold()` (lower case,
   * no accents), matched with LIKE against the folded pattern. Without it they use ILIKE.
   */
  foldedSql?: string;
  /** Unique within the tenant: sorting by it needs no tiebreaker. */
  unique?: boolean;
  /** Full control over the predicate for this field (e.g. EXISTS over a child table). */
  predicate?: (op: FilterOp, placeholder: string) => string;
}

export interface ResourceDef {
  name: string;
  alias: string;
  fields: FieldDef[];
  defaultSort: { field: string; direction: 'asc' | 'desc' }[];
}

export const FILTER_OPS = ['eq', 'neq', 'contains', 'starts_with', 'gt', 'gte', 'lt', 'lte', 'in', 'is_null'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface Filter {
  field: string;
  op: FilterOp;
  value?: unknown;
}
export interface Sort {
  field: string;
  direction?: 'asc' | 'desc';
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Totals are exact up to this many rows; beyond it `total` is this cap and `total_is_exact` false. */
export const COUNT_CAP = 1_000;

// ---- schemas shared by every resource ----

const INCLUDE_TOTAL_DOC = `Also count the matching rows (exact up to ${COUNT_CAP.toLocaleString('en')}) into \`total\`. Off by default: a page and \`has_more\` cost a fraction of a count over a large table.`;

export const FilterSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 64 }),
    op: Type.Union(FILTER_OPS.map((o) => Type.Literal(o))),
    value: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

export const SortSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 64 }),
    direction: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  },
  { additionalProperties: false },
);

export const SearchBodySchema = Type.Object(
  {
    filters: Type.Optional(Type.Array(FilterSchema, { maxItems: 20 })),
    sort: Type.Optional(Type.Array(SortSchema, { maxItems: 5 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
    include_total: Type.Optional(Type.Boolean({ description: INCLUDE_TOTAL_DOC })),
  },
  { additionalProperties: false },
);

export const PagingQuerySchema = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Page number (page-number paging).' })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `Rows per page, at most ${MAX_PAGE_SIZE}.` })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Cursor paging: rows per page.' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Cursor paging: `next_cursor` of the previous page.' })),
  sort: Type.Optional(
    Type.String({ maxLength: 200, description: 'Comma-separated fields, `-` prefix for descending, e.g. `-created_at,name`.' }),
  ),
  include_total: Type.Optional(Type.Boolean({ description: INCLUDE_TOTAL_DOC })),
};

export function pageSchema<T extends import('typebox').TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    page: Type.Union([Type.Integer(), Type.Null()]),
    page_size: Type.Integer(),
    total: Type.Union([Type.Integer(), Type.Null()]),
    total_is_exact: Type.Boolean(),
    has_more: Type.Boolean(),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  });
}

export const MetadataSchema = Type.Object({
  resource: Type.String(),
  fields: Type.Array(
    Type.Object({
      field: Type.String(),
      type: Type.String(),
      max_length: Type.Union([Type.Integer(), Type.Null()]),
      required: Type.Boolean(),
      filterable: Type.Boolean(),
      sortable: Type.Boolean(),
      operators: Type.Array(Type.String()),
      enum: Type.Union([Type.Array(Type.String()), Type.Null()]),
      description: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

// ---- the engine ----

export function operatorsFor(f: FieldDef): FilterOp[] {
  if (!f.filterable) return [];
  switch (f.type) {
    case 'string':
      return ['eq', 'neq', 'contains', 'starts_with', 'gt', 'gte', 'lt', 'lte', 'in', 'is_null'];
    case 'boolean':
      return ['eq', 'neq', 'is_null'];
    case 'uuid':
    case 'enum':
      return ['eq', 'neq', 'in', 'is_null'];
    default:
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is_null'];
  }
}

export function metadataOf(def: ResourceDef) {
  return {
    resource: def.name,
    fields: def.fields.map((f) => ({
      field: f.name,
      type: f.type,
      max_length: f.maxLength ?? null,
      required: !!f.required,
      filterable: !!f.filterable,
      sortable: !!f.sortable,
      operators: operatorsFor(f),
      enum: f.enum ? [...f.enum] : null,
      description: f.description ?? null,
    })),
  };
}

function fieldSql(def: ResourceDef, f: FieldDef): string {
  return f.sql ?? `${def.alias}.${f.name}`;
}

function bad(code: ErrorCode, field: string, issue: string): DomainError {
  return new DomainError(code, issue, [{ field, issue }]);
}

function coerceValue(f: FieldDef, value: unknown, where: string): unknown {
  const fail = (issue: string) => bad('invalid_filter', where, issue);
  switch (f.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw fail(`${f.name} takes true or false`);
      return value;
    case 'integer':
    case 'money':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail(`${f.name} takes an integer`);
      return value;
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) throw fail(`${f.name} takes a decimal number`);
      return value;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
        throw fail(`${f.name} takes a date YYYY-MM-DD`);
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw fail(`${f.name} takes an ISO 8601 date-time`);
      return value;
    case 'uuid':
      if (typeof value !== 'string' || !isUuid(value)) throw fail(`${f.name} takes a UUID`);
      return value;
    case 'enum':
      if (typeof value !== 'string' || !f.enum?.includes(value)) throw fail(`${f.name} takes one of: ${f.enum?.join(', ')}`);
      return value;
    default: {
      if (typeof value !== 'string' && typeof value !== 'number') throw fail(`${f.name} takes a string`);
      const s = String(value);
      if (s.length > 200) throw fail(`${f.name} filter value is too long`);
      return f.normalize ? f.normalize(s) : s;
    }
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Builds `AND …` predicates for the filters; params are appended after `baseParams`. */
export function buildWhere(def: ResourceDef, filters: Filter[], params: unknown[]): string {
  const byName = new Map(def.fields.map((f) => [f.name, f]));
  const parts: string[] = [];
  filters.forEach((flt, i) => {
    const where = `filters[${i}]`;
    const f = byName.get(flt.field);
    if (!f?.filterable) throw bad('invalid_filter', `${where}.field`, `${flt.field} is not a filterable field of ${def.name}`);
    if (!operatorsFor(f).includes(flt.op))
      throw bad('invalid_filter', `${where}.op`, `operator ${flt.op} does not apply to ${f.name} (${f.type})`);
    const col = fieldSql(def, f);
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const pred = (op: FilterOp, ph: string, sqlOp: string) => (f.predicate ? f.predicate(op, ph) : `${col} ${sqlOp} ${ph}`);
    switch (flt.op) {
      case 'is_null': {
        if (typeof flt.value !== 'boolean') throw bad('invalid_filter', `${where}.value`, 'is_null takes true or false');
        parts.push(`${col} IS ${flt.value ? '' : 'NOT '}NULL`);
        break;
      }
      case 'in': {
        if (!Array.isArray(flt.value) || flt.value.length === 0 || flt.value.length > 100)
          throw bad('invalid_filter', `${where}.value`, 'in takes an array of 1 to 100 values');
        const vals = flt.value.map((v) => coerceValue(f, v, `${where}.value`));
        const ph = add(vals);
        parts.push(f.predicate ? f.predicate('in', ph) : `${col} = ANY(${ph})`);
        break;
      }
      case 'contains':
      case 'starts_with': {
        const v = coerceValue(f, flt.value, `${where}.value`) as string;
        if (v.length === 0) throw bad('invalid_filter', `${where}.value`, `${flt.op} takes a non-empty string`);
        const pattern = flt.op === 'contains' ? `%${escapeLike(v)}%` : `${escapeLike(v)}%`;
        const ph = add(pattern);
        if (f.predicate) parts.push(f.predicate(flt.op, ph));
        else if (f.foldedSql) parts.push(`${f.foldedSql} LIKE cobre_fold(${ph})`);
        else parts.push(`${col} ILIKE ${ph}`);
        break;
      }
      default: {
        const sqlOp = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[flt.op];
        const v = coerceValue(f, flt.value, `${where}.value`);
        const ph = add(v);
        if (flt.op === 'neq' && !f.predicate) parts.push(`${col} IS DISTINCT FROM ${ph}`);
        else parts.push(pred(flt.op, ph, sqlOp));
      }
    }
  });
  return parts.map((p) => ` AND ${p}`).join('');
}

export function buildOrderBy(def: ResourceDef, sort: Sort[] | undefined, idSql: string): string {
  const byName = new Map(def.fields.map((f) => [f.name, f]));
  const items = sort?.length ? sort : def.defaultSort;
  let unique = false;
  const parts = items.map((s, i) => {
    const f = byName.get(s.field);
    if (!f?.sortable) throw bad('invalid_sort', `sort[${i}].field`, `${s.field} is not a sortable field of ${def.name}`);
    const dir = (s.direction ?? 'asc') === 'desc' ? 'DESC' : 'ASC';
    unique ||= !!f.unique;
    return `${fieldSql(def, f)} ${dir} NULLS LAST`;
  });
  // A unique tiebreaker makes page boundaries stable (not needed after a unique key, and
  // leaving it out lets that key's index give the order alone).
  if (!unique) parts.push(`${idSql} ASC`);
  return parts.join(', ');
}

/** Parses `?sort=-created_at,name`. */
export function parseSortParam(sort: string | undefined): Sort[] | undefined {
  if (!sort) return undefined;
  return sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) =>
      s.startsWith('-') ? { field: s.slice(1), direction: 'desc' as const } : { field: s.replace(/^\+/, ''), direction: 'asc' as const },
    );
}

export function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ id })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed?.id === 'string' && isUuid(parsed.id)) return parsed.id;
  } catch {
    /* fall through */
  }
  throw bad('invalid_cursor', 'cursor', 'cursor is not valid; use next_cursor from the previous page');
}

export interface ListRequest {
  filters?: Filter[];
  sort?: Sort[];
  page?: number;
  page_size?: number;
  cursor?: string;
  limit?: number;
  /** Count the matches into `total` (page-number paging only). */
  include_total?: boolean;
}

export interface Page<T> {
  data: T[];
  page: number | null;
  page_size: number;
  total: number | null;
  total_is_exact: boolean;
  has_more: boolean;
  next_cursor: string | null;
}

/**
 * Runs a list query. `from` is `<table> <alias>` (plus joins) and `scopeWhere` the tenant
 * predicate using $1..$n of `scopeParams`. Cursor mode (cursor or limit given) walks the
 * primary key, which is a UUIDv7 and so follows creation order.
 */
export async function runList<Row>(
  db: { query<R>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }> },
  def: ResourceDef,
  opts: { select: string; from: string; scopeWhere: string; scopeParams: unknown[]; idSql: string },
  req: ListRequest,
): Promise<Page<Row>> {
  const params = [...opts.scopeParams];
  const where = opts.scopeWhere + buildWhere(def, req.filters ?? [], params);
  const cursorMode = req.cursor !== undefined || req.limit !== undefined;
  if (cursorMode) {
    if (req.sort?.length) throw bad('invalid_request', 'sort', 'cursor paging follows creation order; sort applies to page-number paging');
    if (req.page !== undefined) throw bad('invalid_request', 'page', 'use either page/page_size or cursor/limit');
    const limit = req.limit ?? req.page_size ?? DEFAULT_PAGE_SIZE;
    let cursorWhere = '';
    if (req.cursor) {
      params.push(decodeCursor(req.cursor));
      cursorWhere = ` AND ${opts.idSql} > $${params.length}`;
    }
    params.push(limit + 1);
    const { rows } = await db.query<Row & { __id: string }>(
      `SELECT ${opts.select}, ${opts.idSql} AS __id FROM ${opts.from} WHERE ${where}${cursorWhere} ORDER BY ${opts.idSql} ASC LIMIT $${params.length}`,
      params,
    );
    const hasMore = rows.length > limit;
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      // (cast: the row's columns are the resource's, which the caller types as Row)
      data: data.map(({ __id, ...r }) => r as unknown as Row),
      page: null,
      page_size: limit,
      total: null,
      total_is_exact: false,
      has_more: hasMore,
      next_cursor: hasMore && last ? encodeCursor(last.__id) : null,
    };
  }
  const pageSize = req.page_size ?? DEFAULT_PAGE_SIZE;
  const page = req.page ?? 1;
  const orderBy = buildOrderBy(def, req.sort, opts.idSql);
  const dataParams = [...params, pageSize + 1, (page - 1) * pageSize];
  const [{ rows }, count] = await Promise.all([
    db.query<Row>(
      `SELECT ${opts.select} FROM ${opts.from} WHERE ${where} ORDER BY ${orderBy} LIMIT $${dataParams.length - 1} OFFSET $${dataParams.length}`,
      dataParams,
    ),
    req.include_total
      ? db.query<{ n: number }>(
          `SELECT count(*)::int8 AS n FROM (SELECT 1 FROM ${opts.from} WHERE ${where} LIMIT ${COUNT_CAP + 1}) s`,
          params,
        )
      : null,
  ]);
  const hasMore = rows.length > pageSize;
  // Without a count the total is still known when this page is the last one (not past the end).
  const lastPage = !hasMore && (rows.length > 0 || page === 1);
  const n = count ? count.rows[0].n : lastPage ? (page - 1) * pageSize + rows.length : null;
  return {
    data: rows.slice(0, pageSize),
    page,
    page_size: pageSize,
    total: n === null ? null : Math.min(n, COUNT_CAP),
    total_is_exact: n !== null && n <= COUNT_CAP,
    has_more: hasMore,
    next_cursor: null,
  };
}
