// The printed boleto of a charge: gathers the boleto, its collection account, the charge, the payer
// and the payment terms into the BoletoDocument that src/boleto/pdf renders. Batches of charges are
// read with a handful of set-based statements (boleto + charge + payer + line services in one,
// payment terms in two, accounts once per request), and long lists are streamed batch by batch,
// the next batch read while the PDF writes the current one.
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { formatDocument, type DocumentKind } from '../platform/documents.ts';
import { bankName, formatLinhaDigitavel } from '../febraban/index.ts';
import type { BoletoDocument } from './pdf/index.ts';
import { payerAddress, type Payer } from './boletos.ts';
import { instructionLines, loadChargeTermsMany } from './terms.ts';
import * as q from './queries.ts';
import { collectGarbage } from '../platform/gc.ts';

/** The bank's code with its check digit, as printed in the boleto header. */
const BANK_DIGIT: Record<string, string> = {
  '001': '9',
  '004': '3',
  '033': '7',
  '041': '8',
  '070': '1',
  '084': '1', // Uniprime, as BoletoNetCore prints it (modulo 11 of 084)
  '085': '0', // as Ailos' own test boleto prints it (brcobranca says 1)
  '104': '0',
  '136': '8',
  '237': '2',
  '341': '7',
  '422': '7',
  '748': 'X',
  '756': '0',
};

const withDigit = (v: string, d: string | null) => (d ? `${v}-${d}` : v);

/** 'Agência / Código do Beneficiário' as each bank prints it. */
export function agencyAccountText(a: q.AccountRow): string {
  switch (a.bank_code) {
    case '033':
      return `${a.agency} / ${a.convenio ?? ''}`;
    case '104':
    case '756':
      return `${a.agency} / ${a.beneficiary_code ?? ''}`;
    case '748':
      return `${a.agency}.${(a.post ?? '').padStart(2, '0')}.${a.beneficiary_code ?? ''}`;
    case '041': {
      // Banrisul prints agência / código do beneficiário as 'AAAA / CCCCCC.C.NC'.
      const code = a.account.padStart(7, '0');
      return `${a.agency.padStart(4, '0')} / ${code.slice(0, 6)}.${code.slice(6)}${a.account_digit ? `.${a.account_digit}` : ''}`;
    }
    default:
      return `${withDigit(a.agency, a.agency_digit)} / ${withDigit(a.account, a.account_digit)}`;
  }
}

interface AddressLike {
  street: string | null;
  complement: string | null;
  district: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
}

export function addressLine(a: AddressLike & { number?: unknown; street_number?: string | null }): string {
  const number = a.street_number ?? (typeof a.number === 'string' ? a.number : null);
  const cep = a.postal_code && /^\d{8}$/.test(a.postal_code) ? `${a.postal_code.slice(0, 5)}-${a.postal_code.slice(5)}` : a.postal_code;
  return [
    [a.street, number].filter(Boolean).join(', '),
    a.complement,
    a.district,
    [a.city, a.state].filter(Boolean).join('/'),
    cep ? `CEP ${cep}` : null,
  ]
    .filter((p) => p && String(p).trim() !== '')
    .join(' - ');
}

/** How a payer's document is printed: formatted CPF/CNPJ when it is one, else as stored. */
export function payerDocument(c: Payer & { document_formatted?: string | null }): string {
  if (c.document_formatted !== undefined) return c.document_formatted ?? c.document ?? '';
  if (!c.document) return '';
  if (c.document_kind !== 'cpf' && c.document_kind !== 'cnpj') return c.document;
  try {
    return formatDocument(c.document_kind as DocumentKind, c.document);
  } catch {
    return c.document;
  }
}

export function boletoDocument(
  boleto: q.BoletoRow,
  account: q.AccountRow,
  charge: q.ChargeRow,
  customer: Payer & { document_formatted?: string | null },
  instructions: string[],
  today: string,
): BoletoDocument {
  const payerAddr = payerAddress(customer);
  return {
    bank: {
      code: account.bank_code,
      name: bankName(account.bank_code) ?? account.bank_code,
      digit: `${account.bank_code}-${BANK_DIGIT[account.bank_code] ?? '0'}`,
    },
    beneficiary: {
      name: account.beneficiary_name,
      document: formatDocument(account.beneficiary_document_kind, account.beneficiary_document),
      address: addressLine(account.beneficiary_address),
    },
    agencyAccount: agencyAccountText(account),
    nossoNumero: boleto.nosso_numero,
    documentNumber: charge.external_code ?? String(charge.number),
    carteira: account.carteira,
    especieDoc: 'DM',
    aceite: 'N',
    // "Data do Documento" is the date of the document the boleto collects (the charge), not the day
    // the boleto happened to be issued (lazily, often on the first print).
    issueDate: charge.issue_date,
    processingDate: today,
    dueDate: boleto.due_date,
    amountCents: Number(boleto.amount_cents),
    payer: {
      name: customer.name,
      document: payerDocument(customer),
      address: payerAddr ? addressLine(payerAddr) : '',
    },
    instructions: instructions.slice(0, 11),
    localPagamento: boleto.pix_payload
      ? 'Pagável em qualquer banco ou via Pix (QR Code ao lado)'
      : 'Pagável em qualquer banco até o vencimento',
    linhaDigitavelFormatted: formatLinhaDigitavel(boleto.linha_digitavel),
    barcode: boleto.barcode,
    ...(boleto.pix_payload ? { pixPayload: boleto.pix_payload } : {}),
    demonstrative: [`Cobrança nº ${charge.number}${charge.description ? ` - ${charge.description}` : ''}`],
  };
}

/** One printed page with the rows it was made from. */
export interface PrintedBoleto {
  doc: BoletoDocument;
  boleto: q.BoletoRow;
  charge: q.ChargeRow;
  account: q.AccountRow;
}

/** Collection accounts read once per request (a carnê's boletos are on one or a few). */
export type AccountCache = Map<string, q.AccountRow>;

/**
 * The pages of these charges' live boletos, in the order given (charges without a live boleto are
 * left out): one statement for boletos, charges, payers and line services, then the payment terms
 * (two statements, resolvePaymentTermsMany) and any account not yet in `accounts`, concurrently.
 */
export async function loadBoletoPages(
  db: Queryable,
  scope: Scope,
  chargeIds: string[],
  today: string,
  accounts: AccountCache = new Map(),
): Promise<PrintedBoleto[]> {
  if (!chargeIds.length) return [];
  const rows = await q.printRows(db, scope.tenantId, chargeIds);
  if (!rows.length) return [];
  const missing = [...new Set(rows.map((r) => r.boleto.collection_account_id))].filter((id) => !accounts.has(id));
  const [terms] = await Promise.all([
    loadChargeTermsMany(
      db,
      scope.tenantId,
      rows.map((r) => ({ charge: r.charge, customer: r.payer, serviceIds: r.service_ids })),
    ),
    missing.length
      ? q.accountsByIds(db, scope.tenantId, missing).then((list) => {
          for (const a of list) accounts.set(a.id, a);
        })
      : null,
  ]);
  return rows.map((r, i) => {
    const account = accounts.get(r.boleto.collection_account_id)!;
    const lines = instructionLines(terms[i], r.boleto.due_date, Number(r.boleto.amount_cents), r.payer, account.instructions);
    return { doc: boletoDocument(r.boleto, account, r.charge, r.payer, lines, today), boleto: r.boleto, charge: r.charge, account };
  });
}

/** Pages read per batch when streaming a carnê. */
export const PRINT_BATCH = 500;

/**
 * The documents of these charges' live boletos, in the order given, read PRINT_BATCH charges at a
 * time: while the consumer renders one batch the next is already being read, and at most two
 * batches are held in memory, whatever the length of the list. Every YIELD_EVERY pages it waits
 * for a turn of the event loop.
 */
export async function* chargeBoletoDocuments(
  db: Queryable,
  scope: Scope,
  chargeIds: readonly string[],
  today: string,
  batch = PRINT_BATCH,
  /** Turns each printed page into the document drawn (a 2ª via, the carnê's installment numbers). */
  map: (page: PrintedBoleto) => BoletoDocument = (p) => p.doc,
): AsyncGenerator<BoletoDocument> {
  const accounts: AccountCache = new Map();
  const load = (from: number) => {
    const p = loadBoletoPages(db, scope, chargeIds.slice(from, from + batch), today, accounts);
    p.catch(() => {}); // awaited below; a consumer that stops early must not leave an unhandled rejection
    return p;
  };
  let next: Promise<PrintedBoleto[]> | null = load(0);
  let n = 0;
  for (let from = 0; next; from += batch) {
    const pages: PrintedBoleto[] = await next;
    next = from + batch < chargeIds.length ? load(from + batch) : null;
    for (const p of pages) {
      // Drawing a page is synchronous: give the event loop a turn now and then, so the server keeps
      // answering other requests during a long carnê.
      if (++n % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
      if (chargeIds.length >= GC_EVERY_PAGES && n % GC_EVERY_PAGES === 1) collectGarbage();
      yield map(p);
    }
  }
}

const YIELD_EVERY = 20;

/**
 * A long carnê allocates ~3 MB of short-lived PDF buffers and strings per 1,000 pages, much of it
 * promoted (it waits in the streams), and V8 lets the old generation of a server whose live set is
 * ~100 MB grow by a few hundred MB before its first full collection: the process, not the pages,
 * is what made a 10,000-page carnê peak above 500 MB (the pages are never held: the live heap grows
 * by ~1.2 KB per page, pdfkit's page tree). In a list of GC_EVERY_PAGES or more, a full collection
 * before the first page (the issuing of the boletos leaves garbage too) and every GC_EVERY_PAGES
 * pages keeps the peak near the live set, for a few seconds in a 10,000-page carnê. Same technique as the imports
 * (src/imports/run-import.ts); where the runtime refuses, nothing happens.
 */
const GC_EVERY_PAGES = 100;

/** Documents for these boletos (their charges' live boletos, read in batches as above). */
export async function* boletoDocuments(
  db: Queryable,
  scope: Scope,
  boletos: AsyncIterable<q.BoletoRow> | Iterable<q.BoletoRow>,
  today: string,
): AsyncGenerator<BoletoDocument> {
  let ids: string[] = [];
  for await (const b of boletos) {
    ids.push(b.charge_id);
    if (ids.length === PRINT_BATCH) {
      yield* chargeBoletoDocuments(db, scope, ids, today);
      ids = [];
    }
  }
  if (ids.length) yield* chargeBoletoDocuments(db, scope, ids, today);
}
