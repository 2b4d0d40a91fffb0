// Webhook use cases: endpoints (create, read, update, delete, rotate the secret, send a ping)
// and their delivery log (list, get, retry). Each takes a transaction (or a queryable for reads)
// and the scope, and returns plain data.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { runList, type ListRequest, type Page } from '../platform/search.ts';
import { normalizeEventTypes, PING_EVENT_TYPE } from './event-types.ts';
import { normalizeWebhookUrl } from './url.ts';
import { newWebhookSecret } from './signature.ts';
import { RETRY_WINDOW_MS } from './dispatch.ts';
import { deliveryResource, endpointResource } from './resources.ts';
import * as q from './queries.ts';
import type {
  RotateSecretBody,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointPatch,
  WebhookEndpointWithSecret,
} from './schemas.ts';

export const MAX_ENDPOINTS_PER_TENANT = 50;

export function presentEndpoint(row: q.EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.event_types,
    active: row.active,
    metadata: row.metadata,
    previous_secret_expires_at: row.previous_secret_expires_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function presentDelivery(row: q.DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpoint_id: row.endpoint_id,
    event_id: row.event_id,
    event_seq: row.event_seq,
    event_type: row.event_type,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    status: row.status,
    attempt_count: row.attempt_count,
    next_attempt_at: row.status === 'pending' || row.status === 'retrying' ? row.next_attempt_at : null,
    retry_until: row.retry_until,
    last_attempt_at: row.last_attempt_at,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    last_response_body: row.last_response_body,
    last_duration_ms: row.last_duration_ms,
    created_at: row.created_at,
    delivered_at: row.delivered_at,
  };
}

const cleanDescription = (d: string | null | undefined) => (d == null || d.trim() === '' ? null : d.trim());

async function resolveEndpoint(db: Queryable, scope: Scope, id: string, opts: { forUpdate?: boolean } = {}): Promise<q.EndpointRow> {
  const row = isUuid(id) ? await q.findEndpoint(db, scope.tenantId, id, opts) : null;
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

export async function createEndpoint(
  tx: Tx,
  scope: Scope,
  input: WebhookEndpointCreate,
  opts: { now: Date },
): Promise<WebhookEndpointWithSecret> {
  const url = normalizeWebhookUrl(input.url);
  const eventTypes = normalizeEventTypes(input.event_types);
  if ((await q.countEndpoints(tx, scope.tenantId)) >= MAX_ENDPOINTS_PER_TENANT) {
    throw new DomainError('unprocessable', `A tenant has at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints; delete one first`);
  }
  const id = uuidv7();
  const secret = newWebhookSecret();
  const active = input.active ?? true;
  const draft = {
    id,
    url,
    description: cleanDescription(input.description),
    event_types: eventTypes,
    active,
    metadata: input.metadata ?? {},
  };
  await recordEvent(tx, scope, { type: 'webhook_endpoint.created', resourceType: 'webhook_endpoint', resourceId: id, after: draft });
  // The endpoint receives the events written from now on (this creation's own event excluded).
  const cursorSeq = await q.lastAllocatedEventSeq(tx);
  const row = await q.insertEndpoint(tx, {
    tenantId: scope.tenantId,
    id,
    url,
    description: draft.description,
    eventTypes,
    secret,
    active,
    metadata: draft.metadata,
    cursorSeq,
    now: opts.now,
  });
  return { ...presentEndpoint(row), secret };
}

export async function getEndpoint(db: Queryable, scope: Scope, id: string): Promise<WebhookEndpoint> {
  return presentEndpoint(await resolveEndpoint(db, scope, id));
}

export async function listEndpoints(db: Queryable, scope: Scope, req: ListRequest): Promise<Page<WebhookEndpoint>> {
  const page = await runList<q.EndpointRow>(
    db,
    endpointResource,
    { select: 'w.*', from: 'webhook_endpoints w', scopeWhere: 'w.tenant_id = $1', scopeParams: [scope.tenantId], idSql: 'w.id' },
    req,
  );
  return { ...page, data: page.data.map(presentEndpoint) };
}

export async function updateEndpoint(
  tx: Tx,
  scope: Scope,
  id: string,
  patch: WebhookEndpointPatch,
  opts: { now: Date },
): Promise<WebhookEndpoint> {
  const current = await resolveEndpoint(tx, scope, id, { forUpdate: true });
  const before = presentEndpoint(current);
  const active = patch.active ?? current.active;
  // Reactivated: from now on, not the events it missed while inactive.
  const cursorSeq = active && !current.active ? await q.lastAllocatedEventSeq(tx) : current.cursor_seq;
  const row = await q.updateEndpoint(tx, scope.tenantId, current.id, {
    url: patch.url !== undefined ? normalizeWebhookUrl(patch.url) : current.url,
    description: patch.description !== undefined ? cleanDescription(patch.description) : current.description,
    eventTypes: patch.event_types !== undefined ? normalizeEventTypes(patch.event_types) : current.event_types,
    active,
    metadata: patch.metadata ?? current.metadata,
    cursorSeq,
    now: opts.now,
  });
  const after = presentEndpoint(row);
  await recordEvent(tx, scope, {
    type: 'webhook_endpoint.updated',
    resourceType: 'webhook_endpoint',
    resourceId: current.id,
    before,
    after,
  });
  return after;
}

/** Removes the endpoint and its delivery log; nothing more is sent to it. */
export async function deleteEndpoint(tx: Tx, scope: Scope, id: string): Promise<WebhookEndpoint> {
  const current = await resolveEndpoint(tx, scope, id, { forUpdate: true });
  const before = presentEndpoint(current);
  await q.deleteEndpoint(tx, scope.tenantId, current.id);
  await recordEvent(tx, scope, { type: 'webhook_endpoint.deleted', resourceType: 'webhook_endpoint', resourceId: current.id, before });
  return before;
}

export async function rotateEndpointSecret(
  tx: Tx,
  scope: Scope,
  id: string,
  body: RotateSecretBody | undefined,
  opts: { now: Date },
): Promise<WebhookEndpointWithSecret> {
  const current = await resolveEndpoint(tx, scope, id, { forUpdate: true });
  const keepSeconds = body?.previous_secret_valid_seconds ?? 0;
  const secret = newWebhookSecret();
  const row = await q.rotateSecret(tx, scope.tenantId, current.id, {
    secret,
    previousSecret: keepSeconds > 0 ? current.secret : null,
    previousExpiresAt: keepSeconds > 0 ? new Date(opts.now.getTime() + keepSeconds * 1000) : null,
    now: opts.now,
  });
  await recordEvent(tx, scope, {
    type: 'webhook_endpoint.secret_rotated',
    resourceType: 'webhook_endpoint',
    resourceId: current.id,
    data: { previous_secret_valid_seconds: keepSeconds },
  });
  return { ...presentEndpoint(row), secret };
}

/**
 * Sends a ping to this endpoint only: a `webhook.ping` event (in the audit trail like any
 * other) and its delivery, which the sender POSTs like any delivery.
 */
export async function pingEndpoint(tx: Tx, scope: Scope, id: string, opts: { now: Date }): Promise<WebhookDelivery> {
  const ep = await resolveEndpoint(tx, scope, id);
  const eventId = await recordEvent(tx, scope, {
    type: PING_EVENT_TYPE,
    resourceType: 'webhook_endpoint',
    resourceId: ep.id,
    data: { endpoint_id: ep.id, url: ep.url, message: 'Cobre webhook test' },
  });
  const deliveryId = uuidv7();
  await q.insertDeliveries(
    tx,
    [
      {
        tenantId: scope.tenantId,
        id: deliveryId,
        endpointId: ep.id,
        eventId,
        eventSeq: await q.eventSeq(tx, scope.tenantId, eventId),
        eventType: PING_EVENT_TYPE,
        resourceType: 'webhook_endpoint',
        resourceId: ep.id,
      },
    ],
    opts.now,
    new Date(opts.now.getTime() + RETRY_WINDOW_MS),
  );
  return presentDelivery((await q.findDelivery(tx, scope.tenantId, ep.id, deliveryId))!);
}

export async function listDeliveries(db: Queryable, scope: Scope, endpointId: string, req: ListRequest): Promise<Page<WebhookDelivery>> {
  const ep = await resolveEndpoint(db, scope, endpointId);
  const page = await runList<q.DeliveryRow>(
    db,
    deliveryResource,
    {
      select: 'd.*',
      from: 'webhook_deliveries d',
      scopeWhere: 'd.tenant_id = $1 AND d.endpoint_id = $2',
      scopeParams: [scope.tenantId, ep.id],
      idSql: 'd.id',
    },
    req,
  );
  return { ...page, data: page.data.map(presentDelivery) };
}

export async function getDelivery(db: Queryable, scope: Scope, endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
  const ep = await resolveEndpoint(db, scope, endpointId);
  const row = isUuid(deliveryId) ? await q.findDelivery(db, scope.tenantId, ep.id, deliveryId) : null;
  if (!row) throw notFound('Webhook delivery');
  return presentDelivery(row);
}

/**
 * Schedules one more attempt now, whatever the delivery's status (a succeeded one is sent
 * again: receivers deduplicate by event id anyway). Its retry window is not extended: if this
 * attempt fails after the window, the delivery is failed again.
 */
export async function retryDelivery(
  tx: Tx,
  scope: Scope,
  endpointId: string,
  deliveryId: string,
  opts: { now: Date },
): Promise<WebhookDelivery> {
  const ep = await resolveEndpoint(tx, scope, endpointId);
  const current = isUuid(deliveryId) ? await q.findDelivery(tx, scope.tenantId, ep.id, deliveryId, { forUpdate: true }) : null;
  if (!current) throw notFound('Webhook delivery');
  const row = await q.requeueDelivery(tx, scope.tenantId, current.id, opts.now);
  await recordEvent(tx, scope, {
    type: 'webhook_delivery.retry_requested',
    resourceType: 'webhook_delivery',
    resourceId: current.id,
    data: { endpoint_id: ep.id, event_id: current.event_id, previous_status: current.status },
  });
  return presentDelivery(row);
}
