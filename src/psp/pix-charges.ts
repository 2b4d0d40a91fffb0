// The PSP charge of a Cobre charge: which connection and kind (cob due now, cobv with a due date,
// cobr under a Pix Automático recurrence), the intents queued when a charge is created, paid,
// cancelled or its open amount changes, and the request bodies sent for them.
import type { Db, Queryable, Tx } from '../platform/db/types.ts';
import { onDailyTick } from '../billing/runs/scheduler.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import { observeEvents } from '../platform/events.ts';
import { businessDate } from '../platform/clock.ts';
import { startOfBusinessDay } from './dates.ts';
import { addDays } from '../platform/dates.ts';
import { computeAmountDue } from '../payment-rules/calculate/index.ts';
import { resolvePaymentTermsMany, type PaymentTerms } from '../payment-rules/terms.ts';
import { setDynamicPixSource, type DynamicPix } from '../boleto/dynamic-pix.ts';
import { dropDynamicPixFromBoletos } from '../boleto/boletos.ts';
import { chargeTxid } from './txid.ts';
import { cobvTerms } from './cobv-terms.ts';
import { centsToValor } from './pix-api.ts';
import * as q from './queries.ts';

export type ChargeFacts = q.ChargeFacts;
export const chargeFactsMany = q.chargeFactsMany;

export const openBalance = (c: Pick<ChargeFacts, 'amount_cents' | 'paid_cents'>) =>
  Math.max(0, Number(c.amount_cents) - Number(c.paid_cents));
/**
 * Something to pay: not cancelled, and a balance by its payments. Not by its status, which the
 * charges capability settles after the payment events these observers run on.
 */
const payable = (c: Pick<ChargeFacts, 'status' | 'amount_cents' | 'paid_cents'>) => c.status !== 'cancelled' && openBalance(c) > 0;

// ---------------------------------------------------------------- request bodies

function devedor(c: ChargeFacts): Record<string, string> | null {
  const name = c.payer_name.trim().slice(0, 200);
  if (c.payer_document_kind === 'cpf' && c.payer_document) return { cpf: c.payer_document.replace(/\D/g, ''), nome: name };
  if (c.payer_document_kind === 'cnpj' && c.payer_document)
    return { cnpj: c.payer_document.replace(/[^0-9A-Za-z]/g, '').toUpperCase(), nome: name };
  return null;
}

function solicitacao(c: ChargeFacts): string {
  return `Cobrança #${c.number}${c.description ? ` - ${c.description}` : ''}`.slice(0, 140);
}

export interface BodyContext {
  connection: Pick<q.ConnectionRow, 'pix_key' | 'accept_days_after_due' | 'cob_expiration_seconds'>;
  today: string;
  /**
   * The mapping of terms already made in this batch: a billing run's charges mostly share amount,
   * dates and terms, and the mapping samples the engine on every payable day.
   */
  memo?: Map<string, ReturnType<typeof cobvTerms>>;
}

/** What a cobv asks: due date, payer, the open balance with fine, interest and discounts mapped from the payment terms. */
export function cobvBody(c: ChargeFacts, terms: PaymentTerms, ctx: BodyContext) {
  const debtor = devedor(c);
  if (!debtor)
    throw new DomainError(
      'payer_incomplete',
      `The payer of charge #${c.number} has no CPF/CNPJ, which a Pix charge with a due date (cobv) requires`,
    );
  const input = {
    amountCents: c.amount_cents,
    paidCents: c.paid_cents,
    issueDate: c.issue_date,
    dueDate: c.due_date,
    customerIsAssociate: c.payer_associate,
    customerIsConsumer: c.payer_person_type === 'PF',
    rules: terms.rules,
    late: terms.late,
    // The charge's own "não receber após" wins over the connection's default.
    acceptDaysAfterDue: terms.late?.acceptDaysAfterDue ?? ctx.connection.accept_days_after_due,
    // A cobv made after the issue date (a new one after a partial payment) has no tiers in the past.
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max would turn into NaN
    fromDate: ctx.today > c.issue_date ? ctx.today : c.issue_date,
  };
  // The input is plain data: its JSON is the whole of what the pure mapping depends on.
  const key = ctx.memo ? JSON.stringify(input) : '';
  let mapped = ctx.memo?.get(key);
  if (!mapped) {
    mapped = cobvTerms(input);
    ctx.memo?.set(key, mapped);
  }
  const body = {
    calendario: { dataDeVencimento: c.due_date, validadeAposVencimento: mapped.validadeAposVencimento },
    devedor: debtor,
    valor: mapped.valor,
    chave: ctx.connection.pix_key,
    solicitacaoPagador: solicitacao(c),
    infoAdicionais: [{ nome: 'Cobrança', valor: `#${c.number}` }],
  };
  return {
    body,
    terms: {
      valor: mapped.valor,
      validadeAposVencimento: mapped.validadeAposVencimento,
      unexpressed: mapped.unexpressed,
      exact: mapped.exact,
    },
  };
}

/** What a cob asks: the amount due today (fine and interest included), payable for the connection's expiration. */
export function cobBody(c: ChargeFacts, terms: PaymentTerms, ctx: BodyContext) {
  const due = computeAmountDue(
    {
      amountCents: c.amount_cents,
      dueDate: c.due_date,
      issueDate: c.issue_date,
      paidCents: c.paid_cents,
      customerIsAssociate: c.payer_associate,
      customerIsConsumer: c.payer_person_type === 'PF',
    },
    terms.rules,
    terms.late,
    ctx.today,
  );
  const debtor = devedor(c);
  const body = {
    calendario: { expiracao: ctx.connection.cob_expiration_seconds },
    ...(debtor ? { devedor: debtor } : {}),
    valor: { original: centsToValor(due.totalCents), modalidadeAlteracao: 0 },
    chave: ctx.connection.pix_key,
    solicitacaoPagador: solicitacao(c),
    infoAdicionais: [{ nome: 'Cobrança', valor: `#${c.number}` }],
  };
  return { body, terms: { valor: body.valor, computed_on: ctx.today, unexpressed: [], exact: true } };
}

/** The bodies of many charges' creations, with their payment terms resolved in one go. */
export async function creationBodies(
  db: Queryable,
  tenantId: string,
  charges: ChargeFacts[],
  kinds: Map<string, 'cob' | 'cobv'>,
  context: BodyContext,
) {
  const ctx = { ...context, memo: context.memo ?? new Map() };
  const terms = await resolvePaymentTermsMany(
    db,
    tenantId,
    charges.map((c) => ({
      customerId: c.customer_id,
      contractId: c.contract_id,
      serviceIds: c.service_ids,
      chargeLatePolicy: c.late_policy,
      customerIsAssociate: c.payer_associate,
    })),
  );
  return charges.map((c, i) => {
    try {
      return { charge: c, ...(kinds.get(c.id) === 'cob' ? cobBody(c, terms[i], ctx) : cobvBody(c, terms[i], ctx)), error: null };
    } catch (err) {
      if (err instanceof DomainError) return { charge: c, body: null, terms: null, error: err.message };
      throw err;
    }
  });
}

// ---------------------------------------------------------------- queueing

/** cob when the charge is due today or overdue (cobv wants a due date ahead), else cobv. */
export function kindFor(dueDate: string, today: string): 'cob' | 'cobv' {
  return dueDate > today ? 'cobv' : 'cob';
}

/** Pix Automático: a cobr goes to the PSP between 10 and 2 days before the due date (Regulamento Pix, Pix Automático). */
export function cobrWindow(dueDate: string): { from: Date; until: Date } {
  return { from: startOfBusinessDay(addDays(dueDate, -10)), until: startOfBusinessDay(addDays(dueDate, -1)) };
}

interface QueueOptions {
  /** The clerk asked (connection and kind given, or chosen): even when the connection does not create charges by itself. */
  explicit?: { connectionId?: string; kind?: 'cob' | 'cobv' };
  /** Charges just created: their row says all (no payment yet), so the lean read is enough. */
  fresh?: boolean;
}

/** Queues the PSP charge of each charge that should have one and has none live. Returns the txids queued. */
export async function queuePixCharges(tx: Tx, scope: Scope, chargeIds: string[], opts: QueueOptions = {}): Promise<q.NewPixCharge[]> {
  if (!chargeIds.length) return [];
  // Most tenants have no PSP: one small read, and nothing else happens.
  const connections = new Map(
    (await q.listConnections(tx, scope.tenantId)).filter((c) => c.active && (opts.explicit || c.auto_charges)).map((c) => [c.id, c]),
  );
  if (!connections.size) return [];
  const today = businessToday(scope);
  const facts: q.QueueFacts[] = (
    await (opts.fresh ? q.newChargeFacts(tx, scope.tenantId, chargeIds) : chargeFactsMany(tx, scope.tenantId, chargeIds))
  ).filter(payable);
  if (!facts.length) return [];
  const live = new Set(
    (
      await q.livePixCharges(
        tx,
        scope.tenantId,
        facts.map((c) => c.id),
      )
    ).map((p) => p.charge_id),
  );
  const todo = facts.filter((c) => !live.has(c.id));
  if (!todo.length) return [];
  // A connection tied to a collection account takes the charges whose boleto is on it; without any, the default takes all.
  const byAccount = [...connections.values()].some((c) => c.collection_account_id);
  const fallback = [...connections.values()].find((c) => c.is_default)?.id ?? null;
  const chosen = opts.explicit?.connectionId
    ? null
    : byAccount
      ? new Map(
          (
            await q.connectionForCharges(
              tx,
              scope.tenantId,
              todo.map((c) => c.id),
            )
          ).map((r) => [r.charge_id, r.connection_id]),
        )
      : new Map(todo.map((c) => [c.id, fallback]));
  const recurrences = new Map(
    (await q.approvedRecurrences(tx, scope.tenantId, [...new Set(todo.map((c) => c.contract_id).filter((x): x is string => !!x))])).map(
      (r) => [r.contract_id, r],
    ),
  );
  const revisions = await q.pixChargeCounts(
    tx,
    scope.tenantId,
    todo.map((c) => c.id),
  );
  const pix: q.NewPixCharge[] = [];
  const ops: q.NewOperation[] = [];
  for (const c of todo) {
    const connectionId = opts.explicit?.connectionId ?? chosen!.get(c.id) ?? null;
    const connection = connectionId ? connections.get(connectionId) : undefined;
    if (!connection) continue;
    const rec = c.contract_id && !opts.explicit ? recurrences.get(c.contract_id) : undefined;
    let kind: 'cob' | 'cobv' | 'cobr' = opts.explicit?.kind ?? kindFor(c.due_date, today);
    let notBefore = scope.now;
    if (rec && rec.connection_id === connection.id) {
      const window = cobrWindow(c.due_date);
      if (scope.now < window.until) {
        kind = 'cobr';
        if (window.from > notBefore) notBefore = window.from;
      }
    }
    const revision = revisions.get(c.id) ?? 0;
    const txid = chargeTxid(scope.tenantId, c.id, kind, revision);
    pix.push({
      txid,
      charge_id: c.id,
      connection_id: connection.id,
      kind,
      recurrence_id: kind === 'cobr' ? rec!.id : null,
      amount_cents: openBalance(c),
      due_date: c.due_date,
      terms: null,
    });
    ops.push({
      id: uuidv7(),
      connection_id: connection.id,
      kind: kind === 'cobr' ? 'put_cobr' : 'put_charge',
      intent_key: `put:${txid}`,
      charge_id: c.id,
      txid,
      recurrence_id: kind === 'cobr' ? rec!.id : null,
      not_before: notBefore,
    });
  }
  const inserted = await q.insertPixCharges(tx, scope.tenantId, pix, scope.now);
  const keep = new Set(inserted.map((p) => p.txid));
  await q.insertOperations(
    tx,
    scope.tenantId,
    ops.filter((o) => keep.has(o.txid!)),
    scope.now,
  );
  return inserted;
}

const businessToday = (scope: Scope): string => businessDate(scope.now);

/**
 * After a charge changed (paid by other means, cancelled, a partial payment or refund): the live
 * PSP charge is removed when nothing is left to pay, or its amount changed when the open balance moved.
 */
export async function followChargeChanges(tx: Tx, scope: Scope, chargeIds: string[]): Promise<void> {
  const lives = await q.livePixCharges(tx, scope.tenantId, chargeIds);
  await reopenedCharges(
    tx,
    scope,
    chargeIds.filter((id) => !lives.some((p) => p.charge_id === id)),
  );
  if (!lives.length) return;
  const facts = new Map(
    (
      await chargeFactsMany(
        tx,
        scope.tenantId,
        lives.map((p) => p.charge_id),
      )
    ).map((c) => [c.id, c]),
  );
  const ops: q.NewOperation[] = [];
  const again: string[] = [];
  const closed: q.PixChargeRow[] = [];
  for (const p of lives) {
    const c = facts.get(p.charge_id);
    if (!c) continue;
    const balance = openBalance(c);
    if (await q.paidThroughTxid(tx, scope.tenantId, p.txid)) {
      // A Pix came through this very PSP charge: it is concluded at the PSP (a Pix charge is paid
      // once). Whatever is still open needs a new one.
      await q.updatePixCharge(tx, scope.tenantId, p.txid, { status: 'completed', psp_status: 'CONCLUIDA' }, scope.now);
      closed.push(p);
      await q.cancelQueuedOperations(tx, scope.tenantId, p.charge_id, ['update_charge'], scope.now);
      if (payable(c) && p.kind !== 'cobr') again.push(c.id);
      continue;
    }
    if (!payable(c)) {
      await q.updatePixCharge(
        tx,
        scope.tenantId,
        p.txid,
        { status: 'removed', status_reason: c.status === 'cancelled' ? 'charge cancelled' : 'charge paid by other means' },
        scope.now,
      );
      closed.push(p);
      const cancelled =
        p.status === 'pending'
          ? await q.cancelQueuedOperations(tx, scope.tenantId, p.charge_id, ['put_charge', 'put_cobr', 'update_charge'], scope.now)
          : 0;
      // Not sent yet: nothing to remove at the PSP. Sent (or being sent): remove it there.
      if (p.status === 'active' || cancelled === 0) {
        ops.push({
          id: uuidv7(),
          connection_id: p.connection_id,
          kind: p.kind === 'cobr' ? 'cancel_cobr' : 'remove_charge',
          intent_key: `remove:${p.txid}`,
          charge_id: p.charge_id,
          txid: p.txid,
          recurrence_id: p.recurrence_id,
          not_before: scope.now,
        });
      }
    } else if (p.kind !== 'cobr' && (balance !== p.amount_cents || (p.kind === 'cobv' && c.due_date !== p.due_date))) {
      // A cobv also follows the charge's due date (PATCH /charges/{id}): calendario.dataDeVencimento.
      const dueDate = p.kind === 'cobv' ? { due_date: c.due_date } : {};
      await q.updatePixCharge(tx, scope.tenantId, p.txid, { amount_cents: balance, ...dueDate }, scope.now);
      ops.push({
        id: uuidv7(),
        connection_id: p.connection_id,
        kind: 'update_charge',
        intent_key: `update:${p.txid}:${balance}:${uuidv7()}`,
        charge_id: p.charge_id,
        txid: p.txid,
        payload: { amount_cents: balance, ...dueDate },
        not_before: scope.now,
      });
    }
  }
  await q.insertOperations(tx, scope.tenantId, ops, scope.now);
  await releaseBoletoCodes(tx, scope, closed);
  if (again.length) await queuePixCharges(tx, scope, again);
}

/** Boletos printing the code of PSP charges no longer payable get their static code back. */
export async function releaseBoletoCodes(
  tx: Tx,
  scope: Scope,
  rows: Pick<q.PixChargeRow, 'charge_id' | 'pix_copia_e_cola'>[],
): Promise<void> {
  const printed = rows.filter((r) => r.pix_copia_e_cola).map((r) => ({ chargeId: r.charge_id, payload: r.pix_copia_e_cola! }));
  if (printed.length) await dropDynamicPixFromBoletos(tx, scope.tenantId, printed);
}

/**
 * Charges that were in the PSP flow and have something to pay again without a live PSP charge (a
 * refund or a reversed payment reopened them, a Pix paid part): a new one, as for a new charge.
 */
async function reopenedCharges(tx: Tx, scope: Scope, chargeIds: string[]): Promise<void> {
  if (!chargeIds.length) return;
  const latest = await q.latestPixStatus(tx, scope.tenantId, chargeIds);
  const candidates = chargeIds.filter((id) => latest.get(id) === 'completed' || latest.get(id) === 'removed');
  if (!candidates.length) return;
  const open = (await chargeFactsMany(tx, scope.tenantId, candidates)).filter(payable).map((c) => c.id);
  if (open.length) await queuePixCharges(tx, scope, open);
}

/** POST /v1/charges/{id}/pix-charge: a dynamic Pix now, on a chosen (or the usual) connection. */
export async function requestPixCharge(tx: Tx, scope: Scope, chargeId: string, input: { connection_id?: string; kind?: 'cob' | 'cobv' }) {
  if (input.connection_id && (!isUuid(input.connection_id) || !(await q.findConnection(tx, scope.tenantId, input.connection_id)))) {
    throw new DomainError('validation_failed', 'No PSP connection with this id', [{ field: 'connection_id', issue: 'not found' }]);
  }
  const [facts] = await chargeFactsMany(tx, scope.tenantId, [chargeId]);
  if (!facts) throw notFound('Charge');
  if (!payable(facts))
    throw new DomainError('conflict', `Charge #${facts.number} has nothing left to pay`, [], { reason: 'charge_closed' });
  const [live] = await q.livePixCharges(tx, scope.tenantId, [chargeId]);
  if (live)
    throw new DomainError('conflict', `Charge #${facts.number} has a live Pix charge already (txid ${live.txid})`, [], {
      reason: 'pix_charge_exists',
      txid: live.txid,
    });
  const connectionId = input.connection_id ?? (await q.connectionForCharges(tx, scope.tenantId, [chargeId]))[0]?.connection_id ?? undefined;
  if (!connectionId)
    throw new DomainError('conflict', 'The tenant has no active PSP connection: create one (POST /v1/psp-connections)', [], {
      reason: 'no_psp_connection',
    });
  const kind = input.kind ?? kindFor(facts.due_date, businessToday(scope));
  if (kind === 'cobv' && facts.due_date <= businessToday(scope)) {
    throw new DomainError('validation_failed', 'A cobv needs a due date after today; use kind cob for a charge due now', [
      { field: 'kind', issue: 'cobv needs a future due date' },
    ]);
  }
  const [queued] = await queuePixCharges(tx, scope, [chargeId], { explicit: { connectionId, kind } });
  if (!queued) throw new DomainError('conflict', 'The connection is inactive', [], { reason: 'psp_connection_inactive' });
  return (await q.findPixCharge(tx, scope.tenantId, queued.txid))!;
}

/** Daily: cobs past their expiration are closed, and open charges of connections that make PSP charges by themselves get a new one. */
export async function renewExpiredCobs(db: Db, scope: Scope): Promise<{ expired: number; renewed: number }> {
  return db.transaction(async (tx) => {
    const expired = await q.expireCobs(tx, scope.tenantId, scope.now);
    await releaseBoletoCodes(tx, scope, expired);
    const chargeIds = expired.map((e) => e.charge_id);
    const renewed = chargeIds.length ? await queuePixCharges(tx, scope, chargeIds) : [];
    return { expired: chargeIds.length, renewed: renewed.length };
  });
}

// ---------------------------------------------------------------- hooks

/** The charge events that move PSP charges, and the dynamic code the boleto capability shows. */
export function registerPixChargeHooks(): void {
  onDailyTick('pix_cob_renewal', async (db, scope) => renewExpiredCobs(db, scope));
  observeEvents(['charge.created'], async (tx, scope, events) => {
    await queuePixCharges(
      tx as Tx,
      scope,
      events.map((e) => e.resourceId),
      { fresh: true },
    );
  });
  // Every change of what a charge owes comes with one of these (a status change always follows a
  // payment event, whose observer reads the payments themselves).
  observeEvents(
    ['charge.cancelled', 'charge.updated', 'payment.created', 'payment.reversed', 'payment.refunded'],
    async (tx, scope, events) => {
      await followChargeChanges(tx as Tx, scope, [...new Set(events.map((e) => e.resourceId))]);
    },
  );
  setDynamicPixSource(async (db, tenantId, chargeIds, now) => {
    const rows = await q.activePayloads(db, tenantId, chargeIds, now);
    const out = new Map<string, DynamicPix>();
    if (!rows.length) return out;
    const keys = new Map((await q.listConnections(db, tenantId)).map((c) => [c.id, c.pix_key]));
    for (const r of rows)
      out.set(r.charge_id, {
        payload: r.pix_copia_e_cola,
        txid: r.txid,
        amountCents: r.amount_cents,
        key: keys.get(r.connection_id) ?? '',
      });
    return out;
  });
}
