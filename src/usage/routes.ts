import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import {
  MetadataSchema,
  PagingQuerySchema,
  SearchBodySchema,
  metadataOf,
  pageSchema,
  parseSortParam,
  type Filter,
} from '../platform/search.ts';
import * as usage from './usage.ts';
import { usageResource } from './usage-resource.ts';
import { UsageAggregate, UsageBatchInput, UsageBatchResult, UsageInput, UsageRecord } from './schemas.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const DateQ = (description: string) => Type.Optional(Type.String({ format: 'date', description }));

/** The list filters, shared by GET /v1/consumption and GET /v1/consumption/export.xlsx. */
export const UsageFilterQuery = {
  contract_id: Type.Optional(Type.String({ format: 'uuid' })),
  contract_item_id: Type.Optional(Type.String({ format: 'uuid' })),
  customer_id: Type.Optional(Type.String({ format: 'uuid' })),
  service_id: Type.Optional(Type.String({ format: 'uuid' })),
  reference_date_from: DateQ('reference_date ≥ this day'),
  reference_date_to: DateQ('reference_date ≤ this day'),
  billed: Type.Optional(Type.Boolean({ description: 'true: only billed (frozen) records; false: only open ones' })),
  external_id: Type.Optional(Type.String({ maxLength: 128 })),
};
const UsageFilterObject = Type.Object(UsageFilterQuery);

export function usageFilters(query: Partial<Static<typeof UsageFilterObject>>): Filter[] {
  const filters: Filter[] = [];
  for (const field of ['contract_id', 'contract_item_id', 'customer_id', 'service_id', 'external_id'] as const) {
    if (query[field]) filters.push({ field, op: 'eq', value: query[field] });
  }
  if (query.reference_date_from) filters.push({ field: 'reference_date', op: 'gte', value: query.reference_date_from });
  if (query.reference_date_to) filters.push({ field: 'reference_date', op: 'lte', value: query.reference_date_to });
  if (query.billed !== undefined) filters.push({ field: 'billed', op: 'eq', value: query.billed });
  return filters;
}

export async function usageRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.ctx;
  const tags = ['Consumption'];

  app.post(
    '/v1/consumption',
    {
      schema: {
        tags,
        summary: 'Record consumption (usage) of a contract item',
        description:
          'Say which item: contract_item_id; or contract_id (+ service_id/service_code when the contract has several items in force on reference_date); ' +
          'or customer_id + service_id. A re-sent external_id with the same content returns the stored record with 200 (not stored twice); ' +
          'with other content → 409 duplicate_external_id. A date in an already billed period → 409 frozen.',
        body: UsageInput,
        response: { 201: UsageRecord, 200: UsageRecord, ...errors },
      },
    },
    async (req, reply) => {
      try {
        return await sendWrite(db, scopeOf(req), req, reply, 201, (tx) => usage.createUsage(tx, scopeOf(req), req.body));
      } catch (err) {
        if (err instanceof usage.AlreadyRecorded) return reply.code(200).header('x-cobre-existing', 'true').send(err.record);
        throw err;
      }
    },
  );

  app.post(
    '/v1/consumption/batch',
    {
      schema: {
        tags,
        summary: 'Record up to 1000 consumption records in one transaction (all or nothing)',
        description:
          'Every record is validated like POST /v1/consumption. If any is invalid nothing is stored and the error lists every bad index ' +
          '(details[].field is records[i].field; error.errors has index, field, code, issue). Records whose external_id is already stored ' +
          'with the same content come back with status "existing".',
        body: UsageBatchInput,
        response: { 201: UsageBatchResult, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => usage.createUsageBatch(tx, scopeOf(req), req.body.records)),
  );

  app.get(
    '/v1/consumption',
    {
      schema: {
        tags,
        summary: 'List consumption records (page-number or cursor paging)',
        querystring: Type.Object({ ...PagingQuerySchema, ...UsageFilterQuery }, { additionalProperties: false }),
        response: { 200: pageSchema(UsageRecord), ...errors },
      },
    },
    async (req) => {
      const { sort, page, page_size, limit, cursor, include_total, ...filters } = req.query;
      return usage.listUsage(db, scopeOf(req), {
        page,
        page_size,
        limit,
        cursor,
        include_total,
        sort: parseSortParam(sort),
        filters: usageFilters(filters),
      });
    },
  );

  app.post(
    '/v1/consumption/search',
    {
      schema: {
        tags,
        summary: 'Search consumption records with filters, sorting and paging',
        body: SearchBodySchema,
        response: { 200: pageSchema(UsageRecord), ...errors },
      },
    },
    async (req) => usage.listUsage(db, scopeOf(req), req.body),
  );

  app.get(
    '/v1/consumption/metadata',
    {
      schema: { tags, summary: 'Consumption fields: type, max length, required, filterable, sortable', response: { 200: MetadataSchema } },
    },
    async () => metadataOf(usageResource),
  );

  app.get(
    '/v1/consumption/aggregate',
    {
      schema: {
        tags,
        summary: 'Total consumption per contract item and period',
        description:
          'One period (period_start..period_end, inclusive, or month=YYYY-MM); group_by=month splits it by calendar month. ' +
          'Filter by contract_id, customer_id and/or service_id (at least one).',
        querystring: Type.Object(
          {
            contract_id: Type.Optional(Type.String({ format: 'uuid' })),
            customer_id: Type.Optional(Type.String({ format: 'uuid' })),
            service_id: Type.Optional(Type.String({ format: 'uuid' })),
            period_start: DateQ('First day, inclusive'),
            period_end: DateQ('Last day, inclusive'),
            month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A calendar month, YYYY-MM' })),
            group_by: Type.Optional(Type.Union([Type.Literal('period'), Type.Literal('month')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: UsageAggregate, ...errors },
      },
    },
    async (req) => usage.aggregateUsage(db, scopeOf(req), req.query),
  );

  app.get(
    '/v1/consumption/:id',
    { schema: { tags, summary: 'Get a consumption record', params: IdParams, response: { 200: UsageRecord, ...errors } } },
    async (req) => usage.getUsage(db, scopeOf(req), req.params.id),
  );

  app.put(
    '/v1/consumption/:id',
    {
      schema: {
        tags,
        summary: 'Replace a consumption record (409 frozen once its period is billed)',
        params: IdParams,
        body: UsageInput,
        response: { 200: UsageRecord, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => usage.replaceUsage(tx, scopeOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/v1/consumption/:id',
    {
      schema: {
        tags,
        summary: 'Delete a consumption record (409 frozen once its period is billed)',
        params: IdParams,
        response: { 200: UsageRecord, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => usage.deleteUsage(tx, scopeOf(req), req.params.id)),
  );
}
