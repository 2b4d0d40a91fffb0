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
import { payerAddress } from '../boleto/boletos.ts';
import * as boletoQ from '../boleto/queries.ts';
import { loadChargeTerms, remittanceTerms } from '../boleto/terms.ts';
import { conflict } from '../boleto/errors.ts';
import * as q from './queries.ts';

/** A CNAB 240 batch numbers its records in 5 digits: 3 per boleto plus header/trailer. */
export const MAX_BOLETOS_PER_REMITTANCE = 30_000;

const cut = (s: string | null | undefined, n: number) => normalizeAlpha(s ?? '').slice(0, n).trimEnd();

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

export async function generateRemittance(tx: Tx, scope: Scope, accountRef: string, opts: { preview: boolean; today: string; now: Date }): Promise<RemittanceResult> {
  const account = await resolveAccount(tx, scope, accountRef, { forUpdate: true });
  const boletos = await q.boletosToRemit(tx, scope.tenantId, account.id, MAX_BOLETOS_PER_REMITTANCE);
  if (boletos.length === 0) throw conflict('nothing_to_remit', `Collection account #${account.number} has no boleto waiting to be sent to the bank`);

  const items: RemessaBoleto[] = [];
  for (const b of boletos) {
    const charge = (await boletoQ.findCharge(tx, scope.tenantId, b.charge_id))!;
    const customer = await getCustomer(tx, scope, charge.customer_id);
    const terms = await loadChargeTerms(tx, scope.tenantId, charge, customer);
    items.push({
      nossoNumero: b.nosso_numero_digits,
      documentNumber: cut(charge.external_code ?? String(charge.number), 15),
      issueDate: b.issue_date,
      dueDate: b.due_date,
      amountCents: Number(b.amount_cents),
      payer: payerOf(customer),
      ...remittanceTerms(terms, b.due_date, Number(b.amount_cents)),
    });
  }
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
  const fileName = `remessa-${account.bank_code}-${account.number}-${String(fileSequence).padStart(6, '0')}.rem`;
  if (opts.preview) return { remittance_id: null, file_name: fileName, file_sequence: fileSequence, boleto_count: items.length, total_cents: total, preview: true, content };

  const row = await q.insertRemittance(tx, scope.tenantId, {
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
  }, scope.now);
  await q.markRemitted(tx, scope.tenantId, row.id, boletos.map((b) => b.id), scope.now);
  await recordEvent(tx, scope, {
    type: 'remittance.created',
    resourceType: 'remittance',
    resourceId: row.id,
    after: { ...row, boleto_ids: boletos.map((b) => b.id) },
  });
  return { remittance_id: row.id, file_name: fileName, file_sequence: fileSequence, boleto_count: items.length, total_cents: total, preview: false, content };
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
