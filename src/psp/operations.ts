// What the sender does for each kind of PSP operation. A handler gets every claimed operation of
// one tenant, connection and kind, calls the PSP, records what the PSP answered in the PSP's own
// tables, and says per operation: done, retry (transient), failed (the PSP refused), or later.
import { businessDate } from '../platform/clock.ts';
import { useDynamicPixOnBoletos } from '../boleto/dynamic-pix.ts';
import { buildDynamicPix } from '../pix/index.ts';
import { PspError, type PspClient } from './client.ts';
import { connectionSecret, webhookUrlOf } from './connections.ts';
import { chargeFactsMany, cobBody, cobvBody, creationBodies, openBalance, type ChargeFacts } from './pix-charges.ts';
import { resolvePaymentTermsMany } from '../payment-rules/terms.ts';
import { finishRefund } from './received.ts';
import { centsToValor, putDevolucao, putWebhook, putWebhookCobr, putWebhookRec } from './pix-api.ts';
import { RECURRENCE_HANDLERS, recurrenceGiveUp } from './recurrences.ts';
import { DONE, errorOutcome, type OperationOutcome } from './outcomes.ts';
import * as q from './queries.ts';
import type { OperationBatch, OperationHandler } from './operation-batch.ts';

/** Creations sent as one lotecobv from this many on (and at most LOT_MAX per lote). */
export const LOT_MIN = 5;
export const LOT_MAX = 1000;
const CONCURRENCY = 8;

/** Runs fn over items, at most n at a time. */
export async function eachLimited<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

interface PspCobAnswer {
  txid?: string;
  status?: string;
  revisao?: number;
  location?: string;
  loc?: { id?: number | string; location?: string };
  pixCopiaECola?: string;
}

/** The copy-and-paste code: the PSP's, or built from its location when it sends none. */
function payloadOf(answer: PspCobAnswer, b: OperationBatch): string | null {
  if (answer.pixCopiaECola) return answer.pixCopiaECola;
  const location = answer.location ?? answer.loc?.location;
  if (!location) return null;
  return buildDynamicPix({
    url: location.replace(/^https?:\/\//, ''),
    merchantName: b.connection.name.slice(0, 25),
    merchantCity: 'BRASIL',
  });
}

async function activate(
  b: OperationBatch,
  answers: { txid: string; answer: PspCobAnswer; terms: Record<string, unknown> | null; chargeId: string; amountCents: number }[],
): Promise<void> {
  if (!answers.length) return;
  const rows = answers.map(({ txid, answer }) => ({
    txid,
    psp_status: answer.status ?? 'ATIVA',
    loc_id: answer.loc?.id !== undefined ? String(answer.loc.id) : null,
    location: answer.location ?? answer.loc?.location ?? null,
    pix_copia_e_cola: payloadOf(answer, b),
    psp_revision: answer.revisao ?? null,
    terms: answers.find((a) => a.txid === txid)!.terms,
  }));
  await b.db.transaction(async (tx) => {
    await q.activatePixCharges(tx, b.scope.tenantId, rows, b.clock.now(), b.connection.cob_expiration_seconds);
    await useDynamicPixOnBoletos(
      tx,
      b.scope.tenantId,
      answers.flatMap((a, i) =>
        rows[i].pix_copia_e_cola ? [{ chargeId: a.chargeId, payload: rows[i].pix_copia_e_cola!, amountCents: a.amountCents }] : [],
      ),
    );
  });
}

async function failPixCharge(b: OperationBatch, txid: string, reason: string): Promise<void> {
  await q.updatePixCharge(b.db, b.scope.tenantId, txid, { status: 'failed', status_reason: reason, last_error: reason }, b.clock.now());
}

// ---------------------------------------------------------------- creation (cob, cobv, lotecobv)

/** A creation ready to send: its operation, charge, request body and the terms it carries. */
interface Ready {
  op: q.OperationRow;
  charge: ChargeFacts;
  body: Record<string, unknown>;
  terms: Record<string, unknown>;
}

const putCharges: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  const tenantId = b.scope.tenantId;
  const pix = new Map(
    (
      await q.pixChargesByTxid(
        b.db,
        tenantId,
        b.ops.map((o) => o.txid!),
      )
    ).map((p) => [p.txid, p]),
  );
  const live = b.ops.filter((o) => {
    const p = pix.get(o.txid!);
    if (!p || (p.status !== 'pending' && p.status !== 'active')) {
      out.set(o.id, DONE);
      return false;
    }
    return true;
  });
  const facts = new Map(
    (
      await chargeFactsMany(
        b.db,
        tenantId,
        live.map((o) => o.charge_id!),
      )
    ).map((c) => [c.id, c]),
  );
  const today = businessDate(b.clock.now());
  const ready: { op: q.OperationRow; charge: ChargeFacts; kind: 'cob' | 'cobv' }[] = [];
  for (const op of live) {
    const charge = facts.get(op.charge_id!);
    if (!charge || openBalance(charge) <= 0) {
      out.set(op.id, DONE);
      continue;
    }
    const kind = pix.get(op.txid!)!.kind as 'cob' | 'cobv';
    if (kind === 'cobv' && charge.due_date <= today) {
      // Its due date came before the PSP took it: a cobv cannot be made any more.
      await failPixCharge(b, op.txid!, 'the due date passed before the PSP charge was made');
      out.set(op.id, { failed: 'due date passed' });
      continue;
    }
    ready.push({ op, charge, kind });
  }
  const bodies = await creationBodies(
    b.db,
    tenantId,
    ready.map((r) => r.charge),
    new Map(ready.map((r) => [r.charge.id, r.kind])),
    { connection: b.connection, today },
  );
  const cobvs: Ready[] = [];
  const singles: (Ready & { kind: 'cob' | 'cobv' })[] = [];
  for (const [i, r] of ready.entries()) {
    const made = bodies[i];
    if (!made.body) {
      await failPixCharge(b, r.op.txid!, made.error!);
      out.set(r.op.id, { failed: made.error! });
    } else if (r.kind === 'cobv') cobvs.push({ op: r.op, charge: r.charge, body: made.body, terms: made.terms! });
    else singles.push({ op: r.op, charge: r.charge, body: made.body, terms: made.terms!, kind: 'cob' });
  }
  // A lote once started is resent as it was (the standard wants the same array on a repeat).
  const byBatch = new Map<string, typeof cobvs>();
  const loose: typeof cobvs = [];
  for (const c of cobvs) c.op.batch_id ? byBatch.set(c.op.batch_id, [...(byBatch.get(c.op.batch_id) ?? []), c]) : loose.push(c);
  if (loose.length >= LOT_MIN) {
    let next = await q.takeLoteIds(b.db, tenantId, b.connection.id, Math.ceil(loose.length / LOT_MAX));
    for (let i = 0; i < loose.length; i += LOT_MAX) {
      const chunk = loose.slice(i, i + LOT_MAX);
      const id = String(next++);
      await q.setOperationsBatch(
        b.db,
        tenantId,
        chunk.map((c) => c.op.id),
        id,
      );
      byBatch.set(id, chunk);
    }
  } else singles.push(...loose.map((c) => ({ ...c, kind: 'cobv' as const })));
  for (const [id, chunk] of byBatch) await sendLote(b, id, chunk, out);
  const answers: Parameters<typeof activate>[1] = [];
  await eachLimited(singles, CONCURRENCY, async (s) => {
    try {
      const client = b.client({ chargeId: s.charge.id, operationId: s.op.id });
      const { body } = await client.request<PspCobAnswer>('PUT', `/${s.kind}/${s.op.txid}`, { body: s.body });
      answers.push({ txid: s.op.txid!, answer: body, terms: s.terms, chargeId: s.charge.id, amountCents: openBalance(s.charge) });
      out.set(s.op.id, DONE);
    } catch (err) {
      const o = errorOutcome(err);
      if ('failed' in o) await failPixCharge(b, s.op.txid!, o.failed);
      out.set(s.op.id, o);
    }
  });
  await activate(b, answers);
  return out;
};

async function sendLote(b: OperationBatch, id: string, chunk: Ready[], out: Map<string, OperationOutcome>): Promise<void> {
  const client = b.client({ operationId: chunk[0].op.id });
  const startedAt = b.clock.now();
  try {
    await client.request('PUT', `/lotecobv/${id}`, {
      body: { descricao: `Cobre: ${chunk.length} cobranças`, cobsv: chunk.map((c) => ({ ...c.body, txid: c.op.txid })) },
    });
    const { body: lote } = await client.request<{
      cobsv?: { txid: string; status: string; problema?: { title?: string; detail?: string } }[];
    }>('GET', `/lotecobv/${id}`);
    const status = new Map((lote.cobsv ?? []).map((c) => [c.txid, c]));
    const created = chunk.filter((c) => status.get(c.op.txid!)?.status === 'CRIADA');
    const answers: Parameters<typeof activate>[1] = [];
    // Their locations: the lote's listing (pages of 1,000), then one GET for any it missed.
    const wanted = new Map(created.map((c) => [c.op.txid!, c]));
    const listed = wanted.size
      ? await listCobvOfLote(client, id, startedAt, b.clock.now(), new Set(wanted.keys()))
      : new Map<string, PspCobAnswer>();
    for (const [txid, answer] of listed) {
      const c = wanted.get(txid)!;
      answers.push({ txid, answer, terms: c.terms, chargeId: c.charge.id, amountCents: openBalance(c.charge) });
      out.set(c.op.id, DONE);
    }
    await eachLimited(
      created.filter((c) => !listed.has(c.op.txid!)),
      CONCURRENCY * 2,
      async (c) => {
        try {
          const { body } = await b
            .client({ chargeId: c.charge.id, operationId: c.op.id })
            .request<PspCobAnswer>('GET', `/cobv/${c.op.txid}`);
          answers.push({ txid: c.op.txid!, answer: body, terms: c.terms, chargeId: c.charge.id, amountCents: openBalance(c.charge) });
          out.set(c.op.id, DONE);
        } catch (err) {
          out.set(c.op.id, errorOutcome(err));
        }
      },
    );
    await activate(b, answers);
    for (const c of chunk) {
      if (out.has(c.op.id)) continue;
      const s = status.get(c.op.txid!);
      if (s?.status === 'NEGADA') {
        const reason = `PSP refused it in lote ${id}: ${[s.problema?.title, s.problema?.detail].filter(Boolean).join(' — ') || 'no reason given'}`;
        await failPixCharge(b, c.op.txid!, reason);
        out.set(c.op.id, { failed: reason });
      } else
        out.set(c.op.id, {
          later: { at: new Date(b.clock.now().getTime() + 5000), reason: `lote ${id}: ${s?.status ?? 'not listed yet'}` },
        });
    }
  } catch (err) {
    const o = errorOutcome(err);
    for (const c of chunk) {
      if (out.has(c.op.id)) continue;
      if ('failed' in o) await failPixCharge(b, c.op.txid!, o.failed);
      out.set(c.op.id, o);
    }
  }
}

/** The cobv of one lote (GET /cobv?loteCobVId, every page; inicio/fim a few minutes around it), keeping those in `txids`. */
async function listCobvOfLote(
  client: PspClient,
  loteId: string,
  from: Date,
  to: Date,
  txids: Set<string>,
): Promise<Map<string, PspCobAnswer>> {
  const found = new Map<string, PspCobAnswer>();
  const margin = 5 * 60_000;
  for (let page = 0; page < 1000 && found.size < txids.size; page++) {
    const { body } = await client.request<{ cobs?: PspCobAnswer[]; parametros?: { paginacao?: { quantidadeDePaginas?: number } } }>(
      'GET',
      '/cobv',
      {
        query: {
          inicio: new Date(from.getTime() - margin).toISOString(),
          fim: new Date(to.getTime() + margin).toISOString(),
          loteCobVId: loteId,
          'paginacao.paginaAtual': page,
          'paginacao.itensPorPagina': 1000,
        },
      },
    );
    for (const cob of body.cobs ?? []) if (cob.txid && txids.has(cob.txid)) found.set(cob.txid, cob);
    const pages = body.parametros?.paginacao?.quantidadeDePaginas;
    if (!body.cobs?.length || typeof pages !== 'number' || page + 1 >= pages) break;
  }
  return found;
}

// ---------------------------------------------------------------- amount change and removal

const updateCharges: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  const tenantId = b.scope.tenantId;
  const pix = new Map(
    (
      await q.pixChargesByTxid(
        b.db,
        tenantId,
        b.ops.map((o) => o.txid!),
      )
    ).map((p) => [p.txid, p]),
  );
  const facts = new Map(
    (
      await chargeFactsMany(
        b.db,
        tenantId,
        b.ops.map((o) => o.charge_id!),
      )
    ).map((c) => [c.id, c]),
  );
  const terms = await resolvePaymentTermsMany(
    b.db,
    tenantId,
    [...facts.values()].map((c) => ({
      customerId: c.customer_id,
      contractId: c.contract_id,
      serviceIds: c.service_ids,
      chargeLatePolicy: c.late_policy,
      customerIsAssociate: c.payer_associate,
    })),
  );
  const termsOf = new Map([...facts.keys()].map((id, i) => [id, terms[i]]));
  const today = businessDate(b.clock.now());
  await eachLimited(b.ops, CONCURRENCY, async (op) => {
    const p = pix.get(op.txid!);
    const c = facts.get(op.charge_id!);
    // Only the newest amount and due date matter: an older update, or a PSP charge no longer live, is done.
    const stale =
      op.payload.amount_cents !== p?.amount_cents ||
      (c && openBalance(c) !== p?.amount_cents) ||
      (p?.kind === 'cobv' && op.payload.due_date !== undefined && (op.payload.due_date !== p.due_date || c?.due_date !== p.due_date));
    if (!p || !c || p.status !== 'active' || stale) {
      if (p?.status === 'pending' || (p && p.status === 'active' && !p.pix_copia_e_cola))
        out.set(op.id, { later: { at: new Date(b.clock.now().getTime() + 5000), reason: 'the PSP charge is not made yet' } });
      else out.set(op.id, DONE);
      return;
    }
    try {
      const made =
        p.kind === 'cob'
          ? cobBody(c, termsOf.get(c.id)!, { connection: b.connection, today })
          : cobvBody(c, termsOf.get(c.id)!, { connection: b.connection, today });
      const { body } = await b.client({ chargeId: c.id, operationId: op.id }).request<PspCobAnswer>('PATCH', `/${p.kind}/${p.txid}`, {
        body:
          op.payload.due_date !== undefined && 'calendario' in made.body
            ? { valor: made.body.valor, calendario: made.body.calendario }
            : { valor: made.body.valor },
      });
      await q.updatePixCharge(
        b.db,
        tenantId,
        p.txid,
        { terms: made.terms, psp_revision: body.revisao ?? null, psp_status: body.status ?? p.psp_status, last_error: null },
        b.clock.now(),
      );
      out.set(op.id, DONE);
    } catch (err) {
      const o = errorOutcome(err);
      if ('failed' in o) await q.updatePixCharge(b.db, tenantId, p.txid, { last_error: o.failed }, b.clock.now());
      out.set(op.id, o);
    }
  });
  return out;
};

const removeCharges: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  const tenantId = b.scope.tenantId;
  const pix = new Map(
    (
      await q.pixChargesByTxid(
        b.db,
        tenantId,
        b.ops.map((o) => o.txid!),
      )
    ).map((p) => [p.txid, p]),
  );
  await eachLimited(b.ops, CONCURRENCY, async (op) => {
    const p = pix.get(op.txid!);
    if (!p) return void out.set(op.id, DONE);
    try {
      const { body } = await b
        .client({ chargeId: p.charge_id, operationId: op.id })
        .request<PspCobAnswer>('PATCH', `/${p.kind}/${p.txid}`, { body: { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' } });
      await q.updatePixCharge(
        b.db,
        tenantId,
        p.txid,
        { psp_status: body.status ?? 'REMOVIDA_PELO_USUARIO_RECEBEDOR', last_error: null },
        b.clock.now(),
      );
      out.set(op.id, DONE);
    } catch (err) {
      if (err instanceof PspError && err.status === 404) {
        // Never made at the PSP (its creation failed or was cancelled): nothing to remove.
        out.set(op.id, DONE);
        return;
      }
      const o = errorOutcome(err);
      if ('failed' in o) await q.updatePixCharge(b.db, tenantId, p.txid, { last_error: `removal refused: ${o.failed}` }, b.clock.now());
      out.set(op.id, o);
    }
  });
  return out;
};

// ---------------------------------------------------------------- refunds

const sendRefunds: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  const tenantId = b.scope.tenantId;
  await eachLimited(b.ops, CONCURRENCY, async (op) => {
    const refund = await q.findRefund(b.db, tenantId, op.payload.refund_id!);
    if (!refund || refund.status === 'returned' || refund.status === 'failed') return void out.set(op.id, DONE);
    try {
      const body = await putDevolucao(b.client({ chargeId: refund.charge_id, operationId: op.id }), refund.end_to_end_id, refund.id, {
        valor: centsToValor(refund.amount_cents),
        descricao: refund.reason.slice(0, 140),
      });
      await b.db.transaction((tx) =>
        finishRefund(tx, { ...b.scope, now: b.clock.now() }, refund.id, body.status ?? 'EM_PROCESSAMENTO', {
          rtrId: body.rtrId ?? null,
          reason: body.motivo ?? null,
        }),
      );
      out.set(op.id, DONE);
    } catch (err) {
      const o = errorOutcome(err);
      if ('failed' in o) await q.updateRefund(b.db, tenantId, refund.id, { status: 'failed', status_reason: o.failed }, b.clock.now());
      out.set(op.id, o);
    }
  });
  return out;
};

// ---------------------------------------------------------------- webhooks at the PSP

const registerWebhooks: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  const url = webhookUrlOf(b.baseUrl, b.connection, connectionSecret(b.connection).webhook_token);
  const client = b.client({ operationId: b.ops[0].id });
  const notes: string[] = [];
  let outcome: OperationOutcome = DONE;
  try {
    await putWebhook(client, b.connection.pix_key, url);
  } catch (err) {
    outcome = errorOutcome(err);
    notes.push(`webhook Pix: ${'failed' in outcome ? outcome.failed : 'retry' in outcome ? outcome.retry : ''}`);
  }
  if ('done' in outcome) {
    // Pix Automático webhooks: a PSP without Pix Automático answers 404/403; the Pix one is what matters.
    for (const [path, put] of [
      ['/webhookrec', putWebhookRec],
      ['/webhookcobr', putWebhookCobr],
    ] as const) {
      try {
        await put(client, url);
      } catch (err) {
        notes.push(`${path}: ${(err as Error).message}`);
      }
    }
  }
  await q.recordWebhookRegistration(
    b.db,
    b.scope.tenantId,
    b.connection.id,
    url,
    notes.length ? notes.join('; ').slice(0, 1000) : null,
    b.clock.now(),
  );
  for (const op of b.ops) out.set(op.id, outcome);
  return out;
};

export const OPERATION_HANDLERS: Record<q.OperationKind, OperationHandler> & {
  giveUp(b: OperationBatch, op: q.OperationRow, message: string): Promise<void>;
} = {
  put_charge: putCharges,
  update_charge: updateCharges,
  remove_charge: removeCharges,
  refund: sendRefunds,
  register_webhooks: registerWebhooks,
  ...RECURRENCE_HANDLERS,
  async giveUp(b, op, message) {
    if (op.kind === 'put_charge' && op.txid) {
      const p = await q.findPixCharge(b.db, b.scope.tenantId, op.txid);
      if (p?.status === 'pending') await failPixCharge(b, op.txid, `gave up after ${op.attempts} attempts: ${message}`);
    }
    if (op.kind === 'refund')
      await q.updateRefund(b.db, b.scope.tenantId, op.payload.refund_id!, { status: 'failed', status_reason: message }, b.clock.now());
    await recurrenceGiveUp(b, op, message);
  },
};
