import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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
import * as services from './services.ts';
import { serviceResource } from './service-resource.ts';
import { BillingPeriod, PricingModel, Service, ServiceCreate, ServicePatch } from './schemas.ts';

const RefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The service UUID, its per-tenant number, or its code' }),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

export async function catalogRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Services'];
  const today = () => ({ today: clock.today() });

  app.post(
    '/v1/services',
    {
      schema: {
        tags,
        summary: 'Create a service (code, unit, pricing model, price or tiers, billing period)',
        body: ServiceCreate,
        response: { 201: Service, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => services.createService(tx, scopeOf(req), req.body, today())),
  );

  app.get(
    '/v1/services',
    {
      schema: {
        tags,
        summary: 'List services (page-number or cursor paging)',
        querystring: Type.Object(
          {
            ...PagingQuerySchema,
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Contains, on name, code or description' })),
            active: Type.Optional(Type.Boolean()),
            pricing_model: Type.Optional(PricingModel),
            billing_period: Type.Optional(BillingPeriod),
            code: Type.Optional(Type.String({ maxLength: 40 })),
            external_code: Type.Optional(Type.String({ maxLength: 64 })),
            unit: Type.Optional(Type.String({ maxLength: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema(Service), ...errors },
      },
    },
    async (req) => {
      const { q, sort, active, pricing_model, billing_period, code, external_code, unit, ...paging } = req.query;
      const filters: Filter[] = [];
      if (active !== undefined) filters.push({ field: 'active', op: 'eq', value: active });
      if (pricing_model) filters.push({ field: 'pricing_model', op: 'eq', value: pricing_model });
      if (billing_period) filters.push({ field: 'billing_period', op: 'eq', value: billing_period });
      if (code) filters.push({ field: 'code', op: 'eq', value: code });
      if (external_code) filters.push({ field: 'external_code', op: 'eq', value: external_code });
      if (unit) filters.push({ field: 'unit', op: 'eq', value: unit });
      return services.listServices(db, scopeOf(req), { ...paging, sort: parseSortParam(sort), filters }, { ...today(), text: q });
    },
  );

  app.post(
    '/v1/services/search',
    {
      schema: {
        tags,
        summary: 'Search services with filters, sorting and paging',
        body: SearchBodySchema,
        response: { 200: pageSchema(Service), ...errors },
      },
    },
    async (req) => services.listServices(db, scopeOf(req), req.body, today()),
  );

  app.get(
    '/v1/services/metadata',
    { schema: { tags, summary: 'Service fields: type, max length, required, filterable, sortable', response: { 200: MetadataSchema } } },
    async () => metadataOf(serviceResource),
  );

  app.get(
    '/v1/services/by-code/:code',
    {
      schema: {
        tags,
        summary: 'Get a service by its code',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: Service, ...errors },
      },
    },
    async (req) => services.getServiceByCode(db, scopeOf(req), req.params.code, today()),
  );

  app.get(
    '/v1/services/:id',
    { schema: { tags, summary: 'Get a service by UUID, number or code', params: RefParams, response: { 200: Service, ...errors } } },
    async (req) => services.getService(db, scopeOf(req), req.params.id, today()),
  );

  app.patch(
    '/v1/services/:id',
    {
      schema: {
        tags,
        summary: 'Update a service (pricing changes take effect from tomorrow or price_effective_from: future periods only)',
        params: RefParams,
        body: ServicePatch,
        response: { 200: Service, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => services.updateService(tx, scopeOf(req), req.params.id, req.body, today())),
  );

  app.post(
    '/v1/services/:id/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate a service (it can no longer be added to contracts; existing contracts keep it)',
        params: RefParams,
        response: { 200: Service, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => services.setServiceActive(tx, scopeOf(req), req.params.id, false, today())),
  );

  app.post(
    '/v1/services/:id/activate',
    { schema: { tags, summary: 'Reactivate a service', params: RefParams, response: { 200: Service, ...errors } } },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => services.setServiceActive(tx, scopeOf(req), req.params.id, true, today())),
  );

  app.delete(
    '/v1/services/:id',
    {
      schema: {
        tags,
        summary: 'Delete a service no contract uses',
        description: 'A service used by any contract item is never removed: 409 in_use; deactivate it instead.',
        params: RefParams,
        response: { 200: Service, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => services.deleteService(tx, scopeOf(req), req.params.id, today())),
  );
}
