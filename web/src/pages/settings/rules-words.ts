// Payment rules and late-charge policies in words (pt-BR), for the console. The API keeps the CRM's
// codes (ADV, N, S…); the clerk reads words, with the code as a small detail. The engine's exact
// meaning of every code is in src/payment-rules/rule-codes.ts and docs/payment-rules.md.
import { brl, decimalBR, parseDecimalBR } from '../../format.ts';

export interface Rule {
  id: string;
  codigo: number;
  descricao: string;
  acrescimo_desconto: string;
  tipo_aplicacao_calculo: string;
  tipo_calculo_valor: string;
  tipo_juros: string;
  tipo_saldo: string;
  tipo_prazo_pagamento: string;
  tipo_pessoa: string;
  desconto_extra: string;
  codigo_externo: string | null;
  percentual: string | null;
  valor_fixo_centavos: number | null;
  dias: number | null;
  teto_centavos: number | null;
  teto_percentual: string | null;
  ativo: boolean;
  links: RuleLink[];
}

export interface RuleLink {
  id: string;
  rule_id: string;
  target_type: 'tenant' | 'customer' | 'contract' | 'service';
  target_id: string | null;
  created_at: string;
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export const DIRECTION: Choice[] = [
  { value: 'D', label: 'Desconto', hint: 'o pagador paga menos' },
  { value: 'A', label: 'Acréscimo', hint: 'o pagador paga mais' },
];

/** When the rule applies; the wording of the rule's own grace (VCE) depends on the direction. */
export function windowChoices(direction: string): Choice[] {
  return [
    { value: 'AOV', label: 'Pago até o vencimento' },
    { value: 'ADV', label: 'Pago com pelo menos N dias de antecedência' },
    { value: 'DIV', label: 'Pago no dia do vencimento' },
    { value: 'DPV', label: 'Pago após o vencimento' },
    direction === 'A'
      ? { value: 'VCE', label: 'Pago mais de N dias após o vencimento', hint: 'carência própria da regra' }
      : { value: 'VCE', label: 'Pago até N dias após o vencimento', hint: 'carência própria da regra' },
    { value: 'S', label: 'Em qualquer data' },
  ];
}

export const CALCULATION: Choice[] = [
  { value: 'N', label: 'Percentual', hint: 'uma porcentagem da base' },
  { value: 'V', label: 'Valor fixo', hint: 'um valor em reais' },
  { value: 'M', label: 'Valor-alvo', hint: 'o saldo passa a ser este valor' },
];

export function applicationChoices(direction: string): Choice[] {
  return [
    { value: 'D', label: 'Uma vez' },
    { value: 'P', label: direction === 'A' ? 'Por dia de atraso' : 'Por dia de antecedência' },
  ];
}

export const INTEREST_KIND: Choice[] = [
  { value: 'S', label: 'Simples', hint: 'taxa × dias' },
  { value: 'C', label: 'Composto', hint: 'dia a dia sobre o valor corrigido' },
];

export const BASE: Choice[] = [
  { value: 'S', label: 'Saldo em aberto', hint: 'valor da cobrança menos o que já foi pago' },
  { value: 'O', label: 'Valor original da cobrança', hint: 'ignora pagamentos parciais' },
  { value: 'A', label: 'Saldo após as regras aplicadas antes desta' },
];

export const PERSON: Choice[] = [
  { value: 'S', label: 'Todos os clientes' },
  { value: 'A', label: 'Somente associados' },
  { value: 'T', label: 'Somente não associados (terceiros)' },
];

export const EXTRA: Choice[] = [
  {
    value: 'N',
    label: 'Não: vale só a maior regra do mesmo tipo',
    hint: 'use para faixas, ex.: 10% com 10 dias de antecedência, 5% até o vencimento',
  },
  { value: 'S', label: 'Sim: soma-se às outras regras' },
];

const pct = (s: string) => `${decimalBR(s)}%`;
const days = (n: number) => `${n} ${n === 1 ? 'dia' : 'dias'}`;

/** "Desconto de 5% do saldo em aberto, se pago até o vencimento" and its details. */
export function ruleInWords(
  r: Pick<
    Rule,
    | 'acrescimo_desconto'
    | 'tipo_aplicacao_calculo'
    | 'tipo_calculo_valor'
    | 'tipo_juros'
    | 'tipo_saldo'
    | 'tipo_prazo_pagamento'
    | 'tipo_pessoa'
    | 'desconto_extra'
    | 'percentual'
    | 'valor_fixo_centavos'
    | 'dias'
    | 'teto_centavos'
    | 'teto_percentual'
  >,
): string {
  const discount = r.acrescimo_desconto !== 'A';
  const perDay = r.tipo_aplicacao_calculo === 'P' ? (discount ? ' por dia de antecedência' : ' por dia de atraso') : '';
  const base = { S: 'do saldo em aberto', O: 'do valor original', A: 'do saldo após as regras anteriores' }[r.tipo_saldo] ?? '';
  let what: string;
  if (r.tipo_calculo_valor === 'M') {
    what = discount
      ? `Desconto até o saldo ficar em ${brl(r.valor_fixo_centavos)}`
      : `Acréscimo até o saldo chegar a ${brl(r.valor_fixo_centavos)}`;
  } else {
    const amount = r.tipo_calculo_valor === 'N' ? `${pct(r.percentual ?? '0')}${perDay} ${base}` : `${brl(r.valor_fixo_centavos)}${perDay}`;
    what = `${discount ? 'Desconto' : 'Acréscimo'} de ${amount}`;
    if (r.tipo_calculo_valor === 'N' && r.tipo_aplicacao_calculo === 'P' && r.tipo_juros === 'C') what += ' (composto)';
  }
  const d = r.dias ?? 1;
  const when =
    {
      AOV: 'se pago até o vencimento',
      ADV: `se pago com pelo menos ${days(d)} de antecedência`,
      DIV: 'se pago no dia do vencimento',
      DPV: 'se pago após o vencimento',
      S: 'em qualquer data',
      VCE: discount ? `se pago até ${days(r.dias ?? 0)} após o vencimento` : `se pago mais de ${days(r.dias ?? 0)} após o vencimento`,
    }[r.tipo_prazo_pagamento] ?? '';
  const extras: string[] = [];
  if (r.tipo_pessoa === 'A') extras.push('somente associados');
  if (r.tipo_pessoa === 'T') extras.push('somente não associados');
  if (r.desconto_extra === 'S') extras.push('soma-se às outras regras');
  if (r.teto_centavos !== null) extras.push(`limite de ${brl(r.teto_centavos)}`);
  if (r.teto_percentual !== null) extras.push(`limite de ${pct(r.teto_percentual)} da base`);
  return `${what}, ${when}${extras.length ? ` (${extras.join('; ')})` : ''}.`;
}

// ---- late-charge policies ----

export interface LatePolicyBody {
  fine: { kind: 'percent' | 'fixed'; value: string | number; cap_percent: string | null } | null;
  interest: { monthly_percent: string; compound: boolean } | null;
  grace_days: number;
  /** "Não receber após N dias do vencimento" (boleto instruction and the cobv's validity); null: the bank's default. */
  accept_days_after_due?: number | null;
}

export interface LatePolicyView {
  level: 'tenant' | 'customer' | 'contract';
  target_id: string | null;
  policy: LatePolicyBody | null;
  updated_at: string | null;
  effective: { level: 'tenant' | 'customer' | 'contract' | null; policy: LatePolicyBody | null };
}

export const POLICY_LEVEL_LABEL: Record<string, string> = {
  tenant: 'padrão da empresa',
  customer: 'do cliente',
  contract: 'do contrato',
};

/** "Multa de 2% e juros de 1% ao mês (simples), com carência de 5 dias." */
export function policyInWords(p: LatePolicyBody | null): string {
  if (!p || (!p.fine && !p.interest))
    return (
      'Sem multa nem juros por atraso.' +
      (p?.accept_days_after_due != null ? ` Não receber após ${days(p.accept_days_after_due)} do vencimento.` : '')
    );
  const parts: string[] = [];
  if (p.fine) {
    const cap = p.fine.cap_percent !== null ? `, limitada a ${pct(p.fine.cap_percent)} do saldo` : '';
    parts.push(p.fine.kind === 'percent' ? `multa de ${pct(String(p.fine.value))}${cap}` : `multa de ${brl(Number(p.fine.value))}${cap}`);
  } else parts.push('sem multa');
  if (p.interest)
    parts.push(`juros de ${pct(p.interest.monthly_percent)} ao mês (${p.interest.compound ? 'compostos' : 'simples'}, pro rata por dia)`);
  else parts.push('sem juros');
  const text = parts.join(' e ');
  const grace = p.grace_days > 0 ? `, com carência de ${days(p.grace_days)}` : '';
  const limit = p.accept_days_after_due != null ? ` Não receber após ${days(p.accept_days_after_due)} do vencimento.` : '';
  return text.charAt(0).toUpperCase() + text.slice(1) + grace + '.' + limit;
}

/** A percent typed as "2,5" → "2.5" (API), or null when it is not 0–100 with up to 4 places. */
export function parsePercent(text: string): string | null {
  const d = parseDecimalBR(text.replace('%', ''));
  if (d === null) return null;
  const [int, frac = ''] = d.split('.');
  if (frac.length > 4 || Number(d) > 100 || int.length > 3) return null;
  return d;
}

// ---- dates for the examples ----

/** "YYYY-MM-DD" plus n days (calendar). */
export function addDays(iso: string, n: number): string {
  const t = Date.parse(iso + 'T00:00:00Z') + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A payment date relative to the due date, in words: "10 dias antes", "no vencimento", "5 dias após". */
export function relativeToDue(daysFromDue: number): string {
  if (daysFromDue === 0) return 'no vencimento';
  return daysFromDue < 0 ? `${days(-daysFromDue)} antes do vencimento` : `${days(daysFromDue)} após o vencimento`;
}

/** The result of POST /v1/payment-rules/preview and /v1/late-charge-policy/preview. */
export interface PreviewResult {
  example: {
    amount_cents: number;
    issue_date: string;
    due_date: string;
    paid_cents: number;
    customer_is_associate: boolean;
    customer_is_consumer: boolean;
  };
  in_words: string[];
  dates: {
    paid_on: string;
    days_from_due: number;
    days_late: number;
    original_cents: number;
    paid_cents: number;
    discounts: { descricao: string; amount_cents: number }[];
    surcharges: { descricao: string; amount_cents: number }[];
    fine_cents: number;
    interest_cents: number;
    total_cents: number;
  }[];
}
