// Boletos of charges: issue (allocating the nosso número), read, cancel, and everything the PDF,
// the carnê and the Pix of a charge need. Use cases take a transaction (or a queryable for reads)
// and the scope, and return plain data.
//
// When a boleto exists (docs/boletos.md): a charge payable by boleto ('boleto' or 'both') that is
// open, overdue or partially paid gets one on first request (POST /v1/charges/{id}/boleto, or the
// first GET of its boleto, PDF or Pix) from the chosen or default collection account. Before that
// state, or without an account, a 409 `conflict` says why in `reason`.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound, type ErrorDetail } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent, recordEvents } from '../platform/events.ts';
import type { Customer } from '../customers/schemas.ts';
import {
  generateBoletoNumbers,
  maxSequence,
  MAX_AMOUNT_CENTS,
  formatLinhaDigitavel,
  type CollectionAccountData,
} from '../febraban/index.ts';
import { buildStaticPix } from '../pix/index.ts';
import type { MovementKind } from '../cnab/movements.ts';
import { remittanceLayout } from '../cnab/remittance-layouts.ts';
import { boletoMatchKeys } from './match-keys.ts';
import { accountData, resolveAccount } from './accounts/collection-accounts.ts';
import * as accountsQ from './accounts/queries.ts';
import { conflict } from './errors.ts';
import * as q from './queries.ts';
import { dynamicPixOf, type DynamicPix } from './dynamic-pix.ts';
import type { Boleto, BoletoInstruction, BoletoInstructionKind } from './schemas.ts';

type AccountRow = q.AccountRow;

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

/** The address fields a boleto prints (a Customer's addresses have them, and so does q.PayerRow). */
export type PayerAddress = Pick<
  Customer['addresses'][number],
  'is_primary' | 'for_billing' | 'street' | 'street_number' | 'complement' | 'district' | 'city' | 'state' | 'postal_code' | 'country'
>;

/** The payer as a boleto needs it: a Customer, or the lighter q.PayerRow the batch paths read. */
export interface Payer<A extends PayerAddress = PayerAddress> {
  id: string;
  number: number;
  name: string;
  person_type: string;
  document: string | null;
  document_kind: string | null;
  associate: boolean;
  addresses: A[];
}

/** The customer's billing address (billing-flagged primary first), as the payer's. */
export function payerAddress<A extends PayerAddress>(c: { addresses: A[] }): A | null {
  return c.addresses.find((a) => a.for_billing && a.is_primary) ?? c.addresses.find((a) => a.for_billing) ?? c.addresses[0] ?? null;
}

/** What a registered boleto needs of the payer: a CPF/CNPJ and a Brazilian address with CEP and UF. */
export function payerProblems(c: Pick<Payer, 'document' | 'document_kind' | 'addresses'>): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (!c.document || (c.document_kind !== 'cpf' && c.document_kind !== 'cnpj'))
    issues.push({ field: 'customer.document', issue: 'a CPF or CNPJ is required on a boleto' });
  else if (!/^\d+$/.test(c.document))
    issues.push({ field: 'customer.document', issue: 'alphanumeric CNPJs are not yet accepted by the bank file layouts' });
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

export function chargePixPayload(
  account: Pick<AccountRow, 'pix_key' | 'beneficiary_name' | 'beneficiary_address'>,
  charge: Pick<q.ChargeRow, 'number'>,
  amountCents: number,
): string {
  return buildStaticPix({
    key: account.pix_key!,
    merchantName: account.beneficiary_name,
    merchantCity: account.beneficiary_address.city,
    amountCents,
    txid: chargeTxid(charge),
  });
}

/** Why a charge cannot have a boleto in its present state (cancelled, paid, Pix only), or null. */
function stateBlocker(charge: q.ChargeRow): DomainError | null {
  if (charge.status === 'cancelled') return conflict('charge_cancelled', `Charge #${charge.number} is cancelled: it has no boleto`);
  if (charge.status === 'paid') return conflict('charge_paid', `Charge #${charge.number} is paid: no boleto is issued for it any more`);
  if (charge.payment_method === 'pix') {
    return conflict(
      'charge_not_payable_by_boleto',
      `Charge #${charge.number} is payable by Pix only (payment_method pix); use GET /v1/charges/${charge.id}/pix`,
    );
  }
  return null;
}

/** Why this payer or amount cannot be on a registered boleto, or null. */
function payerAmountBlocker(charge: q.ChargeRow, customer: Payer): DomainError | null {
  const problems = payerProblems(customer);
  if (problems.length > 0) {
    return conflict(
      'payer_incomplete',
      `Customer #${customer.number} lacks what a registered boleto needs: ${problems.map((p) => p.issue).join('; ')}`,
      problems,
      {
        customer_id: customer.id,
      },
    );
  }
  const amount = amountDue(charge);
  if (amount > MAX_AMOUNT_CENTS) return conflict('amount_out_of_range', 'A boleto holds at most R$ 99.999.999,99');
  if (amount <= 0) return conflict('charge_paid', `Charge #${charge.number} has nothing left to pay`);
  return null;
}

const amountDue = (charge: q.ChargeRow) => Number(charge.amount_cents) - Number(charge.paid_cents);

const exhausted = (account: AccountRow, max: number) =>
  conflict(
    'nosso_numero_exhausted',
    `Collection account #${account.number} has used every nosso número its layout holds (${max}); create a new account (e.g. another convênio)`,
  );

type ContractAccount = { accountId: string; contractNumber: number };

/**
 * The account a boleto is issued on: the one the request names, else the one the charge's contract
 * names (docs/contracts.md), else the tenant's default.
 */
async function chooseAccount(
  tx: Queryable,
  scope: Scope,
  accountId: string | undefined,
  fromContract?: ContractAccount,
): Promise<AccountRow> {
  const account = accountId
    ? await resolveAccount(tx, scope, accountId)
    : fromContract
      ? await q.findAccountLean(tx, scope.tenantId, fromContract.accountId)
      : await q.findDefaultAccountLean(tx, scope.tenantId);
  if (!account) {
    throw conflict(
      'no_collection_account',
      'The tenant has no collection account: create one (POST /v1/collection-accounts) before issuing boletos',
    );
  }
  if (!account.active) {
    throw conflict(
      'collection_account_inactive',
      !accountId && fromContract
        ? `Collection account #${account.number} of contract #${fromContract.contractNumber} is inactive: activate it or change the contract's account`
        : `Collection account #${account.number} is inactive`,
    );
  }
  return account;
}

/** The row of a new boleto for `charge` with nosso-número `sequence` (numbers, match keys, bolepix). */
function newBoleto(
  scope: Scope,
  account: AccountRow,
  data: CollectionAccountData,
  charge: q.ChargeRow,
  sequence: number,
  today: string,
): q.NewBoleto {
  const amount = amountDue(charge);
  const numbers = generateBoletoNumbers({ account: data, sequence, dueDate: charge.due_date, amountCents: amount, issueDate: today });
  return {
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
    issue_date: today,
    due_date: charge.due_date,
    pix_payload: account.pix_key ? chargePixPayload(account, charge, amount) : null,
    status: 'issued',
  };
}

/** The PSP's dynamic code instead of the static one when the charge has one for the boleto's amount. */
function withDynamicPix(boleto: q.NewBoleto, dynamic: Map<string, DynamicPix>): q.NewBoleto {
  const pix = dynamic.get(boleto.charge_id);
  return pix && pix.amountCents === boleto.amount_cents ? { ...boleto, pix_payload: pix.payload } : boleto;
}

const issuedEvent = (boleto: q.BoletoRow, account: AccountRow) => ({
  type: 'boleto.issued',
  resourceType: 'boleto',
  resourceId: boleto.id,
  after: presentBoleto(boleto, account.bank_code),
  data: { charge_id: boleto.charge_id },
});

export interface EnsureResult {
  boleto: q.BoletoRow;
  account: AccountRow;
  charge: q.ChargeRow;
  created: boolean;
}

/**
 * The live boleto of a charge, issued now if it has none. Locks the charge row first, so
 * concurrent callers for one charge wait for each other and get the same boleto; the nosso número
 * comes from the account row (UPDATE … RETURNING), so concurrent issues on one account never share
 * one. Charges modules can call this in their own transaction (e.g. right after creating a charge).
 */
export async function ensureChargeBoleto(
  tx: Tx,
  scope: Scope,
  chargeRef: string,
  opts: { today: string; accountId?: string },
): Promise<EnsureResult> {
  const charge = await resolveCharge(tx, scope, chargeRef, { forUpdate: true });
  const existing = await q.findLiveBoleto(tx, scope.tenantId, charge.id);
  if (existing) {
    if (opts.accountId && existing.collection_account_id !== opts.accountId) {
      throw conflict(
        'boleto_not_cancellable',
        'The charge already has a live boleto on another collection account; cancel it first (DELETE /v1/charges/{id}/boleto)',
      );
    }
    const account = (await q.findAccountLean(tx, scope.tenantId, existing.collection_account_id))!;
    return { boleto: existing, account, charge, created: false };
  }
  const blocked = stateBlocker(charge);
  if (blocked) throw blocked;
  const fromContract =
    !opts.accountId && charge.contract_id ? (await q.contractAccountsOfCharges(tx, scope.tenantId, [charge.id])).get(charge.id) : undefined;
  const account = await chooseAccount(tx, scope, opts.accountId, fromContract);
  const customer = (await q.payersOf(tx, scope.tenantId, [charge.customer_id])).get(charge.customer_id)!;
  const payerBlocked = payerAmountBlocker(charge, customer);
  if (payerBlocked) throw payerBlocked;

  const data = accountData(account);
  const sequence = await accountsQ.takeSequence(tx, scope.tenantId, account.id);
  const max = maxSequence(data);
  if (sequence > max) throw exhausted(account, max);
  const boleto = await q.insertBoleto(
    tx,
    withDynamicPix(
      newBoleto(scope, account, data, charge, sequence, opts.today),
      await dynamicPixOf(tx, scope.tenantId, [charge.id], scope.now),
    ),
    scope.now,
  );
  await recordEvent(tx, scope, issuedEvent(boleto, account));
  return { boleto, account, charge, created: true };
}

/** Charges of a carnê locked, checked and issued per statement: this many at a time. */
export const DEFAULT_ISSUE_BATCH = 500;

/**
 * ensureChargeBoleto for many charges at once (the carnê), all or nothing, each on its contract's
 * account or else the default:
 * every charge that cannot have a boleto is reported (details `charge_ids[i]` with its reason or
 * `not_found`, at most 100) in one 409 `conflict` with reason `carne_incomplete`, and nothing is
 * issued. Set-based: the charges are locked `batchSize` (500) at a time in id order (any two carnês lock
 * in the same order, and every charge is locked before the account row, as in ensureChargeBoleto,
 * so they cannot deadlock), their live boletos and payers are read per batch, the nossos números of
 * all missing boletos come from ONE `UPDATE … next_sequence + n RETURNING` per account (in the order
 * the charges were given; accounts in id order), and the boletos and their events are inserted one statement per batch. The
 * guarantees are ensureChargeBoleto's: one live boleto per charge (charge rows locked, unique
 * index), a number never reused (the account row lock until commit; a rollback gives the block back).
 */
export async function ensureChargeBoletos(
  tx: Tx,
  scope: Scope,
  chargeIds: readonly string[],
  opts: { today: string; batchSize?: number },
): Promise<{ issued: number; existing: number }> {
  const ISSUE_BATCH = opts.batchSize ?? DEFAULT_ISSUE_BATCH;
  const ids = chargeIds.map((id) => id.toLowerCase());
  const unique = [...new Set(ids)].sort();
  const reasons = new Map<string, string>();
  const toIssue: q.ChargeRow[] = [];
  let existing = 0;
  // By the account id a contract names, '' for the tenant default: a carnê may span contracts on several accounts.
  const accounts = new Map<string, AccountRow | DomainError>();
  const accountKey = new Map<string, string>();

  for (let i = 0; i < unique.length; i += ISSUE_BATCH) {
    const chunk = unique.slice(i, i + ISSUE_BATCH);
    const charges = await q.lockCharges(tx, scope.tenantId, chunk);
    const found = new Set(charges.map((c) => c.id));
    for (const id of chunk) if (!found.has(id)) reasons.set(id, 'not_found');
    const live = await q.liveBoletosByCharge(tx, scope.tenantId, chunk);
    const candidates: q.ChargeRow[] = [];
    for (const charge of charges) {
      if (live.has(charge.id)) existing++;
      else {
        const blocked = stateBlocker(charge);
        if (blocked) reasons.set(charge.id, reasonOf(blocked));
        else candidates.push(charge);
      }
    }
    if (!candidates.length) continue;
    const fromContract = await q.contractAccountsOfCharges(
      tx,
      scope.tenantId,
      candidates.map((c) => c.id),
    );
    const withAccount: q.ChargeRow[] = [];
    for (const charge of candidates) {
      const ref = fromContract.get(charge.id);
      const key = ref?.accountId ?? '';
      if (!accounts.has(key)) {
        accounts.set(
          key,
          await chooseAccount(tx, scope, undefined, ref).catch((err: unknown) => (err instanceof DomainError ? err : Promise.reject(err))),
        );
      }
      const account = accounts.get(key)!;
      if (account instanceof DomainError) reasons.set(charge.id, reasonOf(account));
      else {
        accountKey.set(charge.id, key);
        withAccount.push(charge);
      }
    }
    if (!withAccount.length) continue;
    const payers = await q.payersOf(tx, scope.tenantId, [...new Set(withAccount.map((c) => c.customer_id))]);
    for (const charge of withAccount) {
      const blocked = payerAmountBlocker(charge, payers.get(charge.customer_id)!);
      if (blocked) reasons.set(charge.id, reasonOf(blocked));
      else toIssue.push(charge);
    }
  }
  // Sequences follow the order the charges were given.
  const position = new Map<string, number>();
  for (const [i, id] of ids.entries()) if (!position.has(id)) position.set(id, i);
  toIssue.sort((a, b) => position.get(a.id)! - position.get(b.id)!);

  // One group per account, each in the order the charges were given; accounts in id order (two
  // carnês lock account rows in the same order, so they cannot deadlock).
  const groups = new Map<string, { acc: AccountRow; data: CollectionAccountData; charges: q.ChargeRow[] }>();
  for (const charge of toIssue) {
    const acc = accounts.get(accountKey.get(charge.id)!) as AccountRow;
    const g = groups.get(acc.id) ?? groups.set(acc.id, { acc, data: accountData(acc), charges: [] }).get(acc.id)!;
    g.charges.push(charge);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.acc.id < b.acc.id ? -1 : 1));
  for (const g of ordered) {
    // A first look with the account as read (its next_sequence can only have grown since).
    const max = maxSequence(g.data);
    g.charges.forEach((charge, k) => {
      if (g.acc.next_sequence + k > max) reasons.set(charge.id, 'nosso_numero_exhausted');
    });
  }
  if (reasons.size > 0) throw carneIncomplete(ids, reasons);
  if (!toIssue.length) return { issued: 0, existing };

  for (const { acc, data, charges } of ordered) {
    const first = await q.takeSequences(tx, scope.tenantId, acc.id, charges.length);
    const max = maxSequence(data);
    if (first + charges.length - 1 > max) {
      for (const [k, charge] of charges.entries()) if (first + k > max) reasons.set(charge.id, 'nosso_numero_exhausted');
      throw carneIncomplete(ids, reasons);
    }
    for (let i = 0; i < charges.length; i += ISSUE_BATCH) {
      const slice = charges.slice(i, i + ISSUE_BATCH);
      const dynamic = await dynamicPixOf(
        tx,
        scope.tenantId,
        slice.map((c) => c.id),
        scope.now,
      );
      const rows = slice.map((charge, k) => withDynamicPix(newBoleto(scope, acc, data, charge, first + i + k, opts.today), dynamic));
      const inserted = await q.insertBoletos(tx, scope.tenantId, rows, scope.now);
      await recordEvents(
        tx,
        scope,
        inserted.map((b) => issuedEvent(b, acc)),
      );
    }
  }
  return { issued: toIssue.length, existing };
}

const reasonOf = (err: DomainError) => String(err.meta?.reason ?? err.code);

function carneIncomplete(ids: string[], reasons: Map<string, string>): DomainError {
  const details: ErrorDetail[] = [];
  let failed = 0;
  ids.forEach((id, i) => {
    const issue = reasons.get(id);
    if (!issue) return;
    failed++;
    if (details.length < 100) details.push({ field: `charge_ids[${i}]`, issue });
  });
  return new DomainError('conflict', `${failed} of ${ids.length} charges cannot have a boleto; nothing was issued`, details, {
    reason: 'carne_incomplete',
    failed_count: failed,
  });
}

export async function issueChargeBoleto(
  tx: Tx,
  scope: Scope,
  chargeRef: string,
  opts: { today: string; accountId?: string },
): Promise<Boleto & { created: boolean }> {
  const r = await ensureChargeBoleto(tx, scope, chargeRef, opts);
  return { ...presentBoleto(r.boleto, r.account.bank_code), created: r.created };
}

/**
 * Cancels the live boleto of a charge (e.g. its amount or due date changed, or the charge was
 * cancelled). A later issue allocates a new nosso número. A boleto already sent to the bank gets a
 * write-off ("pedido de baixa") queued for the next remittance.
 */
export async function cancelChargeBoleto(tx: Tx, scope: Scope, chargeRef: string): Promise<Boleto> {
  const charge = await resolveCharge(tx, scope, chargeRef, { forUpdate: true });
  const live = await q.findLiveBoleto(tx, scope.tenantId, charge.id);
  if (!live) throw notFound('Live boleto of this charge');
  if (live.status === 'paid') throw conflict('boleto_not_cancellable', 'The boleto was paid; it cannot be cancelled');
  const account = (await q.findAccountLean(tx, scope.tenantId, live.collection_account_id))!;
  const before = presentBoleto(live, account.bank_code);
  const after = presentBoleto(await q.setBoletoStatus(tx, scope.tenantId, live.id, 'cancelled', scope.now), account.bank_code);
  const writeOff = await queueWriteOff(tx, scope, live);
  await recordEvent(tx, scope, {
    type: 'boleto.cancelled',
    resourceType: 'boleto',
    resourceId: live.id,
    before,
    after,
    data: { charge_id: charge.id, bank_write_off_queued: writeOff },
  });
  return after;
}

/**
 * A cancelled boleto that already went to the bank in a remittance is still collectable there: the
 * next remittance asks the bank to write it off ("pedido de baixa", movement 02). One never sent
 * needs nothing. Returns whether a write-off was queued.
 */
async function queueWriteOff(tx: Tx, scope: Scope, boleto: q.BoletoRow): Promise<boolean> {
  if (boleto.remittance_id === null) return false;
  // Instructions not sent yet (a due-date change, a protest…) mean nothing for a boleto written off.
  await q.deletePendingMovements(tx, scope.tenantId, boleto.id);
  await q.insertMovement(
    tx,
    scope.tenantId,
    { id: uuidv7(), collection_account_id: boleto.collection_account_id, boleto_id: boleto.id, kind: 'write_off' },
    scope.now,
  );
  return true;
}

/**
 * Step run by the charges capability when an open charge's due date or amount changed: its live
 * boleto takes them (same nosso número; barcode, linha digitável and static Pix recomputed). One the
 * bank already has gets the due-date and/or amount change queued for the next remittance; when the
 * account's layout has no such movement the change is refused (409 `movement_not_offered`), since
 * the bank would keep collecting the old boleto — the clerk cancels it and issues a new one instead.
 */
export async function followChargeChange(tx: Tx, scope: Scope, change: { before: q.ChargeRow; after: q.ChargeRow }): Promise<void> {
  const { before: charge, after } = change;
  const live = await q.findLiveBoleto(tx, scope.tenantId, after.id);
  if (!live || live.status === 'paid') return;
  const amount = amountDue(after);
  const kinds: Exclude<MovementKind, 'entry'>[] = [];
  if (live.due_date !== after.due_date) kinds.push('due_date_change');
  if (Number(live.amount_cents) !== amount) kinds.push('amount_change');
  if (!kinds.length) return;
  if (amount > MAX_AMOUNT_CENTS) throw conflict('amount_out_of_range', 'A boleto holds at most R$ 99.999.999,99');
  const account = (await q.findAccountLean(tx, scope.tenantId, live.collection_account_id))!;
  if (live.remittance_id !== null) {
    const layout = remittanceLayout(account.remittance_layout);
    const missing = kinds.filter((k) => !layout?.movements[k]);
    if (missing.length)
      throw conflict(
        'movement_not_offered',
        `Boleto ${live.nosso_numero} is registered at the bank, and the remittance layout of collection account #${account.number} has no ${missing.join(' / ')} movement: cancel the boleto (DELETE /v1/charges/${after.id}/boleto) and issue a new one`,
        missing.map((k) => ({ field: k === 'due_date_change' ? 'due_date' : 'amount_cents', issue: 'movement_not_offered' })),
      );
  }
  const numbers = generateBoletoNumbers({
    account: accountData(account),
    sequence: Number(live.sequence),
    dueDate: after.due_date,
    amountCents: amount,
    issueDate: live.issue_date,
  });
  // A static Pix of the old amount is redone; a PSP's dynamic code stays (the PSP charge follows the amount).
  const staticBefore = account.pix_key ? chargePixPayload(account, charge, Number(live.amount_cents)) : null;
  const pix = account.pix_key && live.pix_payload === staticBefore ? chargePixPayload(account, after, amount) : live.pix_payload;
  const updated = await q.setBoletoTerms(
    tx,
    scope.tenantId,
    live.id,
    { due_date: after.due_date, amount_cents: amount, barcode: numbers.barcode, linha_digitavel: numbers.linhaDigitavel, pix_payload: pix },
    scope.now,
  );
  if (live.remittance_id !== null)
    for (const kind of kinds)
      await q.insertMovement(
        tx,
        scope.tenantId,
        { id: uuidv7(), collection_account_id: live.collection_account_id, boleto_id: live.id, kind },
        scope.now,
      );
  await recordEvent(tx, scope, {
    type: 'boleto.updated',
    resourceType: 'boleto',
    resourceId: live.id,
    before: presentBoleto(live, account.bank_code),
    after: presentBoleto(updated, account.bank_code),
    data: { charge_id: after.id, bank_movements_queued: live.remittance_id !== null ? kinds : [] },
  });
}

/** The instructions about a charge's boletos (not the entries), with the codes of its account's layout. */
export async function listBoletoInstructions(db: Queryable, scope: Scope, chargeRef: string): Promise<BoletoInstruction[]> {
  const charge = await resolveCharge(db, scope, chargeRef);
  const rows = await q.movementsOfCharge(db, scope.tenantId, charge.id);
  if (!rows.length) return [];
  const account = (await q.findAccountLean(db, scope.tenantId, rows[0].collection_account_id))!;
  const layout = remittanceLayout(account.remittance_layout);
  return rows.map((m) => {
    const code = layout?.movements[m.kind];
    return {
      id: m.id,
      boleto_id: m.boleto_id,
      movement: m.kind,
      code: code?.code ?? null,
      text: code?.text ?? null,
      days: m.protest_days,
      status: m.remittance_id === null ? 'pending' : 'sent',
      remittance_id: m.remittance_id,
      remittance_file_sequence: m.remittance_file_sequence,
      created_at: m.created_at,
    };
  });
}

/** What a stop instruction stops. */
const STOPS: Partial<Record<BoletoInstructionKind, 'protest' | 'negativation'>> = {
  protest_stop_write_off: 'protest',
  protest_stop_keep: 'protest',
  negativation_stop: 'negativation',
};

/**
 * A clerk's instruction about a boleto the bank has (protest, negativation, and stopping either),
 * queued for the next remittance in the code of the account's layout. Stopping one not sent yet
 * takes it back instead (nothing goes to the bank). Returns the charge's instructions after it.
 */
export async function requestBoletoInstruction(
  tx: Tx,
  scope: Scope,
  chargeRef: string,
  input: { movement: BoletoInstructionKind; days?: number },
): Promise<BoletoInstruction[]> {
  const charge = await resolveCharge(tx, scope, chargeRef, { forUpdate: true });
  const live = await q.findLiveBoleto(tx, scope.tenantId, charge.id);
  if (!live) throw notFound('Live boleto of this charge');
  if (live.status === 'paid') throw conflict('charge_paid', `Boleto ${live.nosso_numero} is paid: the bank takes no instruction about it`);
  if (live.remittance_id === null)
    throw conflict(
      'boleto_not_at_bank',
      `Boleto ${live.nosso_numero} has not gone to the bank yet: send it in a remittance first (its entry carries it as it is now)`,
    );
  const withDays = input.movement === 'protest' || input.movement === 'negativation';
  if (withDays !== (input.days !== undefined))
    throw new DomainError('validation_failed', withDays ? `${input.movement} needs days (1 to 99)` : `${input.movement} takes no days`, [
      { field: 'days', issue: withDays ? 'required' : 'not_allowed' },
    ]);
  const account = (await q.findAccountLean(tx, scope.tenantId, live.collection_account_id))!;
  const layout = remittanceLayout(account.remittance_layout);
  const stops = STOPS[input.movement];
  const taken = stops ? await q.deletePendingMovement(tx, scope.tenantId, live.id, stops) : false;
  if (stops && !taken && !(await q.movementSent(tx, scope.tenantId, live.id, stops)))
    throw conflict('nothing_to_stop', `Boleto ${live.nosso_numero} has no ${stops} to stop`);
  if (!taken) {
    if (!layout?.movements[input.movement])
      throw conflict(
        'movement_not_offered',
        `The remittance layout of collection account #${account.number} (${layout?.name ?? account.remittance_layout}) has no "${input.movement}" movement`,
        [{ field: 'movement', issue: 'movement_not_offered' }],
      );
    await q.insertMovement(
      tx,
      scope.tenantId,
      {
        id: uuidv7(),
        collection_account_id: live.collection_account_id,
        boleto_id: live.id,
        kind: input.movement,
        protest_days: input.days ?? null,
      },
      scope.now,
    );
  }
  await recordEvent(tx, scope, {
    type: taken ? 'boleto.instruction_withdrawn' : 'boleto.instruction_requested',
    resourceType: 'boleto',
    resourceId: live.id,
    data: { charge_id: charge.id, movement: taken ? stops : input.movement, days: input.days ?? null },
  });
  return listBoletoInstructions(tx, scope, charge.id);
}

/** The instructions a remittance file carries to the bank, as the boleto capability records it. */
export async function recordMovementsRemitted(tx: Tx, scope: Scope, remittanceId: string, movementIds: string[]): Promise<void> {
  if (movementIds.length) await q.setMovementsRemittance(tx, scope.tenantId, remittanceId, movementIds);
}

export async function getBoleto(db: Queryable, scope: Scope, id: string): Promise<Boleto> {
  const b = await q.findBoleto(db, scope.tenantId, id);
  if (!b) throw notFound('Boleto');
  const account = (await q.findAccountLean(db, scope.tenantId, b.collection_account_id))!;
  return presentBoleto(b, account.bank_code);
}

/** The boletos a remittance file carries to the bank, as the boleto capability records it. */
export async function recordBoletosRemitted(tx: Tx, scope: Scope, remittanceId: string, boletoIds: string[]): Promise<void> {
  if (boletoIds.length) await q.setBoletosRemittance(tx, scope.tenantId, remittanceId, boletoIds, scope.now);
}

/**
 * What a bank's return file says of a boleto, as the boleto capability records it: the bank
 * confirmed its entry (an issued boleto becomes registered), or its charge was paid (the boleto is
 * paid). Other states are left as they are.
 */
export async function recordBankConfirmation(
  tx: Tx,
  scope: Scope,
  boleto: q.BoletoRow,
  what: 'entry_confirmed' | 'charge_paid',
): Promise<void> {
  if (what === 'entry_confirmed' && boleto.status === 'issued')
    await q.setBoletoStatus(tx, scope.tenantId, boleto.id, 'registered', scope.now);
  if (what === 'charge_paid' && boleto.status !== 'paid') await q.setBoletoStatus(tx, scope.tenantId, boleto.id, 'paid', scope.now);
}

/** recordBankConfirmation(…, 'charge_paid') for many boletos at once (a return file's liquidations). */
export async function recordBoletosPaidByBank(tx: Tx, scope: Scope, boletoIds: string[]): Promise<void> {
  await q.setBoletosPaid(tx, scope.tenantId, boletoIds, scope.now);
}

/**
 * Step run by the charges capability when a charge is cancelled: its live boleto is cancelled with
 * it (a paid one is left alone: the charge module refuses cancelling paid charges anyway).
 */
export async function cancelBoletoOfCancelledCharge(tx: Tx, scope: Scope, chargeId: string): Promise<void> {
  const live = await q.findLiveBoleto(tx, scope.tenantId, chargeId);
  if (!live || live.status === 'paid') return;
  const account = (await q.findAccountLean(tx, scope.tenantId, live.collection_account_id))!;
  const after = presentBoleto(await q.setBoletoStatus(tx, scope.tenantId, live.id, 'cancelled', scope.now), account.bank_code);
  const writeOff = await queueWriteOff(tx, scope, live);
  await recordEvent(tx, scope, {
    type: 'boleto.cancelled',
    resourceType: 'boleto',
    resourceId: live.id,
    before: presentBoleto(live, account.bank_code),
    after,
    data: { charge_id: chargeId, reason: 'charge_cancelled', bank_write_off_queued: writeOff },
  });
}

/**
 * A PSP charge that is no longer payable (removed, expired, paid): the live boletos that print its
 * code get the static code on their account's Pix key back (or none), so that no boleto shows a
 * QR code the payer's bank would refuse.
 */
export async function dropDynamicPixFromBoletos(
  db: Queryable,
  tenantId: string,
  rows: { chargeId: string; payload: string }[],
): Promise<void> {
  const boletos = await q.liveBoletosPrinting(
    db,
    tenantId,
    rows.map((r) => r.chargeId),
    rows.map((r) => r.payload),
  );
  for (const b of boletos) {
    const account = await q.findAccountLean(db, tenantId, b.collection_account_id);
    const payload = account?.pix_key ? chargePixPayload(account, { number: b.charge_number }, b.amount_cents) : null;
    await q.setBoletoPixPayload(db, tenantId, b.id, payload);
  }
}
