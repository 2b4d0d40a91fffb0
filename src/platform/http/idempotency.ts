import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { directWriteTarget, type Db, type Queryable, type Tx, type WriteTarget } from '../db/types.ts';
import { DomainError } from '../errors.ts';
import type { Scope } from '../scope.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

function requestHash(req: FastifyRequest): string {
  return createHash('sha256')
    .update(req.method)
    .update('\0')
    .update(req.url.split('?')[0])
    .update('\0')
    .update(JSON.stringify(req.body ?? null))
    .digest('hex');
}

/**
 * Runs a write in one transaction and sends its result. With an Idempotency-Key (POST), the
 * key is claimed inside that same transaction: a concurrent retry blocks on the key's unique
 * index until the first commits, then replays the stored response; a retry after a failure
 * (rolled back) runs again. So a write happens at most once per key, and its response is
 * exactly the first one. The same key with another request → 422.
 */
export async function sendWrite<T>(
  db: Db,
  scope: Scope,
  req: FastifyRequest,
  reply: FastifyReply,
  /** The status, or how to tell it from the result (e.g. 201 created vs 200 already there). */
  statusOf: number | ((result: T) => number),
  fn: (tx: Tx) => Promise<T>,
): Promise<FastifyReply> {
  const status = (result: T) => (typeof statusOf === 'number' ? statusOf : statusOf(result));
  const key = req.method === 'POST' ? (req.headers[IDEMPOTENCY_HEADER] as string | undefined) : undefined;
  if (key === undefined) {
    const result = await db.transaction(fn);
    return reply.code(status(result)).send(result);
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new DomainError('validation_failed', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
      { field: 'Idempotency-Key', issue: 'invalid' },
    ]);
  }
  const hash = requestHash(req);
  const path = req.url.split('?')[0];
  const outcome = await db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (tenant_id, key, method, path, request_hash, status_code, response_body, created_at)
       VALUES ($1, $2, $3, $4, $5, 0, '', $6) ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key`,
      [scope.tenantId, key, req.method, path, hash, scope.now.toISOString()],
    );
    if (claimed.rowCount === 0) return { replay: true as const };
    const result = await fn(tx);
    const code = status(result);
    reply.code(code);
    const body = reply.serialize(result) as string;
    await tx.query(`UPDATE idempotency_keys SET status_code = $3, response_body = $4 WHERE tenant_id = $1 AND key = $2`, [
      scope.tenantId,
      key,
      code,
      body,
    ]);
    return { replay: false as const, body, code };
  });
  if (!outcome.replay) return reply.code(outcome.code).type('application/json; charset=utf-8').send(outcome.body);

  const { rows } = await db.query<{
    method: string;
    path: string;
    request_hash: string;
    status_code: number;
    response_body: string;
    response_type: string;
  }>(
    `SELECT method, path, request_hash, status_code, response_body, response_type FROM idempotency_keys WHERE tenant_id = $1 AND key = $2`,
    [scope.tenantId, key],
  );
  const stored = rows[0];
  if (!stored)
    throw new DomainError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly');
  if (stored.request_hash !== hash || stored.method !== req.method || stored.path !== path) {
    throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request', [
      { field: 'Idempotency-Key', issue: 'already used with another request body or path' },
    ]);
  }
  return reply.code(stored.status_code).header('idempotent-replayed', 'true').type(stored.response_type).send(stored.response_body);
}

/**
 * sendWrite for a write that changes data in ONE statement (e.g. a customer with its e-mails,
 * addresses and audit event in one statement of data-modifying CTEs): without an Idempotency-Key
 * it runs outside a transaction, which that one statement does not need; with a key it runs in the
 * key's transaction like any other write.
 */
export async function sendSingleStatementWrite<T>(
  db: Db,
  scope: Scope,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  fn: (target: WriteTarget) => Promise<T>,
): Promise<FastifyReply> {
  if (req.method === 'POST' && req.headers[IDEMPOTENCY_HEADER] !== undefined) return sendWrite(db, scope, req, reply, status, fn);
  const result = await fn(directWriteTarget(db));
  return reply.code(status).send(result);
}

/**
 * Forgets the keys older than `hours` (COBRE_IDEMPOTENCY_KEY_HOURS, default 24, as Stripe does):
 * each key stores its whole response, so keeping them forever would grow without bound. A retry
 * after that is a new request. Deletes in batches; returns how many were removed.
 */
export async function pruneIdempotencyKeys(db: Queryable, hours: number, now: Date, batch = 5000): Promise<number> {
  let removed = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM idempotency_keys k
       USING (SELECT tenant_id, key FROM idempotency_keys WHERE created_at < $3::timestamptz - make_interval(hours => $1) LIMIT $2) old
       WHERE k.tenant_id = old.tenant_id AND k.key = old.key`,
      [hours, batch, now.toISOString()],
    );
    removed += rowCount;
    if (rowCount < batch) return removed;
  }
}
