// The printed boleto of a charge: gathers the boleto, its collection account, the charge, the payer
// and the payment terms into the BoletoDocument that src/boleto/pdf renders.
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { getCustomer } from '../customers/customers.ts';
import type { Customer } from '../customers/schemas.ts';
import { formatDocument } from '../customers/documents.ts';
import { bankName, formatLinhaDigitavel } from './febraban/index.ts';
import type { BoletoDocument } from './pdf/index.ts';
import type { CollectionAccountRow } from './accounts/queries.ts';
import * as accountsQ from './accounts/queries.ts';
import { payerAddress } from './boletos.ts';
import { instructionLines, loadChargeTerms } from './terms.ts';
import * as q from './queries.ts';

/** The bank's code with its check digit, as printed in the boleto header. */
const BANK_DIGIT: Record<string, string> = { '001': '9', '033': '7', '104': '0', '237': '2', '341': '7', '748': 'X', '756': '0' };

const withDigit = (v: string, d: string | null) => (d ? `${v}-${d}` : v);

/** 'Agência / Código do Beneficiário' as each bank prints it. */
export function agencyAccountText(a: CollectionAccountRow): string {
  switch (a.bank_code) {
    case '033':
      return `${a.agency} / ${a.convenio ?? ''}`;
    case '104':
    case '756':
      return `${a.agency} / ${a.beneficiary_code ?? ''}`;
    case '748':
      return `${a.agency}.${(a.post ?? '').padStart(2, '0')}.${a.beneficiary_code ?? ''}`;
    default:
      return `${withDigit(a.agency, a.agency_digit)} / ${withDigit(a.account, a.account_digit)}`;
  }
}

interface AddressLike { street: string | null; complement: string | null; district: string | null; city: string | null; state: string | null; postal_code: string | null }

function addressLine(a: AddressLike & { number?: unknown; street_number?: string | null }): string {
  const number = a.street_number ?? (typeof a.number === 'string' ? a.number : null);
  const cep = a.postal_code && /^\d{8}$/.test(a.postal_code) ? `${a.postal_code.slice(0, 5)}-${a.postal_code.slice(5)}` : a.postal_code;
  return [
    [a.street, number].filter(Boolean).join(', '),
    a.complement,
    a.district,
    [a.city, a.state].filter(Boolean).join('/'),
    cep ? `CEP ${cep}` : null,
  ].filter((p) => p && String(p).trim() !== '').join(' - ');
}

export function boletoDocument(
  boleto: q.BoletoRow,
  account: CollectionAccountRow,
  charge: q.ChargeRow,
  customer: Customer,
  instructions: string[],
  today: string,
): BoletoDocument {
  const payerAddr = payerAddress(customer);
  return {
    bank: { code: account.bank_code, name: bankName(account.bank_code) ?? account.bank_code, digit: `${account.bank_code}-${BANK_DIGIT[account.bank_code] ?? '0'}` },
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
    issueDate: boleto.issue_date,
    processingDate: today,
    dueDate: boleto.due_date,
    amountCents: Number(boleto.amount_cents),
    payer: {
      name: customer.name,
      document: customer.document_formatted ?? customer.document ?? '',
      address: payerAddr ? addressLine(payerAddr) : '',
    },
    instructions: instructions.slice(0, 11),
    localPagamento: boleto.pix_payload ? 'Pagável em qualquer banco ou via Pix (QR Code ao lado)' : 'Pagável em qualquer banco até o vencimento',
    linhaDigitavelFormatted: formatLinhaDigitavel(boleto.linha_digitavel),
    barcode: boleto.barcode,
    ...(boleto.pix_payload ? { pixPayload: boleto.pix_payload } : {}),
    demonstrative: [`Cobrança nº ${charge.number}${charge.description ? ` - ${charge.description}` : ''}`],
  };
}

/** Documents for these boletos, loading what each needs (accounts and customers cached per call). */
export async function* boletoDocuments(db: Queryable, scope: Scope, boletos: AsyncIterable<q.BoletoRow> | Iterable<q.BoletoRow>, today: string): AsyncGenerator<BoletoDocument> {
  const accounts = new Map<string, CollectionAccountRow>();
  const customers = new Map<string, Customer>();
  for await (const b of boletos) {
    let account = accounts.get(b.collection_account_id);
    if (!account) {
      account = (await accountsQ.findAccount(db, scope.tenantId, b.collection_account_id))!;
      accounts.set(account.id, account);
    }
    const charge = (await q.findCharge(db, scope.tenantId, b.charge_id))!;
    let customer = customers.get(charge.customer_id);
    if (!customer) {
      customer = await getCustomer(db, scope, charge.customer_id);
      if (customers.size > 1000) customers.clear();
      customers.set(customer.id, customer);
    }
    const terms = await loadChargeTerms(db, scope.tenantId, charge, customer);
    const lines = instructionLines(terms, b.due_date, Number(b.amount_cents), customer, account.instructions);
    yield boletoDocument(b, account, charge, customer, lines, today);
  }
}
