// What a clerk prints for many charges: which charges a carnê or a second copy (2ª via) includes and
// which it skips (paid, cancelled, not payable by boleto, unknown), the installment numbers of a
// booklet, the 2ª via's recomputed boleto, and the receipt of a paid charge. docs/boletos.md.
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError, type ErrorDetail } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';
import { formatDocument, type DocumentKind } from '../platform/documents.ts';
import { getChargeRow, getChargeRows, listChargePayments } from '../charges/charges.ts';
import { amountsDueOf } from '../charges/amount-due.ts';
import { formatLinhaDigitavel, generateBoletoNumbers } from '../febraban/index.ts';
import { accountData } from './accounts/collection-accounts.ts';
import type { BoletoDocument, ReceiptDocument } from './pdf/index.ts';
import { chargePixPayload } from './boletos.ts';
import { addressLine, payerDocument, type PrintedBoleto } from './document.ts';
import * as q from './queries.ts';

export type SkipReason = 'paid' | 'cancelled' | 'not_boleto' | 'not_found';

export interface Skipped {
  charge_id: string;
  number: number | null;
  status: string | null;
  reason: SkipReason;
}

export interface PrintPlan {
  /** The charges to print, in the order given (ids lower-cased, duplicates dropped). */
  included: q.ChargeRow[];
  skipped: Skipped[];
}

/** Why a charge is left out of a carnê or a 2ª via, or null when it is printed. */
export function skipReason(charge: Pick<q.ChargeRow, 'status' | 'payment_method'>): SkipReason | null {
  if (charge.status === 'paid') return 'paid';
  if (charge.status === 'cancelled') return 'cancelled';
  if (charge.payment_method === 'pix') return 'not_boleto';
  return null;
}

/** Splits the charges of a print request into those printed and those skipped (with why). One statement. */
export async function planPrint(db: Queryable, scope: Scope, chargeIds: readonly string[]): Promise<PrintPlan> {
  const ids = [...new Set(chargeIds.map((id) => id.toLowerCase()))];
  const rows = new Map((await q.chargesByIds(db, scope.tenantId, ids.filter(isUuid))).map((c) => [c.id, c]));
  const plan: PrintPlan = { included: [], skipped: [] };
  for (const id of ids) {
    const charge = rows.get(id);
    if (!charge) {
      plan.skipped.push({ charge_id: id, number: null, status: null, reason: 'not_found' });
      continue;
    }
    const reason = skipReason(charge);
    if (reason) plan.skipped.push({ charge_id: id, number: Number(charge.number), status: charge.status, reason });
    else plan.included.push(charge);
  }
  return plan;
}

/** 409 `nothing_to_print`: every charge asked for was skipped (each one listed with its reason). */
export function nothingToPrint(chargeIds: readonly string[], skipped: Skipped[]): DomainError {
  const index = new Map(chargeIds.map((id, i) => [id.toLowerCase(), i] as const).reverse());
  const details: ErrorDetail[] = skipped
    .slice(0, 100)
    .map((s) => ({ field: `charge_ids[${index.get(s.charge_id) ?? 0}]`, issue: s.reason }));
  return new DomainError('nothing_to_print', `None of the ${skipped.length} charges can be printed: ${summary(skipped)}`, details, {
    skipped: skipped.slice(0, 100),
  });
}

function summary(skipped: Skipped[]): string {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
}

/** The response headers that say which charges were skipped: count, and their numbers (the id when unknown). */
export function skippedHeaders(skipped: Skipped[]): Record<string, string> {
  return {
    'cobre-skipped-count': String(skipped.length),
    'cobre-skipped': skipped.map((s) => (s.number === null ? s.charge_id : String(s.number))).join(','),
  };
}

/** "Parcela n/N": each charge's place among the printed charges of its payer, in print order. */
export function installments(included: readonly q.ChargeRow[]): Map<string, { n: number; total: number }> {
  const totals = new Map<string, number>();
  for (const c of included) totals.set(c.customer_id, (totals.get(c.customer_id) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out = new Map<string, { n: number; total: number }>();
  for (const c of included) {
    const n = (seen.get(c.customer_id) ?? 0) + 1;
    seen.set(c.customer_id, n);
    out.set(c.id, { n, total: totals.get(c.customer_id)! });
  }
  return out;
}

// ---------------------------------------------------------------- 2ª via

export interface SecondCopyAmount {
  charge_id: string;
  number: number;
  original_cents: number;
  amount_cents: number;
  due_date: string;
  /** The engine's breakdown on due_date (printed in the 2ª via's instructions). */
  discount_cents: number;
  surcharge_cents: number;
  fine_cents: number;
  interest_cents: number;
  paid_cents: number;
}

/**
 * What each included charge costs on `dueDate`: the payment-rules engine's total, the same numbers
 * as GET /v1/charges/{id}/amount-due?date= (amountsDueOf of the charges capability).
 */
export async function secondCopyAmounts(
  db: Queryable,
  scope: Scope,
  included: readonly q.ChargeRow[],
  dueDate: string,
): Promise<Map<string, SecondCopyAmount>> {
  const rows = await getChargeRows(
    db,
    scope,
    included.map((c) => c.id),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = included.map((c) => byId.get(c.id)).filter((r) => r !== undefined);
  const amounts = await amountsDueOf(db, scope, ordered, dueDate);
  return new Map(
    ordered.map((r, i) => {
      const b = amounts[i];
      return [
        r.id,
        {
          charge_id: r.id,
          number: Number(r.number),
          original_cents: Number(r.amount_cents),
          amount_cents: b.totalCents,
          due_date: dueDate,
          discount_cents: b.discounts.reduce((t, x) => t + x.amountCents, 0),
          surcharge_cents: b.surcharges.reduce((t, x) => t + x.amountCents, 0),
          fine_cents: b.fineCents,
          interest_cents: b.interestCents,
          paid_cents: b.paidCents,
        },
      ];
    }),
  );
}

/**
 * The 2ª via of a printed boleto: the same nosso número (the same título at the bank) with the
 * amount due on `dueDate` and that due date, the barcode and linha digitável recomputed for them,
 * the Pix (bolepix) recomputed for the new amount, and the captions marked "2ª via".
 */
export function secondCopyDocument(page: PrintedBoleto, account: q.AccountRow, amount: SecondCopyAmount, lines: string[]): BoletoDocument {
  const numbers = generateBoletoNumbers({
    account: accountData(account),
    sequence: Number(page.boleto.sequence),
    dueDate: amount.due_date,
    amountCents: amount.amount_cents,
    issueDate: page.boleto.issue_date,
  });
  if (numbers.nossoNumero !== page.boleto.nosso_numero) {
    // Never print a 2ª via that is another título than the boleto it replaces.
    throw new DomainError('conflict', `The 2ª via of charge #${page.charge.number} would change its nosso número`, [], {
      reason: 'second_copy_mismatch',
    });
  }
  const doc: BoletoDocument = {
    ...page.doc,
    dueDate: amount.due_date,
    amountCents: amount.amount_cents,
    barcode: numbers.barcode,
    linhaDigitavelFormatted: formatLinhaDigitavel(numbers.linhaDigitavel),
    instructions: lines,
    secondCopy: { updatedFor: amount.due_date },
    localPagamento: account.pix_key ? 'Pagável em qualquer banco ou via Pix (QR Code ao lado)' : 'Pagável em qualquer banco',
  };
  delete doc.pixPayload;
  delete doc.charged;
  if (account.pix_key) doc.pixPayload = chargePixPayload(account, page.charge, amount.amount_cents);
  return doc;
}

// ---------------------------------------------------------------- receipt

/** The receipt of a charge's payments; 409 `charge_has_no_payments` when none stands (none, or all reversed). */
export async function chargeReceipt(db: Queryable, scope: Scope, ref: string, today: string): Promise<ReceiptDocument> {
  const charge = await getChargeRow(db, scope, ref);
  const payments = (await listChargePayments(db, scope, charge.id)).filter((p) => !p.reversed_at);
  if (!payments.length) {
    throw new DomainError(
      'charge_has_no_payments',
      `Charge #${charge.number} has no payment to give a receipt for`,
      [{ field: 'payments', issue: 'none' }],
      {
        charge_id: charge.id,
        status: charge.status,
      },
    );
  }
  const [payers, account, tenant] = await Promise.all([
    q.payersOf(db, scope.tenantId, [charge.customer_id]),
    q.chargeAccountLean(db, scope.tenantId, charge.id),
    q.tenantParty(db, scope.tenantId),
  ]);
  const payer = payers.get(charge.customer_id)!;
  const issuer = account
    ? {
        name: account.beneficiary_name,
        document: formatDocument(account.beneficiary_document_kind, account.beneficiary_document),
        address: addressLine(account.beneficiary_address),
      }
    : { name: tenant?.legal_name ?? '', document: tenantDocument(tenant), address: '' };
  const paid = Number(charge.paid_cents);
  return {
    issuer,
    payer: { name: payer.name, document: payerDocument(payer) },
    charge: {
      number: Number(charge.number),
      description: charge.description,
      documentNumber: charge.external_code ?? String(charge.number),
      amountCents: Number(charge.amount_cents),
      dueDate: charge.due_date,
      issueDate: charge.issue_date,
    },
    payments: payments.map((p) => ({
      paidOn: p.paid_on,
      method: p.method,
      amountCents: p.amount_cents,
      refundedCents: p.refunded_cents ?? 0,
    })),
    totalPaidCents: paid,
    openCents: charge.status === 'cancelled' ? 0 : Math.max(0, Number(charge.amount_cents) - paid),
    issuedOn: today,
  };
}

function tenantDocument(t: { document_kind: string | null; document: string | null } | null): string {
  if (!t?.document) return '';
  try {
    return t.document_kind === 'cpf' || t.document_kind === 'cnpj'
      ? formatDocument(t.document_kind as DocumentKind, t.document)
      : t.document;
  } catch {
    return t.document;
  }
}
