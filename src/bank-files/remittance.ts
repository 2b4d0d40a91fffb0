// Remittance of a collection account, in the layout the account names: the boletos issued and not yet
// sent (entries, with the payer and the charge's discount / interest / fine) and the pending
// instructions about boletos the bank already has (write-offs, due-date and amount changes…), in one
// file. Unless previewing, both are marked with the remittance (so no later file repeats them) and
// the file is kept.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { recordEvent } from '../platform/events.ts';
import type { RemessaBoleto } from '../cnab/remessa.ts';
import type { MovementKind } from '../cnab/movements.ts';
import { type RemittanceLayout, remittanceLayout, type TextLengths, textLengthsOf } from '../cnab/remittance-layouts.ts';
import { normalizeAlpha } from '../cnab/record.ts';
import { bankName } from '../febraban/index.ts';
import { resolveAccount } from '../boleto/accounts/collection-accounts.ts';
import * as accountsQ from '../boleto/accounts/queries.ts';
import { payerAddress, recordBoletosRemitted, recordMovementsRemitted } from '../boleto/boletos.ts';
import * as boletoQ from '../boleto/queries.ts';
import type { BoletoRow, PayerRow } from '../boleto/queries.ts';
import { loadChargeTermsMany, remittanceTerms } from '../boleto/terms.ts';
import { conflict } from '../boleto/errors.ts';
import * as q from './queries.ts';
import type { MovementToRemit } from './queries.ts';

const cut = (s: string | null | undefined, n: number) =>
  normalizeAlpha(s ?? '')
    .slice(0, n)
    .trimEnd();

export interface RemittanceResult {
  remittance_id: string | null;
  file_name: string;
  file_sequence: number;
  boleto_count: number;
  movement_count: number;
  total_cents: number;
  preview: boolean;
  content: string;
}

function payerOf(c: PayerRow, n: TextLengths): RemessaBoleto['payer'] {
  const a = payerAddress(c)!;
  return {
    name: cut(c.name, n.payerName),
    documentKind: c.document_kind as 'cpf' | 'cnpj',
    document: c.document!,
    address: cut([a.street, a.street_number, a.complement].filter(Boolean).join(' '), n.payerAddress),
    district: cut(a.district, n.payerDistrict),
    city: cut(a.city, n.payerCity),
    state: a.state ?? '',
    postalCode: a.postal_code ?? '',
  };
}

/**
 * "Seu número": the charge's external code when the layout holds it whole, else its number (an
 * identifier is never cut: a cut code could name another title).
 */
function seuNumero(charge: { external_code: string | null; number: number | string }, length: number): string {
  const code = charge.external_code === null ? '' : normalizeAlpha(charge.external_code).trim();
  return code !== '' && code.length <= length ? code : String(charge.number);
}

/** One title of a remittance as the clerk reviews it before the file is made. */
export interface RemittanceLine {
  boleto_id: string;
  charge_id: string;
  charge_number: number;
  customer_id: string;
  customer_name: string;
  nosso_numero: string;
  /** What the bank is asked to do: "entry" registers a new boleto, the others change one it has. */
  movement: MovementKind;
  /** The layout's code for it ("01" entrada, "02" baixa… in the FEBRABAN 240) and the manual's text. */
  movement_code: string;
  movement_text: string;
  issue_date: string;
  due_date: string;
  amount_cents: number;
  discount: NonNullable<RemessaBoleto['discount']> | null;
  interest: NonNullable<RemessaBoleto['interest']> | null;
  fine: NonNullable<RemessaBoleto['fine']> | null;
}

interface RemittanceContents {
  /** New boletos (movement 01), marked with the remittance once it is made. */
  entries: BoletoRow[];
  /** Pending instructions about boletos the bank has, marked with the remittance once it is made. */
  movements: MovementToRemit[];
  /** In file order: the entries, then the instructions. */
  items: RemessaBoleto[];
  lines: RemittanceLine[];
}

/** Titles whose charges, payers and terms are read per statement: this many at a time. */
const READ_BATCH = 1000;

/** The layout an account writes in (a value the migration's check and the account's validation let through). */
function layoutOf(account: { remittance_layout: string }): RemittanceLayout {
  const layout = remittanceLayout(account.remittance_layout);
  if (!layout) throw new Error(`unknown remittance layout ${account.remittance_layout}`);
  return layout;
}

async function remittanceItems(
  tx: Tx,
  scope: Scope,
  accountId: string,
  accountNumber: number,
  layout: RemittanceLayout,
): Promise<RemittanceContents> {
  const entries = await q.boletosToRemit(tx, scope.tenantId, accountId, layout.maxTitles);
  const movements = await q.movementsToRemit(tx, scope.tenantId, accountId, layout.maxTitles - entries.length);
  if (entries.length === 0 && movements.length === 0)
    throw conflict('nothing_to_remit', `Collection account #${accountNumber} has no boleto or instruction waiting to be sent to the bank`);
  const items: RemessaBoleto[] = [];
  const lines: RemittanceLine[] = [];
  const lengths = textLengthsOf(layout);
  const add = (
    b: BoletoRow,
    charge: boletoQ.ChargeRow,
    payer: PayerRow,
    movement: MovementKind,
    extra: Pick<RemessaBoleto, 'discount' | 'interest' | 'fine' | 'rebateCents' | 'protestDays'>,
  ) => {
    // Queued under a layout that offered it; an account that changed layout since may not: the clerk
    // is told which title, rather than a file the bank would reject.
    const code = layout.movements[movement];
    if (!code)
      throw conflict(
        'movement_not_offered',
        `Layout ${layout.name} of collection account #${accountNumber} has no "${movement}" movement (boleto ${b.nosso_numero})`,
      );
    const item: RemessaBoleto = {
      movement,
      nossoNumero: b.nosso_numero_digits,
      documentNumber: seuNumero(charge, lengths.documentNumber),
      issueDate: b.issue_date,
      dueDate: b.due_date,
      amountCents: Number(b.amount_cents),
      payer: payerOf(payer, lengths),
      ...extra,
    };
    items.push(item);
    lines.push({
      boleto_id: b.id,
      charge_id: charge.id,
      charge_number: Number(charge.number),
      customer_id: payer.id,
      customer_name: payer.name,
      nosso_numero: b.nosso_numero,
      movement,
      movement_code: code.code,
      movement_text: code.text,
      issue_date: b.issue_date,
      due_date: b.due_date,
      amount_cents: item.amountCents,
      discount: item.discount ?? null,
      interest: item.interest ?? null,
      fine: item.fine ?? null,
    });
  };
  // Entries: each live boleto with its charge, payer and line services in one statement per batch,
  // then the terms of the batch (two statements).
  for (let i = 0; i < entries.length; i += READ_BATCH) {
    const batch = entries.slice(i, i + READ_BATCH);
    const rows = new Map(
      (
        await boletoQ.printRows(
          tx,
          scope.tenantId,
          batch.map((b) => b.charge_id),
        )
      ).map((r) => [r.boleto.id, r]),
    );
    const read = batch.map((b) => rows.get(b.id)!);
    const terms = await loadChargeTermsMany(
      tx,
      scope.tenantId,
      read.map((r) => ({ charge: r.charge, customer: r.payer, serviceIds: r.service_ids })),
    );
    batch.forEach((b, k) => {
      add(b, read[k].charge, read[k].payer, 'entry', remittanceTerms(terms[k], b.due_date, Number(b.amount_cents)));
    });
  }
  // Instructions name the title as it is now (a due-date or amount change carries the new value): its
  // charge and payer, no terms (they went with the entry).
  for (let i = 0; i < movements.length; i += READ_BATCH) {
    const batch = movements.slice(i, i + READ_BATCH);
    const charges = new Map(
      (
        await boletoQ.chargesByIds(
          tx,
          scope.tenantId,
          batch.map((m) => m.charge_id),
        )
      ).map((c) => [c.id, c]),
    );
    const payers = await boletoQ.payersOf(tx, scope.tenantId, [...new Set([...charges.values()].map((c) => c.customer_id))]);
    for (const m of batch) {
      const charge = charges.get(m.charge_id)!;
      add(m, charge, payers.get(charge.customer_id)!, m.movement_kind, {
        rebateCents: m.movement_rebate_cents ?? undefined,
        protestDays: m.movement_protest_days ?? undefined,
      });
    }
  }
  return { entries, movements, items, lines };
}

const entryTotal = (lines: RemittanceLine[]) => lines.reduce((s, l) => s + (l.movement === 'entry' ? l.amount_cents : 0), 0);

export interface RemittancePreview {
  collection_account_id: string;
  file_name: string;
  file_sequence: number;
  /** The account's remittance layout (GET /v1/remittance-layouts). */
  format: string;
  /** New boletos (movement 01). */
  boleto_count: number;
  /** Instructions about boletos the bank already has (e.g. 02 write-offs). */
  movement_count: number;
  /** Sum of the new boletos: instructions move no money. */
  total_cents: number;
  boletos: RemittanceLine[];
}

/** What the next remittance would contain, boleto by boleto; marks nothing and takes no file sequence. */
export async function previewRemittance(tx: Tx, scope: Scope, accountRef: string): Promise<RemittancePreview> {
  const account = await resolveAccount(tx, scope, accountRef);
  const layout = layoutOf(account);
  const { entries, movements, lines } = await remittanceItems(tx, scope, account.id, account.number, layout);
  return {
    collection_account_id: account.id,
    file_name: fileNameOf(account, account.next_file_sequence),
    file_sequence: account.next_file_sequence,
    format: layout.id,
    boleto_count: entries.length,
    movement_count: movements.length,
    total_cents: entryTotal(lines),
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
  const layout = layoutOf(account);
  const { entries, movements, items, lines } = await remittanceItems(tx, scope, account.id, account.number, layout);
  const fileSequence = opts.preview ? account.next_file_sequence : await accountsQ.takeFileSequence(tx, scope.tenantId, account.id);
  const content = layout.build({
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
      variation: account.variation ?? undefined,
    },
    boletos: items,
  });
  const total = entryTotal(lines);
  const fileName = fileNameOf(account, fileSequence);
  if (opts.preview)
    return {
      remittance_id: null,
      file_name: fileName,
      file_sequence: fileSequence,
      boleto_count: entries.length,
      movement_count: movements.length,
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
      format: layout.id,
      boleto_count: entries.length,
      movement_count: movements.length,
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
    entries.map((b) => b.id),
  );
  await recordMovementsRemitted(
    tx,
    scope,
    row.id,
    movements.map((m) => m.movement_id),
  );
  await recordEvent(tx, scope, {
    type: 'remittance.created',
    resourceType: 'remittance',
    resourceId: row.id,
    after: {
      ...row,
      boleto_ids: entries.map((b) => b.id),
      write_off_boleto_ids: movements.filter((m) => m.movement_kind === 'write_off').map((m) => m.id),
      movements: movements.map((m) => ({ boleto_id: m.id, movement: m.movement_kind })),
    },
  });
  return {
    remittance_id: row.id,
    file_name: fileName,
    file_sequence: fileSequence,
    boleto_count: entries.length,
    movement_count: movements.length,
    total_cents: total,
    preview: false,
    content,
  };
}

/** The next remittance, made and kept; the clerk downloads it from file_url. */
export async function createRemittance(tx: Tx, scope: Scope, accountRef: string, opts: { today: string; now: Date }) {
  const r = await generateRemittance(tx, scope, accountRef, { ...opts, preview: false });
  const row = (await q.findRemittance(tx, scope.tenantId, r.remittance_id!))!;
  return {
    id: row.id,
    collection_account_id: row.collection_account_id,
    file_sequence: row.file_sequence,
    format: row.format,
    boleto_count: row.boleto_count,
    movement_count: row.movement_count,
    total_cents: row.total_cents,
    file_name: row.file_name,
    created_at: row.created_at,
    file_url: `/v1/remittances/${row.id}/file`,
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
