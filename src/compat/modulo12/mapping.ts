// SmartSindico partner API ⇄ Cobre mapping: partner = tenant, customer = customer, transaction =
// one-off charge. Translation only. The product's free `info` and the transaction's `type` and
// `tenant*` payer fields are kept in the domain's metadata (keys `modulo12.*`) and read back from it.
import { DomainError } from '../../platform/errors.ts';
import type { Tenant } from '../../tenants/tenants.ts';
import type { Customer, CustomerCreate } from '../../customers/schemas.ts';
import type { Charge, ChargeCreate } from '../../charges/schemas.ts';
import { STATUS_CODES, type CustomerIn, type TransactionIn } from './schemas.ts';

export function presentPartner(t: Tenant, mode: string) {
  return {
    id: t.id,
    name: t.legal_name,
    tradingName: t.trading_name,
    document: t.document_formatted,
    documentType: t.document_kind,
    country: t.country,
    email: t.technical_contact.email,
    phone: t.technical_contact.phone,
    technicalContact: t.technical_contact,
    mode,
    createdAt: t.created_at,
  };
}

const META = 'modulo12.';

/** `info` as text: an escaped JSON string is kept as sent, an object is written as JSON. */
export function infoText(info: unknown): string | null {
  if (info === undefined || info === null) return null;
  const text = typeof info === 'string' ? info : JSON.stringify(info);
  if (text.length > 500) {
    throw new DomainError('validation_failed', 'info is kept as text of at most 500 characters', [
      { field: 'info', issue: 'must be at most 500 characters as JSON text' },
    ]);
  }
  return text;
}

/** A customer with a CNPJ is a company (PJ); otherwise an individual (PF) with an optional CPF. */
export function toCustomerCreate(b: CustomerIn): CustomerCreate {
  const name = b.name ?? b.nome;
  if (name === undefined) throw new DomainError('validation_failed', 'name is required', [{ field: 'name', issue: 'is required' }]);
  if (b.name !== undefined && b.nome !== undefined && b.name !== b.nome) {
    throw new DomainError('validation_failed', 'name and nome differ; send one of them', [{ field: 'nome', issue: 'differs from name' }]);
  }
  const info = infoText(b.info);
  const cpf = b.cpf?.trim() || null;
  const cnpj = b.cnpj?.trim() || null;
  if (cpf && cnpj)
    throw new DomainError('validation_failed', 'A customer has a CPF or a CNPJ, not both', [
      { field: 'cnpj', issue: 'send either cpf or cnpj' },
    ]);
  const pj = cnpj !== null;
  const a = b.address;
  return {
    person_type: pj ? 'PJ' : 'PF',
    name,
    document: pj ? cnpj : cpf,
    ...(b.rg !== undefined ? { rg: b.rg } : {}),
    ...(b.rgIssuer !== undefined ? { rg_issuer: b.rgIssuer } : {}),
    ...(b.birthDate !== undefined ? { birth_date: b.birthDate } : {}),
    emails: b.email ? [{ email: b.email, is_primary: true }] : [],
    phones: b.phone ? [{ number: b.phone }] : [],
    addresses: a
      ? [
          {
            street: a.street ?? null,
            number: a.number ?? null,
            complement: a.complement ?? null,
            district: a.district ?? null,
            city: a.city ?? null,
            state: a.state ?? null,
            postal_code: a.postalCode ?? null,
          },
        ]
      : [],
    ...(b.externalCode !== undefined ? { external_code: b.externalCode } : {}),
    ...(info !== null ? { metadata: { [`${META}info`]: info } } : {}),
  };
}

/** Domain field → partner API field (for error details). */
export function partnerField(field: string | undefined): string | undefined {
  if (!field) return field;
  const f = field.replace(/^body\./, '');
  if (f === 'document') return 'cpf/cnpj';
  if (f === 'rg_issuer') return 'rgIssuer';
  if (f === 'birth_date') return 'birthDate';
  if (f === 'external_code') return 'externalCode';
  if (f === 'due_date') return 'dueDate';
  if (f === 'amount_cents') return 'amount';
  if (f === 'payment_method') return 'paymentMethod';
  if (/^metadata/.test(f)) return 'info';
  if (/^emails/.test(f)) return 'email';
  if (/^phones/.test(f)) return 'phone';
  const addr = /^addresses\[\d+\]\.(\w+)$/.exec(f);
  if (addr) return `address.${addr[1] === 'postal_code' ? 'postalCode' : addr[1]}`;
  return f;
}

export function presentSummary(c: Customer) {
  return {
    id: c.id,
    name: c.name,
    rg: c.rg,
    cpf: c.document_kind === 'cpf' ? c.document : null,
    cnpj: c.document_kind === 'cnpj' ? c.document : null,
  };
}

export function presentCustomerDetail(c: Customer) {
  const a = c.addresses.find((x) => x.is_primary) ?? null;
  return {
    id: c.id,
    number: c.number,
    personType: c.person_type,
    name: c.name,
    rg: c.rg,
    rgIssuer: c.rg_issuer,
    cpf: c.document_kind === 'cpf' ? c.document : null,
    cnpj: c.document_kind === 'cnpj' ? c.document : null,
    birthDate: c.birth_date,
    email: c.primary_email,
    phone: c.phones[0]?.number ?? null,
    address: a
      ? {
          street: a.street,
          number: a.street_number,
          complement: a.complement,
          district: a.district,
          city: a.city,
          state: a.state,
          postalCode: a.postal_code,
          country: a.country,
        }
      : null,
    externalCode: c.external_code,
    info: typeof c.metadata[`${META}info`] === 'string' ? (c.metadata[`${META}info`] as string) : null,
    active: c.active,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** "150.00", "150.5", "150,50", 150.5 → 15050 cents (exact: from the decimal text, never float arithmetic). */
export function amountToCents(amount: string | number, field = 'amount'): number {
  const s = typeof amount === 'number' ? String(amount) : amount.trim().replace(',', '.');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m)
    throw new DomainError('validation_failed', `${field} must be a positive amount in reais with at most 2 decimals`, [
      { field, issue: 'must be reais with at most 2 decimals, e.g. 150.00' },
    ]);
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (cents <= 0) throw new DomainError('validation_failed', `${field} must be positive`, [{ field, issue: 'must be greater than zero' }]);
  return cents;
}

/** The amount from amount, value (the product's) or billAccountValue (its older form): one is required; several must agree. */
function transactionCents(b: TransactionIn): number {
  const given = (['amount', 'value', 'billAccountValue'] as const)
    .filter((f) => b[f] !== undefined)
    .map((f) => ({ field: f, cents: amountToCents(b[f]!, f) }));
  if (given.length === 0)
    throw new DomainError('validation_failed', 'value is required (reais, e.g. 150.5)', [{ field: 'value', issue: 'is required' }]);
  const other = given.find((g) => g.cents !== given[0].cents);
  if (other)
    throw new DomainError('validation_failed', `${given[0].field} and ${other.field} differ; send one of them`, [
      { field: other.field, issue: `differs from ${given[0].field}` },
    ]);
  return given[0].cents;
}

const TENANT_FIELDS = [
  'tenantFirstName',
  'tenantLastName',
  'tenantCpf',
  'tenantEmail',
  'tenantCellPhone',
  'tenantBirthDate',
  'tenantName',
  'tenantDocument',
  'documentInstructions',
] as const;
const ADDRESS_FIELDS = ['logradouro', 'bairro', 'cep', 'cidade', 'uf'] as const;

/**
 * The product's transaction fields the charge has no column for, as charge metadata: type, info and the
 * payer (`tenant*`, the resident who pays). Only the values sent; nulls and empty strings are left out.
 */
function transactionMetadata(b: TransactionIn): Record<string, string | number> {
  const m: Record<string, string | number> = { source: 'modulo12' };
  if (b.type !== undefined && b.type !== null) m[`${META}type`] = b.type;
  const info = infoText(b.info);
  if (info !== null) m[`${META}info`] = info;
  for (const f of TENANT_FIELDS) {
    const v = b[f];
    if (typeof v === 'string' && v !== '') m[`${META}${f}`] = v;
  }
  const a = b.tenantAddress;
  if (typeof a === 'string') {
    if (a !== '') m[`${META}tenantAddress`] = a;
  } else if (a) {
    for (const f of ADDRESS_FIELDS) if (typeof a[f] === 'string' && a[f] !== '') m[`${META}tenantAddress.${f}`] = a[f]!;
  }
  return m;
}

/** The older body names the customer too (`customer: 2`): it must be the customer of the path. */
export function checkBodyCustomer(b: TransactionIn, customer: Pick<Customer, 'id' | 'number'>): void {
  if (b.customer === undefined || b.customer === null) return;
  const ref = String(b.customer).trim().toLowerCase();
  if (ref !== String(customer.number) && ref !== customer.id) {
    throw new DomainError('validation_failed', 'customer in the body is not the customer of the path', [
      { field: 'customer', issue: `must be ${customer.number} (the customer of the path) or be left out` },
    ]);
  }
}

export function toChargeCreate(customerId: string, b: TransactionIn): ChargeCreate {
  const instructions = b.documentInstructions?.trim() || null;
  const description = b.description ?? instructions;
  return {
    customer_id: customerId,
    amount_cents: transactionCents(b),
    due_date: b.dueDate,
    ...(description ? { description } : {}),
    ...(b.paymentMethod ? { payment_method: b.paymentMethod } : {}),
    ...(b.externalCode ? { external_code: b.externalCode } : {}),
    metadata: transactionMetadata(b),
  };
}

const reais = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export type StatusCode = keyof typeof STATUS_CODES;

/**
 * The product's status codes are the SICOOB return-file occurrences (GetStarted.md: 1 "Pending",
 * 2 "Entrada Confirmada" = "Boleto confirmado pelo SICOOB"); 6 Liquidação and 9 Baixa are the same
 * table's codes for paid and written off. A charge still to be paid is 2 once its boleto exists
 * (issued or registered: print_bill returns it), 1 before.
 */
export function statusOf(c: Pick<Charge, 'status'>, hasBoleto: boolean): { statusCode: StatusCode; statusDescription: string } {
  const code: StatusCode = c.status === 'paid' ? 6 : c.status === 'cancelled' ? 9 : hasBoleto ? 2 : 1;
  return { statusCode: code, statusDescription: STATUS_CODES[code] };
}

/** Jackson's default date-time format, the product's `timestamp`: 2019-01-29T19:33:08.000+0000. */
export function jacksonTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

export function presentTransaction(c: Charge, ctx: { customerNumber: number; hasBoleto: boolean }) {
  const meta = (k: string): string | null => {
    const v = c.metadata[`${META}${k}`];
    return typeof v === 'string' ? v : null;
  };
  const type = c.metadata[`${META}type`];
  const addressParts = ADDRESS_FIELDS.map((f) => [f, meta(`tenantAddress.${f}`)] as const);
  const tenantAddress = addressParts.some(([, v]) => v !== null) ? Object.fromEntries(addressParts) : meta('tenantAddress');
  return {
    id: c.id,
    number: c.number,
    customerId: c.customer_id,
    description: c.description,
    amount: reais(c.amount_cents),
    amountCents: c.amount_cents,
    paidAmount: reais(c.paid_cents),
    issueDate: c.issue_date,
    dueDate: c.due_date,
    status: c.status,
    paymentMethod: c.payment_method,
    externalCode: c.external_code,
    paidAt: c.paid_at,
    cancelledAt: c.cancelled_at,
    createdAt: c.created_at,
    ...statusOf(c, ctx.hasBoleto),
    value: c.amount_cents / 100,
    billAccountValue: reais(c.amount_cents),
    customer: ctx.customerNumber,
    type: typeof type === 'number' && Number.isInteger(type) ? type : null,
    info: meta('info'),
    timestamp: jacksonTimestamp(c.created_at),
    tenantFirstName: meta('tenantFirstName'),
    tenantLastName: meta('tenantLastName'),
    tenantBirthDate: meta('tenantBirthDate'),
    tenantEmail: meta('tenantEmail'),
    tenantCellPhone: meta('tenantCellPhone'),
    tenantCpf: meta('tenantCpf'),
    tenantAddress: tenantAddress as
      | { logradouro: string | null; bairro: string | null; cep: string | null; cidade: string | null; uf: string | null }
      | string
      | null,
    tenantName: meta('tenantName'),
    tenantDocument: meta('tenantDocument'),
    documentInstructions: meta('documentInstructions'),
  };
}
