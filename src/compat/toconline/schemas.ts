// JSON:API shapes of the TOConline customers, addresses, e-mail addresses and countries (seed 001).
import { Type, type Static, type TSchema } from 'typebox';

const NStr = (max: number, description?: string) =>
  Type.Union([Type.String({ maxLength: max }), Type.Null()], description ? { description } : {});
const IdLike = (description: string) => Type.Union([Type.String({ maxLength: 20 }), Type.Integer(), Type.Null()], { description });
/** Clients send numbers as JSON numbers as well as strings (G: `phone_number: 309867004`; the document's supplier example, a NIF). */
const NumOrStr = (max: number, description: string) =>
  Type.Union([Type.String({ maxLength: max }), Type.Number(), Type.Null()], { description });
/** Attributes of the live product that Cobre does not keep: accepted and ignored (docs/compat.md lists them). */
const ignored = (names: readonly string[]) =>
  Object.fromEntries(names.map((n) => [n, Type.Optional(Type.Unknown({ description: 'Accepted and ignored' }))]));
export const IGNORED_CUSTOMER_ATTRIBUTES = [
  'active',
  'name',
  'categories',
  'is_primary',
  'position',
  'accounting_number',
  'tax_exemption_reason_id',
  'credit_limit_value',
  'credit_limit_days',
  'has_credit_limit_override',
  'created_at',
  'updated_at',
] as const;
export const IGNORED_ADDRESS_ATTRIBUTES = [
  'subtype',
  'is_saturday_workday',
  'is_sunday_workday',
  'is_national_holidays_workday',
  'code',
  'payroll_enumerations_tax_office_id',
  'created_at',
  'updated_at',
] as const;
export const IGNORED_CONTACT_ATTRIBUTES = ['position', 'phone_number', 'mobile_number', 'categories', 'created_at', 'updated_at'] as const;

/** A relationship as clients send it: standard `{data:{type,id}}`, or the document's `{data:{table,resource}}` placeholders. */
const RelIn = Type.Object(
  {
    data: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Object(
          {
            type: Type.Optional(Type.String({ maxLength: 40 })),
            id: Type.Optional(IdLike('Integer id of the related resource')),
            table: Type.Optional(Type.String({ maxLength: 40 })),
            resource: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        Type.Array(
          Type.Object(
            { type: Type.Optional(Type.String({ maxLength: 40 })), id: Type.Optional(IdLike('id')) },
            { additionalProperties: false },
          ),
          { maxItems: 50 },
        ),
      ]),
    ),
  },
  { title: 'TOConlineRelationshipInput', additionalProperties: false },
);
export type RelIn = Static<typeof RelIn>;

export const CustomerAttributesIn = Type.Object(
  {
    id: Type.Optional(IdLike('Ignored: ids are assigned by Cobre (the path id on PATCH)')),
    tax_registration_number: Type.Optional(
      NumOrStr(32, 'NIF (validated when the country is PT), CPF/CNPJ for BR, any tax id elsewhere; a string or a number; "" = none'),
    ),
    business_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The customer name (required on POST)' })),
    contact_name: Type.Optional(NStr(200)),
    website: Type.Optional(NStr(200)),
    phone_number: Type.Optional(NumOrStr(32, 'Landline; a string or a number. A value that is no valid phone number is kept as text')),
    mobile_number: Type.Optional(NumOrStr(32, 'Mobile; a string or a number. A value that is no valid phone number is kept as text')),
    email: Type.Optional(NStr(254, 'The main e-mail address')),
    observations: Type.Optional(NStr(2000)),
    internal_observations: Type.Optional(NStr(2000)),
    not_final_customer: Type.Optional(Type.Boolean()),
    cashed_vat: Type.Optional(Type.Boolean({ description: 'IVA de caixa' })),
    tax_country_region: Type.Optional(NStr(8, 'PT, PT-AC, PT-MA, an ISO alpha-2 code, UE or NON-UE')),
    country_iso_alpha_2: Type.Optional(NStr(5, 'ISO alpha-2 (default PT, also when null); PT-AC and PT-MA accepted')),
    saft_import_id: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    is_tax_exempt: Type.Optional(Type.Boolean()),
    data: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { description: 'Free key/value pairs (flat)' })),
    ...ignored(IGNORED_CUSTOMER_ATTRIBUTES),
  },
  { additionalProperties: false },
);
export type CustomerAttributesIn = Static<typeof CustomerAttributesIn>;

export const CustomerRelationshipsIn = Type.Object(
  {
    company: Type.Optional(RelIn),
    main_address: Type.Optional(RelIn),
    main_email_address: Type.Optional(RelIn),
    tax_exemption_reason: Type.Optional(RelIn),
    defaults: Type.Optional(RelIn),
    addresses: Type.Optional(RelIn),
    email_addresses: Type.Optional(RelIn),
    contacts: Type.Optional(RelIn),
  },
  { additionalProperties: false },
);

const doc = <T extends TSchema, R extends TSchema>(type: string, attributes: T, relationships: R, idDescription: string) =>
  Type.Object(
    {
      data: Type.Object(
        {
          type: Type.Literal(type),
          id: Type.Optional(IdLike(idDescription)),
          attributes: Type.Optional(attributes),
          relationships: Type.Optional(relationships),
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );

export const CustomerDocIn = doc(
  'customers',
  CustomerAttributesIn,
  CustomerRelationshipsIn,
  'Ignored on POST; on PATCH, if given, must equal the path id',
);
export type CustomerDocIn = Static<typeof CustomerDocIn>;

export const AddressAttributesIn = Type.Object(
  {
    id: Type.Optional(IdLike('Ignored')),
    is_primary: Type.Optional(Type.Boolean()),
    address_detail: Type.Optional(NStr(200, 'Street line')),
    city: Type.Optional(NStr(100)),
    postcode: Type.Optional(NStr(16, 'PT: DDDD-DDD')),
    region: Type.Optional(NStr(60, 'Region (for a Brazilian address: the UF)')),
    name: Type.Optional(NStr(60, 'A label for the address')),
    for_discharge: Type.Optional(Type.Boolean({ description: 'Delivery (descarga) address' })),
    for_charge: Type.Optional(Type.Boolean({ description: 'Billing (carga/cobrança) address' })),
    addressable_type: Type.Optional(NStr(20, 'Customer (the default when absent); Supplier and others are refused with 422')),
    addressable_id: Type.Optional(IdLike('The customer id (the same as relationships.customer)')),
    country_id: Type.Optional(IdLike('The country id of GET /countries (1 = PT, 2 = PT-MA, 3 = PT-AC), as relationships.country')),
    ...ignored(IGNORED_ADDRESS_ATTRIBUTES),
  },
  { additionalProperties: false },
);
export type AddressAttributesIn = Static<typeof AddressAttributesIn>;

export const AddressRelationshipsIn = Type.Object(
  {
    country: Type.Optional(RelIn),
    customer: Type.Optional(RelIn),
    company: Type.Optional(RelIn),
    supplier: Type.Optional(RelIn),
    user: Type.Optional(RelIn),
  },
  { additionalProperties: false },
);
export const AddressDocIn = doc('addresses', AddressAttributesIn, AddressRelationshipsIn, 'PATCH /addresses: the address id (required)');
export type AddressDocIn = Static<typeof AddressDocIn>;

export const EmailAttributesIn = Type.Object(
  {
    id: Type.Optional(IdLike('Ignored')),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    is_primary: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const EmailRelationshipsIn = Type.Object({ customer: Type.Optional(RelIn) }, { additionalProperties: false });
export const EmailDocIn = doc(
  'email_addresses',
  EmailAttributesIn,
  EmailRelationshipsIn,
  'PATCH /email_addresses: the e-mail id (required)',
);
export type EmailDocIn = Static<typeof EmailDocIn>;

export const ContactAttributesIn = Type.Object(
  {
    id: Type.Optional(IdLike('Ignored')),
    email: Type.Optional(NStr(254, 'Required: a contact is kept as one of the customer e-mail addresses')),
    name: Type.Optional(NStr(60, 'Kept as the e-mail label')),
    is_primary: Type.Optional(Type.Boolean()),
    contactable_type: Type.Optional(NStr(20, 'Customer (the default when absent); Supplier and others are refused with 422')),
    contactable_id: Type.Optional(IdLike('The customer id (or relationships.customer)')),
    ...ignored(IGNORED_CONTACT_ATTRIBUTES),
  },
  { additionalProperties: false },
);
export type ContactAttributesIn = Static<typeof ContactAttributesIn>;
export const ContactRelationshipsIn = Type.Object(
  { customer: Type.Optional(RelIn), contactable: Type.Optional(RelIn) },
  { additionalProperties: false },
);
export const ContactDocIn = doc('contacts', ContactAttributesIn, ContactRelationshipsIn, 'PATCH /contacts: the contact id (required)');
export type ContactDocIn = Static<typeof ContactDocIn>;

// ---- responses ----
// Every attribute and relationship is present unless the request names a sparse fieldset
// (`fields[<type>]=a,b`), hence the Partial objects.

const S = Type.Union([Type.String(), Type.Null()]);
const Ref = Type.Object({ type: Type.String(), id: Type.String() });
const ToOne = Type.Object({ data: Type.Union([Ref, Type.Null()]) });
const ToMany = Type.Object({ data: Type.Array(Ref) });

export const CustomerResource = Type.Object({
  type: Type.Literal('customers'),
  id: Type.String(),
  attributes: Type.Partial(
    Type.Object({
      id: Type.Integer(),
      tax_registration_number: S,
      business_name: Type.String(),
      contact_name: S,
      website: S,
      phone_number: S,
      mobile_number: S,
      email: S,
      observations: S,
      internal_observations: S,
      not_final_customer: Type.Boolean(),
      cashed_vat: Type.Boolean(),
      tax_country_region: S,
      country_iso_alpha_2: Type.String(),
      saft_import_id: Type.Union([Type.Integer(), Type.Null()]),
      is_tax_exempt: Type.Boolean(),
      data: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  relationships: Type.Optional(
    Type.Partial(
      Type.Object({
        company: ToOne,
        main_address: ToOne,
        addresses: ToMany,
        main_email_address: ToOne,
        email_addresses: ToMany,
        contacts: ToMany,
        tax_exemption_reason: ToOne,
        defaults: ToOne,
      }),
    ),
  ),
});

export const AddressResource = Type.Object({
  type: Type.Literal('addresses'),
  id: Type.String(),
  attributes: Type.Partial(
    Type.Object({
      id: Type.Integer(),
      is_primary: Type.Boolean(),
      address_detail: S,
      city: S,
      postcode: S,
      region: S,
      name: S,
      for_discharge: Type.Boolean(),
      for_charge: Type.Boolean(),
    }),
  ),
  relationships: Type.Optional(Type.Partial(Type.Object({ country: ToOne, customer: ToOne }))),
});

export const EmailResource = Type.Object({
  type: Type.Literal('email_addresses'),
  id: Type.String(),
  attributes: Type.Partial(Type.Object({ id: Type.Integer(), email: Type.String(), is_primary: Type.Boolean() })),
  relationships: Type.Optional(Type.Partial(Type.Object({ customer: ToOne }))),
});

export const ContactResource = Type.Object({
  type: Type.Literal('contacts'),
  id: Type.String(),
  attributes: Type.Partial(
    Type.Object({
      id: Type.Integer(),
      email: Type.String(),
      name: S,
      is_primary: Type.Boolean(),
      position: S,
      phone_number: S,
      mobile_number: S,
      categories: Type.Union([Type.Array(Type.String()), Type.Null()]),
      contactable_id: Type.Integer(),
      contactable_type: Type.String(),
    }),
  ),
  relationships: Type.Optional(Type.Partial(Type.Object({ customer: ToOne }))),
});

export const CountryResource = Type.Object({
  type: Type.Literal('countries'),
  id: Type.String(),
  attributes: Type.Partial(
    Type.Object({
      id: Type.Integer(),
      default_name: Type.String(),
      iso_alpha_2: Type.String(),
      tax_country_region: Type.String(),
      name: Type.String(),
      name_en: Type.String(),
    }),
  ),
});

const Links = Type.Object({ self: Type.String(), next: Type.Optional(Type.String()) });
const ListMeta = Type.Object({ total: Type.Integer(), page: Type.Integer(), page_size: Type.Integer() });
const Included = Type.Optional(Type.Array(Type.Unknown(), { description: 'Resources named by `include` (see docs/compat.md)' }));

export const one = <T extends TSchema>(r: T) => Type.Object({ data: r, included: Included });
export const many = <T extends TSchema>(r: T) =>
  Type.Object({ data: Type.Array(r), included: Included, meta: Type.Optional(ListMeta), links: Type.Optional(Links) });
export const DeletedMeta = Type.Object({ meta: Type.Object({ deleted: Type.Boolean(), id: Type.Integer() }) });

export const JsonApiErrors = Type.Object(
  {
    errors: Type.Array(
      Type.Object({
        status: Type.String(),
        code: Type.String(),
        title: Type.String(),
        detail: Type.String(),
        source: Type.Optional(Type.Object({ pointer: Type.Optional(Type.String()), parameter: Type.Optional(Type.String()) })),
      }),
    ),
  },
  { title: 'TOConlineErrors', description: 'JSON:API error objects' },
);
