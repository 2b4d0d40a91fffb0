import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendSingleStatementWrite, sendWrite } from '../platform/http/idempotency.ts';
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
import * as customers from './customers.ts';
import { customerResource } from './customer-resource.ts';
import { Customer, CustomerCreate, CustomerPatch } from './schemas.ts';

const RefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The customer UUID or its per-tenant number' }),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

export async function customerRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Customers'];
  const today = () => ({ today: clock.today() });

  app.post(
    '/v1/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer (PF/PJ, CPF/CNPJ/NIF, e-mails, addresses)',
        body: CustomerCreate,
        response: { 201: Customer, ...errors },
      },
    },
    async (req, reply) =>
      sendSingleStatementWrite(db, scopeOf(req), req, reply, 201, (target) =>
        customers.createCustomer(target, scopeOf(req), req.body, today()),
      ),
  );

  app.get(
    '/v1/customers',
    {
      schema: {
        tags,
        summary: 'List customers (page-number or cursor paging)',
        querystring: Type.Object(
          {
            ...PagingQuerySchema,
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Contains, on name, document or e-mail' })),
            active: Type.Optional(Type.Boolean()),
            person_type: Type.Optional(Type.Union([Type.Literal('PF'), Type.Literal('PJ')])),
            external_code: Type.Optional(Type.String({ maxLength: 64 })),
            document: Type.Optional(Type.String({ maxLength: 32 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema(Customer), ...errors },
      },
    },
    async (req) => {
      const { q, active, person_type, external_code, document, sort, ...paging } = req.query;
      const filters: Filter[] = [];
      if (active !== undefined) filters.push({ field: 'active', op: 'eq', value: active });
      if (person_type) filters.push({ field: 'person_type', op: 'eq', value: person_type });
      if (external_code) filters.push({ field: 'external_code', op: 'eq', value: external_code });
      if (document) filters.push({ field: 'document', op: 'eq', value: document });
      const request = { ...paging, sort: parseSortParam(sort), filters };
      return q ? customers.searchCustomersText(db, scopeOf(req), q, request) : customers.listCustomers(db, scopeOf(req), request);
    },
  );

  app.post(
    '/v1/customers/search',
    {
      schema: {
        tags,
        summary: 'Search customers with filters, sorting and paging',
        body: SearchBodySchema,
        response: { 200: pageSchema(Customer), ...errors },
      },
    },
    async (req) => customers.listCustomers(db, scopeOf(req), req.body),
  );

  app.get(
    '/v1/customers/metadata',
    { schema: { tags, summary: 'Customer fields: type, max length, required, filterable, sortable', response: { 200: MetadataSchema } } },
    async () => metadataOf(customerResource),
  );

  app.get(
    '/v1/customers/by-external-code/:code',
    {
      schema: {
        tags,
        summary: 'Get a customer by its external code',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Customer, ...errors },
      },
    },
    async (req) => customers.getCustomerByExternalCode(db, scopeOf(req), req.params.code),
  );

  app.get(
    '/v1/customers/:id',
    { schema: { tags, summary: 'Get a customer by UUID or number', params: RefParams, response: { 200: Customer, ...errors } } },
    async (req) => customers.getCustomer(db, scopeOf(req), req.params.id),
  );

  // PATCH, and POST for integrations whose HTTP client only sends POST (Smartbill's "Alterar Cliente").
  for (const [method, summary] of [
    ['PATCH', 'Update a customer (only the fields sent; e-mail and address lists replace the current ones)'],
    ['POST', 'Update a customer (same as PATCH, for clients that only send POST)'],
  ] as const) {
    app.route({
      method,
      url: '/v1/customers/:id',
      schema: { tags, summary, params: RefParams, body: CustomerPatch, response: { 200: Customer, ...errors } },
      handler: async (req, reply) =>
        sendWrite(db, scopeOf(req), req, reply, 200, (tx) => customers.updateCustomer(tx, scopeOf(req), req.params.id, req.body, today())),
    });
  }

  app.post(
    '/v1/customers/:id/deactivate',
    { schema: { tags, summary: 'Deactivate a customer (keeps all history)', params: RefParams, response: { 200: Customer, ...errors } } },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => customers.setCustomerActive(tx, scopeOf(req), req.params.id, false)),
  );

  app.post(
    '/v1/customers/:id/activate',
    { schema: { tags, summary: 'Reactivate a customer', params: RefParams, response: { 200: Customer, ...errors } } },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => customers.setCustomerActive(tx, scopeOf(req), req.params.id, true)),
  );

  app.delete(
    '/v1/customers/:id',
    {
      schema: {
        tags,
        summary: 'Delete a customer without financial history',
        description:
          'A customer with contracts, charges or other financial history is never removed: 409 customer_has_history; deactivate it instead.',
        params: RefParams,
        response: { 200: Customer, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => customers.deleteCustomer(tx, scopeOf(req), req.params.id)),
  );
}
