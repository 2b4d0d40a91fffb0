import { Type, type Static } from 'typebox';
import { Nullable } from '../../platform/http/common-schemas.ts';

const Digits = (max: number, description?: string) =>
  Type.String({ pattern: `^[0-9]{1,${max}}$`, ...(description ? { description } : {}) });
const OptNullStr = (max: number, extra: object = {}) => Type.Optional(Nullable(Type.String({ maxLength: max, ...extra })));

export const BeneficiaryAddress = Type.Object(
  {
    street: Type.String({ minLength: 1, maxLength: 200 }),
    number: OptNullStr(20),
    complement: OptNullStr(100),
    district: OptNullStr(100),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    state: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'UF, 2 letters' }),
    postal_code: Type.String({ maxLength: 10, description: 'CEP, 8 digits (punctuation ignored)' }),
  },
  { additionalProperties: false },
);
export type BeneficiaryAddress = Static<typeof BeneficiaryAddress>;

const bankFields = {
  agency: Type.Optional(Digits(5, 'Agência (or cooperativa), digits. Which fields each bank needs: docs/boletos.md')),
  agency_digit: Type.Optional(Nullable(Type.String({ pattern: '^[0-9Xx]{1,2}$' }))),
  account: Type.Optional(Digits(12, 'Conta corrente, digits (Banco do Brasil convênios 4/6, Bradesco, Itaú)')),
  account_digit: Type.Optional(Nullable(Type.String({ pattern: '^[0-9Xx]{1,2}$' }))),
  carteira: Type.String({
    minLength: 1,
    maxLength: 3,
    description: 'Carteira: BB 2 digits, Santander 3, Caixa RG/SR, Bradesco ≤2, Itaú 3, Sicoob 1, Sicredi 1 or 3',
  }),
  convenio: Type.Optional(Nullable(Digits(8, 'Banco do Brasil convênio (4, 6, 7 or 8 digits); Santander código do beneficiário (≤7)'))),
  beneficiary_code: Type.Optional(
    Nullable(
      Digits(
        20,
        'Caixa código do beneficiário, Sicoob código do cliente, Sicredi código do beneficiário (each bank checks its length); Bradesco código da empresa (up to 20 digits, its CNAB 400 remittance)',
      ),
    ),
  ),
  variation: Type.Optional(
    Nullable(Digits(3, 'Sicoob modalidade (2 digits, default 01); Banco do Brasil variação da carteira (3 digits, its remittances)')),
  ),
  post: Type.Optional(Nullable(Digits(2, 'Sicredi posto'))),
  byte_idt: Type.Optional(Nullable(Type.String({ pattern: '^[2-9]$', description: 'Sicredi nosso-número byte (default 2)' }))),
  iof: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]$', description: 'Santander IOF digit (insurers only)' }))),
  nosso_numero_17: Type.Optional(Type.Boolean({ description: 'Banco do Brasil, convênio of 6 digits: nosso número of 17 free digits' })),
};

const editableFields = {
  label: OptNullStr(100, { description: 'A name for this account, e.g. "Itaú principal"' }),
  beneficiary_name: Type.String({ minLength: 1, maxLength: 200, description: 'Beneficiário (razão social) as printed on the boleto' }),
  beneficiary_document: Type.String({ minLength: 11, maxLength: 20, description: 'CNPJ or CPF of the beneficiary' }),
  beneficiary_address: BeneficiaryAddress,
  instructions: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 120 }), {
      maxItems: 6,
      description: 'Free instruction lines printed on every boleto of the account',
    }),
  ),
  pix_key: OptNullStr(80, {
    description: 'Pix key (CPF/CNPJ, e-mail, +55 phone or random key): boletos of this account carry a Pix QR ("bolepix")',
  }),
  is_default: Type.Optional(Type.Boolean({ description: 'The account charges get their boleto from. Exactly one per tenant.' })),
  active: Type.Optional(Type.Boolean()),
  remittance_layout: Type.Optional(
    Type.String({
      maxLength: 40,
      description:
        'The remittance (CNAB) layout the bank takes from this account: one of GET /v1/remittance-layouts?bank_code=…; default cnab240 (FEBRABAN)',
    }),
  ),
};

export const CollectionAccountCreate = Type.Object(
  {
    bank_code: Type.String({ pattern: '^[0-9]{3}$', description: 'One of GET /v1/collection-accounts/banks' }),
    ...bankFields,
    ...editableFields,
    first_sequence: Type.Optional(
      Type.Integer({ minimum: 1, description: 'First nosso-número sequence (to continue a numbering begun elsewhere); default 1' }),
    ),
  },
  { additionalProperties: false },
);
export type CollectionAccountCreate = Static<typeof CollectionAccountCreate>;

export const CollectionAccountPatch = Type.Object(
  {
    bank_code: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' })),
    ...bankFields,
    carteira: Type.Optional(bankFields.carteira),
    ...editableFields,
    beneficiary_name: Type.Optional(editableFields.beneficiary_name),
    beneficiary_document: Type.Optional(editableFields.beneficiary_document),
    beneficiary_address: Type.Optional(editableFields.beneficiary_address),
    next_sequence: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Raise the next nosso-número sequence (never lowered: numbers are never reused)' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CollectionAccountPatch = Static<typeof CollectionAccountPatch>;

/** A draft as the form holds it while the clerk types: every field optional, the address partial. */
export const CollectionAccountValidate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'The account being edited (UUID or number): validate as a PATCH of it' }),
    ),
    bank_code: Type.Optional(Type.String({ maxLength: 3 })),
    agency: OptNullStr(20),
    agency_digit: OptNullStr(2),
    account: OptNullStr(20),
    account_digit: OptNullStr(2),
    convenio: OptNullStr(20),
    beneficiary_code: OptNullStr(20),
    variation: OptNullStr(4),
    post: OptNullStr(4),
    byte_idt: OptNullStr(2),
    iof: OptNullStr(2),
    nosso_numero_17: Type.Optional(Type.Boolean()),
    remittance_layout: OptNullStr(40),
    carteira: Type.Optional(Type.String({ maxLength: 3 })),
    label: OptNullStr(100),
    beneficiary_name: Type.Optional(Type.String({ maxLength: 200 })),
    beneficiary_document: Type.Optional(Type.String({ maxLength: 20 })),
    beneficiary_address: Type.Optional(
      Type.Object(
        {
          street: Type.Optional(Type.String({ maxLength: 200 })),
          number: OptNullStr(20),
          complement: OptNullStr(100),
          district: OptNullStr(100),
          city: Type.Optional(Type.String({ maxLength: 100 })),
          state: Type.Optional(Type.String({ maxLength: 2 })),
          postal_code: Type.Optional(Type.String({ maxLength: 10 })),
        },
        { additionalProperties: false },
      ),
    ),
    instructions: editableFields.instructions,
    pix_key: OptNullStr(80),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CollectionAccountValidate = Static<typeof CollectionAccountValidate>;

export const AccountValidation = Type.Object({
  valid: Type.Boolean(),
  issues: Type.Array(
    Type.Object({
      field: Type.String(),
      issue: Type.String({ description: 'The same issue text a create/PATCH would answer in its 400 details' }),
      expected: Type.Optional(Type.String({ description: 'For a wrong agency/account check digit: the digit the bank expects' })),
    }),
  ),
  expected_digits: Type.Object(
    { agency_digit: Type.Optional(Type.String()), account_digit: Type.Optional(Type.String()) },
    {
      description:
        'The check digits the bank rule gives for the typed agency/account (Itaú, Banco do Brasil); empty for banks whose rule is not checked',
    },
  ),
  fixed_fields: Type.Array(Type.String(), {
    description: 'Bank fields that can no longer change: boletos were issued on the account being edited',
  }),
});

export const CollectionAccount = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer(),
    label: Nullable(Type.String()),
    bank_code: Type.String(),
    bank_name: Type.String(),
    agency: Type.String(),
    agency_digit: Nullable(Type.String()),
    account: Type.String(),
    account_digit: Nullable(Type.String()),
    carteira: Type.String(),
    convenio: Nullable(Type.String()),
    beneficiary_code: Nullable(Type.String()),
    variation: Nullable(Type.String()),
    post: Nullable(Type.String()),
    byte_idt: Nullable(Type.String()),
    iof: Nullable(Type.String()),
    nosso_numero_17: Type.Boolean(),
    remittance_layout: Type.String({ description: 'The remittance layout of the account (GET /v1/remittance-layouts)' }),
    beneficiary_name: Type.String(),
    beneficiary_document: Type.String(),
    beneficiary_document_kind: Type.String(),
    beneficiary_document_formatted: Type.String(),
    beneficiary_address: Type.Object({
      street: Type.String(),
      number: Nullable(Type.String()),
      complement: Nullable(Type.String()),
      district: Nullable(Type.String()),
      city: Type.String(),
      state: Type.String(),
      postal_code: Type.String(),
    }),
    instructions: Type.Array(Type.String()),
    pix_key: Nullable(Type.String()),
    pix_key_type: Nullable(Type.String()),
    is_default: Type.Boolean(),
    active: Type.Boolean(),
    next_sequence: Type.Integer({ description: 'The nosso-número sequence the next boleto gets' }),
    max_sequence: Type.Integer({ description: "The largest sequence the bank's layout holds" }),
    boleto_count: Type.Integer(),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { title: 'CollectionAccount' },
);
export type CollectionAccount = Static<typeof CollectionAccount>;

export const Bank = Type.Object({ code: Type.String(), name: Type.String() });
