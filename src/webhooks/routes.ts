import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../app.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { PagingQuerySchema, pageSchema, parseSortParam, type Filter } from '../platform/search.ts';
import * as webhooks from './webhooks.ts';
import { DeliveryStatusSchema, RotateSecretBody, WebhookDelivery, WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointPatch, WebhookEndpointWithSecret } from './schemas.ts';

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
        description: 'Events are POSTed as JSON, signed with HMAC-SHA256 (header Cobre-Webhook-Signature), retried for 24 hours. See docs/webhooks.md.',
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
    '/v1/webhook-endpoints/:id',
    { schema: { tags, summary: 'Get a webhook endpoint (without its secret)', params: IdParams, response: { 200: WebhookEndpoint, ...errors } } },
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
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => webhooks.updateEndpoint(tx, scopeOf(req), req.params.id, req.body, now())),
  );

  app.delete(
    '/v1/webhook-endpoints/:id',
    { schema: { tags, summary: 'Delete a webhook endpoint and its delivery log', params: IdParams, response: { 200: WebhookEndpoint, ...errors } } },
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
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => webhooks.rotateEndpointSecret(tx, scopeOf(req), req.params.id, req.body, now())),
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
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 202, (tx) => webhooks.pingEndpoint(tx, scopeOf(req), req.params.id, now())),
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
            event_type: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "An exact type, or a prefix ending in '.*'" })),
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
        filters.push(event_type.endsWith('.*') ? { field: 'event_type', op: 'starts_with', value: event_type.slice(0, -1) } : { field: 'event_type', op: 'eq', value: event_type });
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
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => webhooks.retryDelivery(tx, scopeOf(req), req.params.id, req.params.deliveryId, now())),
  );
}
