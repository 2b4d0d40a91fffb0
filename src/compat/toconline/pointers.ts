// Where a problem points in a TOConline request: a domain field (or a request-schema path) → the
// JSON:API pointer of the attribute the client sent. Used by the problems collector and the error
// renderer; knows nothing of the mapping itself.
import type { ErrorDetail } from '../../platform/errors.ts';

const CUSTOMER_ATTRS: Record<string, string> = {
  document: 'tax_registration_number',
  name: 'business_name',
  contact_name: 'contact_name',
  website: 'website',
  notes: 'observations',
  internal_notes: 'internal_observations',
  final_consumer: 'not_final_customer',
  cash_vat: 'cashed_vat',
  tax_exempt: 'is_tax_exempt',
  tax_region: 'tax_country_region',
  country: 'country_iso_alpha_2',
  person_type: 'tax_registration_number',
};
const ADDRESS_ATTRS: Record<string, string> = {
  street: 'address_detail',
  number: 'address_detail',
  city: 'city',
  postal_code: 'postcode',
  state: 'region',
  region: 'region',
  label: 'name',
  is_primary: 'is_primary',
  for_billing: 'for_charge',
  for_delivery: 'for_discharge',
};

export type PointerContext =
  | { kind: 'customers'; phoneAttrs: string[] }
  | { kind: 'addresses' }
  | { kind: 'email_addresses' }
  | { kind: 'other' };

/** A detail field (a JSON:API pointer already, a request-schema path, or a domain field) → a pointer. */
export function pointerFor(field: string | undefined, ctx: PointerContext): string | undefined {
  if (!field || field === '(body)') return field === '(body)' ? '/data' : undefined;
  if (field.startsWith('/')) return field;
  if (field.startsWith('querystring.') || field.startsWith('params.')) return undefined;
  const f = field.replace(/^body\./, '');
  if (f.startsWith('data'))
    return (
      '/' +
      f
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .join('/')
    );
  const attr = (name: string) => `/data/attributes/${name}`;
  if (ctx.kind === 'customers') {
    const phone = /^phones\[(\d+)\]/.exec(f);
    if (phone) return attr(ctx.phoneAttrs[Number(phone[1])] ?? 'phone_number');
    if (/^emails/.test(f)) return attr('email');
    if (/^metadata/.test(f)) return attr('data');
    const base = f.split(/[.[]/)[0];
    return attr(CUSTOMER_ATTRS[base] ?? base);
  }
  if (ctx.kind === 'addresses') {
    const m = /^addresses\[\d+\]\.(\w+)/.exec(f);
    const name = m ? m[1] : f;
    if (name === 'country') return '/data/relationships/country';
    return attr(ADDRESS_ATTRS[name] ?? name);
  }
  if (ctx.kind === 'email_addresses') {
    if (/^emails\[\d+\]\.email$/.test(f) || f === 'email') return attr('email');
    if (/^emails(\[\d+\])?$/.test(f)) return attr('email');
    const name = f.replace(/^emails\[\d+\]\./, '');
    return attr(name === 'label' ? 'name' : name);
  }
  return undefined;
}

export function detailsFor(details: ErrorDetail[], ctx: PointerContext) {
  return details.map((d) => ({ pointer: pointerFor(d.field, ctx), field: d.field, issue: d.issue }));
}
