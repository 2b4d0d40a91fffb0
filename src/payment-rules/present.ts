// Conversions between stored rows, the API shapes and the engine's plain data.
import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import type { LateChargePolicy, PaymentRuleData } from './calculate/index.ts';
import type { LatePolicyRow, LatePolicyValues, RuleRow } from './queries.ts';
import type { LatePolicyBody, LatePolicyInput, PaymentRule } from './schemas.ts';

/** numeric(7,4) text ('2.5000') → the canonical decimal string ('2.5'). */
export function percentText(v: string | null): string | null {
  return v === null ? null : formatDecimal(parseDecimal(v, 4, 'percent'));
}

export function presentRule(row: RuleRow): PaymentRule {
  return {
    id: row.id,
    codigo: row.codigo,
    descricao: row.descricao,
    acrescimo_desconto: row.acrescimo_desconto,
    tipo_aplicacao_calculo: row.tipo_aplicacao_calculo,
    tipo_calculo_valor: row.tipo_calculo_valor,
    tipo_juros: row.tipo_juros,
    tipo_saldo: row.tipo_saldo,
    tipo_prazo_pagamento: row.tipo_prazo_pagamento,
    tipo_pessoa: row.tipo_pessoa,
    desconto_extra: row.desconto_extra ? 'S' : 'N',
    codigo_externo: row.codigo_externo,
    percentual: percentText(row.percentual),
    valor_fixo_centavos: row.valor_fixo_centavos,
    dias: row.dias,
    teto_centavos: row.teto_centavos,
    teto_percentual: percentText(row.teto_percentual),
    ativo: row.ativo,
    data_alteracao: row.data_alteracao,
    links: (row.links ?? []).map((l) => ({
      id: l.id,
      rule_id: l.rule_id,
      target_type: l.target_type,
      target_id: l.target_id,
      // json_build_object renders timestamptz in the session's format; normalise to ISO.
      created_at: new Date(l.created_at).toISOString(),
    })),
  };
}

const opt = <T>(v: T | null | undefined): T | undefined => (v === null || v === undefined ? undefined : v);

/** A stored rule as the engine's input. */
export function ruleData(row: Omit<RuleRow, 'links'>): PaymentRuleData {
  const data: PaymentRuleData = {
    id: row.id,
    codigo: row.codigo,
    descricao: row.descricao,
    acrescimo_desconto: row.acrescimo_desconto,
    tipo_aplicacao_calculo: row.tipo_aplicacao_calculo,
    tipo_calculo_valor: row.tipo_calculo_valor,
    tipo_juros: row.tipo_juros,
    tipo_saldo: row.tipo_saldo,
    tipo_prazo_pagamento: row.tipo_prazo_pagamento,
    tipo_pessoa: row.tipo_pessoa,
    desconto_extra: row.desconto_extra,
    data_alteracao: row.data_alteracao,
  };
  // Absent, not undefined-valued, keys: validateRule checks `!== undefined`, and so do we.
  if (row.codigo_externo !== null) data.codigo_externo = row.codigo_externo;
  if (row.percentual !== null) data.percentual = percentText(row.percentual)!;
  if (row.valor_fixo_centavos !== null) data.valor_fixo_centavos = row.valor_fixo_centavos;
  if (row.dias !== null) data.dias = row.dias;
  if (row.teto_centavos !== null) data.teto_centavos = row.teto_centavos;
  if (row.teto_percentual !== null) data.teto_percentual = percentText(row.teto_percentual)!;
  return data;
}

// ---- late-charge policies: API (snake_case) ↔ engine (LateChargePolicy) ↔ row ----

/** API body → the engine's policy (not yet validated: run validateLatePolicy). */
export function latePolicyFromApi(input: LatePolicyInput): LateChargePolicy {
  const policy: LateChargePolicy = { graceDays: input.grace_days ?? 0 };
  if (input.fine) {
    policy.fine = { kind: input.fine.kind, value: input.fine.value };
    if (input.fine.cap_percent !== undefined && input.fine.cap_percent !== null) policy.fine.capPercent = input.fine.cap_percent;
  }
  if (input.interest) policy.interest = { monthlyPercent: input.interest.monthly_percent, compound: input.interest.compound };
  if (input.accept_days_after_due !== undefined && input.accept_days_after_due !== null)
    policy.acceptDaysAfterDue = input.accept_days_after_due;
  return policy;
}

/** The engine's policy → API body (also used for a charge's late_policy column). */
export function latePolicyToApi(policy: LateChargePolicy): LatePolicyBody {
  return {
    fine: policy.fine ? { kind: policy.fine.kind, value: policy.fine.value, cap_percent: opt(policy.fine.capPercent) ?? null } : null,
    interest: policy.interest ? { monthly_percent: policy.interest.monthlyPercent, compound: policy.interest.compound } : null,
    grace_days: policy.graceDays,
    accept_days_after_due: policy.acceptDaysAfterDue ?? null,
  };
}

export function latePolicyFromRow(row: LatePolicyRow): LateChargePolicy {
  const policy: LateChargePolicy = { graceDays: row.grace_days };
  if (row.fine_kind === 'percent') policy.fine = { kind: 'percent', value: percentText(row.fine_percent)! };
  else if (row.fine_kind === 'fixed') policy.fine = { kind: 'fixed', value: row.fine_fixed_cents! };
  if (policy.fine && row.fine_cap_percent !== null) policy.fine.capPercent = percentText(row.fine_cap_percent)!;
  if (row.interest_monthly_percent !== null) {
    policy.interest = { monthlyPercent: percentText(row.interest_monthly_percent)!, compound: !!row.interest_compound };
  }
  if (row.accept_days_after_due !== null) policy.acceptDaysAfterDue = row.accept_days_after_due;
  return policy;
}

export function latePolicyValues(policy: LateChargePolicy): LatePolicyValues {
  const fine = policy.fine;
  return {
    fine_kind: fine?.kind ?? null,
    fine_percent: fine?.kind === 'percent' ? String(fine.value) : null,
    fine_fixed_cents: fine?.kind === 'fixed' ? Number(fine.value) : null,
    fine_cap_percent: fine?.capPercent ?? null,
    interest_monthly_percent: policy.interest?.monthlyPercent ?? null,
    interest_compound: policy.interest ? policy.interest.compound : null,
    grace_days: policy.graceDays,
    accept_days_after_due: policy.acceptDaysAfterDue ?? null,
  };
}
