// The PSP outbox's sender: claims ready operations (FOR UPDATE SKIP LOCKED, a lease committed
// before any call), sends them, and records the outcome only if the claim is still ours (same
// attempt). Exactly one effect per intent: every call that creates something at the PSP carries
// an id of ours (txid, lote id, devolução id) so a resend after a crash is recognised; the one
// POST of the standard (rec) looks its reference up before creating (recurrences.ts).
import type { Db } from '../platform/db/types.ts';
import type { Clock } from '../platform/clock.ts';
import { startPollLoop, type PollLoop } from '../platform/poll-loop.ts';
import { systemScope, type Scope } from '../platform/scope.ts';
import { clientFor, ExchangeLog } from './connections.ts';
import { OPERATION_HANDLERS } from './operations.ts';
import type { OperationBatch } from './operation-batch.ts';
import { errorOutcome, type OperationOutcome } from './outcomes.ts';
import * as q from './queries.ts';

/** Seconds before the next try after a retryable failure (attempt n → index n−1); then give up. */
export const PSP_RETRY_SECONDS = [10, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600];

export interface PspSenderDeps {
  clock: Clock;
  /** Public base URL (webhook URLs registered at the PSP). */
  baseUrl: string;
  leaseSeconds?: number;
  batchSize?: number;
  /** Tests: runs after the PSP answered and before the outcome is recorded (a crash there). */
  afterSend?: (ops: q.OperationRow[]) => Promise<void> | void;
}

/** One round: claims, sends and records. Returns how many operations it handled. */
export async function sendDuePspOperations(db: Db, deps: PspSenderDeps, onError?: (err: unknown) => void): Promise<number> {
  const now = deps.clock.now();
  const claimed = await q.claimOperations(db, now, deps.leaseSeconds ?? 120, deps.batchSize ?? 500);
  if (!claimed.length) return 0;
  // One batch per tenant, connection and kind: the handlers send set-based (a lote of cobv).
  const groups = new Map<string, q.OperationRow[]>();
  for (const op of claimed) {
    const key = `${op.tenant_id}|${op.connection_id}|${op.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), op]);
  }
  await Promise.all(
    [...groups.values()].map((ops) =>
      runBatch(db, deps, ops).catch((err) => {
        onError?.(err);
      }),
    ),
  );
  return claimed.length;
}

async function runBatch(db: Db, deps: PspSenderDeps, ops: q.OperationRow[]): Promise<void> {
  const { tenant_id: tenantId, connection_id: connectionId, kind } = ops[0];
  const connection = await q.findConnection(db, tenantId, connectionId);
  const scope: Scope = systemScope(tenantId, deps.clock.now());
  const attempts = new Map(ops.map((o) => [o.id, o.attempts]));
  if (!connection) {
    for (const op of ops)
      await q.retryOperation(db, tenantId, op.id, op.attempts, 'the PSP connection was deleted', scope.now, scope.now, true);
    return;
  }
  const log = new ExchangeLog(connection);
  const batch: OperationBatch = {
    db,
    scope,
    clock: deps.clock,
    connection,
    ops,
    baseUrl: deps.baseUrl,
    log,
    client: (ctx) => clientFor(connection, deps.clock, log, ctx),
  };
  let outcomes: Map<string, OperationOutcome>;
  try {
    outcomes = await OPERATION_HANDLERS[kind](batch);
  } catch (err) {
    const outcome = errorOutcome(err);
    outcomes = new Map(ops.map((o) => [o.id, outcome]));
  }
  await log.flush(db);
  await deps.afterSend?.(ops);
  const now = deps.clock.now();
  const done = ops.filter((o) => 'done' in (outcomes.get(o.id) ?? { done: null }));
  await q.finishOperations(
    db,
    tenantId,
    done.map((o) => o.id),
    attempts,
    null,
    now,
  );
  for (const op of ops) {
    const out = outcomes.get(op.id);
    if (!out || 'done' in out) continue;
    if ('later' in out) {
      await q.retryOperation(db, tenantId, op.id, op.attempts, out.later.reason, out.later.at, now, false);
      continue;
    }
    const message = 'retry' in out ? out.retry : out.failed;
    const giveUp = 'failed' in out || op.attempts > PSP_RETRY_SECONDS.length;
    const at = new Date(now.getTime() + 1000 * PSP_RETRY_SECONDS[Math.min(op.attempts, PSP_RETRY_SECONDS.length) - 1]);
    await q.retryOperation(db, tenantId, op.id, op.attempts, message, at, now, giveUp);
    if (giveUp) await OPERATION_HANDLERS.giveUp(batch, op, message);
  }
}

export function startPspSender(
  db: Db,
  deps: PspSenderDeps & { pollMs?: number; onError?: (err: unknown, where: string) => void },
): PollLoop {
  return startPollLoop(() => sendDuePspOperations(db, deps, (err) => deps.onError?.(err, 'send')), {
    pollMs: deps.pollMs ?? 1000,
    onError: (err) => deps.onError?.(err, 'claim'),
  });
}
