// TOConline (JSON:API) ⇄ Cobre mapping. Translation only; NIF, postcode, phone and e-mail rules are
// the domain's, and its error fields come back as JSON:API pointers to TOConline's attributes.
import { DomainError, type ErrorCode } from '../../platform/errors.ts';
import type { Customer, CustomerCreate, CustomerPatch } from '../../customers/schemas.ts';
import type { Address, AddressFields, Email } from '../../customers/customer-contacts.ts';
import { customerToDraft } from '../../customers/present-customer.ts';
import { COUNTRIES, countryByCode, type Country } from '../../customers/countries.ts';
import { PT_REGIONS } from '../../customers/postal.ts';
import { normalizePhone } from '../../customers/contact.ts';
import type { AddressAttributesIn, CustomerAttributesIn, RelIn } from './schemas.ts';
import type { Problems } from './problems.ts';

/** Metadata keys under this prefix hold TOConline values the domain has no field for; hidden from `data`. */
export const HIDDEN_PREFIX = 'toconline.';
/** metadata key that holds TOConline's saft_import_id. */
export const SAFT_KEY = 'toconline.saft_import_id';
/** A phone_number / mobile_number that is no valid phone number, kept as the client sent it. */
export const PHONE_TEXT_KEY = { phone_number: 'toconline.phone_number', mobile_number: 'toconline.mobile_number' } as const;
/** A tax_country_region the domain's tax_region cannot hold (UE, NON-UE, another country's code). */
export const REGION_TEXT_KEY = 'toconline.tax_country_region';
const hidden = (k: string) => k.startsWith(HIDDEN_PREFIX);

/**
 * Stands in for a country the request got wrong (ISO 3166's user-assigned ZZ is no country), so the
 * other attributes are still checked, under the rules that assume the least about the country. It
 * is never written: the country's own problem is reported first and the request refused.
 */
export const UNKNOWN_COUNTRY = 'ZZ';

function bad(pointer: string, issue: string, code: ErrorCode = 'validation_failed'): DomainError {
  return new DomainError(code, issue, [{ field: pointer, issue }]);
}

// ---- ids ----

/** TOConline ids are integers; JSON:API sends them as strings. */
export function intId(raw: unknown, pointer: string): number {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^[1-9]\d{0,14}$/.test(s)) throw bad(pointer, 'must be a positive integer id');
  return Number(s);
}

export function relId(rel: RelIn | undefined, pointer: string): number | undefined {
  const data = rel?.data;
  if (data === undefined || data === null || Array.isArray(data)) return undefined;
  if (data.id === undefined || data.id === null) return undefined;
  return intId(data.id, `${pointer}/data/id`);
}

// ---- countries ----
// TOConline's own ids: 1 = PT, 2 = PT-MA, 3 = PT-AC (the product's, as its document and clients
// use them: `country_id: 1`). Every other country keeps Cobre's stable id, except the three that
// held 1-3 (AD, AE, AF), which take the ids Cobre gives PT, PT-MA and PT-AC (184, 251, 250).

const TOC_SWAP: Record<string, number> = { PT: 1, 'PT-MA': 2, 'PT-AC': 3, AD: 184, AE: 251, AF: 250 };

export function tocCountryId(c: Country): number {
  return TOC_SWAP[c.iso_alpha_2] ?? c.id;
}

const BY_TOC_ID = new Map(COUNTRIES.map((c) => [tocCountryId(c), c]));

export function countryByTocId(id: number): Country | undefined {
  return BY_TOC_ID.get(id);
}

/** The countries in TOConline id order (PT, PT-MA, PT-AC first). */
export const TOC_COUNTRIES: readonly Country[] = [...COUNTRIES].sort((a, b) => tocCountryId(a) - tocCountryId(b));

export function countryById(id: number, pointer = '/data/relationships/country/data/id'): Country {
  const c = countryByTocId(id);
  if (!c) throw bad(pointer, `${id} is not a country id (see GET /countries)`);
  return c;
}

/** A country_id attribute: a TOConline id (number or digits), or an ISO code ("PT", "PT-AC"). */
export function countryOfAttribute(raw: unknown, pointer: string): Country {
  if (typeof raw === 'string' && /^[A-Za-z]{2}(-[A-Za-z]{2})?$/.test(raw.trim())) {
    const c = countryByCode(raw);
    if (!c) throw bad(pointer, `${raw} is not a country (see GET /countries)`);
    return c;
  }
  return countryById(intId(raw, pointer), pointer);
}

/** addressable_type / contactable_type: Customer (also when absent); anything else is not kept by Cobre. */
export function checkCustomerType(raw: string | null | undefined, pointer: string): void {
  if (raw === undefined || raw === null || raw.trim() === '' || /^customers?$/i.test(raw.trim())) return;
  throw new DomainError('unprocessable', `${raw} records are not managed by Cobre: only Customer`, [
    { field: pointer, issue: `${raw} is not supported: only Customer` },
  ]);
}

// ---- customers ----

// NIF leading digits (AT): 1-3 and 45 individuals, 8 sole traders (individuals); 5, 6, 7x, 9x collective entities.
function ptPersonType(nif: string): 'PF' | 'PJ' {
  const v = nif.replace(/\D/g, '');
  if (/^[123]/.test(v) || v.startsWith('45') || v.startsWith('8')) return 'PF';
  return 'PJ';
}

/**
 * PF or PJ, which TOConline does not say: in Portugal from the NIF's first digit (1, 2, 3, 45, 8 →
 * individual, else collective); in Brazil from the length (CPF 11, CNPJ 14); elsewhere a customer
 * with a tax id is a company; a customer without a tax id is an individual (consumidor final).
 */
export function inferPersonType(country: string, taxId: string | null | undefined): 'PF' | 'PJ' {
  const t = taxId?.trim();
  if (!t) return 'PF';
  if (country === 'PT') return ptPersonType(t);
  if (country === 'BR') return t.replace(/[^0-9A-Za-z]/g, '').length === 11 ? 'PF' : 'PJ';
  return 'PJ';
}

const SPECIAL_REGIONS = ['UE', 'NON-UE'];
const REGION_ISSUE = 'must be PT, PT-AC, PT-MA, UE, NON-UE or an ISO 3166-1 alpha-2 country code';

interface CountryRegion {
  country: string;
  tax_region?: string | null;
  /** undefined: unchanged; null: cleared; text: kept as sent (the domain's tax_region cannot hold it). */
  regionText?: string | null;
}

/**
 * country_iso_alpha_2 + tax_country_region → domain country and tax_region; problems go to `p`.
 * PT regions go to the domain's tax_region; a region equal to a foreign customer's country is the
 * domain's default; UE, NON-UE and other country codes are kept as text and returned as sent.
 */
function countryAndRegion(
  countryIn: string | null | undefined,
  regionIn: string | null | undefined,
  p: Problems,
  stored?: Customer,
): CountryRegion {
  const sentCountry = countryIn !== undefined && countryIn !== null && countryIn.trim() !== '';
  let country = sentCountry ? countryIn!.trim().toUpperCase() : countryIn === undefined ? (stored?.country ?? 'PT') : 'PT';
  let region: string | null | undefined = regionIn === undefined ? undefined : regionIn?.trim().toUpperCase() || null;
  const REGION = '/data/attributes/tax_country_region';
  const regionOk = (r: string) =>
    PT_REGIONS.includes(r) || SPECIAL_REGIONS.includes(r) || (/^[A-Z]{2}$/.test(r) && countryByCode(r) !== undefined);
  if (PT_REGIONS.includes(country) && country !== 'PT') {
    if (region !== undefined && region !== null && region !== country) p.add(REGION, `does not match country_iso_alpha_2 ${country}`);
    region = country;
    country = 'PT';
  }
  if (!/^[A-Z]{2}$/.test(country) || !countryByCode(country)) {
    p.add('/data/attributes/country_iso_alpha_2', `${countryIn} is not an ISO 3166-1 alpha-2 country code`);
    if (region && !regionOk(region)) p.add(REGION, REGION_ISSUE);
    return { country: UNKNOWN_COUNTRY, tax_region: null };
  }
  if (region && !regionOk(region)) {
    p.add(REGION, REGION_ISSUE);
    return { country, tax_region: null };
  }
  const countryChanges = countryIn !== undefined;
  if (country !== 'PT') {
    if (region && PT_REGIONS.includes(region)) p.add(REGION, `${region} applies only to customers in Portugal`);
    const text =
      region && region !== country && !PT_REGIONS.includes(region) ? region : region === undefined && !countryChanges ? undefined : null;
    return { country, tax_region: null, regionText: text };
  }
  if (region === undefined) {
    const base: CountryRegion = countryIn !== undefined && stored?.country !== 'PT' ? { country, tax_region: 'PT' } : { country };
    return countryChanges ? { ...base, regionText: null } : base;
  }
  if (region === null || PT_REGIONS.includes(region)) return { country, tax_region: region ?? 'PT', regionText: null };
  // UE, NON-UE or a foreign code for a customer in Portugal: the domain keeps its region, the text is returned.
  return { country, regionText: region };
}

type Phone = { number: string; type?: 'mobile' | 'landline' | 'whatsapp' | 'other'; label?: string | null };

export interface CustomerWrite<T> {
  input: T;
  /** Domain phone index → TOConline attribute, for error pointers. */
  phoneAttrs: string[];
}

/** A phone attribute as sent (string or JSON number) → text, null to remove, undefined when absent. */
function phoneText(v: string | number | null | undefined): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  return String(v).trim() || null;
}

/** Whether the domain's phone rules take the number (for the customer's country); otherwise it is kept as text. */
function isPhone(v: string, country: string): boolean {
  try {
    normalizePhone(v, { country });
    return true;
  } catch {
    return false;
  }
}

/**
 * phone_number / mobile_number onto the domain's phones: a number the domain's rules take becomes a
 * phone (landline or mobile); anything else the product would store as text (a freephone 800…, a
 * foreign number in national form, "(555) 123-4567 x89") is kept as text in hidden metadata and
 * returned as sent. `texts` gets the hidden values to set (or null to clear).
 */
function phonesWith(
  current: Phone[],
  attrs: CustomerAttributesIn,
  country: string,
  texts: Record<string, string | null>,
): { phones: Phone[]; attrs: string[] } {
  const phones = current.map((p) => ({ ...p }));
  const set = (raw: string | number | null | undefined, isMobile: boolean) => {
    const value = phoneText(raw);
    if (value === undefined) return;
    const key = PHONE_TEXT_KEY[isMobile ? 'mobile_number' : 'phone_number'];
    const i = phones.findIndex((p) =>
      isMobile ? p.type === 'mobile' || p.type === 'whatsapp' : p.type !== 'mobile' && p.type !== 'whatsapp',
    );
    const asText = value !== null && !isPhone(value, country);
    texts[key] = asText ? value : null;
    if (value === null || asText) {
      if (i >= 0) phones.splice(i, 1);
    } else if (i >= 0) phones[i] = { ...phones[i], number: value };
    else phones.push({ number: value, type: isMobile ? 'mobile' : 'landline' });
  };
  set(attrs.phone_number, false);
  set(attrs.mobile_number, true);
  return { phones, attrs: phones.map((p) => (p.type === 'mobile' || p.type === 'whatsapp' ? 'mobile_number' : 'phone_number')) };
}

function emailsWith(current: ReturnType<typeof customerToDraft>['emails'], email: string | null | undefined) {
  if (email === undefined) return current;
  const v = email?.trim();
  const primary = current.findIndex((e) => e.is_primary);
  if (!v) return current.filter((_, i) => i !== primary);
  if (primary >= 0) return current.map((e, i) => (i === primary ? { ...e, email: v } : e));
  return [{ email: v, is_primary: true }, ...current];
}

/** The customer's metadata after `data`, `saft_import_id` and the hidden texts; undefined when unchanged. */
function metadataWith(
  stored: Record<string, unknown>,
  a: CustomerAttributesIn,
  p: Problems,
  texts: Record<string, string | null>,
): Record<string, unknown> | undefined {
  const changes = Object.entries(texts).filter(([k, v]) => (v === null ? k in stored : stored[k] !== v));
  if (a.data === undefined && a.saft_import_id === undefined && changes.length === 0) return undefined;
  const kept = Object.fromEntries(Object.entries(stored).filter(([k]) => hidden(k)));
  const base: Record<string, unknown> =
    a.data !== undefined ? { ...a.data } : Object.fromEntries(Object.entries(stored).filter(([k]) => !hidden(k)));
  for (const k of Object.keys(base)) {
    if (a.data !== undefined && hidden(k)) {
      p.add('/data/attributes/data', `keys starting with ${HIDDEN_PREFIX} are reserved`);
      delete base[k];
    }
  }
  const out: Record<string, unknown> = { ...base, ...kept };
  if (a.saft_import_id !== undefined) {
    if (a.saft_import_id === null) delete out[SAFT_KEY];
    else out[SAFT_KEY] = a.saft_import_id;
  }
  for (const [k, v] of Object.entries(texts)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** JSON numbers and "" as clients send them → the strings (or null) the domain takes. */
function lenient(a: CustomerAttributesIn): CustomerAttributesIn & { tax_registration_number?: string | null } {
  const out = { ...a } as CustomerAttributesIn & { tax_registration_number?: string | null };
  if (a.tax_registration_number !== undefined)
    out.tax_registration_number = a.tax_registration_number === null ? null : String(a.tax_registration_number).trim() || null;
  return out;
}

/** The domain's create input; problems go to `p` (the input is then only good for checking the rest). */
export function toCreate(sent: CustomerAttributesIn, p: Problems): CustomerWrite<CustomerCreate> {
  const a = lenient(sent);
  if (a.business_name === undefined) p.add('/data/attributes/business_name', 'is required');
  const { country, tax_region, regionText } = countryAndRegion(a.country_iso_alpha_2, a.tax_country_region, p);
  const texts: Record<string, string | null> = {};
  if (regionText) texts[REGION_TEXT_KEY] = regionText;
  const { phones, attrs } = phonesWith([], a, country, texts);
  for (const [k, v] of Object.entries(texts)) if (v === null) delete texts[k];
  const input: CustomerCreate = {
    person_type: inferPersonType(country, a.tax_registration_number),
    name: a.business_name ?? '',
    document: a.tax_registration_number ?? null,
    country,
    ...(tax_region !== undefined ? { tax_region } : {}),
    contact_name: a.contact_name ?? null,
    website: a.website ?? null,
    notes: a.observations ?? null,
    internal_notes: a.internal_observations ?? null,
    ...(a.not_final_customer !== undefined ? { final_consumer: !a.not_final_customer } : {}),
    ...(a.cashed_vat !== undefined ? { cash_vat: a.cashed_vat } : {}),
    ...(a.is_tax_exempt !== undefined ? { tax_exempt: a.is_tax_exempt } : {}),
    phones,
    emails: a.email ? [{ email: a.email, is_primary: true }] : [],
  };
  const metadata = metadataWith({}, a, p, texts);
  if (metadata) input.metadata = metadata as CustomerCreate['metadata'];
  return { input, phoneAttrs: attrs };
}

/** Only the attributes sent change; the person type follows a changed tax number or country. Problems go to `p`. */
export function toPatch(sent: CustomerAttributesIn, stored: Customer, p: Problems): CustomerWrite<CustomerPatch> {
  const a = lenient(sent);
  const draft = customerToDraft(stored);
  const patch: CustomerPatch = {};
  const texts: Record<string, string | null> = {};
  if (a.business_name !== undefined) patch.name = a.business_name;
  const countryChanges = a.country_iso_alpha_2 !== undefined || a.tax_country_region !== undefined;
  if (countryChanges) {
    const { regionText, ...domain } = countryAndRegion(a.country_iso_alpha_2, a.tax_country_region, p, stored);
    Object.assign(patch, domain);
    if (regionText !== undefined) texts[REGION_TEXT_KEY] = regionText;
  }
  if (a.tax_registration_number !== undefined) patch.document = a.tax_registration_number;
  if (a.tax_registration_number !== undefined || patch.country !== undefined) {
    const personType = inferPersonType(
      patch.country ?? stored.country,
      a.tax_registration_number !== undefined ? a.tax_registration_number : stored.document,
    );
    if (personType !== stored.person_type) {
      patch.person_type = personType;
      // Fields of the other type, set through other APIs, do not survive the change of type.
      if (personType === 'PJ') Object.assign(patch, { birth_date: null, gender: null, rg: null, rg_issuer: null });
      else Object.assign(patch, { trading_name: null, state_registration: null, municipal_registration: null });
    }
  }
  if (a.contact_name !== undefined) patch.contact_name = a.contact_name;
  if (a.website !== undefined) patch.website = a.website;
  if (a.observations !== undefined) patch.notes = a.observations;
  if (a.internal_observations !== undefined) patch.internal_notes = a.internal_observations;
  if (a.not_final_customer !== undefined) patch.final_consumer = !a.not_final_customer;
  if (a.cashed_vat !== undefined) patch.cash_vat = a.cashed_vat;
  if (a.is_tax_exempt !== undefined) patch.tax_exempt = a.is_tax_exempt;
  const { phones, attrs } = phonesWith(draft.phones, a, patch.country ?? stored.country, texts);
  if (a.phone_number !== undefined || a.mobile_number !== undefined) patch.phones = phones;
  if (a.email !== undefined) patch.emails = emailsWith(draft.emails, a.email);
  const metadata = metadataWith(stored.metadata, a, p, texts);
  if (metadata) patch.metadata = metadata as CustomerPatch['metadata'];
  if (Object.keys(patch).length === 0) {
    // Nothing to change (e.g. only relationships or the ignored id): a no-op PATCH is still a valid PATCH.
    patch.name = stored.name;
  }
  return { input: patch, phoneAttrs: attrs };
}

/** Portuguese numbers in their national 9-digit form, as TOConline users type them; others in E.164. */
const phoneOut = (e164: string | undefined) => (e164 === undefined ? undefined : e164.startsWith('+351') ? e164.slice(4) : e164);

const rel = (type: string, id: number | string | null | undefined) => ({
  data: id === null || id === undefined ? null : { type, id: String(id) },
});

export function presentCustomer(c: Customer, accountId: string) {
  const landline = c.phones.find((p) => p.type !== 'mobile' && p.type !== 'whatsapp');
  const mobile = c.phones.find((p) => p.type === 'mobile' || p.type === 'whatsapp');
  const mainAddress = c.addresses.find((a) => a.is_primary);
  const mainEmail = c.emails.find((e) => e.is_primary);
  const saft = c.metadata[SAFT_KEY];
  const text = (k: string) => (typeof c.metadata[k] === 'string' ? (c.metadata[k] as string) : undefined);
  return {
    type: 'customers' as const,
    id: String(c.number),
    attributes: {
      id: c.number,
      tax_registration_number: c.document,
      business_name: c.name,
      contact_name: c.contact_name,
      website: c.website,
      phone_number: phoneOut(landline?.number) ?? text(PHONE_TEXT_KEY.phone_number) ?? null,
      mobile_number: phoneOut(mobile?.number) ?? text(PHONE_TEXT_KEY.mobile_number) ?? null,
      email: c.primary_email,
      observations: c.notes,
      internal_observations: c.internal_notes,
      not_final_customer: !c.final_consumer,
      cashed_vat: c.cash_vat,
      tax_country_region: text(REGION_TEXT_KEY) ?? (c.country === 'PT' ? (c.tax_region ?? 'PT') : c.country),
      country_iso_alpha_2: c.country,
      saft_import_id: typeof saft === 'number' ? saft : null,
      is_tax_exempt: c.tax_exempt,
      data: Object.fromEntries(Object.entries(c.metadata).filter(([k]) => !hidden(k))),
    },
    relationships: {
      company: rel('companies', accountId),
      main_address: rel('addresses', mainAddress?.number),
      addresses: { data: c.addresses.map((a) => ({ type: 'addresses', id: String(a.number) })) },
      main_email_address: rel('email_addresses', mainEmail?.number),
      email_addresses: { data: c.emails.map((e) => ({ type: 'email_addresses', id: String(e.number) })) },
      contacts: { data: c.emails.map((e) => ({ type: 'contacts', id: String(e.number) })) },
      tax_exemption_reason: rel('tax_exemption_reasons', null),
      defaults: rel('customer_defaults', null),
    },
  };
}

// ---- addresses ----

/** Address attributes → domain address fields. address_detail is the whole street line. */
export function toAddressFields(a: AddressAttributesIn, country: string | undefined, stored?: Address): Partial<AddressFields> {
  const out: Partial<AddressFields> = {};
  const effectiveCountry = country ?? stored?.country ?? 'PT';
  if (country !== undefined) out.country = country;
  if (a.address_detail !== undefined) Object.assign(out, { street: a.address_detail, number: null, complement: null, district: null });
  if (a.city !== undefined) out.city = a.city;
  if (a.postcode !== undefined) out.postal_code = a.postcode;
  if (a.region !== undefined || (country !== undefined && stored)) {
    const region = a.region !== undefined ? a.region : effectiveCountry === 'BR' ? (stored?.state ?? null) : (stored?.region ?? null);
    if (effectiveCountry === 'BR') Object.assign(out, { state: region, region: null });
    else Object.assign(out, { region, state: null });
  }
  if (a.name !== undefined) out.label = a.name;
  if (a.is_primary !== undefined) out.is_primary = a.is_primary;
  if (a.for_charge !== undefined) out.for_billing = a.for_charge;
  if (a.for_discharge !== undefined) out.for_delivery = a.for_discharge;
  return out;
}

function addressLine(a: Address): string | null {
  let line = [a.street, a.street_number].filter(Boolean).join(', ');
  if (a.complement) line += (line ? ' ' : '') + a.complement;
  if (a.district) line += (line ? ' - ' : '') + a.district;
  return line || null;
}

export function presentAddress(a: Address, customerNumber: number) {
  return {
    type: 'addresses' as const,
    id: String(a.number),
    attributes: {
      id: a.number,
      is_primary: a.is_primary,
      address_detail: addressLine(a),
      city: a.city,
      postcode: a.postal_code_formatted ?? a.postal_code,
      region: a.country === 'BR' ? a.state : a.region,
      name: a.label,
      for_discharge: a.for_delivery,
      for_charge: a.for_billing,
    },
    relationships: {
      country: rel('countries', countryByCode(a.country) ? tocCountryId(countryByCode(a.country)!) : null),
      customer: rel('customers', customerNumber),
    },
  };
}

// ---- e-mail addresses ----

export function presentEmail(e: Email, customerNumber: number) {
  return {
    type: 'email_addresses' as const,
    id: String(e.number),
    attributes: { id: e.number, email: e.email, is_primary: e.is_primary },
    relationships: { customer: rel('customers', customerNumber) },
  };
}

// ---- contacts (the customer's e-mail addresses, as the live product's /contacts) ----

export function presentContact(e: Email, customerNumber: number) {
  return {
    type: 'contacts' as const,
    id: String(e.number),
    attributes: {
      id: e.number,
      email: e.email,
      name: e.label ?? null,
      is_primary: e.is_primary,
      position: null,
      phone_number: null,
      mobile_number: null,
      categories: null,
      contactable_id: customerNumber,
      contactable_type: 'Customer',
    },
    relationships: { customer: rel('customers', customerNumber) },
  };
}

// ---- countries ----

export function presentCountry(c: Country) {
  const id = tocCountryId(c);
  return {
    type: 'countries' as const,
    id: String(id),
    attributes: {
      id,
      default_name: c.iso_alpha_2 === 'PT' ? 'Portugal - Continente' : c.name_pt,
      iso_alpha_2: c.iso_alpha_2,
      tax_country_region: c.iso_alpha_2,
      name: c.name_pt,
      name_en: c.name_en,
    },
  };
}
