// SmartSindico partner API ⇄ Cobre mapping: partner = tenant, customer = customer, transaction =
// one-off charge. Translation only.
import { DomainError } from '../../platform/errors.ts';
import type { Tenant } from '../../tenants/tenants.ts';
import type { Customer, CustomerCreate } from '../../customers/schemas.ts';
import type { Charge, ChargeCreate } from '../../charges/schemas.ts';
import type { CustomerIn, TransactionIn } from './schemas.ts';

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

/** A customer with a CNPJ is a company (PJ); otherwise an individual (PF) with an optional CPF. */
export function toCustomerCreate(b: CustomerIn): CustomerCreate {
  const cpf = b.cpf?.trim() || null;
  const cnpj = b.cnpj?.trim() || null;
  if (cpf && cnpj) throw new DomainError('validation_failed', 'A customer has a CPF or a CNPJ, not both', [{ field: 'cnpj', issue: 'send either cpf or cnpj' }]);
  const pj = cnpj !== null;
  const a = b.address;
  return {
    person_type: pj ? 'PJ' : 'PF',
    name: b.name,
    document: pj ? cnpj : cpf,
    ...(b.rg !== undefined ? { rg: b.rg } : {}),
    ...(b.rgIssuer !== undefined ? { rg_issuer: b.rgIssuer } : {}),
    ...(b.birthDate !== undefined ? { birth_date: b.birthDate } : {}),
    emails: b.email ? [{ email: b.email, is_primary: true }] : [],
    phones: b.phone ? [{ number: b.phone }] : [],
    addresses: a
      ? [{ street: a.street ?? null, number: a.number ?? null, complement: a.complement ?? null, district: a.district ?? null, city: a.city ?? null, state: a.state ?? null, postal_code: a.postalCode ?? null }]
      : [],
    ...(b.externalCode !== undefined ? { external_code: b.externalCode } : {}),
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
  if (/^emails/.test(f)) return 'email';
  if (/^phones/.test(f)) return 'phone';
  const addr = /^addresses\[\d+\]\.(\w+)$/.exec(f);
  if (addr) return `address.${addr[1] === 'postal_code' ? 'postalCode' : addr[1]}`;
  return f;
}

export function presentSummary(c: Customer) {
  return { id: c.id, name: c.name, rg: c.rg, cpf: c.document_kind === 'cpf' ? c.document : null, cnpj: c.document_kind === 'cnpj' ? c.document : null };
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
      ? { street: a.street, number: a.street_number, complement: a.complement, district: a.district, city: a.city, state: a.state, postalCode: a.postal_code, country: a.country }
      : null,
    externalCode: c.external_code,
    active: c.active,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** "150.00", "150.5", 150.5 → 15050 cents (exact: from the decimal text, never float arithmetic). */
export function amountToCents(amount: string | number): number {
  const s = typeof amount === 'number' ? String(amount) : amount;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new DomainError('validation_failed', 'amount must be a positive amount in reais with at most 2 decimals', [{ field: 'amount', issue: 'must be reais with at most 2 decimals, e.g. "150.00"' }]);
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (cents <= 0) throw new DomainError('validation_failed', 'amount must be positive', [{ field: 'amount', issue: 'must be greater than zero' }]);
  return cents;
}

export function toChargeCreate(customerId: string, b: TransactionIn): ChargeCreate {
  return {
    customer_id: customerId,
    amount_cents: amountToCents(b.amount),
    due_date: b.dueDate,
    ...(b.description ? { description: b.description } : {}),
    ...(b.paymentMethod ? { payment_method: b.paymentMethod } : {}),
    ...(b.externalCode ? { external_code: b.externalCode } : {}),
    metadata: { source: 'modulo12' },
  };
}

const reais = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export function presentTransaction(c: Charge) {
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
  };
}
