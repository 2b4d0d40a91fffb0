import type { Queryable } from './db/types.ts';
import type { Scope } from './scope.ts';
import { uuidv7 } from './ids.ts';

export interface EventInput {
  type: string;
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
  data?: Record<string, unknown>;
}

/**
 * Appends to the audit trail / outbox in the caller's transaction, so the event exists if and
 * only if the write it describes was committed.
 */
export async function recordEvent(tx: Queryable, scope: Scope, e: EventInput): Promise<string> {
  const id = uuidv7();
  const data = { ...(e.data ?? {}), ...(e.before !== undefined ? { before: e.before } : {}), ...(e.after !== undefined ? { after: e.after } : {}) };
  await tx.query(
    `INSERT INTO events (tenant_id, id, type, resource_type, resource_id, actor_type, actor_id, request_id, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [scope.tenantId, id, e.type, e.resourceType, e.resourceId, scope.actor.type, scope.actor.id, scope.requestId ?? null, JSON.stringify(data)],
  );
  return id;
}
