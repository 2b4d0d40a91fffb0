import type { Customer } from './schemas.ts';
import type { CustomerRow } from './queries.ts';
import { formatDocument, type DocumentKind } from '../platform/documents.ts';
import { normalizePhone } from './contact.ts';
import { normalizePostalCode } from './postal.ts';

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function presentCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    number: row.number,
    person_type: row.person_type,
    document: row.document,
    document_kind: row.document_kind,
    document_formatted: row.document && row.document_kind ? formatDocument(row.document_kind as DocumentKind, row.document) : null,
    name: row.name,
    trading_name: row.trading_name,
    state_registration: row.state_registration,
    municipal_registration: row.municipal_registration,
    birth_date: row.birth_date,
    gender: row.gender,
    rg: row.rg,
    rg_issuer: row.rg_issuer,
    country: row.country,
    tax_region: row.tax_region,
    phones: row.phones.map((p) => ({
      number: p.number,
      formatted: safe(() => normalizePhone(p.number).formatted, p.number),
      type: p.type,
      label: p.label ?? null,
    })),
    emails: row.emails.map((e) => ({ id: e.id, number: e.number, email: e.email, label: e.label, is_primary: e.is_primary })),
    primary_email: row.emails.find((e) => e.is_primary)?.email ?? null,
    addresses: row.addresses.map((a) => ({
      id: a.id,
      number: a.number,
      label: a.label,
      is_primary: a.is_primary,
      for_billing: a.for_billing,
      for_delivery: a.for_delivery,
      street: a.street,
      street_number: a.street_number,
      complement: a.complement,
      district: a.district,
      city: a.city,
      state: a.state,
      region: a.region,
      postal_code: a.postal_code,
      postal_code_formatted: a.postal_code ? safe(() => normalizePostalCode(a.country, a.postal_code!).formatted, a.postal_code) : null,
      country: a.country,
      reference: a.reference,
      responsible_name: a.responsible_name,
      kind: a.kind,
    })),
    website: row.website,
    contact_name: row.contact_name,
    notes: row.notes,
    internal_notes: row.internal_notes,
    associate: row.associate,
    final_consumer: row.final_consumer,
    cash_vat: row.cash_vat,
    tax_exempt: row.tax_exempt,
    external_code: row.external_code,
    active: row.active,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deactivated_at: row.deactivated_at,
  };
}

/** The editable fields of a stored customer, in input shape (for merging a PATCH). */
export function customerToDraft(c: Customer) {
  return {
    person_type: c.person_type as 'PF' | 'PJ',
    name: c.name,
    document: c.document,
    trading_name: c.trading_name,
    state_registration: c.state_registration,
    municipal_registration: c.municipal_registration,
    birth_date: c.birth_date,
    gender: c.gender as 'female' | 'male' | 'other' | 'not_informed' | null,
    rg: c.rg,
    rg_issuer: c.rg_issuer,
    country: c.country,
    tax_region: c.tax_region,
    phones: c.phones.map((p) => ({ number: p.number, type: p.type as 'mobile', label: p.label })),
    emails: c.emails.map((e) => ({ id: e.id, email: e.email, label: e.label, is_primary: e.is_primary })),
    addresses: c.addresses.map((a) => ({
      id: a.id,
      label: a.label,
      is_primary: a.is_primary,
      for_billing: a.for_billing,
      for_delivery: a.for_delivery,
      street: a.street,
      number: a.street_number,
      complement: a.complement,
      district: a.district,
      city: a.city,
      state: a.state,
      region: a.region,
      postal_code: a.postal_code,
      country: a.country,
      reference: a.reference,
      responsible_name: a.responsible_name,
      kind: a.kind,
    })),
    website: c.website,
    contact_name: c.contact_name,
    notes: c.notes,
    internal_notes: c.internal_notes,
    associate: c.associate,
    final_consumer: c.final_consumer,
    cash_vat: c.cash_vat,
    tax_exempt: c.tax_exempt,
    external_code: c.external_code,
    active: c.active,
    metadata: c.metadata as Record<string, string | number | boolean | null>,
  };
}
