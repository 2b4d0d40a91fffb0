// The boleto PDF of one charge as a Buffer, without Fastify: for e-mail attachments and the payer's
// page. With `updated`, a 2ª via: FEBRABAN boletos keep the barcode's amount, so the updated amount
// of an overdue charge goes into the ficha's (-) Desconto, (+) Mora/Multa and (=) Valor Cobrado boxes.
import { PassThrough } from 'node:stream';
import type { Db } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';
import { renderBoletoPdf, type BoletoDocument } from './pdf/index.ts';
import * as boletos from './boletos.ts';
import { loadBoletoPages, type PrintedBoleto } from './document.ts';
import * as q from './queries.ts';
import { chargeNotPayable } from './errors.ts';

export interface UpdatedAmounts {
  /** What is due on `today` (the engine's total). */
  dueTodayCents: number;
  /** Fine + interest (+ surcharges) on `today`. */
  fineAndInterestCents: number;
  /** Discounts on `today`. */
  discountCents: number;
}

/**
 * The printed page of one charge: read without a transaction when its boleto exists, else issued
 * first (ensureChargeBoleto, which also gives the 404/409s). Same behaviour as GET
 * /v1/charges/{id}/boleto.pdf.
 */
export async function chargeBoletoPage(db: Db, scope: Scope, ref: string, today: string): Promise<PrintedBoleto> {
  let id: string | null = isUuid(ref) ? ref.toLowerCase() : null;
  if (!id && /^\d{1,15}$/.test(ref)) id = await q.findChargeIdByNumber(db, scope.tenantId, Number(ref));
  if (id) {
    const [page] = await loadBoletoPages(db, scope, [id], today);
    if (page) {
      // A paid charge keeps its (paid) boleto row: it must not be offered for payment again.
      if (page.charge.status === 'paid' || page.charge.status === 'cancelled') throw chargeNotPayable(page.charge);
      return page;
    }
  }
  for (let attempt = 0; ; attempt++) {
    const r = await db
      .transaction((tx) => boletos.ensureChargeBoleto(tx, scope, ref, { today }))
      .catch(async (e: unknown) => {
        const reason = e instanceof DomainError ? e.meta?.reason : undefined;
        if (reason === 'charge_paid' || reason === 'charge_cancelled') throw chargeNotPayable(await boletos.resolveCharge(db, scope, ref));
        throw e;
      });
    const [page] = await loadBoletoPages(db, scope, [r.charge.id], today);
    if (page) return page;
    if (attempt === 2)
      throw new DomainError('conflict', 'The boleto of this charge keeps being cancelled while it is printed; try again', [], {
        reason: 'boleto_cancelled_concurrently',
      });
  }
}

/** Renders documents to one PDF in memory. */
export async function renderPdfBuffer(docs: BoletoDocument[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await renderBoletoPdf(docs, out);
  return Buffer.concat(chunks);
}

/** The document of a 2ª via: the page's boleto with the updated amounts in the value boxes. */
export function secondCopyDocument(doc: BoletoDocument, u: UpdatedAmounts): BoletoDocument {
  return {
    ...doc,
    charged: { discountCents: u.discountCents, fineAndInterestCents: u.fineAndInterestCents, totalCents: u.dueTodayCents },
    instructions: [`2ª via emitida em ${brDate(doc.processingDate)}: valor atualizado ${brl(u.dueTodayCents)}.`, ...doc.instructions].slice(
      0,
      11,
    ),
  };
}

const brDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const brl = (cents: number) =>
  'R$ ' + new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);

/**
 * The boleto PDF of a charge (issuing its boleto first when it has none). `opts.updated` makes it
 * a 2ª via with those amounts. Throws the boleto use cases' DomainErrors (404, 409 with reason).
 */
export async function chargeBoletoPdf(
  db: Db,
  scope: Scope,
  chargeRef: string,
  today: string,
  opts: { updated?: UpdatedAmounts } = {},
): Promise<Buffer> {
  const page = await chargeBoletoPage(db, scope, chargeRef, today);
  return renderPdfBuffer([opts.updated ? secondCopyDocument(page.doc, opts.updated) : page.doc]);
}
