// The coded enumerations of a payment rule ("Desconto Pontualidade" in the CRM this record comes from),
// with the pt-BR label shown to users and the exact meaning the amount-due engine gives each value
// (src/payment-rules/calculate). The CRUD API, its validation and the /metadados endpoint are built
// from these lists, so this file is the single source of the codes. docs/payment-rules.md has a worked
// example for every value.

export interface CodeOption<V extends string = string> {
  readonly value: V;
  /** pt-BR label, as in the CRM. */
  readonly label: string;
  /** What the engine does with it (English). */
  readonly meaning: string;
}

export const ACRESCIMO_DESCONTO = [
  { value: 'A', label: 'Acréscimo', meaning: 'Surcharge: the computed amount is added to what the customer owes.' },
  {
    value: 'D',
    label: 'Desconto',
    meaning: 'Discount: the computed amount is subtracted from what the customer owes (never below zero).',
  },
] as const satisfies readonly CodeOption[];

export const TIPO_APLICACAO_CALCULO = [
  { value: 'D', label: 'Direto', meaning: 'Applied once, whatever the number of days.' },
  {
    value: 'P',
    label: 'Por dia',
    meaning:
      'Multiplied per day counted: for a discount, the days the payment is made before the due date ' +
      '(never more than due date minus issue date); for a surcharge, the days after the due date.',
  },
] as const satisfies readonly CodeOption[];

export const TIPO_CALCULO_VALOR = [
  { value: 'N', label: 'Normal', meaning: 'Percentage (field percentual) of the base chosen by tipo_saldo.' },
  { value: 'V', label: 'Valor', meaning: 'Fixed amount in cents (field valor_fixo_centavos), per day when tipo_aplicacao_calculo = P.' },
  {
    value: 'M',
    label: 'Montante',
    meaning:
      'Target amount: valor_fixo_centavos is what the base must become. A discount is base − montante ' +
      '(zero if the base is already lower), a surcharge is montante − base (zero if the base is already higher). ' +
      'Only with tipo_aplicacao_calculo = D.',
  },
] as const satisfies readonly CodeOption[];

export const TIPO_JUROS = [
  {
    value: 'S',
    label: 'Simples',
    meaning: 'Simple: per-day percentage × days (commercial simple discount for discounts). Only matters for N + P.',
  },
  {
    value: 'C',
    label: 'Composto',
    meaning:
      'Compound per day: a surcharge is base × ((1 + i)^n − 1); a discount is the present-value (rational compound) ' +
      'discount base × (1 − 1/(1 + i)^n). Only matters for N + P.',
  },
] as const satisfies readonly CodeOption[];

export const TIPO_SALDO = [
  {
    value: 'A',
    label: 'Anterior',
    meaning:
      'Running balance: the net balance after the discounts/surcharges applied before this rule ' +
      '(equals the net balance when the rule is applied first).',
  },
  { value: 'O', label: 'Original', meaning: 'The original amount of the charge, ignoring payments already made.' },
  { value: 'S', label: 'Líquido', meaning: 'Net balance: original amount minus what was already paid.' },
] as const satisfies readonly CodeOption[];

export const TIPO_PRAZO_PAGAMENTO = [
  {
    value: 'ADV',
    label: 'Antes do vencimento',
    meaning: 'Paid at least `dias` days before the due date (payment date ≤ due date − dias; dias defaults to 1).',
  },
  { value: 'AOV', label: 'Até o vencimento', meaning: 'Paid on or before the due date.' },
  { value: 'DIV', label: 'Dia do vencimento', meaning: 'Paid exactly on the due date.' },
  { value: 'DPV', label: 'Depois do vencimento', meaning: 'Paid after the due date (from due date + 1).' },
  { value: 'S', label: 'Sempre', meaning: 'Any payment date.' },
  {
    value: 'VCE',
    label: 'Depois do vencimento com carência específica',
    meaning:
      "The rule has its own grace of `dias` days after the due date, always in the customer's favour: " +
      'a discount still applies up to due date + dias; a surcharge applies only after due date + dias.',
  },
] as const satisfies readonly CodeOption[];

export const TIPO_PESSOA = [
  { value: 'A', label: 'Associados', meaning: 'Only customers flagged as associates (members).' },
  { value: 'T', label: 'Terceiros', meaning: 'Only customers that are not associates (third parties).' },
  { value: 'S', label: 'Todos', meaning: 'Every customer.' },
] as const satisfies readonly CodeOption[];

/** The API carries 'S'/'N'; the engine's PaymentRuleData holds a boolean (see desconto_extraFromCode). */
export const DESCONTO_EXTRA = [
  {
    value: 'S',
    label: 'Sim',
    meaning:
      'Stacks: applied on top of the other rules, and kept when a more specific level (contract, customer…) ' + 'defines its own rules.',
  },
  {
    value: 'N',
    label: 'Não',
    meaning:
      'Alternative: among the applicable non-extra rules of one direction only the largest amount applies ' +
      '(tiers such as "10% ten days early, 5% until the due date"), and a more specific level replaces them.',
  },
] as const satisfies readonly CodeOption[];

export type AcrescimoDesconto = (typeof ACRESCIMO_DESCONTO)[number]['value'];
export type TipoAplicacaoCalculo = (typeof TIPO_APLICACAO_CALCULO)[number]['value'];
export type TipoCalculoValor = (typeof TIPO_CALCULO_VALOR)[number]['value'];
export type TipoJuros = (typeof TIPO_JUROS)[number]['value'];
export type TipoSaldo = (typeof TIPO_SALDO)[number]['value'];
export type TipoPrazoPagamento = (typeof TIPO_PRAZO_PAGAMENTO)[number]['value'];
export type TipoPessoa = (typeof TIPO_PESSOA)[number]['value'];
export type DescontoExtraCode = (typeof DESCONTO_EXTRA)[number]['value'];

/** Every coded field of the record and its list, keyed by the API (Portuguese) field name. */
export const RULE_CODE_LISTS = {
  acrescimo_desconto: ACRESCIMO_DESCONTO,
  tipo_aplicacao_calculo: TIPO_APLICACAO_CALCULO,
  tipo_calculo_valor: TIPO_CALCULO_VALOR,
  tipo_juros: TIPO_JUROS,
  tipo_saldo: TIPO_SALDO,
  tipo_prazo_pagamento: TIPO_PRAZO_PAGAMENTO,
  tipo_pessoa: TIPO_PESSOA,
  desconto_extra: DESCONTO_EXTRA,
} as const;

export type CodedField = keyof typeof RULE_CODE_LISTS;

export function isCodeOf(field: CodedField, value: unknown): boolean {
  return typeof value === 'string' && RULE_CODE_LISTS[field].some((o) => o.value === value);
}

export function codeValues(field: CodedField): string[] {
  return RULE_CODE_LISTS[field].map((o) => o.value);
}

export function descontoExtraFromCode(code: DescontoExtraCode): boolean {
  return code === 'S';
}

export function descontoExtraToCode(extra: boolean): DescontoExtraCode {
  return extra ? 'S' : 'N';
}

export interface RateFieldInfo {
  readonly name: string;
  readonly type: 'decimal-string' | 'integer';
  readonly required: string;
  readonly constraints: string;
  readonly meaning: string;
}

/**
 * Fields Cobre adds to the CRM record: the seed has no rate at all. Validation lives in
 * calculate/validate.ts (validateRule); this is the human-readable metadata.
 */
export const RULE_RATE_FIELDS: readonly RateFieldInfo[] = [
  {
    name: 'percentual',
    type: 'decimal-string',
    required: 'when tipo_calculo_valor = N',
    constraints: '0 to 100, up to 4 decimal places, dot separator ("2.5" = 2,5%)',
    meaning: 'Percentage of the base; per day when tipo_aplicacao_calculo = P.',
  },
  {
    name: 'valor_fixo_centavos',
    type: 'integer',
    required: 'when tipo_calculo_valor = V or M',
    constraints: 'integer cents ≥ 0',
    meaning: 'V: the fixed amount (per day when P). M: the target amount the base must become.',
  },
  {
    name: 'dias',
    type: 'integer',
    required: 'when tipo_prazo_pagamento = VCE; optional for ADV (default 1); rejected otherwise',
    constraints: '0 to 3650 (ADV: at least 1)',
    meaning: "ADV: minimum days before the due date. VCE: the rule's own grace after the due date.",
  },
  {
    name: 'teto_centavos',
    type: 'integer',
    required: 'optional',
    constraints: 'integer cents ≥ 0',
    meaning: 'Cap on the amount this rule produces.',
  },
  {
    name: 'teto_percentual',
    type: 'decimal-string',
    required: 'optional',
    constraints: '0 to 100, up to 4 decimal places',
    meaning: "Cap on the amount this rule produces, as a percentage of the rule's base (rounded down to the cent).",
  },
];
