// The only file of the webhooks capability that speaks SQL. Statements on tenant data are
// scoped by tenant_id; the dispatcher and the sender work across tenants by design (they are
// the installation's background workers) and carry each row's tenant_id along.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { DeliveryStatus } from './schemas.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type EndpointRow = Omit<Database['webhook_endpoints'], 'metadata'> & {
  // narrower than the jsonb column: the shape this capability writes
  metadata: Record<string, unknown>;
};

export type DeliveryRow = Database['webhook_deliveries'];

// ---- the event log's head ----

/** The highest events.seq handed out so far, committed or not (0 before the first event). */
export async function lastAllocatedEventSeq(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ l: number | null }>(
    `SELECT pg_sequence_last_value(pg_get_serial_sequence('events', 'seq')::regclass) AS l`,
  );
  return rows[0]?.l ?? 0;
}

/**
 * The transactions (virtual transaction ids) other than ours that hold a write lock on the events
 * table right now: only they can own an events.seq that is handed out but not yet committed.
 */
export async function eventWriters(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ vxid: string }>(
    `SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
     WHERE locktype = 'relation' AND relation = 'events'::regclass
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')
       AND pid IS DISTINCT FROM pg_backend_pid()`,
  );
  return rows.map((r) => r.vxid);
}

export async function eventSeq(q: Queryable, tenantId: string, eventId: string): Promise<number> {
  const { rows } = await q.query<{ seq: number }>(`SELECT seq FROM events WHERE tenant_id = $1 AND id = $2`, [tenantId, eventId]);
  return rows[0].seq;
}

// ---- endpoints ----

export async function countEndpoints(q: Queryable, tenantId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM webhook_endpoints WHERE tenant_id = $1`, [tenantId]);
  return rows[0].n;
}

export async function insertEndpoint(
  tx: Tx,
  e: {
    tenantId: string;
    id: string;
    url: string;
    description: string | null;
    eventTypes: string[];
    secret: string;
    active: boolean;
    metadata: Record<string, unknown>;
    cursorSeq: number;
    now: Date;
  },
): Promise<EndpointRow> {
  const { rows } = await tx.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (tenant_id, id, url, description, event_types, secret, active, metadata, cursor_seq, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING *`,
    [
      e.tenantId,
      e.id,
      e.url,
      e.description,
      e.eventTypes,
      e.secret,
      e.active,
      JSON.stringify(e.metadata),
      e.cursorSeq,
      e.now.toISOString(),
    ],
  );
  return rows[0];
}

export async function findEndpoint(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<EndpointRow | null> {
  const { rows } = await q.query<EndpointRow>(
    `SELECT * FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function updateEndpoint(
  tx: Tx,
  tenantId: string,
  id: string,
  f: {
    url: string;
    description: string | null;
    eventTypes: string[];
    active: boolean;
    metadata: Record<string, unknown>;
    cursorSeq: number;
    now: Date;
  },
): Promise<EndpointRow> {
  const { rows } = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5, active = $6, metadata = $7, cursor_seq = $8, updated_at = $9
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, f.url, f.description, f.eventTypes, f.active, JSON.stringify(f.metadata), f.cursorSeq, f.now.toISOString()],
  );
  return rows[0];
}

export async function rotateSecret(
  tx: Tx,
  tenantId: string,
  id: string,
  f: { secret: string; previousSecret: string | null; previousExpiresAt: Date | null; now: Date },
): Promise<EndpointRow> {
  const { rows } = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET secret = $3, previous_secret = $4, previous_secret_expires_at = $5, updated_at = $6
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, f.secret, f.previousSecret, f.previousExpiresAt?.toISOString() ?? null, f.now.toISOString()],
  );
  return rows[0];
}

export async function deleteEndpoint(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.query(`DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
}

// ---- deliveries ----

export interface NewDelivery {
  tenantId: string;
  id: string;
  endpointId: string;
  eventId: string;
  eventSeq: number;
  eventType: string;
  resourceType: string;
  resourceId: string;
}

/** Inserts deliveries (one statement); an (endpoint, event) pair that already has one is skipped. */
export async function insertDeliveries(tx: Tx, ds: NewDelivery[], now: Date, retryUntil: Date): Promise<number> {
  if (ds.length === 0) return 0;
  const r = await tx.query(
    `INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, event_seq, event_type, resource_type, resource_id,
                                     status, next_attempt_at, retry_until, created_at)
     SELECT t, i, ep, ev, sq, et, rt, ri, 'pending', $9, $10, $9
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::text[]) AS x(t, i, ep, ev, sq, et, rt, ri)
     ON CONFLICT (tenant_id, endpoint_id, event_id) DO NOTHING`,
    [
      ds.map((d) => d.tenantId),
      ds.map((d) => d.id),
      ds.map((d) => d.endpointId),
      ds.map((d) => d.eventId),
      ds.map((d) => d.eventSeq),
      ds.map((d) => d.eventType),
      ds.map((d) => d.resourceType),
      ds.map((d) => d.resourceId),
      now.toISOString(),
      retryUntil.toISOString(),
    ],
  );
  return r.rowCount;
}

export async function findDelivery(
  q: Queryable,
  tenantId: string,
  endpointId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<DeliveryRow | null> {
  const { rows } = await q.query<DeliveryRow>(
    `SELECT * FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2 AND id = $3${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, endpointId, id],
  );
  return rows[0] ?? null;
}

/** A manual retry: one more attempt now (it also stops a sender's stale result from landing). */
export async function requeueDelivery(tx: Tx, tenantId: string, id: string, now: Date): Promise<DeliveryRow> {
  const { rows } = await tx.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, locked_until = NULL, delivered_at = NULL
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, now.toISOString()],
  );
  return rows[0];
}

// ---- dispatcher ----

export async function tryDispatchLock(tx: Tx): Promise<boolean> {
  // Per schema, so installations (or test runs) sharing a database do not wait on each other.
  const { rows } = await tx.query<{ ok: boolean }>(
    `SELECT pg_try_advisory_xact_lock(hashtext('cobre.webhooks.dispatch:' || current_schema())) AS ok`,
  );
  return rows[0].ok;
}

export async function anyEndpointBelow(q: Queryable, seq: number): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM webhook_endpoints WHERE active AND cursor_seq < $1 LIMIT 1`, [seq]);
  return rows.length > 0;
}

export async function lockActiveEndpointsBelow(
  tx: Tx,
  seq: number,
): Promise<Pick<EndpointRow, 'tenant_id' | 'id' | 'event_types' | 'cursor_seq'>[]> {
  const { rows } = await tx.query<Pick<EndpointRow, 'tenant_id' | 'id' | 'event_types' | 'cursor_seq'>>(
    `SELECT tenant_id, id, event_types, cursor_seq FROM webhook_endpoints WHERE active AND cursor_seq < $1 ORDER BY tenant_id, id FOR UPDATE`,
    [seq],
  );
  return rows;
}

export interface EventHead {
  tenant_id: string;
  id: string;
  seq: number;
  type: string;
  resource_type: string;
  resource_id: string;
}

export async function eventsBetween(
  q: Queryable,
  tenantIds: string[],
  afterSeq: number,
  upToSeq: number,
  limit: number,
): Promise<EventHead[]> {
  const { rows } = await q.query<EventHead>(
    `SELECT tenant_id, id, seq, type, resource_type, resource_id FROM events
     WHERE seq > $2 AND seq <= $3 AND tenant_id = ANY($1::uuid[]) ORDER BY seq LIMIT $4`,
    [tenantIds, afterSeq, upToSeq, limit],
  );
  return rows;
}

export async function advanceCursors(tx: Tx, endpoints: { tenant_id: string; id: string }[], seq: number): Promise<void> {
  if (endpoints.length === 0) return;
  await tx.query(
    `UPDATE webhook_endpoints w SET cursor_seq = $3
     FROM unnest($1::uuid[], $2::uuid[]) AS x(t, i) WHERE w.tenant_id = x.t AND w.id = x.i AND w.cursor_seq < $3`,
    [endpoints.map((e) => e.tenant_id), endpoints.map((e) => e.id), seq],
  );
}

// ---- sender ----

/**
 * Claims due deliveries for one attempt each: not finished, due, not held by a live sender,
 * endpoint active, and no earlier unfinished delivery of the same endpoint and resource (so a
 * resource's deliveries go out in event order). The claim is a lease: a sender that dies leaves
 * `locked_until` behind and the delivery is claimed again once that instant has passed.
 */
export async function claimDueDeliveries(db: Queryable, now: Date, leaseSeconds: number, limit: number): Promise<DeliveryRow[]> {
  const { rows } = await db.query<DeliveryRow>(
    `UPDATE webhook_deliveries d
     SET attempt_count = d.attempt_count + 1, last_attempt_at = $1, locked_until = $1::timestamptz + make_interval(secs => $2)
     WHERE (d.tenant_id, d.id) IN (
       SELECT c.tenant_id, c.id FROM webhook_deliveries c
       JOIN webhook_endpoints ep ON ep.tenant_id = c.tenant_id AND ep.id = c.endpoint_id AND ep.active
       WHERE c.status IN ('pending', 'retrying') AND c.next_attempt_at <= $1
         AND (c.locked_until IS NULL OR c.locked_until <= $1)
         AND NOT EXISTS (
           SELECT 1 FROM webhook_deliveries p
           WHERE p.tenant_id = c.tenant_id AND p.endpoint_id = c.endpoint_id AND p.resource_type = c.resource_type
             AND p.resource_id = c.resource_id AND p.status IN ('pending', 'retrying') AND p.event_seq < c.event_seq)
       ORDER BY c.next_attempt_at, c.event_seq
       LIMIT $3
       FOR UPDATE OF c SKIP LOCKED)
     RETURNING d.*`,
    [now.toISOString(), leaseSeconds, limit],
  );
  return rows;
}

export type OutgoingRow = Pick<
  Database['webhook_deliveries'],
  'tenant_id' | 'attempt_count' | 'event_id' | 'event_type' | 'resource_type' | 'resource_id'
> &
  Pick<Database['webhook_endpoints'], 'url' | 'secret' | 'previous_secret' | 'previous_secret_expires_at'> & {
    delivery_id: Database['webhook_deliveries']['id'];
    event_created_at: Database['events']['created_at'];
    // narrower than the jsonb column: recordEvent writes an object
    data: Record<string, unknown>;
    mode: Database['tenants']['mode'];
  };

export async function loadOutgoing(q: Queryable, claimed: { tenant_id: string; id: string }[]): Promise<OutgoingRow[]> {
  if (claimed.length === 0) return [];
  const { rows } = await q.query<OutgoingRow>(
    `SELECT d.tenant_id, d.id AS delivery_id, d.attempt_count, ep.url, ep.secret, ep.previous_secret, ep.previous_secret_expires_at,
            e.id AS event_id, e.type AS event_type, e.resource_type, e.resource_id, e.created_at AS event_created_at, e.data, t.mode
     FROM unnest($1::uuid[], $2::uuid[]) AS x(t, i)
     JOIN webhook_deliveries d ON d.tenant_id = x.t AND d.id = x.i
     JOIN webhook_endpoints ep ON ep.tenant_id = d.tenant_id AND ep.id = d.endpoint_id
     JOIN events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
     JOIN tenants t ON t.id = d.tenant_id`,
    [claimed.map((c) => c.tenant_id), claimed.map((c) => c.id)],
  );
  return rows;
}

export interface AttemptOutcome {
  tenantId: string;
  id: string;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
  /** When ok is false: the next attempt, or null when the delivery has failed for good. */
  nextAttemptAt: Date | null;
  at: Date;
}

/**
 * Records an attempt's outcome, unless the delivery was claimed again or re-queued meanwhile
 * (then this result is stale and dropped). Moves the same resource's waiting deliveries along:
 * they may go at once after a final outcome, and not before the retry after a failure.
 */
export async function recordOutcome(tx: Tx, o: AttemptOutcome): Promise<boolean> {
  const status: DeliveryStatus = o.ok ? 'succeeded' : o.nextAttemptAt ? 'retrying' : 'failed';
  const { rows } = await tx.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = $4, next_attempt_at = $5, locked_until = NULL, last_status_code = $6, last_error = $7,
       last_response_body = $8, last_duration_ms = $9, delivered_at = CASE WHEN $4 = 'succeeded' THEN $10::timestamptz ELSE delivered_at END
     WHERE tenant_id = $1 AND id = $2 AND attempt_count = $3 AND locked_until IS NOT NULL AND status IN ('pending', 'retrying')
     RETURNING *`,
    [
      o.tenantId,
      o.id,
      o.attempt,
      status,
      o.nextAttemptAt?.toISOString() ?? null,
      o.statusCode,
      o.error,
      o.responseBody,
      o.durationMs,
      o.at.toISOString(),
    ],
  );
  const d = rows[0];
  if (!d) return false;
  const followers = `tenant_id = $1 AND endpoint_id = $2 AND resource_type = $3 AND resource_id = $4 AND status = 'pending' AND event_seq > $5`;
  if (status === 'retrying') {
    // Held behind this one anyway: do not make the sender look at them before the retry is due.
    await tx.query(`UPDATE webhook_deliveries SET next_attempt_at = greatest(next_attempt_at, $6) WHERE ${followers}`, [
      d.tenant_id,
      d.endpoint_id,
      d.resource_type,
      d.resource_id,
      d.event_seq,
      o.nextAttemptAt!.toISOString(),
    ]);
  } else {
    await tx.query(`UPDATE webhook_deliveries SET next_attempt_at = least(next_attempt_at, $6) WHERE ${followers}`, [
      d.tenant_id,
      d.endpoint_id,
      d.resource_type,
      d.resource_id,
      d.event_seq,
      o.at.toISOString(),
    ]);
  }
  return true;
}
