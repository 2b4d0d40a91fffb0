// TypeBox schemas of the payment-rules API. Field names of the rule stay Portuguese, as in the CRM
// record ("Desconto Pontualidade") it mirrors; the late-charge policy and the links are Cobre's own
// (English, snake_case).
import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';
import { RULE_CODE_LISTS, type CodedField } from './rule-codes.ts';

const PERCENT_PATTERN = '^\\d{1,3}(\\.\\d{1,4})?$';
const Percent = (description: string) => Type.String({ pattern: PERCENT_PATTERN, maxLength: 8, description });
const Cents = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

type CodeOf<F extends CodedField> = (typeof RULE_CODE_LISTS)[F][number]['value'];

function codeOf<F extends CodedField>(field: F, description: string) {
  const list: readonly { value: string; label: string }[] = RULE_CODE_LISTS[field];
  const schema: TSchema = Type.Union(
    list.map((o) => Type.Literal(o.value)),
    { description: `${description} ${list.map((o) => `${o.value} = ${o.label}`).join('; ')}.` },
  );
  return Type.Unsafe<CodeOf<F>>(schema);
}

/** Defaults of a rule created with only `descricao` (the CRM requires nothing else). */
export const RULE_DEFAULTS = {
  acrescimo_desconto: 'D',
  tipo_aplicacao_calculo: 'D',
  tipo_calculo_valor: 'N',
  tipo_juros: 'S',
  tipo_saldo: 'S',
  tipo_prazo_pagamento: 'AOV',
  tipo_pessoa: 'S',
  desconto_extra: 'N',
} as const;

export const DESCRICAO_MAX = 200;
export const CODIGO_EXTERNO_MAX = 64;

export const ruleInputFields = {
  descricao: Type.String({ minLength: 1, maxLength: DESCRICAO_MAX, description: 'Shown in the breakdown and on the boleto.' }),
  acrescimo_desconto: Type.Optional(codeOf('acrescimo_desconto', 'Direction (default D).')),
  tipo_aplicacao_calculo: Type.Optional(codeOf('tipo_aplicacao_calculo', 'Once or per day (default D).')),
  tipo_calculo_valor: Type.Optional(codeOf('tipo_calculo_valor', 'Percentage, fixed amount or target amount (default N).')),
  tipo_juros: Type.Optional(codeOf('tipo_juros', 'Simple or compound, for N + P (default S).')),
  tipo_saldo: Type.Optional(codeOf('tipo_saldo', 'The base (default S).')),
  tipo_prazo_pagamento: Type.Optional(codeOf('tipo_prazo_pagamento', 'The window relative to the due date (default AOV).')),
  tipo_pessoa: Type.Optional(codeOf('tipo_pessoa', 'Which customers (default S).')),
  desconto_extra: Type.Optional(codeOf('desconto_extra', 'Stacks on top of the others (default N).')),
  codigo_externo: Type.Optional(
    Nullable(
      Type.String({ minLength: 1, maxLength: CODIGO_EXTERNO_MAX, description: 'Code in the integrated system; unique per tenant.' }),
    ),
  ),
  percentual: Type.Optional(
    Nullable(Percent('Required for N, refused otherwise: percent 0–100, up to 4 places ("2.5" = 2,5 %); per day for P.')),
  ),
  valor_fixo_centavos: Type.Optional(
    Nullable(Cents('Required for V and M, refused otherwise: V the amount (per day for P), M the target amount.')),
  ),
  dias: Type.Optional(
    Nullable(
      Type.Integer({
        minimum: 0,
        maximum: 3650,
        description: 'Required for VCE (its grace), optional for ADV (minimum days early, default 1), refused otherwise.',
      }),
    ),
  ),
  teto_centavos: Type.Optional(Nullable(Cents('Optional cap on what the rule produces.'))),
  teto_percentual: Type.Optional(Nullable(Percent("Optional cap as a percent of the rule's base (rounded down)."))),
  ativo: Type.Optional(Type.Boolean({ description: 'An inactive rule is kept (and its links) but never applied. Default true.' })),
};

export const PaymentRuleCreate = Type.Object(ruleInputFields, { additionalProperties: false });
export type PaymentRuleCreate = Static<typeof PaymentRuleCreate>;

export const PaymentRulePatch = Type.Object(
  { ...ruleInputFields, descricao: Type.Optional(ruleInputFields.descricao) },
  { additionalProperties: false, minProperties: 1 },
);
export type PaymentRulePatch = Static<typeof PaymentRulePatch>;

export const TARGET_TYPES = ['tenant', 'service', 'customer', 'contract'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const LinkInput = Type.Object(
  {
    target_type: Type.Union(
      TARGET_TYPES.map((t) => Type.Literal(t)),
      { description: 'tenant = the default for every charge of the tenant.' },
    ),
    target_id: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: 'The service, customer or contract; absent or null for tenant.' })),
    ),
  },
  { additionalProperties: false },
);
export type LinkInput = Static<typeof LinkInput>;

export const Link = Type.Object({
  id: Type.String({ format: 'uuid' }),
  rule_id: Type.String({ format: 'uuid' }),
  target_type: Type.Union([Type.Literal('tenant'), Type.Literal('service'), Type.Literal('customer'), Type.Literal('contract')]),
  target_id: Nullable(Type.String({ format: 'uuid' })),
  created_at: Type.String({ format: 'date-time' }),
});
export type Link = Static<typeof Link>;

export const PaymentRule = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    codigo: Type.Integer({ description: 'Per-tenant number (the CRM\'s "código interno").' }),
    descricao: Type.String(),
    acrescimo_desconto: Type.String(),
    tipo_aplicacao_calculo: Type.String(),
    tipo_calculo_valor: Type.String(),
    tipo_juros: Type.String(),
    tipo_saldo: Type.String(),
    tipo_prazo_pagamento: Type.String(),
    tipo_pessoa: Type.String(),
    desconto_extra: Type.String({ description: 'S or N' }),
    codigo_externo: Nullable(Type.String()),
    percentual: Nullable(Type.String()),
    valor_fixo_centavos: Nullable(Type.Integer()),
    dias: Nullable(Type.Integer()),
    teto_centavos: Nullable(Type.Integer()),
    teto_percentual: Nullable(Type.String()),
    ativo: Type.Boolean(),
    data_alteracao: Type.String({ format: 'date-time', description: 'Set by Cobre on every save.' }),
    links: Type.Array(Link),
  },
  { title: 'PaymentRule' },
);
export type PaymentRule = Static<typeof PaymentRule>;

export const RULE_LEVELS = ['contract', 'customer', 'service', 'tenant'] as const;

export const EffectiveRules = Type.Object({
  associate: Type.Boolean({ description: 'The tipo_pessoa the selection was made for.' }),
  data: Type.Array(
    Type.Object({
      level: Type.Union([Type.Literal('contract'), Type.Literal('customer'), Type.Literal('service'), Type.Literal('tenant')]),
      link_id: Type.String({ format: 'uuid' }),
      rule: PaymentRule,
    }),
    { description: 'The rules that govern a charge here, in application order (docs/payment-rules.md, precedence).' },
  ),
});
export type EffectiveRules = Static<typeof EffectiveRules>;

// ---- late-charge policy (fine and default interest) ----

export const FineInput = Type.Object(
  {
    kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
    value: Type.Union([Percent('percent: of the net balance'), Cents('fixed: integer cents')], {
      description: 'percent: decimal string ("2" = 2 %); fixed: integer cents.',
    }),
    cap_percent: Type.Optional(Nullable(Percent('Cap as a percent of the net balance; consumers are capped at 2 % whatever this says.'))),
  },
  { additionalProperties: false },
);

export const InterestInput = Type.Object(
  {
    monthly_percent: Percent('Percent per 30-day month, pro rata per day, from the due date.'),
    compound: Type.Boolean({ description: 'Compound with the linear convention (whole months compound, days simple).' }),
  },
  { additionalProperties: false },
);

export const LatePolicyInput = Type.Object(
  {
    fine: Type.Optional(Nullable(FineInput)),
    interest: Type.Optional(Nullable(InterestInput)),
    grace_days: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 3650, description: 'No fine nor interest up to this many days late (default 0).' }),
    ),
    accept_days_after_due: Type.Optional(
      Nullable(
        Type.Integer({
          minimum: 0,
          maximum: 3650,
          description:
            '"Não receber após": payment is taken up to this many days after the due date (printed on the boleto; a cobv\'s validadeAposVencimento). Null or absent: no limit.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);
export type LatePolicyInput = Static<typeof LatePolicyInput>;

export const LatePolicyBody = Type.Object(
  {
    fine: Nullable(
      Type.Object({
        kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
        value: Type.Union([Type.String(), Type.Integer()]),
        cap_percent: Nullable(Type.String()),
      }),
    ),
    interest: Nullable(Type.Object({ monthly_percent: Type.String(), compound: Type.Boolean() })),
    grace_days: Type.Integer(),
    accept_days_after_due: Nullable(
      Type.Integer({ description: 'Days after the due date payment is still taken ("não receber após"); null: no limit.' }),
    ),
  },
  { title: 'LatePolicy' },
);
export type LatePolicyBody = Static<typeof LatePolicyBody>;

const PolicyLevel = Type.Union([Type.Literal('tenant'), Type.Literal('customer'), Type.Literal('contract')]);

export const LatePolicyView = Type.Object(
  {
    level: PolicyLevel,
    target_id: Nullable(Type.String({ format: 'uuid' })),
    policy: Type.Union([LatePolicyBody, Type.Null()], { description: "This level's own policy; null when it has none (it inherits)." }),
    updated_at: Nullable(Type.String({ format: 'date-time' })),
    effective: Type.Object(
      {
        level: Nullable(PolicyLevel),
        policy: Nullable(LatePolicyBody),
      },
      {
        description:
          'What a charge here gets unless the charge has its own late_policy: contract > customer > tenant; null = no fine nor interest.',
      },
    ),
  },
  { title: 'LatePolicyView' },
);
export type LatePolicyView = Static<typeof LatePolicyView>;

// ---- previews (unsaved rule or policy on an example charge) ----

const IsoDate = (description: string) => Type.String({ format: 'date', description });

export const PREVIEW_MAX_DATES = 12;

export const PreviewExample = Type.Object(
  {
    amount_cents: Type.Integer({ minimum: 1, maximum: 100_000_000_000, description: 'The example charge, in cents.' }),
    issue_date: IsoDate('Issue date (per-day discounts never count days before it).'),
    due_date: IsoDate('Due date, taken as given.'),
    paid_on: Type.Array(IsoDate('A payment date to compute.'), {
      minItems: 1,
      maxItems: PREVIEW_MAX_DATES,
      description: 'The dates to compute, each on its own.',
    }),
    paid_cents: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: 'Already paid (default 0); at most amount_cents.' }),
    ),
    customer_is_associate: Type.Optional(
      Type.Boolean({
        description: 'Default: true unless the rule is for third parties only (tipo_pessoa T), so the preview shows the rule applying.',
      }),
    ),
    customer_is_consumer: Type.Optional(
      Type.Boolean({ description: 'A consumer (PF): the fine is capped at 2 % (CDC art. 52 §1). Default false.' }),
    ),
  },
  { additionalProperties: false },
);
export type PreviewExample = Static<typeof PreviewExample>;

export const RulePreviewInput = Type.Object({ ...ruleInputFields, example: PreviewExample }, { additionalProperties: false });
export type RulePreviewInput = Static<typeof RulePreviewInput>;

export const LatePolicyPreviewInput = Type.Object(
  { ...LatePolicyInput.properties, example: PreviewExample },
  { additionalProperties: false },
);
export type LatePolicyPreviewInput = Static<typeof LatePolicyPreviewInput>;

const PreviewAmount = Type.Object({ descricao: Type.String(), amount_cents: Type.Integer() });

export const PreviewResult = Type.Object({
  example: Type.Object({
    amount_cents: Type.Integer(),
    issue_date: Type.String({ format: 'date' }),
    due_date: Type.String({ format: 'date' }),
    paid_cents: Type.Integer(),
    customer_is_associate: Type.Boolean(),
    customer_is_consumer: Type.Boolean(),
  }),
  in_words: Type.Array(Type.String(), { description: 'The rule or policy in pt-BR sentences, as on the boleto (describeRulesInWords).' }),
  dates: Type.Array(
    Type.Object({
      paid_on: Type.String({ format: 'date' }),
      days_from_due: Type.Integer({ description: 'Payment date − due date: negative = early, positive = late.' }),
      days_late: Type.Integer(),
      original_cents: Type.Integer(),
      paid_cents: Type.Integer(),
      discounts: Type.Array(PreviewAmount),
      surcharges: Type.Array(PreviewAmount),
      fine_cents: Type.Integer(),
      interest_cents: Type.Integer(),
      total_cents: Type.Integer({ description: 'What the payer pays on that date.' }),
    }),
  ),
});
export type PreviewResult = Static<typeof PreviewResult>;

// ---- the stored late-charge policies, for a list ----

export const LatePolicyListItem = Type.Object({
  level: PolicyLevel,
  target_id: Nullable(Type.String({ format: 'uuid' })),
  customer: Nullable(Type.Object({ id: Type.String({ format: 'uuid' }), number: Type.Integer(), name: Type.String() })),
  contract: Nullable(Type.Object({ id: Type.String({ format: 'uuid' }), number: Type.Integer() })),
  policy: LatePolicyBody,
  updated_at: Type.String({ format: 'date-time' }),
});
export type LatePolicyListItem = Static<typeof LatePolicyListItem>;
