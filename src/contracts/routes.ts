import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema } from '../platform/http/common-schemas.ts';
import {
  MetadataSchema,
  PagingQuerySchema,
  SearchBodySchema,
  metadataOf,
  pageSchema,
  parseSortParam,
  type Filter,
} from '../platform/search.ts';
import { writeWorkbook } from '../platform/spreadsheet/index.ts';
import { validatorCompiler } from '../platform/http/validation.ts';
import * as contracts from './contracts.ts';
import * as transitions from './transitions.ts';
import { contractResource } from './contract-resource.ts';
import { CONTRACT_EXPORT_COLUMNS, contractExportRows } from './export.ts';
import {
  BulkStatusBody,
  CancelBody,
  Contract,
  ContractCreate,
  ContractPatch,
  ContractStatus,
  PaymentMethod,
  ReasonBody,
  ResumeBody,
  SuspendBody,
  Transition,
} from './schemas.ts';

const RefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The contract UUID or its per-tenant number' }),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
/** Action bodies are optional: no body (or null) means all defaults; a body given is validated strictly. */
function optionalBody({ schema, httpPart }: { schema: object; httpPart?: string }) {
  const validate = validatorCompiler({ schema, httpPart }) as ((data: unknown) => boolean) & { errors?: unknown };
  if (httpPart !== 'body') return validate;
  const wrapped = ((data: unknown) => {
    if (data === undefined || data === null) return true;
    const ok = validate(data);
    wrapped.errors = validate.errors;
    return ok;
  }) as ((data: unknown) => boolean) & { errors?: unknown };
  return wrapped;
}
const DateQ = (description: string) => Type.Optional(Type.String({ format: 'date', description }));

const ListFilters = {
  customer_id: Type.Optional(Type.String({ format: 'uuid' })),
  status: Type.Optional(ContractStatus),
  service_id: Type.Optional(Type.String({ format: 'uuid', description: 'Contracts with an item of this service' })),
  external_code: Type.Optional(Type.String({ maxLength: 64 })),
  payment_method: Type.Optional(PaymentMethod),
  collection_account_id: Type.Optional(
    Type.String({ format: 'uuid', description: 'Contracts whose boletos go on this collection account' }),
  ),
  start_from: DateQ('start_date on or after'),
  start_to: DateQ('start_date on or before'),
  end_from: DateQ('end_date on or after'),
  end_to: DateQ('end_date on or before'),
};
const ListFiltersSchema = Type.Object(ListFilters);

function filtersOf(f: Static<typeof ListFiltersSchema>): Filter[] {
  const out: Filter[] = [];
  if (f.customer_id) out.push({ field: 'customer_id', op: 'eq', value: f.customer_id });
  if (f.status) out.push({ field: 'status', op: 'eq', value: f.status });
  if (f.service_id) out.push({ field: 'service_id', op: 'eq', value: f.service_id });
  if (f.external_code) out.push({ field: 'external_code', op: 'eq', value: f.external_code });
  if (f.payment_method) out.push({ field: 'payment_method', op: 'eq', value: f.payment_method });
  if (f.collection_account_id) out.push({ field: 'collection_account_id', op: 'eq', value: f.collection_account_id });
  if (f.start_from) out.push({ field: 'start_date', op: 'gte', value: f.start_from });
  if (f.start_to) out.push({ field: 'start_date', op: 'lte', value: f.start_to });
  if (f.end_from) out.push({ field: 'end_date', op: 'gte', value: f.end_from });
  if (f.end_to) out.push({ field: 'end_date', op: 'lte', value: f.end_to });
  return out;
}

export async function contractRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Contracts'];
  const today = () => ({ today: clock.today() });

  app.post(
    '/v1/contracts',
    {
      schema: {
        tags,
        summary: 'Create a contract (customer, items, start date, billing day, due days, payment method)',
        body: ContractCreate,
        response: { 201: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 201, (tx) => contracts.createContract(tx, scopeOf(req), req.body, today())),
  );

  app.get(
    '/v1/contracts',
    {
      schema: {
        tags,
        summary: 'List contracts (page-number or cursor paging)',
        querystring: Type.Object({ ...PagingQuerySchema, ...ListFilters }, { additionalProperties: false }),
        response: { 200: pageSchema(Contract), ...errors },
      },
    },
    async (req) => {
      const { sort, page, page_size, limit, cursor, include_total, ...f } = req.query;
      return contracts.listContracts(
        db,
        scopeOf(req),
        { page, page_size, limit, cursor, include_total, sort: parseSortParam(sort), filters: filtersOf(f) },
        today(),
      );
    },
  );

  app.get(
    '/v1/contracts/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Export the contracts matching the filters to XLSX',
        querystring: Type.Object(ListFilters, { additionalProperties: false }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: Type.String({ description: 'XLSX file' }), ...errors },
      },
    },
    async (req, reply) => {
      const filters = filtersOf(req.query);
      // Bad filters fail here, before any byte of the file is sent.
      await contracts.listContracts(db, scopeOf(req), { filters, limit: 1 }, today());
      const out = new PassThrough();
      writeWorkbook(CONTRACT_EXPORT_COLUMNS, contractExportRows(db, scopeOf(req), filters, clock.today()), out, {
        sheetName: 'Contratos',
      }).catch((err) => req.log.error({ err }, 'contract export failed'));
      return (
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="contratos-${clock.today()}.xlsx"`)
          // (cast: the 200 is typed as a binary string for /openapi.json; Fastify streams the PassThrough as is)
          .send(out as unknown as string)
      );
    },
  );

  app.post(
    '/v1/contracts/search',
    {
      schema: {
        tags,
        summary: 'Search contracts with filters, sorting and paging',
        body: SearchBodySchema,
        response: { 200: pageSchema(Contract), ...errors },
      },
    },
    async (req) => contracts.listContracts(db, scopeOf(req), req.body, today()),
  );

  app.get(
    '/v1/contracts/metadata',
    { schema: { tags, summary: 'Contract fields: type, max length, required, filterable, sortable', response: { 200: MetadataSchema } } },
    async () => metadataOf(contractResource),
  );

  app.post(
    '/v1/contracts/bulk-status',
    {
      schema: {
        tags,
        summary: 'Activate or deactivate several contracts at once (all or nothing)',
        description:
          'One transaction: if any contract is missing or cannot take the action, nothing changes and the error lists every failing ids[i].',
        body: BulkStatusBody,
        response: { 200: Type.Object({ action: Type.String(), count: Type.Integer(), data: Type.Array(Contract) }), ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => transitions.bulkSetStatus(tx, scopeOf(req), req.body, today())),
  );

  app.get(
    '/v1/contracts/by-external-code/:code',
    {
      schema: {
        tags,
        summary: 'Get a contract by its external code',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Contract, ...errors },
      },
    },
    async (req) => contracts.getContractByExternalCode(db, scopeOf(req), req.params.code, today()),
  );

  app.get(
    '/v1/contracts/:id',
    {
      schema: {
        tags,
        summary: 'Get a contract (items, suspensions, current billing period, allowed actions)',
        params: RefParams,
        response: { 200: Contract, ...errors },
      },
    },
    async (req) => contracts.getContract(db, scopeOf(req), req.params.id, today()),
  );

  app.get(
    '/v1/contracts/:id/history',
    {
      schema: {
        tags,
        summary: 'State transitions of a contract: who, when, from, to, reason',
        params: RefParams,
        response: { 200: Type.Object({ data: Type.Array(Transition) }), ...errors },
      },
    },
    async (req) => contracts.contractHistory(db, scopeOf(req), req.params.id, today()),
  );

  app.patch(
    '/v1/contracts/:id',
    {
      schema: {
        tags,
        summary: 'Update a contract',
        description:
          'pending: anything. active/inactive/suspended: not customer_id, start_date, billing_day; item changes apply from the next billing period. cancelled: only description, metadata, external_code. Otherwise 409.',
        params: RefParams,
        body: ContractPatch,
        response: { 200: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => contracts.updateContract(tx, scopeOf(req), req.params.id, req.body, today())),
  );

  app.delete(
    '/v1/contracts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a pending contract (any other: 409, cancel it instead)',
        params: RefParams,
        response: { 200: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => contracts.deleteContract(tx, scopeOf(req), req.params.id, today())),
  );

  const reasonOnly = { body: ReasonBody };
  app.post(
    '/v1/contracts/:id/activate',
    {
      validatorCompiler: optionalBody as never,
      schema: {
        tags,
        summary: 'Activate (pending or inactive → active); the customer must be active',
        params: RefParams,
        ...reasonOnly,
        response: { 200: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        transitions.activateContract(tx, scopeOf(req), req.params.id, req.body?.reason ?? null, today()),
      ),
  );
  app.post(
    '/v1/contracts/:id/deactivate',
    {
      validatorCompiler: optionalBody as never,
      schema: {
        tags,
        summary: 'Deactivate (active → inactive; inactive days are not billed)',
        params: RefParams,
        ...reasonOnly,
        response: { 200: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        transitions.deactivateContract(tx, scopeOf(req), req.params.id, req.body?.reason ?? null, today()),
      ),
  );
  app.post(
    '/v1/contracts/:id/suspend',
    {
      validatorCompiler: optionalBody as never,
      schema: {
        tags,
        summary: 'Suspend (active → suspended; suspended days are not billed)',
        params: RefParams,
        body: SuspendBody,
        response: { 200: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        transitions.suspendContract(tx, scopeOf(req), req.params.id, req.body ?? {}, today()),
      ),
  );
  app.post(
    '/v1/contracts/:id/resume',
    {
      validatorCompiler: optionalBody as never,
      schema: {
        tags,
        summary: 'Resume (suspended → active; the suspension ends the day before)',
        params: RefParams,
        body: ResumeBody,
        response: { 200: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        transitions.resumeContract(tx, scopeOf(req), req.params.id, req.body ?? {}, today()),
      ),
  );
  app.post(
    '/v1/contracts/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel (any non-cancelled → cancelled, final): immediately or at the end of the current period',
        params: RefParams,
        body: CancelBody,
        response: { 200: Contract, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => transitions.cancelContract(tx, scopeOf(req), req.params.id, req.body, today())),
  );
}
