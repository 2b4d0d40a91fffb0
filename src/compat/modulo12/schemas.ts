// Shapes of the SmartSindico partner API (seed 000). The seed lists the operations but no field
// names: ours are Cobre's, in the document's camelCase. The product's GetStarted.md
// (github.com/Modulo12/Partner-API, HEAD 9e361b3 and its history) shows the real payloads; those
// fields are accepted beside ours: customer `info`/`nome`/`partner`; transaction `value`, `type`,
// `tenant*`, `info`, and the older `billAccountValue`/`tenantName`/`tenantDocument`/
// `documentInstructions`/`customer`. Responses carry the product's fields beside ours.
import { Type, type Static } from 'typebox';

const NStr = Type.Union([Type.String(), Type.Null()]);
const OptStr = (max: number, description?: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()], description ? { description } : {}));

export const Modulo12Error = Type.Object(
  {
    status: Type.Integer(),
    code: Type.String({ description: 'Stable snake_case code (the same as the canonical API)' }),
    message: Type.String(),
    details: Type.Array(Type.Object({ field: Type.Optional(Type.String()), issue: Type.String() })),
  },
  { title: 'Modulo12Error', description: 'Partner API error' },
);

export const Partner = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  tradingName: NStr,
  document: NStr,
  documentType: NStr,
  country: Type.String(),
  email: NStr,
  phone: NStr,
  technicalContact: Type.Object({ name: NStr, email: NStr, phone: NStr }),
  mode: Type.String({ description: 'live, or test for a sandbox (test-mode) key' }),
  createdAt: Type.String(),
});

export const AddressIn = Type.Object(
  {
    street: OptStr(200),
    number: OptStr(20),
    complement: OptStr(100),
    district: OptStr(100),
    city: OptStr(100),
    state: OptStr(2, 'UF'),
    postalCode: OptStr(16, 'CEP'),
  },
  { additionalProperties: false },
);

/** `info`: the product's free JSON, sent as an escaped JSON string (GetStarted HEAD) or as an object (older versions). */
export const InfoIn = Type.Optional(
  Type.Union([Type.String({ maxLength: 500 }), Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown()), Type.Null()], {
    description:
      'Free JSON of the partner: an escaped JSON string ("{\\"info1\\": \\"teste1\\"}") or a JSON object; kept as text (at most 500 characters) in the metadata key modulo12.info',
  }),
);

export const CustomerIn = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Required (or its older spelling nome)' })),
    nome: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Older spelling of name (GetStarted.md before 9e361b3)' }),
    ),
    info: InfoIn,
    partner: Type.Optional(
      Type.Union([Type.Integer(), Type.String({ maxLength: 64 }), Type.Null()], {
        description: 'Older form: the partner id; accepted and ignored (the path and the credentials decide the partner)',
      }),
    ),
    cpf: OptStr(32, 'CPF of an individual (PF)'),
    cnpj: OptStr(32, 'CNPJ of a company (PJ); a customer has a CPF or a CNPJ'),
    rg: OptStr(20),
    rgIssuer: OptStr(20, 'Órgão emissor, e.g. SSP/RS'),
    birthDate: OptStr(10, 'YYYY-MM-DD'),
    email: OptStr(254),
    phone: OptStr(32),
    address: Type.Optional(AddressIn),
    externalCode: OptStr(64, "The customer's id in the partner's own system"),
  },
  { additionalProperties: false },
);
export type CustomerIn = Static<typeof CustomerIn>;

export const CustomerSummary = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), rg: NStr, cpf: NStr, cnpj: NStr });

export const CustomerDetail = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer(),
  personType: Type.String(),
  name: Type.String(),
  rg: NStr,
  rgIssuer: NStr,
  cpf: NStr,
  cnpj: NStr,
  birthDate: NStr,
  email: NStr,
  phone: NStr,
  address: Type.Union([
    Type.Object({
      street: NStr,
      number: NStr,
      complement: NStr,
      district: NStr,
      city: NStr,
      state: NStr,
      postalCode: NStr,
      country: Type.String(),
    }),
    Type.Null(),
  ]),
  externalCode: NStr,
  info: Type.Union([Type.String(), Type.Null()], { description: 'The info sent on create, as text (an escaped JSON string)' }),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const Created = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { description: 'The new UUID; the Location header has the URL of the new resource with its per-tenant number, as the product does' },
);
export const Deleted = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.String({ description: 'deleted, or deactivated for a customer with financial history' }),
});

const TenantAddressIn = Type.Object(
  { logradouro: OptStr(200), bairro: OptStr(100), cep: OptStr(16), cidade: OptStr(100), uf: OptStr(2) },
  { additionalProperties: false },
);

const Reais = (description: string) =>
  Type.Union([Type.String({ pattern: '^\\s*\\d{1,12}([.,]\\d{1,2})?\\s*$' }), Type.Number({ minimum: 0 })], { description });

export const TransactionIn = Type.Object(
  {
    amount: Type.Optional(
      Reais('In reais, e.g. "150.00" or 150.5 (at most 2 decimals). One of amount, value, billAccountValue is required'),
    ),
    value: Type.Optional(Reais("The product's amount field: reais as a JSON number, e.g. 15 or 150.5")),
    billAccountValue: Type.Optional(Reais('Older form of value: reais as a string, e.g. "150.0"')),
    dueDate: Type.String({ format: 'date' }),
    description: OptStr(500),
    paymentMethod: Type.Optional(
      Type.Union([Type.Literal('boleto'), Type.Literal('pix'), Type.Literal('both')], { description: 'Default boleto' }),
    ),
    externalCode: OptStr(64, "The transaction's id in the partner's own system"),
    type: Type.Optional(
      Type.Union([Type.Integer({ minimum: -2147483648, maximum: 2147483647 }), Type.Null()], {
        description: "The product's transaction type; kept (metadata modulo12.type) and returned, no effect on the charge",
      }),
    ),
    info: InfoIn,
    customer: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.String({ maxLength: 64 }), Type.Null()], {
        description: 'Older form: the customer id; must be the customer of the path (its number or UUID)',
      }),
    ),
    tenantFirstName: OptStr(200, 'The resident who pays (see docs/compat.md: kept with the transaction; the boleto payer is the customer)'),
    tenantLastName: OptStr(200),
    tenantCpf: OptStr(32),
    tenantEmail: OptStr(254),
    tenantCellPhone: OptStr(32),
    tenantBirthDate: OptStr(10, 'YYYY-MM-DD'),
    tenantAddress: Type.Optional(
      Type.Union([TenantAddressIn, Type.String({ maxLength: 500 }), Type.Null()], {
        description: '{logradouro, bairro, cep, cidade, uf}, or one string (older form)',
      }),
    ),
    tenantName: OptStr(200, 'Older form of tenantFirstName/tenantLastName'),
    tenantDocument: OptStr(32, 'Older form of tenantCpf'),
    documentInstructions: OptStr(500, 'Older form: boleto instructions; the description when none is sent'),
  },
  { additionalProperties: false },
);
export type TransactionIn = Static<typeof TransactionIn>;

const TenantAddress = Type.Union([
  Type.Object({ logradouro: NStr, bairro: NStr, cep: NStr, cidade: NStr, uf: NStr }),
  Type.String(),
  Type.Null(),
]);

export const STATUS_CODES = { 1: 'Pending', 2: 'Entrada Confirmada', 6: 'Liquidação', 9: 'Baixa' } as const;
const statusCodeDescription =
  "The product's code (SICOOB return-file occurrence codes): 1 Pending (no boleto yet), 2 Entrada Confirmada (boleto issued; print_bill returns it), 6 Liquidação (paid), 9 Baixa (cancelled)";

export const TransactionStatus = Type.Object({
  statusCode: Type.Integer({ description: statusCodeDescription }),
  statusDescription: Type.String(),
  status: Type.String({ description: 'Cobre: open | partially_paid | paid | overdue | cancelled' }),
});

export const Transaction = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer({ description: "Per-tenant number: the integer id in the product's paths" }),
  customerId: Type.String({ format: 'uuid' }),
  description: NStr,
  amount: Type.String({ description: 'Reais, 2 decimals' }),
  amountCents: Type.Integer(),
  paidAmount: Type.String(),
  issueDate: Type.String(),
  dueDate: Type.String(),
  status: Type.String({ description: 'open | partially_paid | paid | overdue | cancelled' }),
  paymentMethod: Type.String(),
  externalCode: NStr,
  paidAt: NStr,
  cancelledAt: NStr,
  createdAt: Type.String(),
  // The product's fields (GetStarted.md, transaction GET with print_bill=false).
  statusCode: Type.Integer({ description: statusCodeDescription }),
  statusDescription: Type.String(),
  value: Type.Number({ description: 'Reais as a JSON number' }),
  billAccountValue: Type.String({ description: 'Older form of value' }),
  customer: Type.Integer({ description: "The customer's per-tenant number" }),
  type: Type.Union([Type.Integer(), Type.Null()]),
  info: NStr,
  timestamp: Type.String({ description: "Creation time as the product's server writes it: yyyy-MM-dd'T'HH:mm:ss.SSS+0000" }),
  tenantFirstName: NStr,
  tenantLastName: NStr,
  tenantBirthDate: NStr,
  tenantEmail: NStr,
  tenantCellPhone: NStr,
  tenantCpf: NStr,
  tenantAddress: TenantAddress,
  tenantName: NStr,
  tenantDocument: NStr,
  documentInstructions: NStr,
});
