// The SmartSindico partner API (seed 000) under /modulo12: the partner is the tenant of the
// credentials (partnerId = tenant id; any other → 403), its customers, and their transactions
// (one-off charges: cancelled, never deleted).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../app.ts';
import { DomainError, notFound } from '../../platform/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import type { ErrorRenderer } from '../../platform/http/api-error.ts';
import type { Queryable } from '../../platform/db/types.ts';
import type { Scope } from '../../platform/scope.ts';
import { getTenant } from '../../tenants/tenants.ts';
import * as customers from '../../customers/customers.ts';
import { checkCustomerCreate } from '../../customers/check-input.ts';
import * as charges from '../../charges/charges.ts';
import { partnerField, presentCustomerDetail, presentPartner, presentSummary, presentTransaction, toChargeCreate, toCustomerCreate } from './mapping.ts';
import { Created, CustomerDetail, CustomerIn, CustomerSummary, Deleted, Modulo12Error, Partner, Transaction, TransactionIn } from './schemas.ts';
import { billPdf } from './bill.ts';

export const MODULO12_PAGE_SIZE = 1000;

export const renderModulo12Error: ErrorRenderer = (err) => ({
  status: err.status,
  code: err.code,
  message: err.message,
  details: err.details.map((d) => ({ ...(d.field ? { field: partnerField(d.field) } : {}), issue: d.issue })),
});

const errors = { 400: Modulo12Error, 401: Modulo12Error, 403: Modulo12Error, 404: Modulo12Error, 409: Modulo12Error, 413: Modulo12Error, 415: Modulo12Error, 422: Modulo12Error, 500: Modulo12Error };
const PartnerParams = Type.Object({ partnerId: Type.String({ maxLength: 64, description: 'The tenant id (UUID) of the credentials' }) });
const CustomerParams = Type.Object({ partnerId: PartnerParams.properties.partnerId, customerId: Type.String({ maxLength: 64, description: 'Customer UUID' }) });
const TransactionParams = Type.Object({ ...CustomerParams.properties, transactionId: Type.String({ maxLength: 64, description: 'Transaction UUID' }) });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: `${MODULO12_PAGE_SIZE} per page` })) }, { additionalProperties: false });

function uuidParam(value: string, resource: string): string {
  // An id that cannot exist is simply not found, like an id of another partner.
  if (!isUuid(value)) throw notFound(resource);
  return value.toLowerCase();
}

/** The customer's charge, or 404 when the transaction is not this customer's (or not this tenant's). */
async function transactionOf(db: Queryable, scope: Scope, customerId: string, transactionId: string) {
  const customer = await customers.getCustomer(db, scope, uuidParam(customerId, 'Customer'));
  const charge = await charges.getCharge(db, scope, uuidParam(transactionId, 'Transaction')).catch((err) => {
    throw err instanceof DomainError && err.code === 'not_found' ? notFound('Transaction') : err;
  });
  if (charge.customer_id !== customer.id) throw notFound('Transaction');
  return charge;
}

export async function modulo12Routes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(
    async (sub) => {
      const app = sub.withTypeProvider<TypeBoxTypeProvider>();
      const { db, clock } = app.ctx;
      const today = () => ({ today: clock.today() });
      const tags = ['Compat: SmartSindico (Modulo12)'];
      const config = { renderError: renderModulo12Error };

      // The partner in the path must be the company of the credentials (its live id; a test key may also use its sandbox id).
      // Checked on request, right after authentication, before the body is read or validated.
      sub.addHook('onRequest', async (req) => {
        const partnerId = (req.params as { partnerId?: string } | undefined)?.partnerId;
        if (partnerId === undefined || !req.scope) return;
        const id = partnerId.toLowerCase();
        if (id !== req.scope.accountId && id !== req.scope.tenantId) throw new DomainError('forbidden', 'These credentials do not belong to this partner');
      });

      sub.route({
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        url: '/*',
        config: { public: true, renderError: renderModulo12Error },
        schema: { hide: true },
        handler: async (req) => {
          throw new DomainError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`);
        },
      });

      app.get(
        '/v1/partner/:partnerId',
        { config, schema: { tags, summary: 'The partner (tenant): name, technical contact, e-mail…', params: PartnerParams, response: { 200: Partner, ...errors } } },
        async (req) => presentPartner(await getTenant(db, scopeOf(req).accountId), scopeOf(req).mode),
      );

      // ---- customers ----

      app.get(
        '/v1/partner/:partnerId/customer',
        {
          config,
          schema: {
            tags,
            summary: `All customers (UUID, name, RG, CPF), ${MODULO12_PAGE_SIZE} per page`,
            description: 'Headers: X-Total-Count, and Link rel="next" when there are more pages.',
            params: PartnerParams,
            querystring: PageQuery,
            response: { 200: Type.Array(CustomerSummary), ...errors },
          },
        },
        async (req, reply) => {
          const page = req.query.page ?? 1;
          const result = await customers.listCustomers(db, scopeOf(req), { page, page_size: MODULO12_PAGE_SIZE, sort: [{ field: 'number', direction: 'asc' }], include_total: true });
          reply.header('x-total-count', String(result.total ?? result.data.length));
          if (result.has_more) reply.header('link', `<${req.url.split('?')[0]}?page=${page + 1}>; rel="next"`);
          return result.data.map(presentSummary);
        },
      );

      app.post(
        '/v1/partner/:partnerId/customer',
        { config, schema: { tags, summary: 'Create a customer; returns its UUID', params: PartnerParams, body: CustomerIn, response: { 201: Created, ...errors } } },
        async (req, reply) =>
          sendWrite(db, scopeOf(req), req, reply, 201, async (tx) => {
            const c = await customers.createCustomer(tx, scopeOf(req), checkCustomerCreate(toCustomerCreate(req.body)), today());
            return { id: c.id };
          }),
      );

      app.get(
        '/v1/partner/:partnerId/customer/:customerId',
        { config, schema: { tags, summary: 'A customer: name, RG, CPF and registration data', params: CustomerParams, response: { 200: CustomerDetail, ...errors } } },
        async (req) => presentCustomerDetail(await customers.getCustomer(db, scopeOf(req), uuidParam(req.params.customerId, 'Customer'))),
      );

      app.delete(
        '/v1/partner/:partnerId/customer/:customerId',
        {
          config,
          schema: {
            tags,
            summary: 'Delete a customer (one with transactions or other financial history is deactivated instead)',
            params: CustomerParams,
            response: { 200: Deleted, ...errors },
          },
        },
        async (req, reply) => {
          const ref = uuidParam(req.params.customerId, 'Customer');
          return sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => {
            try {
              const gone = await customers.deleteCustomer(tx, scopeOf(req), ref);
              return { id: gone.id, status: 'deleted' };
            } catch (err) {
              if (!(err instanceof DomainError) || err.code !== 'customer_has_history') throw err;
              const kept = await customers.setCustomerActive(tx, scopeOf(req), ref, false);
              return { id: kept.id, status: 'deactivated' };
            }
          });
        },
      );

      // ---- transactions (one-off charges) ----

      app.get(
        '/v1/partner/:partnerId/customer/:customerId/transaction',
        {
          config,
          schema: { tags, summary: "All the customer's financial operations (charges of any origin)", params: CustomerParams, querystring: PageQuery, response: { 200: Type.Array(Transaction), ...errors } },
        },
        async (req, reply) => {
          const customer = await customers.getCustomer(db, scopeOf(req), uuidParam(req.params.customerId, 'Customer'));
          const page = req.query.page ?? 1;
          const result = await charges.listCharges(db, scopeOf(req), {
            page,
            page_size: MODULO12_PAGE_SIZE,
            filters: [{ field: 'customer_id', op: 'eq', value: customer.id }],
            sort: [{ field: 'number', direction: 'asc' }],
            include_total: true,
          });
          reply.header('x-total-count', String(result.total ?? result.data.length));
          if (result.has_more) reply.header('link', `<${req.url.split('?')[0]}?page=${page + 1}>; rel="next"`);
          return result.data.map(presentTransaction);
        },
      );

      app.post(
        '/v1/partner/:partnerId/customer/:customerId/transaction',
        { config, schema: { tags, summary: 'Create a transaction (a one-off charge); returns its UUID', params: CustomerParams, body: TransactionIn, response: { 201: Created, ...errors } } },
        async (req, reply) => {
          const customerId = uuidParam(req.params.customerId, 'Customer');
          return sendWrite(db, scopeOf(req), req, reply, 201, async (tx) => {
            const customer = await customers.getCustomer(tx, scopeOf(req), customerId);
            const charge = await charges.createOneOffCharge(tx, scopeOf(req), toChargeCreate(customer.id, req.body), today());
            return { id: charge.id };
          });
        },
      );

      app.get(
        '/v1/partner/:partnerId/customer/:customerId/transaction/:transactionId',
        {
          config,
          schema: {
            tags,
            summary: 'A transaction: details and status; with ?print_bill=true its boleto PDF (409 until the boleto exists)',
            params: TransactionParams,
            querystring: Type.Object({ print_bill: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
            response: { 200: Transaction, ...errors },
          },
        },
        async (req, reply) => {
          const charge = await transactionOf(db, scopeOf(req), req.params.customerId, req.params.transactionId);
          if (req.query.print_bill) return billPdf(db, scopeOf(req), charge, reply, today().today);
          return presentTransaction(charge);
        },
      );

      app.delete(
        '/v1/partner/:partnerId/customer/:customerId/transaction/:transactionId',
        {
          config,
          schema: {
            tags,
            summary: 'Cancel a transaction (status cancelled; never deleted; its boleto is cancelled with it)',
            params: TransactionParams,
            response: { 200: Transaction, ...errors },
          },
        },
        async (req, reply) =>
          sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => {
            const charge = await transactionOf(tx, scopeOf(req), req.params.customerId, req.params.transactionId);
            return presentTransaction(await charges.cancelCharge(tx, scopeOf(req), charge.id, 'Cancelled through the partner API (SmartSindico)'));
          }),
      );
    },
    { prefix: '/modulo12' },
  );
}
