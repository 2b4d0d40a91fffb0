// Boletos of charges: issue (allocating the nosso número), read, cancel, and everything the PDF,
// the carnê and the Pix of a charge need. Use cases take a transaction (or a queryable for reads)
// and the scope, and return plain data.
//
// When a boleto exists (docs/boletos.md): a charge payable by boleto ('boleto' or 'both') that is
// open, overdue or partially paid gets one on first request (POST /v1/charges/{id}/boleto, or the
// first GET of its boleto, PDF or Pix) from the chosen or default collection account. Before that
// state, or without an account, a 409 `conflict` says why in `reason`.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { notFound, type ErrorDetail } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { getCustomer } from '../customers/customers.ts';
import type { Customer } from '../customers/schemas.ts';
import { generateBoletoNumbers, maxSequence, MAX_AMOUNT_CENTS, formatLinhaDigitavel } from './febraban/index.ts';
import { buildStaticPix } from '../pix/index.ts';
import { boletoMatchKeys } from '../bank-files/match-keys.ts';
import { accountData, resolveAccount } from './accounts/collection-accounts.ts';
import * as accountsQ from './accounts/queries.ts';
import type { CollectionAccountRow } from './accounts/queries.ts';
import { conflict } from './errors.ts';
import * as q from './queries.ts';
import type { Boleto } from './schemas.ts';

export function presentBoleto(b: q.BoletoRow, bankCode: string): Boleto {
  return {
    id: b.id,
    charge_id: b.charge_id,
    collection_account_id: b.collection_account_id,
    bank_code: bankCode,
    sequence: Number(b.sequence),
    nosso_numero: b.nosso_numero,
    barcode: b.barcode,
    linha_digitavel: b.linha_digitavel,
    linha_digitavel_formatted: formatLinhaDigitavel(b.linha_digitavel),
    amount_cents: Number(b.amount_cents),
    issue_date: b.issue_date,
    due_date: b.due_date,
    pix_payload: b.pix_payload,
    status: b.status,
    remittance_id: b.remittance_id,
    registered_at: b.registered_at,
    paid_at: b.paid_at,
    cancelled_at: b.cancelled_at,
    created_at: b.created_at,
    pdf_url: `/v1/charges/${b.charge_id}/boleto.pdf`,
  };
}

/** A charge by UUID or per-tenant number. */
export async function resolveCharge(db: Queryable, scope: Scope, ref: string, opts: { forUpdate?: boolean } = {}): Promise<q.ChargeRow> {
  let id: string | null = null;
  if (isUuid(ref)) id = ref;
  else if (/^\d{1,15}$/.test(ref)) id = await q.findChargeIdByNumber(db, scope.tenantId, Number(ref));
  const charge = id ? await q.findCharge(db, scope.tenantId, id, opts) : null;
  if (!charge) throw notFound('Charge');
  return charge;
}

/** The customer's billing address (billing-flagged primary first), as the payer's. */
export function payerAddress(c: Customer): Customer['addresses'][number] | null {
  return c.addresses.find((a) => a.for_billing && a.is_primary) ?? c.addresses.find((a) => a.for_billing) ?? c.addresses[0] ?? null;
}

/** What a registered boleto needs of the payer: a CPF/CNPJ and a Brazilian address with CEP and UF. */
export function payerProblems(c: Customer): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (!c.document || (c.document_kind !== 'cpf' && c.document_kind !== 'cnpj')) issues.push({ field: 'customer.document', issue: 'a CPF or CNPJ is required on a boleto' });
  else if (!/^\d+$/.test(c.document)) issues.push({ field: 'customer.document', issue: 'alphanumeric CNPJs are not yet accepted by the bank file layouts' });
  const a = payerAddress(c);
  if (!a) issues.push({ field: 'customer.addresses', issue: 'a billing address is required on a boleto' });
  else {
    if (a.country !== 'BR') issues.push({ field: 'customer.addresses.country', issue: 'the payer address must be in Brazil' });
    if (!a.postal_code) issues.push({ field: 'customer.addresses.postal_code', issue: 'a CEP is required' });
    if (!a.state) issues.push({ field: 'customer.addresses.state', issue: 'a UF is required' });
    if (!a.city) issues.push({ field: 'customer.addresses.city', issue: 'a city is required' });
    if (!a.street) issues.push({ field: 'customer.addresses.street', issue: 'a street is required' });
  }
  return issues;
}

/** Pix txid of a charge: stable, ≤ 25 letters/digits, unique in the tenant. */
export const chargeTxid = (charge: Pick<q.ChargeRow, 'number'>) => `COBRE${charge.number}`;

export function chargePixPayload(account: CollectionAccountRow, charge: Pick<q.ChargeRow, 'number'>, amountCents: number): string {
  return buildStaticPix({
    key: account.pix_key!,
    merchantName: account.beneficiary_name,
    merchantCity: account.beneficiary_address.city,
    amountCents,
    txid: chargeTxid(charge),
  });
}

function assertBoletoState(charge: q.ChargeRow): void {
  if (charge.status === 'cancelled') throw conflict('charge_cancelled', `Charge #${charge.number} is cancelled: it has no boleto`);
  if (charge.status === 'paid') throw conflict('charge_paid', `Charge #${charge.number} is paid: no boleto is issued for it any more`);
  if (charge.payment_method === 'pix') {
    throw conflict('charge_not_payable_by_boleto', `Charge #${charge.number} is payable by Pix only (payment_method pix); use GET /v1/charges/${charge.id}/pix`);
  }
}

async function chooseAccount(tx: Queryable, scope: Scope, accountId: string | undefined): Promise<CollectionAccountRow> {
  const account = accountId ? await resolveAccount(tx, scope, accountId) : await accountsQ.findDefaultAccount(tx, scope.tenantId);
  if (!account) {
    throw conflict('no_collection_account', 'The tenant has no collection account: create one (POST /v1/collection-accounts) before issuing boletos');
  }
  if (!account.active) throw conflict('collection_account_inactive', `Collection account #${account.number} is inactive`);
  return account;
}

export interface EnsureResult {
  boleto: q.BoletoRow;
  account: CollectionAccountRow;
  charge: q.ChargeRow;
  created: boolean;
}

/**
 * The live boleto of a charge, issued now if it has none. Locks the charge row first, so
 * concurrent callers for one charge wait for each other and get the same boleto; the nosso número
 * comes from the account row (UPDATE … RETURNING), so concurrent issues on one account never share
 * one. Charges modules can call this in their own transaction (e.g. right after creating a charge).
 */
export async function ensureChargeBoleto(tx: Tx, scope: Scope, chargeRef: string, opts: { today: string; accountId?: string }): Promise<EnsureResult> {
  const charge = await resolveCharge(tx, scope, chargeRef, { forUpdate: true });
  const existing = await q.findLiveBoleto(tx, scope.tenantId, charge.id);
  if (existing) {
    if (opts.accountId && existing.collection_account_id !== opts.accountId) {
      throw conflict('boleto_not_cancellable', 'The charge already has a live boleto on another collection account; cancel it first (DELETE /v1/charges/{id}/boleto)');
    }
    const account = (await accountsQ.findAccount(tx, scope.tenantId, existing.collection_account_id))!;
    return { boleto: existing, account, charge, created: false };
  }
  assertBoletoState(charge);
  const account = await chooseAccount(tx, scope, opts.accountId);
  const customer = await getCustomer(tx, scope, charge.customer_id);
  const problems = payerProblems(customer);
  if (problems.length > 0) {
    throw conflict('payer_incomplete', `Customer #${customer.number} lacks what a registered boleto needs: ${problems.map((p) => p.issue).join('; ')}`, problems, {
      customer_id: customer.id,
    });
  }
  const amount = Number(charge.amount_cents) - Number(charge.paid_cents);
  if (amount > MAX_AMOUNT_CENTS) throw conflict('amount_out_of_range', 'A boleto holds at most R$ 99.999.999,99');
  if (amount <= 0) throw conflict('charge_paid', `Charge #${charge.number} has nothing left to pay`);

  const data = accountData(account);
  const sequence = await accountsQ.takeSequence(tx, scope.tenantId, account.id);
  const max = maxSequence(data);
  if (sequence > max) {
    throw conflict('nosso_numero_exhausted', `Collection account #${account.number} has used every nosso número its layout holds (${max}); create a new account (e.g. another convênio)`);
  }
  const numbers = generateBoletoNumbers({ account: data, sequence, dueDate: charge.due_date, amountCents: amount, issueDate: opts.today });
  const boleto = await q.insertBoleto(tx, {
    tenant_id: scope.tenantId,
    id: uuidv7(),
    charge_id: charge.id,
    collection_account_id: account.id,
    sequence,
    nosso_numero: numbers.nossoNumero,
    nosso_numero_digits: numbers.nossoNumeroDigits,
    match_keys: boletoMatchKeys(numbers.nossoNumero),
    barcode: numbers.barcode,
    linha_digitavel: numbers.linhaDigitavel,
    amount_cents: amount,
    issue_date: opts.today,
    due_date: charge.due_date,
    pix_payload: account.pix_key ? chargePixPayload(account, charge, amount) : null,
    status: 'issued',
  });
  await recordEvent(tx, scope, {
    type: 'boleto.issued',
    resourceType: 'boleto',
    resourceId: boleto.id,
    after: presentBoleto(boleto, account.bank_code),
    data: { charge_id: charge.id },
  });
  return { boleto, account, charge, created: true };
}

export async function issueChargeBoleto(tx: Tx, scope: Scope, chargeRef: string, opts: { today: string; accountId?: string }): Promise<Boleto & { created: boolean }> {
  const r = await ensureChargeBoleto(tx, scope, chargeRef, opts);
  return { ...presentBoleto(r.boleto, r.account.bank_code), created: r.created };
}

/**
 * Cancels the live boleto of a charge (e.g. its amount or due date changed, or the charge was
 * cancelled). A later issue allocates a new nosso número. A boleto already registered at the bank
 * also needs a write-off ("pedido de baixa") at the bank.
 */
export async function cancelChargeBoleto(tx: Tx, scope: Scope, chargeRef: string): Promise<Boleto> {
  const charge = await resolveCharge(tx, scope, chargeRef, { forUpdate: true });
  const live = await q.findLiveBoleto(tx, scope.tenantId, charge.id);
  if (!live) throw notFound('Live boleto of this charge');
  if (live.status === 'paid') throw conflict('boleto_not_cancellable', 'The boleto was paid; it cannot be cancelled');
  const account = (await accountsQ.findAccount(tx, scope.tenantId, live.collection_account_id))!;
  const before = presentBoleto(live, account.bank_code);
  const after = presentBoleto(await q.setBoletoStatus(tx, scope.tenantId, live.id, 'cancelled'), account.bank_code);
  await recordEvent(tx, scope, { type: 'boleto.cancelled', resourceType: 'boleto', resourceId: live.id, before, after, data: { charge_id: charge.id } });
  return after;
}

export async function getBoleto(db: Queryable, scope: Scope, id: string): Promise<Boleto> {
  const b = await q.findBoleto(db, scope.tenantId, id);
  if (!b) throw notFound('Boleto');
  const account = (await accountsQ.findAccount(db, scope.tenantId, b.collection_account_id))!;
  return presentBoleto(b, account.bank_code);
}

/**
 * Step run by the charges capability when a charge is cancelled: its live boleto is cancelled with
 * it (a paid one is left alone: the charge module refuses cancelling paid charges anyway).
 */
export async function cancelBoletoOfCancelledCharge(tx: Tx, scope: Scope, chargeId: string): Promise<void> {
  const live = await q.findLiveBoleto(tx, scope.tenantId, chargeId);
  if (!live || live.status === 'paid') return;
  const account = (await accountsQ.findAccount(tx, scope.tenantId, live.collection_account_id))!;
  const after = presentBoleto(await q.setBoletoStatus(tx, scope.tenantId, live.id, 'cancelled'), account.bank_code);
  await recordEvent(tx, scope, { type: 'boleto.cancelled', resourceType: 'boleto', resourceId: live.id, before: presentBoleto(live, account.bank_code), after, data: { charge_id: chargeId, reason: 'charge_cancelled' } });
}
