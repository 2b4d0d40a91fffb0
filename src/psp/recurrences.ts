// Pix Automático: a payer authorizes once, and each period's charge of the contract is debited
// (cobr) without the payer acting. Cobre's contracts and billing runs are the recurrence engine:
// a recurrence (rec) is created for a contract, the payer approves it (webhookrec), and every
// charge a billing run creates for the contract is sent as a cobr inside the window the rules
// allow (10 to 2 days before the due date), with the retries the authorization permits.
import { createHash } from 'node:crypto';
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { businessDate } from '../platform/clock.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import { observeEvents, recordEvent } from '../platform/events.ts';
import { PspError } from './client.ts';
import { centsToValor, patchCobr, patchRec, postCobrRetentativa, postLocRec } from './pix-api.ts';
import { addDays } from '../platform/dates.ts';
import { chargeFactsMany, openBalance, queuePixCharges, releaseBoletoCodes } from './pix-charges.ts';
import type { OperationBatch, OperationHandler } from './operation-batch.ts';
import { DONE, errorOutcome, type OperationOutcome } from './outcomes.ts';
import { registerReceivedPix, type PixItem } from './received.ts';
import type { RecurrenceCreate } from './schemas.ts';
import { setRecurrenceOfferSource } from '../payer-page/page.ts';
import * as q from './queries.ts';

const PERIODICITY: Record<string, string> = { monthly: 'MENSAL', quarterly: 'TRIMESTRAL', semiannual: 'SEMESTRAL', yearly: 'ANUAL' };

/** vinculo.contrato: ours, unique, ≤ 35 characters; how a lost POST /rec answer is found again. */
const referenceOf = (contractNumber: number, id: string) =>
  `COBRE-${contractNumber}-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;

export async function presentRecurrence(db: Queryable, r: q.RecurrenceRow) {
  const charges = await q.pixChargesOfRecurrence(db, r.tenant_id, r.id);
  return {
    id: r.id,
    contract_id: r.contract_id,
    connection_id: r.connection_id,
    journey: r.journey,
    status: r.status,
    paused: r.paused,
    id_rec: r.id_rec,
    psp_status: r.psp_status,
    periodicity: r.periodicity,
    start_date: r.start_date,
    end_date: r.end_date,
    fixed_amount_cents: r.fixed_amount_cents,
    min_amount_cents: r.min_amount_cents,
    retry_policy: r.retry_policy,
    payer: r.payer,
    object: r.object,
    location: r.location,
    pix_copia_e_cola: r.pix_copia_e_cola,
    status_reason: r.status_reason,
    approved_at: r.approved_at,
    cancelled_at: r.cancelled_at,
    last_error: r.last_error,
    created_at: r.created_at,
    updated_at: r.updated_at,
    charges: charges.map(presentPixChargeRow),
  };
}

export function presentPixChargeRow(p: q.PixChargeRow) {
  return {
    txid: p.txid,
    kind: p.kind,
    connection_id: p.connection_id,
    recurrence_id: p.recurrence_id,
    status: p.status,
    psp_status: p.psp_status,
    amount_cents: p.amount_cents,
    due_date: p.due_date,
    location: p.location,
    pix_copia_e_cola: p.pix_copia_e_cola,
    terms: p.terms,
    retries: p.retries ?? [],
    status_reason: p.status_reason,
    last_error: p.last_error,
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}

type ContractFacts = q.ContractFacts;

async function contractFacts(db: Queryable, tenantId: string, ref: string): Promise<ContractFacts | null> {
  if (/^\d{1,15}$/.test(ref)) return q.contractFacts(db, tenantId, { number: Number(ref) });
  return isUuid(ref) ? q.contractFacts(db, tenantId, { id: ref }) : null;
}

function payerOf(c: ContractFacts): Record<string, string> {
  const nome = c.customer_name.slice(0, 140);
  if (c.customer_document_kind === 'cpf' && c.customer_document) return { cpf: c.customer_document.replace(/\D/g, ''), nome };
  if (c.customer_document_kind === 'cnpj' && c.customer_document)
    return { cnpj: c.customer_document.replace(/[^0-9A-Za-z]/g, '').toUpperCase(), nome };
  throw new DomainError('payer_incomplete', "Pix Automático needs the payer's CPF or CNPJ: add it to the customer first", [
    { field: 'customer.document', issue: 'missing (CPF or CNPJ)' },
  ]);
}

/** POST /v1/contracts/{id}/pix-recurrence */
export async function createRecurrence(tx: Tx, scope: Scope, contractRef: string, input: RecurrenceCreate) {
  const contract = await contractFacts(tx, scope.tenantId, contractRef);
  if (!contract) throw notFound('Contract');
  if (contract.status === 'cancelled' || contract.status === 'inactive') {
    throw new DomainError(
      'invalid_state_transition',
      `Contract #${contract.number} is ${contract.status}: it takes no Pix Automático`,
      [],
      { allowed_actions: [] },
    );
  }
  const live = (await q.recurrencesOfContract(tx, scope.tenantId, contract.id)).find((r) =>
    ['creating', 'awaiting_approval', 'approved'].includes(r.status),
  );
  if (live)
    throw new DomainError('conflict', `Contract #${contract.number} has a Pix Automático recurrence already (${live.status})`, [], {
      reason: 'recurrence_exists',
      recurrence_id: live.id,
    });
  const connections = await q.listConnections(tx, scope.tenantId);
  const connection = input.connection_id
    ? connections.find((c) => c.id === input.connection_id)
    : connections.find((c) => c.is_default && c.active);
  if (!connection) {
    throw input.connection_id
      ? new DomainError('validation_failed', 'No PSP connection with this id', [{ field: 'connection_id', issue: 'not found' }])
      : new DomainError('conflict', 'The tenant has no active default PSP connection: create one (POST /v1/psp-connections)', [], {
          reason: 'no_psp_connection',
        });
  }
  if (!connection.active) throw new DomainError('conflict', 'The PSP connection is inactive', [], { reason: 'psp_connection_inactive' });
  const journey = input.journey ?? 'qr';
  const problems = [];
  if (journey === 'qr_with_payment' && !input.first_charge_id)
    problems.push({ field: 'first_charge_id', issue: 'is required with journey qr_with_payment (the charge paid with the authorization)' });
  if (journey === 'push' && !input.payer_bank)
    problems.push({ field: 'payer_bank', issue: "is required with journey push (the payer's bank and account)" });
  if (input.fixed_amount_cents && input.min_amount_cents)
    problems.push({ field: 'min_amount_cents', issue: 'only for a variable amount (without fixed_amount_cents)' });
  if (problems.length)
    throw new DomainError('validation_failed', `Invalid recurrence: ${problems.map((p) => `${p.field} ${p.issue}`).join('; ')}`, problems);
  if (input.first_charge_id) {
    const [first] = await chargeFactsMany(tx, scope.tenantId, [input.first_charge_id]);
    if (!first || first.contract_id !== contract.id)
      throw new DomainError('validation_failed', 'first_charge_id is not a charge of this contract', [
        { field: 'first_charge_id', issue: 'not a charge of this contract' },
      ]);
    if (openBalance(first) <= 0 || !['open', 'overdue', 'partially_paid'].includes(first.status)) {
      throw new DomainError('validation_failed', 'first_charge_id has nothing left to pay', [
        { field: 'first_charge_id', issue: 'nothing left to pay' },
      ]);
    }
  }
  const payer = payerOf(contract);
  const id = uuidv7();
  const today = businessDate(scope.now);
  const row = await q.insertRecurrence(
    tx,
    {
      tenant_id: scope.tenantId,
      id,
      contract_id: contract.id,
      connection_id: connection.id,
      reference: referenceOf(contract.number, id),
      journey,
      status: 'creating',
      periodicity: PERIODICITY[contract.billing_period ?? 'monthly'] ?? 'MENSAL',
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max would turn into NaN
      start_date: contract.start_date > today ? contract.start_date : today,
      end_date: input.end_date ?? contract.end_date,
      fixed_amount_cents: input.fixed_amount_cents ?? null,
      min_amount_cents: input.min_amount_cents ?? null,
      retry_policy: input.retry_policy ?? 'PERMITE_3R_7D',
      payer: { ...payer, ...(input.payer_bank ? { bank: input.payer_bank } : {}) },
      object: (contract.description || `Contrato ${contract.number}`).slice(0, 35),
      first_charge_id: input.first_charge_id ?? null,
    },
    scope.now,
  );
  if (!row)
    throw new DomainError('conflict', `Contract #${contract.number} has a Pix Automático recurrence already`, [], {
      reason: 'recurrence_exists',
    });
  // Jornada 3: the first charge is paid by an immediate cob carried in the same QR code.
  if (journey === 'qr_with_payment') {
    const [livePix] = await q.livePixCharges(tx, scope.tenantId, [input.first_charge_id!]);
    if (livePix && livePix.kind !== 'cob') {
      // Its cobv (or cobr) gives way to the immediate charge the QR code carries.
      await q.updatePixCharge(
        tx,
        scope.tenantId,
        livePix.txid,
        { status: 'removed', status_reason: 'replaced by the immediate Pix of the Pix Automático QR code (Jornada 3)' },
        scope.now,
      );
      await releaseBoletoCodes(tx, scope, [livePix]);
      const unsent =
        livePix.status === 'pending'
          ? await q.cancelQueuedOperations(tx, scope.tenantId, livePix.charge_id, ['put_charge', 'put_cobr'], scope.now)
          : 0;
      if (livePix.status === 'active' || unsent === 0) {
        await q.insertOperations(
          tx,
          scope.tenantId,
          [
            {
              id: uuidv7(),
              connection_id: livePix.connection_id,
              kind: livePix.kind === 'cobr' ? 'cancel_cobr' : 'remove_charge',
              intent_key: `remove:${livePix.txid}`,
              charge_id: livePix.charge_id,
              txid: livePix.txid,
              recurrence_id: livePix.recurrence_id,
              not_before: scope.now,
            },
          ],
          scope.now,
        );
      }
    }
    if (livePix?.kind !== 'cob')
      await queuePixCharges(tx, scope, [input.first_charge_id!], { explicit: { connectionId: connection.id, kind: 'cob' } });
  }
  await q.insertOperations(
    tx,
    scope.tenantId,
    [
      {
        id: uuidv7(),
        connection_id: connection.id,
        kind: 'create_recurrence',
        intent_key: `rec:${id}`,
        recurrence_id: id,
        not_before: scope.now,
      },
    ],
    scope.now,
  );
  await recordEvent(tx, scope, {
    type: 'pix_recurrence.created',
    resourceType: 'contract',
    resourceId: contract.id,
    data: { recurrence_id: id, journey },
  });
  return presentRecurrence(tx, row);
}

export async function resolveRecurrence(
  db: Queryable,
  scope: Scope,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<q.RecurrenceRow> {
  const row = isUuid(id) ? await q.findRecurrence(db, scope.tenantId, id, opts) : null;
  if (!row) throw notFound('Pix Automático recurrence');
  return row;
}

export async function contractRecurrences(db: Queryable, scope: Scope, contractRef: string) {
  const contract = await contractFacts(db, scope.tenantId, contractRef);
  if (!contract) throw notFound('Contract');
  const rows = await q.recurrencesOfContract(db, scope.tenantId, contract.id);
  return Promise.all(rows.map((r) => presentRecurrence(db, r)));
}

/** Cancels a recurrence (the clerk, or the contract's cancellation): at the PSP too, with its pending cobr. */
export async function cancelRecurrence(tx: Tx, scope: Scope, row: q.RecurrenceRow, reason: string) {
  if (row.status === 'cancelled' || row.status === 'rejected' || row.status === 'expired' || row.status === 'failed') {
    throw new DomainError('invalid_state_transition', `The recurrence is ${row.status} already`, [], { allowed_actions: [] });
  }
  const updated = (await q.updateRecurrence(
    tx,
    scope.tenantId,
    row.id,
    { status: 'cancelled', cancelled_at: scope.now.toISOString(), status_reason: reason },
    scope.now,
  ))!;
  const ops: q.NewOperation[] = [];
  if (row.status !== 'creating' || row.id_rec)
    ops.push({
      id: uuidv7(),
      connection_id: row.connection_id,
      kind: 'cancel_recurrence',
      intent_key: `rec-cancel:${row.id}`,
      recurrence_id: row.id,
      not_before: scope.now,
    });
  for (const p of await q.pixChargesOfRecurrence(tx, scope.tenantId, row.id)) {
    if (p.status !== 'pending' && p.status !== 'active') continue;
    await q.updatePixCharge(tx, scope.tenantId, p.txid, { status: 'removed', status_reason: `recurrence cancelled: ${reason}` }, scope.now);
    if (p.status === 'active')
      ops.push({
        id: uuidv7(),
        connection_id: p.connection_id,
        kind: 'cancel_cobr',
        intent_key: `remove:${p.txid}`,
        charge_id: p.charge_id,
        txid: p.txid,
        recurrence_id: row.id,
        not_before: scope.now,
      });
    else await q.cancelQueuedOperations(tx, scope.tenantId, p.charge_id, ['put_cobr'], scope.now);
  }
  await q.insertOperations(tx, scope.tenantId, ops, scope.now);
  await recordEvent(tx, scope, {
    type: 'pix_recurrence.cancelled',
    resourceType: 'contract',
    resourceId: row.contract_id,
    data: { recurrence_id: row.id, reason },
  });
  return presentRecurrence(tx, updated);
}

/** Contract suspended: no cobr goes out (those not sent yet are held); resumed: they go again. */
async function pauseRecurrences(tx: Tx, scope: Scope, contractIds: string[], paused: boolean): Promise<void> {
  for (const contractId of contractIds) {
    for (const r of await q.recurrencesOfContract(tx, scope.tenantId, contractId)) {
      if (!['creating', 'awaiting_approval', 'approved'].includes(r.status) || r.paused === paused) continue;
      await q.updateRecurrence(tx, scope.tenantId, r.id, { paused }, scope.now);
    }
  }
}

export function registerRecurrenceHooks(): void {
  // The payer's page of a contract's charge offers the QR code of a recurrence awaiting the payer.
  setRecurrenceOfferSource(async (db, tenantId, contractId) => {
    const r = (await q.recurrencesOfContract(db, tenantId, contractId)).find((x) => x.status === 'awaiting_approval' && x.pix_copia_e_cola);
    return r ? { payload: r.pix_copia_e_cola! } : null;
  });
  observeEvents(['contract.cancelled', 'contract.deactivated'], async (tx, scope, events) => {
    for (const e of events) {
      for (const r of await q.recurrencesOfContract(tx, scope.tenantId, e.resourceId)) {
        if (['creating', 'awaiting_approval', 'approved'].includes(r.status))
          await cancelRecurrence(tx as Tx, scope, r, `contract ${e.type === 'contract.cancelled' ? 'cancelled' : 'deactivated'}`);
      }
    }
  });
  observeEvents(['contract.suspended'], (tx, scope, events) =>
    pauseRecurrences(
      tx as Tx,
      scope,
      events.map((e) => e.resourceId),
      true,
    ),
  );
  observeEvents(['contract.resumed'], (tx, scope, events) =>
    pauseRecurrences(
      tx as Tx,
      scope,
      events.map((e) => e.resourceId),
      false,
    ),
  );
}

// ---------------------------------------------------------------- sending

/**
 * A cobr that cannot be (or was not) debited: it fails with its reason, and the charge gets an
 * ordinary Pix charge on the same connection (cobv or cob) so that the payer can still pay it by
 * Pix (the payer's page, messages); the dunning schedule goes on as for any open charge.
 */
async function fallBackFromCobr(
  tx: Tx,
  tenantId: string,
  p: Pick<q.PixChargeRow, 'txid' | 'charge_id' | 'connection_id'>,
  reason: string,
  now: Date,
): Promise<void> {
  await q.updatePixCharge(tx, tenantId, p.txid, { status: 'failed', status_reason: reason, last_error: reason }, now);
  const scope: Scope = { tenantId, accountId: tenantId, mode: 'live', actor: { type: 'system', id: null }, now };
  await queuePixCharges(tx, scope, [p.charge_id], { explicit: { connectionId: p.connection_id } });
}

const later = (b: OperationBatch, seconds: number, reason: string): OperationOutcome => ({
  later: { at: new Date(b.clock.now().getTime() + seconds * 1000), reason },
});

interface RecAnswer {
  idRec?: string;
  status?: string;
  vinculo?: { contrato?: string };
  loc?: { id?: number | string; location?: string };
  dadosQR?: { jornada?: string; pixCopiaECola?: string };
}

/** POST /rec has no key of ours: before (re)creating, look the reference up among the payer's recs. */
async function findExistingRec(b: OperationBatch, r: q.RecurrenceRow): Promise<RecAnswer | null> {
  const client = b.client({ recurrenceId: r.id });
  const doc = r.payer.cpf ? { cpf: r.payer.cpf } : { cnpj: r.payer.cnpj };
  const inicio = new Date(new Date(r.created_at).getTime() - 86_400_000).toISOString();
  const fim = new Date(b.clock.now().getTime() + 86_400_000).toISOString();
  const { body } = await client.request<{ recs?: RecAnswer[] }>('GET', '/rec', { query: { inicio, fim, ...doc } });
  return (body.recs ?? []).find((x) => x.vinculo?.contrato === r.reference) ?? null;
}

async function createOne(b: OperationBatch, op: q.OperationRow): Promise<OperationOutcome> {
  const r = await q.findRecurrence(b.db, b.scope.tenantId, op.recurrence_id!);
  if (r?.status !== 'creating') return DONE;
  const client = b.client({ recurrenceId: r.id, operationId: op.id });
  let cobTxid: string | null = null;
  if (r.journey === 'qr_with_payment') {
    const [cob] = await q.livePixCharges(b.db, b.scope.tenantId, [r.first_charge_id!]);
    if (cob?.kind !== 'cob') return { failed: 'the first charge has no immediate Pix charge (cob) to pay with the authorization' };
    if (cob.status !== 'active') return later(b, 5, "waiting for the first charge's cob at the PSP");
    cobTxid = cob.txid;
  }
  let rec = r.id_rec ? ({ idRec: r.id_rec } as RecAnswer) : op.attempts > 1 ? await findExistingRec(b, r) : null;
  if (!rec) {
    let locId: number | string | undefined;
    if (r.journey !== 'push') {
      const loc = await postLocRec(client);
      locId = loc.id;
    }
    const { payer } = r;
    const body = {
      vinculo: {
        objeto: r.object,
        contrato: r.reference,
        devedor: payer.cpf ? { cpf: payer.cpf, nome: payer.nome } : { cnpj: payer.cnpj, nome: payer.nome },
      },
      calendario: { dataInicial: r.start_date, ...(r.end_date ? { dataFinal: r.end_date } : {}), periodicidade: r.periodicity },
      valor: r.fixed_amount_cents
        ? { valorRec: centsToValor(r.fixed_amount_cents) }
        : r.min_amount_cents
          ? { valorMinimoRecebedor: centsToValor(r.min_amount_cents) }
          : {},
      politicaRetentativa: r.retry_policy,
      ...(locId !== undefined ? { loc: Number(locId) } : {}),
      ...(cobTxid ? { ativacao: { dadosJornada: { txid: cobTxid } } } : {}),
    };
    ({ body: rec } = await client.request<RecAnswer>('POST', '/rec', { body, retrySafe: false }));
  }
  const idRec = rec.idRec!;
  await q.updateRecurrence(b.db, b.scope.tenantId, r.id, { id_rec: idRec, psp_status: rec.status ?? 'CRIADA' }, b.clock.now());
  if (r.journey === 'push') {
    const bank = r.payer.bank as { ispb: string; agency?: string; account: string };
    const dest = {
      ...(r.payer.cpf ? { cpf: r.payer.cpf } : { cnpj: r.payer.cnpj }),
      conta: bank.account,
      ispbParticipante: bank.ispb,
      ...(bank.agency ? { agencia: bank.agency } : {}),
    };
    await client.request('POST', '/solicrec', {
      body: { idRec, calendario: { dataExpiracaoSolicitacao: addDays(businessDate(b.clock.now()), 7) + 'T23:59:59Z' }, destinatario: dest },
      retrySafe: false,
    });
  }
  const { body: full } = await client.request<RecAnswer & { location?: string }>('GET', `/rec/${encodeURIComponent(idRec)}`, {
    query: cobTxid ? { txid: cobTxid } : {},
  });
  await q.updateRecurrence(
    b.db,
    b.scope.tenantId,
    r.id,
    {
      status: full.status === 'APROVADA' ? 'approved' : 'awaiting_approval',
      psp_status: full.status ?? rec.status ?? 'CRIADA',
      loc_id: full.loc?.id !== undefined ? String(full.loc.id) : null,
      location: full.loc?.location ?? null,
      pix_copia_e_cola: full.dadosQR?.pixCopiaECola ?? null,
      last_error: null,
    },
    b.clock.now(),
  );
  return DONE;
}

const createRecurrences: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  for (const op of b.ops) {
    try {
      out.set(op.id, await createOne(b, op));
    } catch (err) {
      out.set(op.id, errorOutcome(err));
    }
    const o = out.get(op.id)!;
    if ('failed' in o || 'retry' in o)
      await q.updateRecurrence(
        b.db,
        b.scope.tenantId,
        op.recurrence_id!,
        { last_error: 'failed' in o ? o.failed : o.retry },
        b.clock.now(),
      );
  }
  return out;
};

const cancelRecurrences: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  for (const op of b.ops) {
    const r = await q.findRecurrence(b.db, b.scope.tenantId, op.recurrence_id!);
    if (!r?.id_rec) {
      out.set(op.id, r && !r.id_rec && r.status === 'cancelled' ? later(b, 10, 'the PSP has not given the recurrence an id yet') : DONE);
      continue;
    }
    try {
      const body = await patchRec(b.client({ recurrenceId: r.id, operationId: op.id }), r.id_rec, { status: 'CANCELADA' });
      await q.updateRecurrence(b.db, b.scope.tenantId, r.id, { psp_status: body.status ?? 'CANCELADA' }, b.clock.now());
      out.set(op.id, DONE);
    } catch (err) {
      out.set(op.id, errorOutcome(err));
    }
  }
  return out;
};

/** PUT /cobr/{txid}: the period's debit, inside the window the rules allow. */
const putCobrs: OperationHandler = async (b) => {
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
  for (const op of b.ops) {
    const p = pix.get(op.txid!);
    const c = facts.get(op.charge_id!);
    if (p?.status !== 'pending' || !c || openBalance(c) <= 0) {
      out.set(op.id, DONE);
      continue;
    }
    const rec = await q.findRecurrence(b.db, tenantId, op.recurrence_id!);
    if (rec?.status !== 'approved' || !rec.id_rec) {
      await b.db.transaction((tx) => fallBackFromCobr(tx, tenantId, p, `the recurrence is ${rec?.status ?? 'gone'}`, b.clock.now()));
      out.set(op.id, { failed: 'recurrence not approved' });
      continue;
    }
    if (rec.paused) {
      out.set(op.id, later(b, 3600, 'the contract is suspended'));
      continue;
    }
    if (!b.connection.receiver_account || !b.connection.receiver_account_type) {
      const reason = 'the PSP connection has no receiving account (receiver_account, receiver_account_type) for Pix Automático';
      await b.db.transaction((tx) => fallBackFromCobr(tx, tenantId, p, reason, b.clock.now()));
      out.set(op.id, { failed: reason });
      continue;
    }
    const body = {
      idRec: rec.id_rec,
      infoAdicional: `Cobrança #${c.number}${c.description ? ` - ${c.description}` : ''}`.slice(0, 140),
      calendario: { dataDeVencimento: c.due_date },
      valor: { original: centsToValor(openBalance(c)) },
      ajusteDiaUtil: true,
      recebedor: {
        conta: b.connection.receiver_account,
        tipoConta: b.connection.receiver_account_type,
        ...(b.connection.receiver_agency ? { agencia: b.connection.receiver_agency } : {}),
      },
    };
    try {
      const { body: answer } = await b
        .client({ chargeId: c.id, recurrenceId: rec.id, operationId: op.id })
        .request<{ status?: string }>('PUT', `/cobr/${p.txid}`, { body });
      await q.updatePixCharge(
        b.db,
        tenantId,
        p.txid,
        { status: 'active', psp_status: answer.status ?? 'CRIADA', terms: { valor: body.valor }, last_error: null },
        b.clock.now(),
      );
      out.set(op.id, DONE);
    } catch (err) {
      const o = errorOutcome(err);
      if ('failed' in o)
        await b.db.transaction((tx) => fallBackFromCobr(tx, tenantId, p, `the PSP refused the cobr: ${o.failed}`, b.clock.now()));
      else await q.updatePixCharge(b.db, tenantId, p.txid, { last_error: (o as { retry: string }).retry }, b.clock.now());
      out.set(op.id, o);
    }
  }
  return out;
};

const retryCobrs: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  for (const op of b.ops) {
    const p = await q.findPixCharge(b.db, b.scope.tenantId, op.txid!);
    if (p?.status !== 'active') {
      out.set(op.id, DONE);
      continue;
    }
    const data = op.payload.data as string;
    try {
      await postCobrRetentativa(b.client({ chargeId: p.charge_id, recurrenceId: p.recurrence_id, operationId: op.id }), p.txid, data, {
        retrySafe: true,
      });
      await q.updatePixCharge(
        b.db,
        b.scope.tenantId,
        p.txid,
        { retries: [...(p.retries ?? []), { data, requested_at: b.clock.now().toISOString(), status: 'SOLICITADA' }] },
        b.clock.now(),
      );
      out.set(op.id, DONE);
    } catch (err) {
      out.set(op.id, errorOutcome(err));
    }
  }
  return out;
};

const cancelCobrs: OperationHandler = async (b) => {
  const out = new Map<string, OperationOutcome>();
  for (const op of b.ops) {
    try {
      const body = await patchCobr(b.client({ chargeId: op.charge_id, recurrenceId: op.recurrence_id, operationId: op.id }), op.txid!, {
        status: 'CANCELADA',
      });
      await q.updatePixCharge(b.db, b.scope.tenantId, op.txid!, { psp_status: body.status ?? 'CANCELADA' }, b.clock.now());
      out.set(op.id, DONE);
    } catch (err) {
      out.set(op.id, err instanceof PspError && err.status === 404 ? DONE : errorOutcome(err));
    }
  }
  return out;
};

export const RECURRENCE_HANDLERS = {
  create_recurrence: createRecurrences,
  cancel_recurrence: cancelRecurrences,
  put_cobr: putCobrs,
  retry_cobr: retryCobrs,
  cancel_cobr: cancelCobrs,
};

export async function recurrenceGiveUp(b: OperationBatch, op: q.OperationRow, message: string): Promise<void> {
  if (op.kind === 'create_recurrence' && op.recurrence_id) {
    await q.updateRecurrence(
      b.db,
      b.scope.tenantId,
      op.recurrence_id,
      { status: 'failed', status_reason: message, last_error: message },
      b.clock.now(),
    );
  }
  if (op.kind === 'put_cobr' && op.txid && op.charge_id) {
    // Only a cobr still waiting (retries exhausted): a refusal was handled when it came.
    const p = await q.findPixCharge(b.db, b.scope.tenantId, op.txid);
    if (p && (p.status === 'pending' || p.status === 'active'))
      await b.db.transaction((tx) => fallBackFromCobr(tx, b.scope.tenantId, p, `gave up: ${message}`, b.clock.now()));
  }
}

// ---------------------------------------------------------------- the PSP's notifications

const REC_STATUS: Record<string, q.RecurrenceRow['status']> = {
  CRIADA: 'awaiting_approval',
  APROVADA: 'approved',
  REJEITADA: 'rejected',
  EXPIRADA: 'expired',
  CANCELADA: 'cancelled',
};

export interface RecNotification {
  idRec: string;
  status: string;
  encerramento?: {
    rejeicao?: { codigo?: string; descricao?: string };
    cancelamento?: { solicitante?: string; codigo?: string; descricao?: string };
  };
}

/** webhookrec: the payer approved, rejected or cancelled; the recurrence expired. */
export async function applyRecNotifications(
  db: import('../platform/db/types.ts').Db,
  tenantId: string,
  connectionId: string,
  recs: RecNotification[],
  now: Date,
): Promise<{ updated: number; unknown: number }> {
  let updated = 0;
  let unknown = 0;
  for (const n of recs) {
    if (!n || typeof n.idRec !== 'string' || typeof n.status !== 'string' || !REC_STATUS[n.status]) {
      unknown++;
      continue;
    }
    await db.transaction(async (tx) => {
      const r = await q.findRecurrenceByIdRec(tx, tenantId, connectionId, n.idRec, { forUpdate: true });
      if (!r) {
        unknown++;
        return;
      }
      const status = REC_STATUS[n.status];
      // A cancellation of ours stays ours; a final state never goes back.
      if (['cancelled', 'rejected', 'expired'].includes(r.status) && status !== r.status) return;
      const end = n.encerramento?.rejeicao ?? n.encerramento?.cancelamento;
      const reason = end ? [n.encerramento?.cancelamento?.solicitante, end.codigo, end.descricao].filter(Boolean).join(' — ') : null;
      await q.updateRecurrence(
        tx,
        tenantId,
        r.id,
        {
          status,
          psp_status: n.status,
          ...(reason ? { status_reason: reason } : {}),
          ...(status === 'approved' && !r.approved_at ? { approved_at: now.toISOString() } : {}),
          ...(status === 'cancelled' && !r.cancelled_at ? { cancelled_at: now.toISOString() } : {}),
        },
        now,
      );
      const scope = { tenantId, accountId: tenantId, mode: 'live' as const, actor: { type: 'system' as const, id: null }, now };
      if (status === 'cancelled' || status === 'rejected' || status === 'expired') {
        // The payer withdrew: cobr not sent yet are dropped; the charges stay open for other ways.
        for (const p of await q.pixChargesOfRecurrence(tx, tenantId, r.id)) {
          if (p.status === 'pending') {
            await q.updatePixCharge(tx, tenantId, p.txid, { status: 'removed', status_reason: `recurrence ${status} by the payer` }, now);
            await q.cancelQueuedOperations(tx, tenantId, p.charge_id, ['put_cobr'], now);
          }
        }
      }
      await recordEvent(tx, scope, {
        type: `pix_recurrence.${status}`,
        resourceType: 'contract',
        resourceId: r.contract_id,
        data: { recurrence_id: r.id, id_rec: n.idRec, reason },
      });
      updated++;
    });
  }
  return { updated, unknown };
}

export interface CobrNotification {
  idRec: string;
  txid: string;
  status: string;
  tentativas?: { dataLiquidacao: string; tipo: string; status: string; endToEndId: string }[];
  pix?: PixItem[];
}

/** webhookcobr: a debit went through (the Pix is registered), or failed (a retry when the authorization permits one). */
export async function applyCobrNotifications(
  db: import('../platform/db/types.ts').Db,
  tenantId: string,
  connection: q.ConnectionRow,
  cobsr: CobrNotification[],
  now: Date,
): Promise<{ updated: number; unknown: number; registered: number }> {
  let updated = 0;
  let unknown = 0;
  let registered = 0;
  for (const n of cobsr) {
    if (!n || typeof n.txid !== 'string' || typeof n.status !== 'string') {
      unknown++;
      continue;
    }
    const p = await q.findPixCharge(db, tenantId, n.txid);
    if (p?.kind !== 'cobr') {
      unknown++;
      continue;
    }
    if (n.pix?.length)
      registered += (
        await registerReceivedPix(
          db,
          tenantId,
          connection,
          n.pix.map((x) => ({ ...x, txid: x.txid ?? n.txid })),
          'cobr_webhook',
          now,
        )
      ).registered;
    // The latest attempt decides: an older failure already had its retry.
    const last = (n.tentativas ?? []).at(-1);
    const failedTry = last?.status === 'REJEITADA' || last?.status === 'EXPIRADA';
    const live = p.status === 'pending' || p.status === 'active';
    await db.transaction(async (tx) => {
      await q.updatePixCharge(tx, tenantId, p.txid, { psp_status: n.status }, now);
      if (n.status === 'CONCLUIDA') await q.updatePixCharge(tx, tenantId, p.txid, { status: 'completed' }, now);
      else if (live && (n.status === 'CANCELADA' || n.status === 'REJEITADA' || n.status === 'EXPIRADA'))
        await fallBackFromCobr(tx, tenantId, p, `PSP: ${n.status}`, now);
      else if (live && failedTry) await queueRetry(tx, tenantId, connection, p, now);
    });
    updated++;
  }
  return { updated, unknown, registered };
}

/** After a failed debit: the next retry, when the authorization permits (3 within 7 days after the due date). */
async function queueRetry(tx: Tx, tenantId: string, connection: q.ConnectionRow, p: q.PixChargeRow, now: Date): Promise<void> {
  const rec = p.recurrence_id ? await q.findRecurrence(tx, tenantId, p.recurrence_id) : null;
  if (rec?.retry_policy !== 'PERMITE_3R_7D' || (p.retries ?? []).length >= 3 || !p.due_date) {
    await fallBackFromCobr(tx, tenantId, p, 'debit failed and no retry is permitted', now);
    return;
  }
  const data = addDays(businessDate(now), 1);
  if (data > addDays(p.due_date, 7)) {
    await fallBackFromCobr(tx, tenantId, p, 'debit failed; the 7 days for retries are over', now);
    return;
  }
  await q.insertOperations(
    tx,
    tenantId,
    [
      {
        id: uuidv7(),
        connection_id: connection.id,
        kind: 'retry_cobr',
        intent_key: `retry:${p.txid}:${data}`,
        charge_id: p.charge_id,
        txid: p.txid,
        recurrence_id: p.recurrence_id,
        payload: { data },
        not_before: now,
      },
    ],
    now,
  );
}
