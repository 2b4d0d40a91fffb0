// The SmartSindico partner API (seed 000) under /modulo12: the partner is the tenant of the
// credentials (partnerId = tenant id; any other → 403), its customers, and their transactions
// (one-off charges: cancelled, never deleted). Also what the product's GetStarted.md shows
// (github.com/Modulo12/Partner-API): integer ids (the per-tenant numbers), 201 with Location,
// GET …/transaction/{t}/status, the real payloads (mapping.ts); POST /v1/partner/ is refused.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../platform/http/request-scope.ts';
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
import {
  checkBodyCustomer,
  partnerField,
  presentCustomerDetail,
  presentPartner,
  presentSummary,
  presentTransaction,
  statusOf,
  toChargeCreate,
  toCustomerCreate,
} from './mapping.ts';
import {
  Created,
  CustomerDetail,
  CustomerIn,
  CustomerSummary,
  Deleted,
  Modulo12Error,
  Partner,
  Transaction,
  TransactionIn,
  TransactionStatus,
} from './schemas.ts';
import { billPdf } from './bill.ts';
import { ensureChargeBoleto } from '../../boleto/boletos.ts';
import { liveChargeBoleto, liveChargeBoletos } from '../../boleto/charge-pix.ts';

export const MODULO12_PAGE_SIZE = 1000;

export const renderModulo12Error: ErrorRenderer = (err) => ({
  status: err.status,
  code: err.code,
  message: err.message,
  details: err.details.map((d) => ({ ...(d.field ? { field: partnerField(d.field) } : {}), issue: d.issue })),
});

const errors = {
  400: Modulo12Error,
  401: Modulo12Error,
  403: Modulo12Error,
  404: Modulo12Error,
  409: Modulo12Error,
  413: Modulo12Error,
  415: Modulo12Error,
  422: Modulo12Error,
  500: Modulo12Error,
};
const PartnerParams = Type.Object({ partnerId: Type.String({ maxLength: 64, description: 'The tenant id (UUID) of the credentials' }) });
const CustomerParams = Type.Object({
  partnerId: PartnerParams.properties.partnerId,
  customerId: Type.String({ maxLength: 64, description: 'Customer UUID or per-tenant number' }),
});
const TransactionParams = Type.Object({
  ...CustomerParams.properties,
  transactionId: Type.String({ maxLength: 64, description: 'Transaction UUID or per-tenant charge number' }),
});
// Unknown query parameters (a cache-buster `_=…`, Spring's `size`) are accepted and ignored.
const PageQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: `${MODULO12_PAGE_SIZE} per page` })) },
  { additionalProperties: true },
);
const TransactionQuery = Type.Object(
  {
    print_bill: Type.Optional(
      Type.String({
        maxLength: 16,
        description: 'true/1/yes/on (any case, or bare ?print_bill): the boleto PDF; false/0/no/off: the JSON details',
      }),
    ),
  },
  { additionalProperties: true },
);

/** Spring's boolean words (StringToBooleanConverter), any case; a bare `?print_bill` asks for the bill. */
export function printBill(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'true' || v === '1' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === 'no' || v === 'off') return false;
  throw new DomainError('validation_failed', 'print_bill must be true or false', [
    { field: 'print_bill', issue: 'must be true, false, 1, 0, yes, no, on or off' },
  ]);
}

/** A customer or transaction id: a UUID or the per-tenant number (the product's integer ids). */
function idParam(value: string, resource: string): string {
  // An id that cannot exist is simply not found, like an id of another partner.
  if (isUuid(value)) return value.toLowerCase();
  if (/^\d{1,15}$/.test(value)) return value;
  throw notFound(resource);
}

/** The customer's charge, or 404 when the transaction is not this customer's (or not this tenant's). */
async function transactionOf(db: Queryable, scope: Scope, customerId: string, transactionId: string) {
  const customer = await customers.getCustomer(db, scope, idParam(customerId, 'Customer'));
  const charge = await charges.getCharge(db, scope, idParam(transactionId, 'Transaction')).catch((err) => {
    throw err instanceof DomainError && err.code === 'not_found' ? notFound('Transaction') : err;
  });
  if (charge.customer_id !== customer.id) throw notFound('Transaction');
  return { customer, charge };
}

const hasBoleto = async (db: Queryable, scope: Scope, chargeId: string) => (await liveChargeBoleto(db, scope, chargeId)) !== null;

/** Boleto conflicts that leave a new transaction Pending (statusCode 1) instead of failing its creation. */
const NOT_YET_ISSUABLE = new Set([
  'no_collection_account',
  'collection_account_inactive',
  'charge_not_payable_by_boleto',
  'payer_incomplete',
  'amount_out_of_range',
]);

/**
 * The URL of a created resource, as the product's Location header (absolute; the product's
 * integer id = our per-tenant number), under the prefix the request came in on (`/modulo12`, or
 * none on a host that serves the dialect at its root).
 */
function locationOf(req: FastifyRequest, rest: string): string {
  const path = (req.originalUrl ?? req.url).split('?')[0];
  const at = path.indexOf('/v1/partner/');
  const prefix = at > 0 ? path.slice(0, at) : '';
  const partnerId = (req.params as { partnerId: string }).partnerId;
  return `${req.protocol}://${req.host}${prefix}/v1/partner/${encodeURIComponent(partnerId)}${rest}`;
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
        if (id !== req.scope.accountId && id !== req.scope.tenantId)
          throw new DomainError('forbidden', 'These credentials do not belong to this partner');
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
        {
          config,
          schema: {
            tags,
            summary: 'The partner (tenant): name, technical contact, e-mail…',
            params: PartnerParams,
            response: { 200: Partner, ...errors },
          },
        },
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
          const result = await customers.listCustomers(db, scopeOf(req), {
            page,
            page_size: MODULO12_PAGE_SIZE,
            sort: [{ field: 'number', direction: 'asc' }],
            include_total: true,
          });
          reply.header('x-total-count', String(result.total ?? result.data.length));
          if (result.has_more) reply.header('link', `<${req.url.split('?')[0]}?page=${page + 1}>; rel="next"`);
          return result.data.map(presentSummary);
        },
      );

      // The product's Location header on 201. Set from the created resource; an Idempotency-Key
      // replay (which stores only the body) finds the number again from the UUID in the body.
      const created = new WeakMap<FastifyRequest, string>();
      const withLocation =
        (find: (req: FastifyRequest, id: string) => Promise<string>) =>
        async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
          if (reply.statusCode !== 201 || reply.hasHeader('location')) return payload;
          let url = created.get(req);
          if (url === undefined && typeof payload === 'string') {
            const id = (JSON.parse(payload) as { id?: unknown }).id;
            if (typeof id === 'string') url = await find(req, id);
          }
          if (url !== undefined) reply.header('location', url);
          return payload;
        };

      app.post(
        '/v1/partner/',
        {
          config,
          schema: {
            tags,
            summary: 'Create a partner: refused (403) — partners are the companies the operator provisions',
            description:
              "The product's POST /v1/partner/ (GetStarted.md step 1). In Cobre the partner is the company (tenant) of the API key, created by the operator (`cobre tenants create`); the 403 message names your partner id.",
            body: Type.Optional(Type.Unknown({ description: 'Any body; not read' })),
            response: errors,
          },
        },
        async (req) => {
          const scope = scopeOf(req);
          throw new DomainError(
            'forbidden',
            `Partners are not created through the API: the operator provisions each company with its API keys. These credentials are partner ${scope.accountId}; use /v1/partner/${scope.accountId}/…`,
            [{ field: 'partnerId', issue: `yours is ${scope.accountId}` }],
          );
        },
      );

      app.post(
        '/v1/partner/:partnerId/customer',
        {
          config,
          onSend: withLocation(async (req, id) =>
            locationOf(req, `/customer/${(await customers.getCustomer(db, scopeOf(req), id)).number}`),
          ),
          schema: {
            tags,
            summary: 'Create a customer; 201 with its UUID in the body and its URL (with its number) in Location',
            params: PartnerParams,
            body: CustomerIn,
            response: { 201: Created, ...errors },
          },
        },
        async (req, reply) =>
          sendWrite(db, scopeOf(req), req, reply, 201, async (tx) => {
            const c = await customers.createCustomer(tx, scopeOf(req), checkCustomerCreate(toCustomerCreate(req.body)), today());
            created.set(req, locationOf(req, `/customer/${c.number}`));
            return { id: c.id };
          }),
      );

      app.get(
        '/v1/partner/:partnerId/customer/:customerId',
        {
          config,
          schema: {
            tags,
            summary: 'A customer (by UUID or number): name, RG, CPF and registration data',
            params: CustomerParams,
            response: { 200: CustomerDetail, ...errors },
          },
        },
        async (req) => presentCustomerDetail(await customers.getCustomer(db, scopeOf(req), idParam(req.params.customerId, 'Customer'))),
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
          const ref = idParam(req.params.customerId, 'Customer');
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
          schema: {
            tags,
            summary: "All the customer's financial operations (charges of any origin)",
            params: CustomerParams,
            querystring: PageQuery,
            response: { 200: Type.Array(Transaction), ...errors },
          },
        },
        async (req, reply) => {
          const scope = scopeOf(req);
          const customer = await customers.getCustomer(db, scope, idParam(req.params.customerId, 'Customer'));
          const page = req.query.page ?? 1;
          const result = await charges.listCharges(db, scope, {
            page,
            page_size: MODULO12_PAGE_SIZE,
            filters: [{ field: 'customer_id', op: 'eq', value: customer.id }],
            sort: [{ field: 'number', direction: 'asc' }],
            include_total: true,
          });
          reply.header('x-total-count', String(result.total ?? result.data.length));
          if (result.has_more) reply.header('link', `<${req.url.split('?')[0]}?page=${page + 1}>; rel="next"`);
          const boletos = await liveChargeBoletos(
            db,
            scope,
            result.data.map((c) => c.id),
          );
          return result.data.map((c) =>
            presentTransaction(c, {
              customerNumber: customer.number,
              hasBoleto: c.status !== 'paid' && c.status !== 'cancelled' && boletos.has(c.id),
            }),
          );
        },
      );

      app.post(
        '/v1/partner/:partnerId/customer/:customerId/transaction',
        {
          config,
          onSend: withLocation(async (req, id) => {
            const { customer, charge } = await transactionOf(db, scopeOf(req), (req.params as { customerId: string }).customerId, id);
            return locationOf(req, `/customer/${customer.number}/transaction/${charge.number}`);
          }),
          schema: {
            tags,
            summary:
              'Create a transaction (a one-off charge, its boleto issued when it can be); 201 with its UUID in the body and its URL in Location',
            description:
              'The boleto is issued in the same transaction when a collection account exists and the customer has what a boleto payer needs (statusCode 2); otherwise the transaction is created Pending (statusCode 1) and ?print_bill=true says why it cannot be printed.',
            params: CustomerParams,
            body: TransactionIn,
            response: { 201: Created, ...errors },
          },
        },
        async (req, reply) => {
          const customerId = idParam(req.params.customerId, 'Customer');
          const scope = scopeOf(req);
          return sendWrite(db, scope, req, reply, 201, async (tx) => {
            const customer = await customers.getCustomer(tx, scope, customerId);
            checkBodyCustomer(req.body, customer);
            const charge = await charges.createOneOffCharge(tx, scope, toChargeCreate(customer.id, req.body), today());
            // The product registers the boleto on creation; so does this, when the boleto can exist.
            // The refusals below are checks made before anything is written.
            await ensureChargeBoleto(tx, scope, charge.id, today()).catch((err) => {
              const reason = err instanceof DomainError ? err.meta?.reason : undefined;
              if (typeof reason !== 'string' || !NOT_YET_ISSUABLE.has(reason)) throw err;
            });
            created.set(req, locationOf(req, `/customer/${customer.number}/transaction/${charge.number}`));
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
            querystring: TransactionQuery,
            response: { 200: Transaction, ...errors },
          },
        },
        async (req, reply) => {
          const scope = scopeOf(req);
          const print = printBill(req.query.print_bill);
          const { customer, charge } = await transactionOf(db, scope, req.params.customerId, req.params.transactionId);
          if (print) return billPdf(db, scope, charge, reply, today().today);
          return presentTransaction(charge, { customerNumber: customer.number, hasBoleto: await hasBoleto(db, scope, charge.id) });
        },
      );

      app.get(
        '/v1/partner/:partnerId/customer/:customerId/transaction/:transactionId/status',
        {
          config,
          schema: {
            tags,
            summary: "A transaction's status: the product's statusCode and statusDescription (and Cobre's status)",
            params: TransactionParams,
            response: { 200: TransactionStatus, ...errors },
          },
        },
        async (req) => {
          const scope = scopeOf(req);
          const { charge } = await transactionOf(db, scope, req.params.customerId, req.params.transactionId);
          return { ...statusOf(charge, await hasBoleto(db, scope, charge.id)), status: charge.status };
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
            const { customer, charge } = await transactionOf(tx, scopeOf(req), req.params.customerId, req.params.transactionId);
            const cancelled = await charges.cancelCharge(tx, scopeOf(req), charge.id, 'Cancelled through the partner API (SmartSindico)');
            return presentTransaction(cancelled, { customerNumber: customer.number, hasBoleto: false });
          }),
      );
    },
    { prefix: '/modulo12' },
  );
}
