// Request and response shapes of the Dezwork customer API (seed 004). Types are liberal where the
// document itself is (gender 1 or "1", active true or "1", birthDate or birthdate, Tipo or type);
// unknown parameters are refused.
import { Type, type Static } from 'typebox';

const Str = (max: number, description?: string) =>
  Type.Union([Type.String({ maxLength: max }), Type.Null()], description ? { description } : {});
const IntLike = (description: string) => Type.Union([Type.Integer(), Type.String({ maxLength: 12 }), Type.Null()], { description });
/** Text that a PHP caller may send as an integer (a street number, a phone): taken as its digits. */
const StrOrInt = (max: number, description: string) =>
  Type.Union([Type.String({ maxLength: max }), Type.Integer({ minimum: 0, maximum: 999_999_999_999_999 }), Type.Null()], { description });
const Flag = (description: string) =>
  Type.Union([Type.Boolean(), Type.Integer(), Type.String({ maxLength: 5 }), Type.Null()], { description });

export const DezworkAddressBody = Type.Object(
  {
    id: Type.Optional(
      IntLike(
        'In a client: id of an existing address of the client (kept), absent → a new address. PUT v1/clientes/enderecos: the address to change (required)',
      ),
    ),
    idClient: Type.Optional(
      IntLike("POST v1/clientes/enderecos: the client (required); PUT: must be the address's client if sent; in a client: ignored"),
    ),
    street: Type.Optional(Str(200)),
    number: Type.Optional(StrOrInt(20, 'Street number (a JSON integer is taken as its digits)')),
    complement: Type.Optional(Str(100)),
    district: Type.Optional(Str(100)),
    city: Type.Optional(Str(100)),
    state: Type.Optional(Str(60, 'UF, e.g. RS')),
    postcode: Type.Optional(Str(16, 'CEP, 8 digits (punctuation accepted)')),
    responsibleName: Type.Optional(Str(200)),
    reference: Type.Optional(Str(200)),
    type: Type.Optional(IntLike('Address type (integer, kept as given)')),
    active: Type.Optional(Flag('false/0 → the address is not stored (removed on PUT); refused on POST v1/clientes/enderecos')),
  },
  { additionalProperties: false },
);
export type DezworkAddressBody = Static<typeof DezworkAddressBody>;

export const DezworkClientBody = Type.Object(
  {
    id: Type.Optional(IntLike('PUT: the client id (required there); the parameters left out keep their values')),
    type: Type.Optional(Str(2, 'PF or PJ (required; "Tipo" is accepted too)')),
    Tipo: Type.Optional(Str(2, 'Alias of type, as the document names it')),
    name: Type.Optional(Str(200, 'Nome/Razão social (required)')),
    tradingName: Type.Optional(Str(200, 'Nome fantasia (required for PJ)')),
    stateRegister: Type.Optional(Str(20, 'Inscrição estadual, digits or ISENTO (required for PJ)')),
    document: Type.Optional(Str(32, 'CPF (PF) or CNPJ (PJ), with or without punctuation (required)')),
    phone: Type.Optional(StrOrInt(32, 'Phone with DDD (required); a JSON integer is taken as its digits')),
    birthDate: Type.Optional(Str(10, 'AAAA-MM-DD (DD/MM/AAAA accepted); required for PF')),
    birthdate: Type.Optional(Str(10, 'Alias of birthDate')),
    mail: Type.Optional(Str(254, 'E-mail (required)')),
    password: Type.Optional(Str(128, 'Stored only as a scrypt hash; never returned')),
    gender: Type.Optional(
      Type.Union([Type.Integer(), Type.String({ maxLength: 12 }), Type.Null()], {
        description: '1 feminino, 2 masculino (number or string); required for PF',
      }),
    ),
    active: Type.Optional(Flag('true/false, 1/0 or "1"/"0"')),
    addresses: Type.Optional(Type.Array(DezworkAddressBody, { maxItems: 20, description: 'At least one (required)' })),
  },
  { additionalProperties: false },
);
export type DezworkClientBody = Static<typeof DezworkClientBody>;

const NStr = Type.Union([Type.String(), Type.Null()]);

export const DezworkAddress = Type.Object({
  id: Type.Integer(),
  idClient: Type.Integer(),
  street: NStr,
  number: NStr,
  complement: NStr,
  district: NStr,
  city: NStr,
  state: NStr,
  postcode: NStr,
  responsibleName: NStr,
  reference: NStr,
  type: Type.Union([Type.Integer(), Type.Null()]),
});

const clientFields = {
  id: Type.Integer({ description: "The client's per-tenant number" }),
  type: Type.String(),
  name: Type.String(),
  tradingName: Type.Optional(NStr),
  stateRegister: Type.Optional(NStr),
  document: NStr,
  phone: NStr,
  mail: NStr,
  gender: Type.Optional(NStr),
  active: Type.String({ description: '"1" active, "0" inactive' }),
  addresses: Type.Array(DezworkAddress),
};

export const DezworkClient = Type.Object({ ...clientFields, birthDate: Type.Optional(NStr) });
export const DezworkListedClient = Type.Object({ ...clientFields, birthdate: Type.Optional(NStr) });

export const DezworkClientEnvelope = Type.Object({ success: Type.Boolean(), data: Type.Object({ client: DezworkClient }) });
export const DezworkListEnvelope = Type.Object({
  success: Type.Boolean(),
  data: Type.Object({ clients: Type.Array(DezworkListedClient) }),
});

export const DezworkAddressEnvelope = Type.Object({ success: Type.Boolean(), data: Type.Object({ address: DezworkAddress }) });
export const DezworkAddressListEnvelope = Type.Object({
  success: Type.Boolean(),
  data: Type.Object({ addresses: Type.Array(DezworkAddress) }),
});

export const DezworkError = Type.Object(
  {
    success: Type.Boolean(),
    errorCode: Type.String({
      description:
        'EPT missing parameter, EPI invalid value, EAU unauthorized, EFB forbidden, ENF not found, ECF conflict, ERQ malformed request, EIN internal',
    }),
    errorMessage: Type.String(),
  },
  { title: 'DezworkError', description: 'Dezwork error envelope' },
);
