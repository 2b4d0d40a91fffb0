// Reads of the PSP capability: a charge's Pix state, received Pix, and the "test connection" action.
import type { Db, Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import type { Clock } from '../platform/clock.ts';
import { notFound } from '../platform/errors.ts';
import { getChargeRow } from '../charges/charges.ts';
import { clientFor, ExchangeLog, resolveConnection } from './connections.ts';
import { presentPixChargeRow } from './recurrences.ts';
import { presentReceived } from './refunds.ts';
import { PspError } from './client.ts';
import { getWebhook } from './pix-api.ts';
import * as q from './queries.ts';

/** A charge reference (id or number) → its id; 404 when there is none. */
export async function chargeId(db: Queryable, scope: Scope, ref: string): Promise<string> {
  return (await getChargeRow(db, scope, ref)).id;
}

export async function chargePixState(db: Queryable, scope: Scope, ref: string) {
  const id = await chargeId(db, scope, ref);
  const history = await q.pixChargesOf(db, scope.tenantId, id);
  const live = history.find((p) => p.status === 'pending' || p.status === 'active') ?? null;
  const received = await presentReceived(db, scope.tenantId, await q.receivedOf(db, scope.tenantId, id));
  const operations = (await q.operationsOf(db, scope.tenantId, { chargeId: id })).map((o) => ({
    id: o.id,
    kind: o.kind,
    status: o.status,
    attempts: o.attempts,
    last_error: o.last_error,
    created_at: o.created_at,
    updated_at: o.updated_at,
  }));
  return {
    charge_id: id,
    pix_charge: live ? presentPixChargeRow(live) : null,
    history: history.map(presentPixChargeRow),
    received,
    operations,
  };
}

export async function listReceivedPix(db: Queryable, scope: Scope, o: { outcome?: string; before?: string; limit: number }) {
  return presentReceived(db, scope.tenantId, await q.listReceived(db, scope.tenantId, o));
}

export async function getReceivedPix(db: Queryable, scope: Scope, e2eid: string) {
  const row = /^[a-zA-Z0-9]{32}$/.test(e2eid) ? await q.findReceived(db, scope.tenantId, e2eid) : null;
  if (!row) throw notFound('Pix');
  return (await presentReceived(db, scope.tenantId, [row]))[0];
}

/** "Test connection": TLS with the client certificate and an OAuth2 token, then a harmless read. Kept on the connection. */
export async function testConnection(db: Db, scope: Scope, clock: Clock, id: string) {
  const row = await resolveConnection(db, scope, id);
  const log = new ExchangeLog(row);
  const steps: { step: string; ok: boolean; detail: string | null }[] = [];
  let error: string | null = null;
  try {
    const client = clientFor(row, clock, log);
    await client.accessToken();
    steps.push({ step: 'oauth_token', ok: true, detail: 'TLS with the client certificate and OAuth2 client credentials accepted' });
    try {
      await getWebhook(client, row.pix_key);
      steps.push({ step: 'webhook', ok: true, detail: 'a webhook is registered for the Pix key' });
    } catch (err) {
      if (err instanceof PspError && err.status === 404)
        steps.push({ step: 'webhook', ok: true, detail: 'no webhook registered yet for the Pix key (it is registered in the background)' });
      else throw err;
    }
  } catch (err) {
    error = err instanceof PspError ? `${err.code}${err.status ? ` ${err.status}` : ''}: ${err.message}` : (err as Error).message;
    steps.push({ step: steps.length ? 'webhook' : 'oauth_token', ok: false, detail: error });
  }
  await log.flush(db);
  await q.recordVerification(db, scope.tenantId, row.id, error, scope.now);
  return { ok: error === null, error, checked_at: scope.now.toISOString(), steps };
}
