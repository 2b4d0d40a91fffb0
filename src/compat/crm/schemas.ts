// Schemas of the CRM's "Desconto Pontualidade" API (seed 002) as Cobre serves it under /crm.
import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from '../../platform/http/common-schemas.ts';
import { ruleInputFields } from '../../payment-rules/schemas.ts';

const Percent = Type.Union([Type.String({ maxLength: 12 }), Type.Number({ minimum: 0, maximum: 100 })], {
  description: 'Percent 0–100, up to 4 places; a JSON number or a decimal string ("2.5", or with a decimal comma "2,5").',
});

const LENIENT_CODE = ' Case-insensitive ("d" = "D").';
const lenientCode = <T extends TSchema>(schema: T): T => {
  const description = (schema as { description?: string }).description ?? '';
  // A copy with its descriptors: TypeBox keeps its markers (optional, kind) as non-enumerable keys.
  return Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(schema),
      description: { value: `${description}${LENIENT_CODE}`, enumerable: true, writable: true, configurable: true },
    },
  ) as T;
};

/** One item of POST /desconto-pontualidade: the seed's record plus the rate fields Cobre adds. */
export const CrmRuleInput = Type.Object(
  {
    codigo: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 1,
          maximum: Number.MAX_SAFE_INTEGER,
          description: 'Absent, null or "": create. Present: edit the rule with this código interno. A digit string ("1") is accepted.',
        }),
      ),
    ),
    descricao: Type.String({ maxLength: 200, description: 'Required (create and edit).' }),
    acrescimo_desconto: lenientCode(ruleInputFields.acrescimo_desconto),
    tipo_aplicacao_calculo: lenientCode(ruleInputFields.tipo_aplicacao_calculo),
    tipo_calculo_valor: lenientCode(ruleInputFields.tipo_calculo_valor),
    tipo_juros: lenientCode(ruleInputFields.tipo_juros),
    tipo_saldo: lenientCode(ruleInputFields.tipo_saldo),
    tipo_prazo_pagamento: lenientCode(ruleInputFields.tipo_prazo_pagamento),
    tipo_pessoa: lenientCode(ruleInputFields.tipo_pessoa),
    desconto_extra: lenientCode(ruleInputFields.desconto_extra),
    codigo_externo: Type.Optional(
      Nullable(Type.String({ maxLength: 64, description: 'Empty or null: none. A JSON integer (123) is taken as its text ("123").' })),
    ),
    data_alteracao: Type.Optional(Nullable(Type.String({ maxLength: 40, description: 'Ignored: set by the system on every save.' }))),
    data_alteração: Type.Optional(
      Nullable(Type.String({ maxLength: 40, description: "The spelling of the document's field list; ignored like data_alteracao." })),
    ),
    percentual: Type.Optional(Nullable(Percent)),
    valor_fixo_centavos: ruleInputFields.valor_fixo_centavos,
    dias: ruleInputFields.dias,
    teto_centavos: ruleInputFields.teto_centavos,
    teto_percentual: Type.Optional(Nullable(Percent)),
    ativo: Type.Optional(
      Type.Boolean({ description: 'Default true. Also "S"/"N" (the vendor\'s style), "true"/"false", 1/0. Returned as a JSON boolean.' }),
    ),
  },
  { additionalProperties: false },
);
export type CrmRuleInput = Static<typeof CrmRuleInput>;

export const CrmRuleBatch = Type.Array(CrmRuleInput, {
  minItems: 1,
  maxItems: 20,
  description:
    'Up to 20 items, saved all or nothing. A single object (not in an array) is accepted as a batch of one. Integer fields also take digit strings ("1").',
});

export const CrmRule = Type.Object({
  codigo: Type.Integer(),
  descricao: Type.String(),
  acrescimo_desconto: Type.String(),
  tipo_aplicacao_calculo: Type.String(),
  tipo_calculo_valor: Type.String(),
  tipo_juros: Type.String(),
  tipo_saldo: Type.String(),
  tipo_prazo_pagamento: Type.String(),
  tipo_pessoa: Type.String(),
  desconto_extra: Type.String(),
  codigo_externo: Nullable(Type.String()),
  data_alteracao: Type.String({ description: 'dd/MM/yyyy HH:mm, America/Sao_Paulo' }),
  percentual: Nullable(Type.String()),
  valor_fixo_centavos: Nullable(Type.Integer()),
  dias: Nullable(Type.Integer()),
  teto_centavos: Nullable(Type.Integer()),
  teto_percentual: Nullable(Type.String()),
  ativo: Type.Boolean(),
});
export type CrmRule = Static<typeof CrmRule>;

const codeParams = {
  codigoInterno: Type.Optional(
    Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Código interno (codigo). Empty = absent.' }),
  ),
  codigoExterno: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Código externo; wins when both are given. Empty = absent.' }),
  ),
};

/** Other query parameters (a cache-buster, a token) are accepted and ignored. */
export const CrmCodeQuery = Type.Object(codeParams, { additionalProperties: true, description: 'Unknown parameters are ignored.' });

/** DELETE may carry the same parameters in a JSON body (the document says "Parâmetros" without saying where). */
export const CrmCodeBody = Type.Object(codeParams, {
  additionalProperties: true,
  description:
    'Optional: the codes as a JSON object (codigoInterno may be a digit string, codigoExterno a number). Unknown members are ignored.',
});

export const COMPARACOES = [
  'IGUAL',
  'DIFERENTE',
  'CONTEM',
  'NAO_CONTEM',
  'INICIA_COM',
  'TERMINA_COM',
  'MAIOR',
  'MAIOR_IGUAL',
  'MENOR',
  'MENOR_IGUAL',
  'EM',
  'NULO',
  'NAO_NULO',
] as const;
export type Comparacao = (typeof COMPARACOES)[number];

export const CrmSearchBody = Type.Object(
  {
    pagina: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: 'Default 1; the first page is 1. A digit string ("1") is accepted.' }),
    ),
    quantidadeRegistros: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'Default 20, at most 100. A digit string ("10") is accepted.' }),
    ),
    filtros: Type.Optional(
      Type.Array(
        Type.Object(
          {
            campo: Type.String({ minLength: 1, maxLength: 64 }),
            comparacao: Type.Union(
              COMPARACOES.map((c) => Type.Literal(c)),
              { description: 'Case-insensitive ("contem" = "CONTEM").' },
            ),
            valor: Type.Optional(Type.Unknown()),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    ordenacao: Type.Optional(
      Type.Array(
        Type.Object(
          {
            campo: Type.String({ minLength: 1, maxLength: 64 }),
            ordenacao: Type.Optional(Type.Union([Type.Literal('ASC'), Type.Literal('DESC'), Type.Literal('asc'), Type.Literal('desc')])),
          },
          { additionalProperties: false },
        ),
        { maxItems: 5 },
      ),
    ),
  },
  { additionalProperties: false, description: 'No body at all is {}: every record, default paging.' },
);
export type CrmSearchBody = Static<typeof CrmSearchBody>;

export const CrmMetadata = Type.Array(
  Type.Object({
    campo: Type.String(),
    tipo: Type.String(),
    tamanhoMaximo: Nullable(Type.Integer()),
    obrigatorio: Type.Boolean(),
    filtravel: Type.Boolean(),
    ordenavel: Type.Boolean(),
    comparacoes: Type.Array(Type.String()),
    valores: Nullable(Type.Array(Type.Object({ valor: Type.String(), descricao: Type.String() }))),
    descricao: Type.String(),
  }),
);

export const CrmMessage = Type.Object({ mensagem: Type.String() });

export const CrmError = Type.Object(
  {
    status: Type.Integer(),
    erro: Type.String({ description: "Cobre's stable code (validation_failed, not_found, …)" }),
    mensagem: Type.String(),
    erros: Type.Array(Type.Object({ campo: Nullable(Type.String()), mensagem: Type.String() })),
    requestId: Type.String(),
  },
  { title: 'CrmError', description: 'Error body of the /crm dialect (the seed defines none; docs/compat.md)' },
);
