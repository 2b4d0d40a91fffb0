import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema } from '../platform/http/common-schemas.ts';
import { DomainError } from '../platform/errors.ts';
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import {
  MetadataSchema,
  PagingQuerySchema,
  SearchBodySchema,
  metadataOf,
  pageSchema,
  parseSortParam,
  type Filter,
} from '../platform/search.ts';
import { writeWorkbook, type ColumnSpec } from '../platform/spreadsheet/index.ts';
import * as charges from './charges.ts';
import * as q from './queries.ts';
import { chargeResource } from './charge-resource.ts';
import { amountDueOf, presentAmountDue } from './amount-due.ts';
import { bulkCancel, bulkPayments } from './bulk.ts';
import {
  AmountDue,
  BulkCancelBody,
  BulkCancelResult,
  BulkPaymentsBody,
  BulkPaymentsResult,
  CancelBody,
  ChargeChangeBody,
  Charge,
  ChargeCreate,
  CHARGE_STATUSES,
  MAX_BULK,
  Payment,
  PaymentCreate,
  StatusChange,
  Summary,
} from './schemas.ts';

const RefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The charge UUID or its per-tenant number' }),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

const ListFilters = {
  status: Type.Optional(
    Type.String({ maxLength: 100, description: `One status or several separated by commas: ${CHARGE_STATUSES.join(', ')}` }),
  ),
  customer_id: Type.Optional(Type.String({ format: 'uuid' })),
  contract_id: Type.Optional(Type.String({ format: 'uuid' })),
  billing_run_id: Type.Optional(Type.String({ format: 'uuid' })),
  due_from: Type.Optional(Type.String({ format: 'date' })),
  due_to: Type.Optional(Type.String({ format: 'date' })),
  amount_min: Type.Optional(Type.Integer({ minimum: 0 })),
  amount_max: Type.Optional(Type.Integer({ minimum: 0 })),
  origin: Type.Optional(Type.Union([Type.Literal('one_off'), Type.Literal('billing_run')])),
};
type ListFilterQuery = {
  status?: string;
  customer_id?: string;
  contract_id?: string;
  billing_run_id?: string;
  due_from?: string;
  due_to?: string;
  amount_min?: number;
  amount_max?: number;
  origin?: string;
};

function filtersOf(qs: ListFilterQuery): Filter[] {
  const f: Filter[] = [];
  if (qs.status) {
    const statuses = qs.status
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    f.push({ field: 'status', op: 'in', value: statuses });
  }
  if (qs.customer_id) f.push({ field: 'customer_id', op: 'eq', value: qs.customer_id });
  if (qs.contract_id) f.push({ field: 'contract_id', op: 'eq', value: qs.contract_id });
  if (qs.billing_run_id) f.push({ field: 'billing_run_id', op: 'eq', value: qs.billing_run_id });
  if (qs.due_from) f.push({ field: 'due_date', op: 'gte', value: qs.due_from });
  if (qs.due_to) f.push({ field: 'due_date', op: 'lte', value: qs.due_to });
  if (qs.amount_min !== undefined) f.push({ field: 'amount_cents', op: 'gte', value: qs.amount_min });
  if (qs.amount_max !== undefined) f.push({ field: 'amount_cents', op: 'lte', value: qs.amount_max });
  if (qs.origin) f.push({ field: 'origin', op: 'eq', value: qs.origin });
  return f;
}

const STATUS_PT: Record<string, string> = {
  open: 'Em aberto',
  partially_paid: 'Pago parcialmente',
  paid: 'Pago',
  overdue: 'Vencido',
  cancelled: 'Cancelado',
};
const EXPORT_COLUMNS: ColumnSpec[] = [
  { key: 'number', header: 'Número', type: 'integer' },
  { key: 'customer_name', header: 'Cliente', type: 'string' },
  { key: 'customer_document', header: 'CPF/CNPJ', type: 'string' },
  { key: 'description', header: 'Descrição', type: 'string' },
  { key: 'issue_date', header: 'Emissão', type: 'date' },
  { key: 'due_date', header: 'Vencimento', type: 'date' },
  { key: 'amount_cents', header: 'Valor', type: 'money' },
  { key: 'paid_cents', header: 'Valor pago', type: 'money' },
  { key: 'balance_cents', header: 'Saldo', type: 'money' },
  { key: 'status', header: 'Situação', type: 'string' },
  { key: 'paid_at', header: 'Pago em', type: 'date' },
  { key: 'external_code', header: 'Código externo', type: 'string' },
  { key: 'id', header: 'ID', type: 'string' },
];

async function customerNames(
  db: Queryable,
  scope: Scope,
  charges: { customer_id: string }[],
  names: Map<string, { name: string; document: string | null }>,
) {
  const missing = [...new Set(charges.map((c) => c.customer_id))].filter((id) => !names.has(id));
  if (!missing.length) return;
  const { rows } = await db.query<{ id: string; name: string; document: string | null }>(
    'SELECT id, name, document FROM customers WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
    [scope.tenantId, missing],
  );
  for (const r of rows) names.set(r.id, r);
}

/** Every charge of the filters, page by page; with `ids`, only those (≤ MAX_BULK, loaded at once and sorted by due date). */
async function* exportCharges(db: Queryable, scope: Scope, filters: Filter[], ids: string[] | null): AsyncGenerator<Charge> {
  if (ids) {
    const all: Charge[] = [];
    // The list's `in` filter takes up to 100 values: one listing per chunk, the other filters still apply.
    for (let i = 0; i < ids.length; i += 100) {
      let cursor: string | undefined;
      do {
        const page = await charges.listCharges(db, scope, {
          filters: [...filters, { field: 'id', op: 'in', value: ids.slice(i, i + 100) }],
          limit: 100,
          cursor,
        });
        all.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    }
    yield* all.sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.number - b.number));
    return;
  }
  let cursor: string | undefined;
  do {
    const page = await charges.listCharges(db, scope, { filters, limit: 100, cursor });
    yield* page.data;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

async function* exportRows(db: Queryable, scope: Scope, filters: Filter[], ids: string[] | null) {
  const names = new Map<string, { name: string; document: string | null }>();
  let batch: Charge[] = [];
  const flush = async function* () {
    await customerNames(db, scope, batch, names);
    for (const c of batch) {
      yield {
        ...c,
        customer_name: names.get(c.customer_id)?.name ?? '',
        customer_document: names.get(c.customer_id)?.document ?? '',
        status: STATUS_PT[c.status] ?? c.status,
        paid_at: c.paid_at ? c.paid_at.slice(0, 10) : null,
      };
    }
    batch = [];
  };
  for await (const c of exportCharges(db, scope, filters, ids)) {
    batch.push(c);
    if (batch.length === 100) yield* flush();
  }
  yield* flush();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `ids` of the export: comma-separated and/or repeated; null when absent. */
function exportIds(raw: string[] | undefined): string[] | null {
  if (!raw) return null;
  const ids = [
    ...new Set(
      raw
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const bad = ids.findIndex((id) => !UUID_RE.test(id));
  if (bad >= 0)
    throw new DomainError('validation_failed', `ids must be charge UUIDs; "${ids[bad].slice(0, 40)}" is not one`, [
      { field: 'ids', issue: 'not a UUID' },
    ]);
  if (ids.length === 0) throw new DomainError('validation_failed', 'ids is empty', [{ field: 'ids', issue: 'empty' }]);
  if (ids.length > MAX_BULK)
    throw new DomainError('validation_failed', `ids takes at most ${MAX_BULK} charges`, [{ field: 'ids', issue: `more than ${MAX_BULK}` }]);
  return ids;
}

export async function chargeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Charges (contas a receber)'];
  const today = () => ({ today: clock.today() });

  app.post(
    '/v1/charges',
    { schema: { tags, summary: 'Create a one-off charge', body: ChargeCreate, response: { 201: Charge, ...errors } } },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 201, (tx) => charges.createOneOffCharge(tx, scopeOf(req), req.body, today())),
  );

  app.get(
    '/v1/charges',
    {
      schema: {
        tags,
        summary: 'List charges (filters: status, customer, contract, due dates, amount range)',
        querystring: Type.Object({ ...PagingQuerySchema, ...ListFilters }, { additionalProperties: false }),
        response: { 200: pageSchema(Charge), ...errors },
      },
    },
    async (req) => {
      const { page, page_size, limit, cursor, include_total, sort, ...rest } = req.query;
      return charges.listCharges(db, scopeOf(req), {
        page,
        page_size,
        limit,
        cursor,
        include_total,
        sort: parseSortParam(sort),
        filters: filtersOf(rest),
      });
    },
  );

  app.post(
    '/v1/charges/search',
    {
      schema: {
        tags,
        summary: 'Search charges with filters, sorting and paging',
        body: SearchBodySchema,
        response: { 200: pageSchema(Charge), ...errors },
      },
    },
    async (req) => charges.listCharges(db, scopeOf(req), req.body),
  );

  app.get(
    '/v1/charges/metadata',
    { schema: { tags, summary: 'Charge fields: type, filterable, sortable', response: { 200: MetadataSchema } } },
    async () => metadataOf(chargeResource),
  );

  app.get(
    '/v1/charges/summary',
    {
      schema: {
        tags,
        summary: 'Totals: open, overdue, received in a period, and by month',
        querystring: Type.Object(
          { from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) },
          { additionalProperties: false },
        ),
        response: { 200: Summary, ...errors },
      },
    },
    async (req) => {
      const t = clock.today();
      const from = req.query.from ?? `${Number(t.slice(0, 4)) - 1}${t.slice(4, 8)}01`;
      const to = req.query.to ?? t;
      if (from > to) throw new DomainError('validation_failed', 'from must not be after to', [{ field: 'from', issue: 'after to' }]);
      return q.summary(db, scopeOf(req).tenantId, from, to);
    },
  );

  app.get(
    '/v1/charges/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Baixar como Excel: the charges matching the filters (or the given ids), as XLSX',
        querystring: Type.Object(
          {
            ...ListFilters,
            ids: Type.Optional(
              Type.Array(Type.String({ maxLength: 37_000 }), {
                maxItems: MAX_BULK,
                description: `Only these charges (UUIDs, comma-separated and/or repeated, up to ${MAX_BULK}); the other filters still apply`,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type.String({ description: 'XLSX file' }), ...errors },
      },
    },
    async (req, reply) => {
      const { ids: rawIds, ...rest } = req.query;
      const filters = filtersOf(rest);
      const ids = exportIds(rawIds);
      await charges.listCharges(db, scopeOf(req), { filters, limit: 1 }); // bad filters fail before the file starts
      const out = new PassThrough();
      writeWorkbook(EXPORT_COLUMNS, exportRows(db, scopeOf(req), filters, ids), out, { sheetName: 'Contas a receber' }).catch((err) => {
        req.log.error({ err }, 'charge export failed');
        out.destroy(err as Error);
      });
      return (
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="contas-a-receber-${clock.today()}.xlsx"`)
          // (cast: the 200 is typed as a binary string for /openapi.json; Fastify streams the PassThrough as is)
          .send(out as unknown as string)
      );
    },
  );

  app.post(
    '/v1/charges/bulk-cancel',
    {
      schema: {
        tags,
        summary: `Cancel up to ${MAX_BULK} charges with one reason; a result per charge`,
        description:
          'Each charge is cancelled on its own (a savepoint): one the rules refuse (paid, already cancelled, not found) is reported with its error code and message, and the others are cancelled. Honours Idempotency-Key.',
        body: BulkCancelBody,
        response: { 200: BulkCancelResult, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => bulkCancel(tx, scopeOf(req), req.body)),
  );

  app.post(
    '/v1/charges/bulk-payments',
    {
      schema: {
        tags,
        summary: `Register up to ${MAX_BULK} payments (one per item); a result per item`,
        description:
          'Each payment is registered on its own (a savepoint), with the rules of POST /v1/charges/{id}/payments: a refused one (cancelled charge, future date, external_id reused with other content) is reported with its error code and message, and the others are registered. Honours Idempotency-Key.',
        body: BulkPaymentsBody,
        response: { 200: BulkPaymentsResult, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => bulkPayments(tx, scopeOf(req), req.body, today())),
  );

  app.get(
    '/v1/charges/:id',
    { schema: { tags, summary: 'Get a charge with its lines', params: RefParams, response: { 200: Charge, ...errors } } },
    async (req) => charges.getCharge(db, scopeOf(req), req.params.id),
  );

  app.patch(
    '/v1/charges/:id',
    {
      schema: {
        tags,
        summary: 'Change the due date and/or amount of a charge still to be paid',
        description:
          'Open, overdue or partially paid charges only (409 `invalid_state_transition` otherwise). An overdue charge given a due date ahead is open again; a new amount adds an `adjustment` line with the difference. ' +
          'The live boleto takes the new values (same nosso número, new barcode and linha digitável); one already sent to the bank gets the due-date / amount change movement queued for the next remittance, ' +
          "or, when the account's remittance layout has no such movement, 409 `movement_not_offered` and nothing changes. Same values: 200, nothing recorded. Event `charge.updated`.",
        params: RefParams,
        body: ChargeChangeBody,
        response: { 200: Charge, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        charges.changeCharge(tx, scopeOf(req), req.params.id, req.body, { today: clock.today() }),
      ),
  );

  app.post(
    '/v1/charges/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a charge (it stays, with status cancelled; pending automated steps stop)',
        params: RefParams,
        body: CancelBody,
        response: { 200: Charge, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => charges.cancelCharge(tx, scopeOf(req), req.params.id, req.body.reason)),
  );

  app.get(
    '/v1/charges/:id/history',
    {
      schema: {
        tags,
        summary: 'Every status change of the charge (who, when, why)',
        params: RefParams,
        response: { 200: Type.Object({ data: Type.Array(StatusChange) }), ...errors },
      },
    },
    async (req) => ({ data: await charges.chargeHistory(db, scopeOf(req), req.params.id) }),
  );

  app.get(
    '/v1/charges/:id/amount-due',
    {
      schema: {
        tags,
        summary: 'What must be paid on a date: original, discounts, fine, interest, total',
        params: RefParams,
        querystring: Type.Object(
          { date: Type.Optional(Type.String({ format: 'date', description: 'Default: today' })) },
          { additionalProperties: false },
        ),
        response: { 200: AmountDue, ...errors },
      },
    },
    async (req) => {
      const row = await charges.getChargeRow(db, scopeOf(req), req.params.id);
      const date = req.query.date ?? clock.today();
      if (date < row.issue_date)
        throw new DomainError('validation_failed', 'date is before the charge was issued', [{ field: 'date', issue: 'before issue_date' }]);
      return presentAmountDue(row.id, date, await amountDueOf(db, scopeOf(req), row, date));
    },
  );

  app.get(
    '/v1/charges/:id/payments',
    {
      schema: {
        tags,
        summary: 'Payments of a charge (reversed ones included, marked)',
        params: RefParams,
        response: { 200: Type.Object({ data: Type.Array(Payment) }), ...errors },
      },
    },
    async (req) => ({ data: await charges.listChargePayments(db, scopeOf(req), req.params.id) }),
  );

  app.post(
    '/v1/charges/:id/payments',
    {
      schema: {
        tags,
        summary: 'Register a payment (a re-sent external_id is not counted twice)',
        params: RefParams,
        body: PaymentCreate,
        response: {
          201: Type.Object({ payment: Payment, charge: Charge, created: Type.Boolean() }),
          200: Type.Object({ payment: Payment, charge: Charge, created: Type.Boolean() }),
          ...errors,
        },
      },
    },
    // A re-sent external_id answers 200 with the payment already registered.
    async (req, reply) =>
      sendWrite(
        db,
        scopeOf(req),
        req,
        reply,
        (r: charges.PaymentResult) => (r.created ? 201 : 200),
        (tx) => charges.registerPayment(tx, scopeOf(req), req.params.id, req.body, today()),
      ),
  );

  app.post(
    '/v1/charges/:id/payments/:paymentId/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse (estornar) a payment; the payment stays in the history',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), paymentId: Type.String({ format: 'uuid' }) }),
        body: CancelBody,
        response: { 200: Type.Object({ payment: Payment, charge: Charge, created: Type.Boolean() }), ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        charges.reversePayment(tx, scopeOf(req), req.params.id, req.params.paymentId, req.body.reason, today()),
      ),
  );
}
