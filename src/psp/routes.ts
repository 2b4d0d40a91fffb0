import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { uuidv7 } from '../platform/ids.ts';
import { DomainError } from '../platform/errors.ts';
import { pixQrPng } from '../pix/index.ts';
import * as connections from './connections.ts';
import * as pixState from './pix-state.ts';
import { requestPixCharge } from './pix-charges.ts';
import { requestRefund } from './refunds.ts';
import { cancelRecurrence, contractRecurrences, createRecurrence, presentRecurrence, resolveRecurrence } from './recurrences.ts';
import { receiveWebhook, type WebhookKind } from './webhook-receiver.ts';
import { presentPixChargeRow } from './recurrences.ts';
import { reconcilePix } from './reconcile.ts';
import * as S from './schemas.ts';
import * as q from './queries.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const ChargeRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Charge id or number' }) });
const ContractRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Contract id or number' }) });
const E2eParams = Type.Object({ e2eid: Type.String({ minLength: 1, maxLength: 64, description: 'The endToEndId of the Pix' }) });
const WebhookParams = Type.Object({
  tenant: Type.String({ maxLength: 64 }),
  connection: Type.String({ maxLength: 64 }),
  token: Type.String({ maxLength: 128 }),
  kind: Type.Optional(Type.Union([Type.Literal('pix'), Type.Literal('rec'), Type.Literal('cobr')])),
});
const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;
const pngResponse = { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } };

export async function pspRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;

  // ---- connections ----
  let tags = ['PSP connections'];
  app.get(
    '/v1/psp-connections',
    {
      schema: {
        tags,
        summary: 'The PSP connections (API Pix) of the tenant; secrets are never returned',
        response: { 200: Type.Array(S.Connection), ...errors },
      },
    },
    async (req) => (await q.listConnections(db, scopeOf(req).tenantId)).map(connections.presentConnection),
  );
  app.post(
    '/v1/psp-connections',
    {
      schema: {
        tags,
        summary: 'Connect a PSP: base URL, OAuth2 client, mTLS certificate (PEM or PFX) and the Pix key receiving the money',
        description:
          'Secrets (client secret, certificate and key, PFX password, HMAC secret) are stored encrypted with COBRE_SECRET_KEY (409 reason secret_key_missing without it). ' +
          'The webhook URL is registered at the PSP in the background (PUT /webhook/{chave}, /webhookrec, /webhookcobr); see webhook_url and webhook_error.',
        body: S.ConnectionCreate,
        response: { 201: S.Connection, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 201, async (tx) => {
        const created = await connections.createConnection(tx, scopeOf(req), req.body);
        await queueWebhookRegistration(tx, scopeOf(req).tenantId, created.id, scopeOf(req).now);
        return created;
      }),
  );
  app.get(
    '/v1/psp-connections/:id',
    { schema: { tags, summary: 'One PSP connection', params: IdParams, response: { 200: S.Connection, ...errors } } },
    async (req) => connections.presentConnection(await connections.resolveConnection(db, scopeOf(req), req.params.id)),
  );
  app.patch(
    '/v1/psp-connections/:id',
    {
      schema: {
        tags,
        summary: 'Change a PSP connection; secrets given replace the stored ones, omitted ones stay',
        params: IdParams,
        body: S.ConnectionPatch,
        response: { 200: S.Connection, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => {
        const updated = await connections.updateConnection(tx, scopeOf(req), req.params.id, req.body);
        const reRegister = ['base_url', 'token_url', 'client_id', 'client_secret', 'certificate', 'ca_pem', 'pix_key', 'active'].some(
          (k) => (req.body as Record<string, unknown>)[k] !== undefined,
        );
        if (reRegister && updated.active) await queueWebhookRegistration(tx, scopeOf(req).tenantId, updated.id, scopeOf(req).now);
        return updated;
      }),
  );
  app.delete(
    '/v1/psp-connections/:id',
    {
      schema: {
        tags,
        summary: 'Delete a connection that has no Pix charges (else deactivate it)',
        params: IdParams,
        response: { 200: S.Connection, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => connections.deleteConnection(tx, scopeOf(req), req.params.id)),
  );
  app.post(
    '/v1/psp-connections/:id/test',
    {
      schema: {
        tags,
        summary: 'Test connection: TLS with the client certificate, an OAuth2 token, and a read of the webhook registered for the Pix key',
        params: IdParams,
        response: { 200: S.ConnectionTest, ...errors },
      },
    },
    async (req) => pixState.testConnection(db, scopeOf(req), clock, req.params.id),
  );
  app.post(
    '/v1/psp-connections/:id/register-webhook',
    {
      schema: {
        tags,
        summary: 'Register the webhook URL at the PSP again (it is done on create and on changes)',
        params: IdParams,
        response: { 202: S.Connection, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 202, async (tx) => {
        const row = await connections.resolveConnection(tx, scopeOf(req), req.params.id);
        await queueWebhookRegistration(tx, row.tenant_id, row.id, scopeOf(req).now);
        return connections.presentConnection(row);
      }),
  );
  app.get(
    '/v1/psp-connections/:id/exchanges',
    {
      schema: {
        tags,
        summary: 'The latest requests to this PSP and its answers (secrets and tokens redacted)',
        params: IdParams,
        response: { 200: Type.Array(S.Exchange), ...errors },
      },
    },
    async (req) => {
      const row = await connections.resolveConnection(db, scopeOf(req), req.params.id);
      return q.exchangesOf(db, row.tenant_id, { connectionId: row.id });
    },
  );
  app.post(
    '/v1/psp-connections/reconcile',
    {
      schema: {
        tags,
        summary: 'Reconcile now: list from each PSP the Pix received since the last confirmed window and register what the webhooks missed',
        response: {
          200: Type.Object({
            connections: Type.Integer({ description: 'Connections reconciled' }),
            listed: Type.Integer({ description: 'Pix the PSPs listed' }),
            registered: Type.Integer({ description: 'Pix the webhooks had missed, registered now' }),
            refunds: Type.Integer({ description: 'Refunds whose final status arrived' }),
            errors: Type.Array(Type.String()),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      scopeOf(req);
      return reconcilePix(db, { clock, lagSeconds: 0, everySeconds: 0 });
    },
  );

  // ---- the Pix of a charge ----
  tags = ['Pix (PSP)'];
  app.get(
    '/v1/charges/:id/pix-charge',
    {
      schema: {
        tags,
        summary: "The charge's PSP charge (cob/cobv/cobr), the Pix received for it and the operations in flight",
        params: ChargeRef,
        response: { 200: S.ChargePixState, ...errors },
      },
    },
    async (req) => pixState.chargePixState(db, scopeOf(req), req.params.id),
  );
  app.post(
    '/v1/charges/:id/pix-charge',
    {
      schema: {
        tags,
        summary:
          'Make a dynamic Pix at the PSP for this charge now (when the connection does not do it by itself, or on another connection)',
        params: ChargeRef,
        body: S.PixChargeCreate,
        response: { 202: S.PixChargeView, ...errors },
      },
      preValidation: async (req) => {
        if (req.body == null) req.body = {};
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 202, async (tx) => {
        const ref = await pixState.chargeId(tx, scopeOf(req), req.params.id);
        return presentPixChargeRow(await requestPixCharge(tx, scopeOf(req), ref, req.body ?? {}));
      }),
  );
  app.get(
    '/v1/charges/:id/psp-exchanges',
    {
      schema: {
        tags,
        summary: "Every request to the PSP about this charge and the PSP's answers (secrets redacted)",
        params: ChargeRef,
        response: { 200: Type.Array(S.Exchange), ...errors },
      },
    },
    async (req) => q.exchangesOf(db, scopeOf(req).tenantId, { chargeId: await pixState.chargeId(db, scopeOf(req), req.params.id) }),
  );
  app.get(
    '/v1/pix-received',
    {
      schema: {
        tags,
        summary: 'Pix received through the PSP connections, newest first; outcome=unmatched lists those no charge claims',
        querystring: Type.Object({
          outcome: Type.Optional(Type.Union(['exact', 'underpaid', 'overpaid', 'charge_closed', 'unmatched'].map((v) => Type.Literal(v)))),
          before: Type.Optional(Type.String({ format: 'date-time' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: { 200: Type.Array(S.ReceivedPix), ...errors },
      },
    },
    async (req) =>
      pixState.listReceivedPix(db, scopeOf(req), { outcome: req.query.outcome, before: req.query.before, limit: req.query.limit ?? 50 }),
  );
  app.get(
    '/v1/pix-received/:e2eid',
    { schema: { tags, summary: 'One received Pix with its refunds', params: E2eParams, response: { 200: S.ReceivedPix, ...errors } } },
    async (req) => pixState.getReceivedPix(db, scopeOf(req), req.params.e2eid),
  );
  app.post(
    '/v1/pix-received/:e2eid/refunds',
    {
      schema: {
        tags,
        summary: 'Refund (devolução) all or part of a received Pix; applied to the charge when the PSP returns the money',
        params: E2eParams,
        body: S.RefundCreate,
        response: { 202: S.Refund, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 202, (tx) => requestRefund(tx, scopeOf(req), req.params.e2eid, req.body)),
  );

  // ---- Pix Automático ----
  tags = ['Pix Automático'];
  app.post(
    '/v1/contracts/:id/pix-recurrence',
    {
      schema: {
        tags,
        summary:
          "Ask the payer to authorize Pix Automático for this contract (QR code, QR code with the first payment, or a request to the payer's bank)",
        params: ContractRef,
        body: S.RecurrenceCreate,
        response: { 202: S.Recurrence, ...errors },
      },
      preValidation: async (req) => {
        if (req.body == null) req.body = {};
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 202, (tx) => createRecurrence(tx, scopeOf(req), req.params.id, req.body ?? {})),
  );
  app.get(
    '/v1/contracts/:id/pix-recurrences',
    {
      schema: {
        tags,
        summary: "The contract's recurrences, newest first, with their cobr",
        params: ContractRef,
        response: { 200: Type.Array(S.Recurrence), ...errors },
      },
    },
    async (req) => contractRecurrences(db, scopeOf(req), req.params.id),
  );
  app.get(
    '/v1/pix-recurrences/:id',
    { schema: { tags, summary: 'One recurrence', params: IdParams, response: { 200: S.Recurrence, ...errors } } },
    async (req) => presentRecurrence(db, await resolveRecurrence(db, scopeOf(req), req.params.id)),
  );
  app.get(
    '/v1/pix-recurrences/:id/qr.png',
    {
      schema: {
        tags,
        summary: 'The QR code the payer authorizes the recurrence with, as PNG (while it awaits the payer)',
        params: IdParams,
        response: { 200: pngResponse, ...errors },
      },
    },
    async (req, reply) => {
      const r = await resolveRecurrence(db, scopeOf(req), req.params.id);
      if (r.status !== 'awaiting_approval' || !r.pix_copia_e_cola)
        throw new DomainError(
          'not_found',
          "This recurrence has no QR code to authorize (it is not awaiting the payer, or it was sent to the payer's bank)",
        );
      return reply.type('image/png').send(await pixQrPng(r.pix_copia_e_cola, { scale: 6 }));
    },
  );
  app.post(
    '/v1/pix-recurrences/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel the recurrence at the PSP; cobr not settled are cancelled too',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: S.Recurrence, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, async (tx) =>
        cancelRecurrence(
          tx,
          scopeOf(req),
          await resolveRecurrence(tx, scopeOf(req), req.params.id, { forUpdate: true }),
          req.body.reason.trim(),
        ),
      ),
  );

  // ---- the PSP's notifications (public: authenticated by the URL's token, HMAC or the TLS proxy) ----
  await app.register(async (sub) => {
    sub.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES }, (_req, body, done) => done(null, body));
    sub.removeContentTypeParser('application/json');
    sub.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const p = req.params as { tenant: string; connection: string; token: string; kind?: WebhookKind };
      const result = await receiveWebhook(
        db,
        {
          tenantId: p.tenant,
          connectionId: p.connection,
          token: p.token,
          kind: p.kind ?? 'pix',
          headers: req.headers,
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        },
        clock.now(),
      );
      return reply.code(200).send(result);
    };
    const opts = { config: { public: true }, schema: { hide: true, params: WebhookParams } };
    sub.post('/psp/webhooks/:tenant/:connection/:token', opts, handler);
    sub.post('/psp/webhooks/:tenant/:connection/:token/:kind', opts, handler);
  });
}

/** Each change that touches the PSP side is its own intent to register the webhook URL again. */
async function queueWebhookRegistration(
  tx: Parameters<typeof q.insertOperations>[0],
  tenantId: string,
  connectionId: string,
  now: Date,
): Promise<void> {
  const id = uuidv7();
  await q.insertOperations(
    tx,
    tenantId,
    [{ id, connection_id: connectionId, kind: 'register_webhooks', intent_key: `webhooks:${connectionId}:${id}`, not_before: now }],
    now,
  );
}
