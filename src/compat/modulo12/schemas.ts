// Shapes of the SmartSindico partner API (seed 000). The document lists the operations and what
// they return (UUIDs, name, RG, CPF, registration data, transaction status) but no field names:
// these are Cobre's, in the document's camelCase (partnerId, customerId, transactionId).
import { Type, type Static } from 'typebox';

const NStr = Type.Union([Type.String(), Type.Null()]);
const OptStr = (max: number, description?: string) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()], description ? { description } : {}));

export const Modulo12Error = Type.Object(
  {
    status: Type.Integer(),
    code: Type.String({ description: 'Stable snake_case code (the same as the canonical API)' }),
    message: Type.String(),
    details: Type.Array(Type.Object({ field: Type.Optional(Type.String()), issue: Type.String() })),
  },
  { description: 'Partner API error' },
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

export const CustomerIn = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
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
    Type.Object({ street: NStr, number: NStr, complement: NStr, district: NStr, city: NStr, state: NStr, postalCode: NStr, country: Type.String() }),
    Type.Null(),
  ]),
  externalCode: NStr,
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const Created = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const Deleted = Type.Object({ id: Type.String({ format: 'uuid' }), status: Type.String({ description: 'deleted, or deactivated for a customer with financial history' }) });

export const TransactionIn = Type.Object(
  {
    amount: Type.Union([Type.String({ pattern: '^\\d{1,12}(\\.\\d{1,2})?$' }), Type.Number({ exclusiveMinimum: 0 })], { description: 'In reais, e.g. "150.00" (at most 2 decimals)' }),
    dueDate: Type.String({ format: 'date' }),
    description: OptStr(500),
    paymentMethod: Type.Optional(Type.Union([Type.Literal('boleto'), Type.Literal('pix'), Type.Literal('both')], { description: 'Default boleto' })),
    externalCode: OptStr(64, "The transaction's id in the partner's own system"),
  },
  { additionalProperties: false },
);
export type TransactionIn = Static<typeof TransactionIn>;

export const Transaction = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer(),
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
});
