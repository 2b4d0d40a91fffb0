// Validation and normalisation of a customer, as plain data in and plain data out. The same
// rules serve the API, the spreadsheet import and the compatibility dialects.
import { DomainError, type ErrorDetail } from '../platform/errors.ts';
import { normalizeDocument } from '../platform/documents.ts';
import { normalizeEmail, normalizePhone } from './contact.ts';
import { normalizePostalCode, normalizeUf, PT_REGIONS } from './postal.ts';
import { isKnownCountry } from './countries.ts';
import type { CustomerCreate } from './schemas.ts';

export type CustomerDraft = CustomerCreate;

export interface NormalizedEmail {
  id?: string;
  email: string;
  label: string | null;
  is_primary: boolean;
}

export interface NormalizedAddress {
  id?: string;
  label: string | null;
  is_primary: boolean;
  for_billing: boolean;
  for_delivery: boolean;
  street: string | null;
  street_number: string | null;
  complement: string | null;
  district: string | null;
  city: string | null;
  state: string | null;
  region: string | null;
  postal_code: string | null;
  country: string;
  reference: string | null;
  responsible_name: string | null;
  kind: number | null;
}

export interface NormalizedCustomer {
  person_type: 'PF' | 'PJ';
  document_kind: string | null;
  document: string | null;
  name: string;
  trading_name: string | null;
  state_registration: string | null;
  municipal_registration: string | null;
  birth_date: string | null;
  gender: string | null;
  rg: string | null;
  rg_issuer: string | null;
  country: string;
  tax_region: string | null;
  phones: { number: string; type: string; label: string | null }[];
  website: string | null;
  contact_name: string | null;
  notes: string | null;
  internal_notes: string | null;
  associate: boolean;
  final_consumer: boolean;
  cash_vat: boolean;
  tax_exempt: boolean;
  external_code: string | null;
  active: boolean;
  metadata: Record<string, unknown>;
  emails: NormalizedEmail[];
  addresses: NormalizedAddress[];
}

const text = (v: string | null | undefined): string | null => {
  if (v === undefined || v === null) return null;
  const t = v.trim().replace(/\s+/g, ' ');
  return t === '' ? null : t;
};

/** Collects every problem of a record, so one response lists them all. */
class Problems {
  readonly details: ErrorDetail[] = [];
  add(field: string, issue: string) {
    this.details.push({ field, issue });
  }
  run<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof DomainError) {
        if (err.details.length) this.details.push(...err.details);
        else this.details.push({ issue: err.message });
        return fallback;
      }
      throw err;
    }
  }
}

function pastDate(d: string, today: string): boolean {
  return d <= today && d >= '1900-01-01';
}

export function normalizeCustomer(input: CustomerDraft, opts: { today: string }): NormalizedCustomer {
  const p = new Problems();
  const personType = input.person_type;
  const country = (input.country ?? 'BR').toUpperCase();
  if (!isKnownCountry(country)) p.add('country', `${country} is not an ISO 3166-1 alpha-2 country code`);

  const name = text(input.name);
  if (!name) p.add('name', 'is required');

  let documentKind: string | null = null;
  let document: string | null = null;
  const rawDoc = text(input.document);
  if (rawDoc) {
    const doc = p.run(() => normalizeDocument(rawDoc, { personType, country, field: 'document' }), null);
    if (doc) {
      documentKind = doc.kind;
      document = doc.value;
    }
  }

  // Fields that only make sense for one person type are refused on the other, rather than
  // silently stored: a PF with a trading name is almost always a data-entry mistake.
  const pjOnly = ['trading_name', 'state_registration', 'municipal_registration'] as const;
  const pfOnly = ['birth_date', 'gender', 'rg', 'rg_issuer'] as const;
  for (const f of personType === 'PF' ? pjOnly : pfOnly) {
    if (text(input[f] as string | null | undefined) !== null) p.add(f, `applies only to ${personType === 'PF' ? 'PJ' : 'PF'} customers`);
  }

  let stateRegistration = text(input.state_registration);
  if (stateRegistration) {
    const compact = stateRegistration.replace(/[.\-/\s]/g, '').toUpperCase();
    if (compact === 'ISENTO') stateRegistration = 'ISENTO';
    else if (/^\d{2,14}$/.test(compact)) stateRegistration = compact;
    else p.add('state_registration', 'must be digits or ISENTO');
  }

  const birthDate = input.birth_date ?? null;
  if (birthDate && !pastDate(birthDate, opts.today)) p.add('birth_date', 'must be a date between 1900-01-01 and today');

  let taxRegion = text(input.tax_region)?.toUpperCase() ?? null;
  if (taxRegion && !PT_REGIONS.includes(taxRegion)) p.add('tax_region', `must be one of ${PT_REGIONS.join(', ')}`);
  if (taxRegion && country !== 'PT') p.add('tax_region', 'applies only to customers in Portugal');
  if (!taxRegion && country === 'PT') taxRegion = 'PT';

  const phones = (input.phones ?? []).map((ph, i) => {
    const n = p.run(() => normalizePhone(ph.number, { country, field: `phones[${i}].number` }), null);
    return { number: n?.number ?? '', type: ph.type ?? (n && /^\+55\d{2}9/.test(n.number) ? 'mobile' : 'landline'), label: text(ph.label) };
  });

  const emails: NormalizedEmail[] = (input.emails ?? []).map((e, i) => ({
    ...(e.id ? { id: e.id } : {}),
    email: p.run(() => normalizeEmail(e.email, `emails[${i}].email`), ''),
    label: text(e.label),
    is_primary: e.is_primary ?? false,
  }));
  const seenEmails = new Set<string>();
  emails.forEach((e, i) => {
    if (e.email && seenEmails.has(e.email)) p.add(`emails[${i}].email`, 'is repeated');
    seenEmails.add(e.email);
  });
  fixPrimary(emails, 'emails', p);

  const addresses: NormalizedAddress[] = (input.addresses ?? []).map((a, i) => normalizeAddress(a, i, country, p));
  fixPrimary(addresses, 'addresses', p);

  const metadata = input.metadata ?? {};
  if (JSON.stringify(metadata).length > 8192) p.add('metadata', 'must be at most 8 KB of JSON');

  if (p.details.length) {
    throw new DomainError(
      p.details.some((d) => d.field === 'document') && p.details.length === 1 ? 'invalid_document' : 'validation_failed',
      'The customer is invalid: ' + p.details.map((d) => (d.field ? `${d.field} ${d.issue}` : d.issue)).join('; '),
      p.details,
    );
  }

  return {
    person_type: personType,
    document_kind: documentKind,
    document,
    name: name!,
    trading_name: text(input.trading_name),
    state_registration: stateRegistration,
    municipal_registration: text(input.municipal_registration),
    birth_date: birthDate,
    gender: input.gender ?? null,
    rg: text(input.rg)?.toUpperCase() ?? null,
    rg_issuer: text(input.rg_issuer)?.toUpperCase() ?? null,
    country,
    tax_region: taxRegion,
    phones,
    website: text(input.website),
    contact_name: text(input.contact_name),
    notes: input.notes?.trim() || null,
    internal_notes: input.internal_notes?.trim() || null,
    associate: input.associate ?? false,
    final_consumer: input.final_consumer ?? personType === 'PF',
    cash_vat: input.cash_vat ?? false,
    tax_exempt: input.tax_exempt ?? false,
    external_code: text(input.external_code),
    active: input.active ?? true,
    metadata,
    emails,
    addresses,
  };
}

function fixPrimary(items: { is_primary: boolean }[], field: string, p: Problems): void {
  const primaries = items.filter((x) => x.is_primary).length;
  if (primaries > 1) p.add(field, 'only one may be primary');
  else if (primaries === 0 && items.length > 0) items[0].is_primary = true;
}

type AddressDraft = NonNullable<CustomerDraft['addresses']>[number];

export function normalizeAddress(a: AddressDraft, i: number, customerCountry: string, p = new Problems()): NormalizedAddress {
  const f = (name: string) => `addresses[${i}].${name}`;
  const country = (a.country ?? (customerCountry === 'PT' ? 'PT' : customerCountry)).toUpperCase();
  if (!isKnownCountry(country)) p.add(f('country'), `${country} is not a known country code`);
  const isBr = country === 'BR';
  let state = text(a.state);
  if (isBr) {
    if (!state) p.add(f('state'), 'is required for Brazilian addresses (UF)');
    else state = p.run(() => normalizeUf(state!, f('state')), state);
  }
  let postal: string | null = null;
  const rawPostal = text(a.postal_code);
  if (rawPostal) postal = p.run(() => normalizePostalCode(country, rawPostal, f('postal_code')).value, null);
  else if (isBr || PT_REGIONS.includes(country)) p.add(f('postal_code'), 'is required');
  if (isBr && !text(a.city)) p.add(f('city'), 'is required for Brazilian addresses');
  return {
    ...(a.id ? { id: a.id } : {}),
    label: text(a.label),
    is_primary: a.is_primary ?? false,
    for_billing: a.for_billing ?? true,
    for_delivery: a.for_delivery ?? true,
    street: text(a.street),
    street_number: text(a.number),
    complement: text(a.complement),
    district: text(a.district),
    city: text(a.city),
    state,
    region: text(a.region),
    postal_code: postal,
    country,
    reference: text(a.reference),
    responsible_name: text(a.responsible_name),
    kind: a.kind ?? null,
  };
}
