import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { PagingQuerySchema, pageSchema, parseSortParam, type Filter } from '../platform/search.ts';
import * as webhooks from './webhooks.ts';
import {
  DeliveryStatusSchema,
  RotateSecretBody,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointPatch,
  WebhookEndpointWithSecret,
} from './schemas.ts';

/**
 * The event types a subscription is usually made of, for pickers (the console's checkboxes). Not a
 * limit: any type a capability records is deliverable, and patterns ('charge.*', '*') stay valid.
 */
const EVENT_TYPE_CATALOG: readonly { type: string; group: string; description: string }[] = [
  { type: 'charge.created', group: 'charges', description: 'A charge was created (billing run, API or console)' },
  { type: 'charge.paid', group: 'charges', description: 'A charge was paid in full' },
  { type: 'charge.partially_paid', group: 'charges', description: 'A payment left part of a charge open' },
  { type: 'charge.overdue', group: 'charges', description: 'A charge passed its due date unpaid' },
  { type: 'charge.updated', group: 'charges', description: 'The due date or amount of a charge changed' },
  { type: 'charge.cancelled', group: 'charges', description: 'A charge was cancelled' },
  { type: 'payment.created', group: 'payments', description: 'A payment was registered (API, console, bank return, Pix)' },
  { type: 'payment.reversed', group: 'payments', description: 'A payment was reversed' },
  { type: 'payment.refunded', group: 'payments', description: 'Part or all of a payment was given back' },
  { type: 'boleto.issued', group: 'boletos', description: 'A boleto was issued for a charge' },
  { type: 'boleto.updated', group: 'boletos', description: "A boleto took its charge's new due date or amount" },
  { type: 'boleto.cancelled', group: 'boletos', description: 'A boleto was cancelled' },
  { type: 'remittance.created', group: 'boletos', description: 'A CNAB remittance file was generated' },
  { type: 'bank_return.processed', group: 'boletos', description: 'A CNAB return file was processed' },
  { type: 'customer.created', group: 'customers', description: 'A customer was created' },
  { type: 'customer.updated', group: 'customers', description: 'A customer was changed' },
  { type: 'customer.activated', group: 'customers', description: 'A customer was reactivated' },
  { type: 'customer.deactivated', group: 'customers', description: 'A customer was deactivated' },
  { type: 'customer.deleted', group: 'customers', description: 'A customer was deleted' },
  { type: 'contract.created', group: 'contracts', description: 'A contract was created' },
  { type: 'contract.updated', group: 'contracts', description: 'A contract was changed (items, dates, billing)' },
  { type: 'contract.suspended', group: 'contracts', description: 'A contract was suspended' },
  { type: 'contract.resumed', group: 'contracts', description: 'A suspended contract was resumed' },
  { type: 'contract.cancelled', group: 'contracts', description: 'A contract was cancelled' },
  { type: 'contract.activated', group: 'contracts', description: 'A contract was activated' },
  { type: 'contract.deactivated', group: 'contracts', description: 'A contract was deactivated' },
  { type: 'contract.deleted', group: 'contracts', description: 'A contract was deleted' },
  { type: 'billing_run.created', group: 'billing', description: 'A billing run started' },
  { type: 'billing_run.finished', group: 'billing', description: 'A billing run finished' },
  { type: 'consumption.created', group: 'billing', description: 'A consumption record was entered' },
  { type: 'consumption.updated', group: 'billing', description: 'A consumption record was changed' },
  { type: 'consumption.deleted', group: 'billing', description: 'A consumption record was deleted' },
  { type: 'service.created', group: 'catalog', description: 'A service was created' },
  { type: 'service.updated', group: 'catalog', description: 'A service was changed' },
  { type: 'service.deleted', group: 'catalog', description: 'A service was deleted' },
  { type: 'import.created', group: 'imports', description: 'A spreadsheet import was started' },
  { type: 'collection_account.created', group: 'configuration', description: 'A collection account was created' },
  { type: 'collection_account.updated', group: 'configuration', description: 'A collection account was changed (or deactivated)' },
];

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const DeliveryParams = Type.Object({ id: Type.String({ format: 'uuid' }), deliveryId: Type.String({ format: 'uuid' }) });

export async function webhookRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Webhooks'];
  const now = () => ({ now: clock.now() });

  app.post(
    '/v1/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Register a webhook endpoint (the response shows its signing secret, only this once)',
        description:
          'Events are POSTed as JSON, signed with HMAC-SHA256 (header Cobre-Webhook-Signature), retried for 24 hours. See docs/webhooks.md.',
        body: WebhookEndpointCreate,
        response: { 201: WebhookEndpointWithSecret, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => webhooks.createEndpoint(tx, scopeOf(req), req.body, now())),
  );

  app.get(
    '/v1/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'List webhook endpoints',
        querystring: Type.Object({ ...PagingQuerySchema, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: pageSchema(WebhookEndpoint), ...errors },
      },
    },
    async (req) => {
      const { active, sort, ...paging } = req.query;
      const filters: Filter[] = active === undefined ? [] : [{ field: 'active', op: 'eq', value: active }];
      return webhooks.listEndpoints(db, scopeOf(req), { ...paging, sort: parseSortParam(sort), filters });
    },
  );

  app.get(
    '/v1/webhook-endpoints/event-types',
    {
      schema: {
        tags,
        summary: 'Event types an endpoint can subscribe to (for pickers)',
        description:
          "The usual business events with a description. Not exhaustive: any recorded type is deliverable, and prefixes ('charge.*') or '*' remain valid in event_types.",
        response: {
          200: Type.Object({ data: Type.Array(Type.Object({ type: Type.String(), group: Type.String(), description: Type.String() })) }),
          ...errors,
        },
      },
    },
    async () => ({ data: EVENT_TYPE_CATALOG.map((e) => ({ ...e })) }),
  );

  app.get(
    '/v1/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Get a webhook endpoint (without its secret)',
        params: IdParams,
        response: { 200: WebhookEndpoint, ...errors },
      },
    },
    async (req) => webhooks.getEndpoint(db, scopeOf(req), req.params.id),
  );

  app.patch(
    '/v1/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Update a webhook endpoint (URL, description, event types, active)',
        params: IdParams,
        body: WebhookEndpointPatch,
        response: { 200: WebhookEndpoint, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => webhooks.updateEndpoint(tx, scopeOf(req), req.params.id, req.body, now())),
  );

  app.delete(
    '/v1/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: IdParams,
        response: { 200: WebhookEndpoint, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => webhooks.deleteEndpoint(tx, scopeOf(req), req.params.id)),
  );

  app.post(
    '/v1/webhook-endpoints/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: 'Replace the signing secret (the response shows the new one, only this once)',
        description: 'With previous_secret_valid_seconds, deliveries carry two signatures (new and old secret) for that long.',
        params: IdParams,
        body: RotateSecretBody,
        response: { 200: WebhookEndpointWithSecret, ...errors },
      },
      // The body is optional: an empty POST rotates with no grace period.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => webhooks.rotateEndpointSecret(tx, scopeOf(req), req.params.id, req.body, now())),
  );

  app.post(
    '/v1/webhook-endpoints/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a webhook.ping event to this endpoint',
        description: 'Queues the delivery and returns it (202); follow it in the delivery log.',
        params: IdParams,
        response: { 202: WebhookDelivery, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 202, (tx) => webhooks.pingEndpoint(tx, scopeOf(req), req.params.id, now())),
  );

  app.get(
    '/v1/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: "An endpoint's delivery log, newest first (page-number or cursor paging)",
        params: IdParams,
        querystring: Type.Object(
          {
            ...PagingQuerySchema,
            status: Type.Optional(DeliveryStatusSchema),
            event_type: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: "An exact type, or a prefix ending in '.*'" }),
            ),
            event_id: Type.Optional(Type.String({ format: 'uuid' })),
            resource_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema(WebhookDelivery), ...errors },
      },
    },
    async (req) => {
      const { status, event_type, event_id, resource_id, sort, ...paging } = req.query;
      const filters: Filter[] = [];
      if (status) filters.push({ field: 'status', op: 'eq', value: status });
      if (event_type) {
        filters.push(
          event_type.endsWith('.*')
            ? { field: 'event_type', op: 'starts_with', value: event_type.slice(0, -1) }
            : { field: 'event_type', op: 'eq', value: event_type },
        );
      }
      if (event_id) filters.push({ field: 'event_id', op: 'eq', value: event_id });
      if (resource_id) filters.push({ field: 'resource_id', op: 'eq', value: resource_id });
      return webhooks.listDeliveries(db, scopeOf(req), req.params.id, { ...paging, sort: parseSortParam(sort), filters });
    },
  );

  app.get(
    '/v1/webhook-endpoints/:id/deliveries/:deliveryId',
    { schema: { tags, summary: 'Get one delivery of the log', params: DeliveryParams, response: { 200: WebhookDelivery, ...errors } } },
    async (req) => webhooks.getDelivery(db, scopeOf(req), req.params.id, req.params.deliveryId),
  );

  app.post(
    '/v1/webhook-endpoints/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags,
        summary: 'Send a delivery again now (failed, retrying or even succeeded)',
        params: DeliveryParams,
        response: { 200: WebhookDelivery, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        webhooks.retryDelivery(tx, scopeOf(req), req.params.id, req.params.deliveryId, now()),
      ),
  );
}
