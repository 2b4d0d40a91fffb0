// CNAB 240 remittance of a collection account: the boletos issued and not yet sent, with the
// payer and the charge's discount / interest / fine, in one file. Unless previewing, the boletos are
// marked with the remittance (so the next file does not repeat them) and the file is kept.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { recordEvent } from '../platform/events.ts';
import { getCustomer } from '../customers/customers.ts';
import type { Customer } from '../customers/schemas.ts';
import { buildRemessa240, type RemessaBoleto } from '../cnab/remessa240.ts';
import { normalizeAlpha } from '../cnab/record.ts';
import { bankName } from '../boleto/febraban/index.ts';
import { resolveAccount } from '../boleto/accounts/collection-accounts.ts';
import * as accountsQ from '../boleto/accounts/queries.ts';
import { payerAddress, recordBoletosRemitted } from '../boleto/boletos.ts';
import * as boletoQ from '../boleto/queries.ts';
import type { BoletoRow } from '../boleto/queries.ts';
import { loadChargeTerms, remittanceTerms } from '../boleto/terms.ts';
import { conflict } from '../boleto/errors.ts';
import * as q from './queries.ts';

/** A CNAB 240 batch numbers its records in 5 digits: 3 per boleto plus header/trailer. */
export const MAX_BOLETOS_PER_REMITTANCE = 30_000;

const cut = (s: string | null | undefined, n: number) =>
  normalizeAlpha(s ?? '')
    .slice(0, n)
    .trimEnd();

export interface RemittanceResult {
  remittance_id: string | null;
  file_name: string;
  file_sequence: number;
  boleto_count: number;
  total_cents: number;
  preview: boolean;
  content: string;
}

function payerOf(c: Customer): RemessaBoleto['payer'] {
  const a = payerAddress(c)!;
  return {
    name: cut(c.name, 40),
    documentKind: c.document_kind as 'cpf' | 'cnpj',
    document: c.document!,
    address: cut([a.street, a.street_number, a.complement].filter(Boolean).join(' '), 40),
    district: cut(a.district, 15),
    city: cut(a.city, 15),
    state: a.state ?? '',
    postalCode: a.postal_code ?? '',
  };
}

/** One boleto of a remittance as the clerk reviews it before the file is made. */
export interface RemittanceLine {
  boleto_id: string;
  charge_id: string;
  charge_number: number;
  customer_id: string;
  customer_name: string;
  nosso_numero: string;
  /** CNAB movement code and its meaning: every boleto goes as "01" (entrada de título). */
  movement_code: '01';
  movement: 'entry';
  issue_date: string;
  due_date: string;
  amount_cents: number;
  discount: NonNullable<RemessaBoleto['discount']> | null;
  interest: NonNullable<RemessaBoleto['interest']> | null;
  fine: NonNullable<RemessaBoleto['fine']> | null;
}

async function remittanceItems(
  tx: Tx,
  scope: Scope,
  accountId: string,
  accountNumber: number,
): Promise<{ boletos: BoletoRow[]; items: RemessaBoleto[]; lines: RemittanceLine[] }> {
  const boletos = await q.boletosToRemit(tx, scope.tenantId, accountId, MAX_BOLETOS_PER_REMITTANCE);
  if (boletos.length === 0)
    throw conflict('nothing_to_remit', `Collection account #${accountNumber} has no boleto waiting to be sent to the bank`);
  const items: RemessaBoleto[] = [];
  const lines: RemittanceLine[] = [];
  for (const b of boletos) {
    const charge = (await boletoQ.findCharge(tx, scope.tenantId, b.charge_id))!;
    const customer = await getCustomer(tx, scope, charge.customer_id);
    const terms = await loadChargeTerms(tx, scope.tenantId, charge, customer);
    const item: RemessaBoleto = {
      nossoNumero: b.nosso_numero_digits,
      documentNumber: cut(charge.external_code ?? String(charge.number), 15),
      issueDate: b.issue_date,
      dueDate: b.due_date,
      amountCents: Number(b.amount_cents),
      payer: payerOf(customer),
      ...remittanceTerms(terms, b.due_date, Number(b.amount_cents)),
    };
    items.push(item);
    lines.push({
      boleto_id: b.id,
      charge_id: charge.id,
      charge_number: Number(charge.number),
      customer_id: customer.id,
      customer_name: customer.name,
      nosso_numero: b.nosso_numero,
      movement_code: '01',
      movement: 'entry',
      issue_date: b.issue_date,
      due_date: b.due_date,
      amount_cents: item.amountCents,
      discount: item.discount ?? null,
      interest: item.interest ?? null,
      fine: item.fine ?? null,
    });
  }
  return { boletos, items, lines };
}

export interface RemittancePreview {
  collection_account_id: string;
  file_name: string;
  file_sequence: number;
  format: 'cnab240';
  boleto_count: number;
  total_cents: number;
  boletos: RemittanceLine[];
}

/** What the next remittance would contain, boleto by boleto; marks nothing and takes no file sequence. */
export async function previewRemittance(tx: Tx, scope: Scope, accountRef: string): Promise<RemittancePreview> {
  const account = await resolveAccount(tx, scope, accountRef);
  const { lines } = await remittanceItems(tx, scope, account.id, account.number);
  return {
    collection_account_id: account.id,
    file_name: fileNameOf(account, account.next_file_sequence),
    file_sequence: account.next_file_sequence,
    format: 'cnab240',
    boleto_count: lines.length,
    total_cents: lines.reduce((s, l) => s + l.amount_cents, 0),
    boletos: lines,
  };
}

const fileNameOf = (account: { bank_code: string; number: number }, seq: number) =>
  `remessa-${account.bank_code}-${account.number}-${String(seq).padStart(6, '0')}.rem`;

export async function generateRemittance(
  tx: Tx,
  scope: Scope,
  accountRef: string,
  opts: { preview: boolean; today: string; now: Date },
): Promise<RemittanceResult> {
  const account = await resolveAccount(tx, scope, accountRef, { forUpdate: true });
  const { boletos, items } = await remittanceItems(tx, scope, account.id, account.number);
  const fileSequence = opts.preview ? account.next_file_sequence : await accountsQ.takeFileSequence(tx, scope.tenantId, account.id);
  const content = buildRemessa240({
    bankCode: account.bank_code,
    bankName: cut(bankName(account.bank_code), 30),
    fileSequence,
    generatedAt: opts.now,
    beneficiary: {
      name: cut(account.beneficiary_name, 30),
      documentKind: account.beneficiary_document_kind,
      document: account.beneficiary_document,
      agency: account.agency || '0',
      agencyDigit: account.agency_digit ?? undefined,
      account: account.account || '0',
      accountDigit: account.account_digit ?? undefined,
      convenio: account.convenio ?? undefined,
      beneficiaryCode: account.beneficiary_code ?? undefined,
      carteira: account.carteira,
    },
    boletos: items,
  });
  const total = items.reduce((s, b) => s + b.amountCents, 0);
  const fileName = fileNameOf(account, fileSequence);
  if (opts.preview)
    return {
      remittance_id: null,
      file_name: fileName,
      file_sequence: fileSequence,
      boleto_count: items.length,
      total_cents: total,
      preview: true,
      content,
    };

  const row = await q.insertRemittance(
    tx,
    scope.tenantId,
    {
      id: uuidv7(),
      collection_account_id: account.id,
      file_sequence: fileSequence,
      format: 'cnab240',
      boleto_count: items.length,
      total_cents: total,
      file_name: fileName,
      content,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
    },
    scope.now,
  );
  await recordBoletosRemitted(
    tx,
    scope,
    row.id,
    boletos.map((b) => b.id),
  );
  await recordEvent(tx, scope, {
    type: 'remittance.created',
    resourceType: 'remittance',
    resourceId: row.id,
    after: { ...row, boleto_ids: boletos.map((b) => b.id) },
  });
  return {
    remittance_id: row.id,
    file_name: fileName,
    file_sequence: fileSequence,
    boleto_count: items.length,
    total_cents: total,
    preview: false,
    content,
  };
}

export async function listRemittances(db: Queryable, scope: Scope, accountRef: string) {
  const account = await resolveAccount(db, scope, accountRef);
  return (await q.listRemittances(db, scope.tenantId, account.id, 100)).map((r) => ({ ...r, file_url: `/v1/remittances/${r.id}/file` }));
}

export async function getRemittanceFile(db: Queryable, scope: Scope, id: string): Promise<{ file_name: string; content: string }> {
  const r = await q.findRemittance(db, scope.tenantId, id);
  if (!r) throw notFound('Remittance');
  return { file_name: r.file_name, content: r.content! };
}
