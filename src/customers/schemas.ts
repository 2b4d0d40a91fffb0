import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const Str = (max: number, extra: object = {}) => Type.String({ maxLength: max, ...extra });
const OptNullStr = (max: number, extra: object = {}) => Type.Optional(Nullable(Str(max, extra)));

export const PhoneInput = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 32, description: 'Any usual format; BR numbers need the DDD.' }),
    type: Type.Optional(Type.Union([Type.Literal('mobile'), Type.Literal('landline'), Type.Literal('whatsapp'), Type.Literal('other')])),
    label: OptNullStr(60),
  },
  { additionalProperties: false },
);

export const EmailInput = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'On update: keep this existing e-mail (and its id).' })),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    label: OptNullStr(60),
    is_primary: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AddressInput = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'On update: keep this existing address (and its id).' })),
    label: OptNullStr(60),
    is_primary: Type.Optional(Type.Boolean()),
    for_billing: Type.Optional(Type.Boolean()),
    for_delivery: Type.Optional(Type.Boolean()),
    street: OptNullStr(200),
    number: OptNullStr(20),
    complement: OptNullStr(100),
    district: OptNullStr(100),
    city: OptNullStr(100),
    state: OptNullStr(60, { description: 'BR: the UF (2 letters, required for BR); elsewhere free text.' }),
    region: OptNullStr(60),
    postal_code: OptNullStr(16, { description: 'BR: CEP (8 digits); PT: DDDD-DDD.' }),
    country: Type.Optional(
      Type.String({ pattern: '^[A-Za-z]{2}(-[A-Za-z]{2})?$', description: 'ISO alpha-2, default BR; PT-AC and PT-MA accepted.' }),
    ),
    reference: OptNullStr(200),
    responsible_name: OptNullStr(200),
    kind: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 99 }))),
  },
  { additionalProperties: false },
);

const MetadataSchema = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: 50, description: 'Free key/value pairs (at most 50 keys).' },
);

const commonFields = {
  name: Type.String({ minLength: 1, maxLength: 200, description: 'PF: full name; PJ: legal name (razão social).' }),
  document: OptNullStr(32, { description: 'CPF (PF) or CNPJ (PJ, numeric or alphanumeric) for BR; NIF for PT; any tax id elsewhere.' }),
  trading_name: OptNullStr(200, { description: 'PJ only: nome fantasia.' }),
  state_registration: OptNullStr(20, { description: 'PJ only: inscrição estadual, digits or ISENTO.' }),
  municipal_registration: OptNullStr(20, { description: 'PJ only: inscrição municipal.' }),
  birth_date: Type.Optional(Nullable(Type.String({ format: 'date', description: 'PF only.' }))),
  gender: Type.Optional(
    Nullable(
      Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('other'), Type.Literal('not_informed')], {
        description: 'PF only.',
      }),
    ),
  ),
  rg: OptNullStr(20, { description: 'PF only.' }),
  rg_issuer: OptNullStr(20, { description: 'PF only: órgão emissor, e.g. SSP/RS.' }),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO alpha-2, default BR.' })),
  tax_region: OptNullStr(5, { description: 'PT: PT, PT-AC (Açores) or PT-MA (Madeira).' }),
  phones: Type.Optional(Type.Array(PhoneInput, { maxItems: 10 })),
  emails: Type.Optional(Type.Array(EmailInput, { maxItems: 20, description: 'On update the list replaces the current one.' })),
  addresses: Type.Optional(Type.Array(AddressInput, { maxItems: 20, description: 'On update the list replaces the current one.' })),
  website: OptNullStr(200),
  contact_name: OptNullStr(200),
  notes: OptNullStr(2000),
  internal_notes: OptNullStr(2000),
  associate: Type.Optional(Type.Boolean({ description: 'An associate (member) — payment rules can target associates.' })),
  final_consumer: Type.Optional(Type.Boolean()),
  cash_vat: Type.Optional(Type.Boolean()),
  tax_exempt: Type.Optional(Type.Boolean()),
  external_code: OptNullStr(64, { description: "The customer's id in your own system; unique per tenant." }),
  active: Type.Optional(Type.Boolean()),
  metadata: Type.Optional(MetadataSchema),
};

export const CustomerCreate = Type.Object(
  { person_type: Type.Union([Type.Literal('PF'), Type.Literal('PJ')]), ...commonFields },
  { additionalProperties: false },
);
export type CustomerCreate = Static<typeof CustomerCreate>;

export const CustomerPatch = Type.Object(
  {
    person_type: Type.Optional(Type.Union([Type.Literal('PF'), Type.Literal('PJ')])),
    ...commonFields,
    name: Type.Optional(commonFields.name),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CustomerPatch = Static<typeof CustomerPatch>;

export const Phone = Type.Object({ number: Type.String(), formatted: Type.String(), type: Type.String(), label: Nullable(Type.String()) });
export const Email = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer(),
  email: Type.String(),
  label: Nullable(Type.String()),
  is_primary: Type.Boolean(),
});
export const Address = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer(),
  label: Nullable(Type.String()),
  is_primary: Type.Boolean(),
  for_billing: Type.Boolean(),
  for_delivery: Type.Boolean(),
  street: Nullable(Type.String()),
  street_number: Nullable(Type.String()),
  complement: Nullable(Type.String()),
  district: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  region: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  postal_code_formatted: Nullable(Type.String()),
  country: Type.String(),
  reference: Nullable(Type.String()),
  responsible_name: Nullable(Type.String()),
  kind: Nullable(Type.Integer()),
});

export const Customer = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer({ description: 'Per-tenant sequential number.' }),
    person_type: Type.Union([Type.Literal('PF'), Type.Literal('PJ')]),
    document: Nullable(Type.String()),
    document_kind: Nullable(Type.String()),
    document_formatted: Nullable(Type.String()),
    name: Type.String(),
    trading_name: Nullable(Type.String()),
    state_registration: Nullable(Type.String()),
    municipal_registration: Nullable(Type.String()),
    birth_date: Nullable(Type.String({ format: 'date' })),
    gender: Nullable(Type.String()),
    rg: Nullable(Type.String()),
    rg_issuer: Nullable(Type.String()),
    country: Type.String(),
    tax_region: Nullable(Type.String()),
    phones: Type.Array(Phone),
    emails: Type.Array(Email),
    primary_email: Nullable(Type.String()),
    addresses: Type.Array(Address),
    website: Nullable(Type.String()),
    contact_name: Nullable(Type.String()),
    notes: Nullable(Type.String()),
    internal_notes: Nullable(Type.String()),
    associate: Type.Boolean(),
    final_consumer: Type.Boolean(),
    cash_vat: Type.Boolean(),
    tax_exempt: Type.Boolean(),
    external_code: Nullable(Type.String()),
    active: Type.Boolean(),
    metadata: Type.Record(Type.String(), Type.Unknown()),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    deactivated_at: Nullable(Type.String({ format: 'date-time' })),
  },
  { title: 'Customer' },
);
export type Customer = Static<typeof Customer>;
