// Webhooks get lost. Every few minutes, for each active connection, the reconciler lists from the
// PSP the Pix received since the last window it confirmed (GET /pix?inicio&fim, every page) and
// registers those the webhook missed; the window is confirmed only once it is listed whole and
// ends a safety lag in the past (a PSP may take a moment to list a Pix). It also asks about
// refunds whose final status has not arrived (GET /pix/{e2eid}/devolucao/{id}).
import type { Db } from '../platform/db/types.ts';
import type { Clock } from '../platform/clock.ts';
import { systemScope } from '../platform/scope.ts';
import { clientFor, ExchangeLog } from './connections.ts';
import { listPix, getDevolucao } from './pix-api.ts';
import { finishRefund, registerReceivedPix, type PixItem } from './received.ts';
import * as q from './queries.ts';

export interface ReconcileOptions {
  clock: Clock;
  /** A window must end this long ago to be confirmed (default 10 min). */
  lagSeconds?: number;
  /** The longest window asked in one request (default 24 h; the first run starts at the connection's creation). */
  maxWindowSeconds?: number;
  /** Reconcile a connection again once its confirmed end is this old (default 5 min). */
  everySeconds?: number;
}

export interface ReconcileResult {
  connections: number;
  listed: number;
  registered: number;
  refunds: number;
  errors: string[];
}

/** One pass over the connections due for it (any number of workers: each connection is locked while reconciled). */
export async function reconcilePix(db: Db, o: ReconcileOptions): Promise<ReconcileResult> {
  const result: ReconcileResult = { connections: 0, listed: 0, registered: 0, refunds: 0, errors: [] };
  const lag = (o.lagSeconds ?? 600) * 1000;
  const maxWindow = (o.maxWindowSeconds ?? 86_400) * 1000;
  for (;;) {
    const now = o.clock.now();
    const settledUntil = new Date(now.getTime() - lag);
    // A lease, not a transaction: the PSP calls and the registrations run outside it.
    const [connection] = await q.claimConnectionToReconcile(
      db,
      new Date(settledUntil.getTime() - (o.everySeconds ?? 300) * 1000),
      now,
      600,
    );
    if (!connection) break;
    result.connections++;
    const from = connection.reconciled_until ? new Date(connection.reconciled_until) : new Date(connection.created_at);
    const until = new Date(Math.min(settledUntil.getTime(), from.getTime() + maxWindow));
    if (until <= from) {
      await q.setReconciledUntil(db, connection.tenant_id, connection.id, from);
      continue;
    }
    const log = new ExchangeLog(connection);
    try {
      const items = await listPix(clientFor(connection, o.clock, log), { inicio: from.toISOString(), fim: until.toISOString() });
      result.listed += items.length;
      const known = await q.knownEndToEndIds(
        db,
        connection.tenant_id,
        items.map((p) => p.endToEndId),
      );
      const missed = items.filter((p) => !known.has(p.endToEndId) || (p.devolucoes ?? []).length > 0);
      if (missed.length) {
        // (cast: GET /pix answers the same Pix items the webhook carries; the two are typed apart in pix-api.ts)
        const s = await registerReceivedPix(
          db,
          connection.tenant_id,
          connection,
          missed as unknown as PixItem[],
          'reconciliation',
          o.clock.now(),
        );
        result.registered += s.registered + s.unmatched;
        result.refunds += s.refunds_settled;
      }
      await q.setReconciledUntil(db, connection.tenant_id, connection.id, until);
    } catch (err) {
      result.errors.push(`${connection.id}: ${(err as Error).message}`);
      // Leave the lease to expire: this connection is tried again on a later pass, not in a loop now.
      await log.flush(db);
      break;
    }
    await log.flush(db);
  }
  result.refunds += await checkRefunds(db, o.clock, result.errors);
  return result;
}

async function checkRefunds(db: Db, clock: Clock, errors: string[]): Promise<number> {
  let n = 0;
  for (const refund of await q.refundsInFlight(db, 100)) {
    const connection = await q.findConnection(db, refund.tenant_id, refund.connection_id);
    if (!connection) continue;
    const log = new ExchangeLog(connection);
    try {
      const d = await getDevolucao(clientFor(connection, clock, log, { chargeId: refund.charge_id }), refund.end_to_end_id, refund.id);
      if (d.status === 'DEVOLVIDO' || d.status === 'NAO_REALIZADO') {
        const applied = await db.transaction((tx) =>
          finishRefund(tx, systemScope(refund.tenant_id, clock.now()), refund.id, d.status, {
            rtrId: d.rtrId ?? null,
            reason: (d as { motivo?: string }).motivo ?? null,
          }),
        );
        if (applied) n++;
      }
    } catch (err) {
      errors.push(`refund ${refund.id}: ${(err as Error).message}`);
    }
    await log.flush(db);
  }
  return n;
}

export function startPixReconciler(
  db: Db,
  o: ReconcileOptions & { everyMs?: number; onError?: (err: unknown) => void },
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = reconcilePix(db, o).then(
      (r) => {
        if (r.errors.length) o.onError?.(new Error(`Pix reconciliation: ${r.errors.join('; ')}`));
      },
      (err) => o.onError?.(err),
    );
  };
  tick();
  const timer = setInterval(tick, o.everyMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
