// Structural validation of a rule and a late-charge policy: the engine refuses what it could only
// guess at (a percentage rule without a percentage, "montante per day", a grace on a window that has none).
import type { ErrorDetail } from '../../platform/errors.ts';
import { isCodeOf } from '../rule-codes.ts';
import { percentToUnits } from './arithmetic.ts';
import type { LateChargePolicy, PaymentRuleData } from './types.ts';

const MAX_DIAS = 3650;

const isCents = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Issues of one rule; empty when the rule is usable. `prefix` is prepended to the field names. */
export function validateRule(rule: PaymentRuleData, prefix = ''): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const bad = (field: string, issue: string): void => {
    issues.push({ field: prefix + field, issue });
  };
  if (typeof rule.id !== 'string' || rule.id === '') bad('id', 'required');
  if (typeof rule.descricao !== 'string' || rule.descricao.trim() === '') bad('descricao', 'required');
  const coded = [
    'acrescimo_desconto',
    'tipo_aplicacao_calculo',
    'tipo_calculo_valor',
    'tipo_juros',
    'tipo_saldo',
    'tipo_prazo_pagamento',
    'tipo_pessoa',
  ] as const;
  for (const f of coded) if (!isCodeOf(f, rule[f])) bad(f, 'not one of the allowed codes');
  if (typeof rule.desconto_extra !== 'boolean') bad('desconto_extra', 'must be a boolean');

  const kind = rule.tipo_calculo_valor;
  if (kind === 'N') {
    if (percentToUnits(rule.percentual) === null) bad('percentual', 'required for N: decimal 0–100 with up to 4 places');
  } else if (rule.percentual !== undefined) {
    bad('percentual', 'only used when tipo_calculo_valor = N');
  }
  if (kind === 'V' || kind === 'M') {
    if (!isCents(rule.valor_fixo_centavos)) bad('valor_fixo_centavos', 'required for V and M: integer cents ≥ 0');
  } else if (rule.valor_fixo_centavos !== undefined) {
    bad('valor_fixo_centavos', 'only used when tipo_calculo_valor = V or M');
  }
  if (kind === 'M' && rule.tipo_aplicacao_calculo === 'P') {
    bad('tipo_aplicacao_calculo', 'a montante (target amount) cannot be applied per day');
  }

  const window = rule.tipo_prazo_pagamento;
  const dias = rule.dias;
  const diasOk = typeof dias === 'number' && Number.isInteger(dias) && dias >= 0 && dias <= MAX_DIAS;
  if (window === 'VCE') {
    if (!diasOk) bad('dias', `required for VCE: integer 0–${MAX_DIAS}`);
  } else if (window === 'ADV') {
    if (dias !== undefined && (!diasOk || dias < 1)) bad('dias', `ADV needs an integer 1–${MAX_DIAS}`);
  } else if (dias !== undefined) {
    bad('dias', 'only used with tipo_prazo_pagamento ADV or VCE');
  }

  if (rule.teto_centavos !== undefined && !isCents(rule.teto_centavos)) bad('teto_centavos', 'integer cents ≥ 0');
  if (rule.teto_percentual !== undefined && percentToUnits(rule.teto_percentual) === null) {
    bad('teto_percentual', 'decimal 0–100 with up to 4 places');
  }
  return issues;
}

export function validateLatePolicy(late: LateChargePolicy, prefix = 'late.'): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const bad = (field: string, issue: string): void => {
    issues.push({ field: prefix + field, issue });
  };
  if (!Number.isInteger(late.graceDays) || late.graceDays < 0 || late.graceDays > MAX_DIAS) {
    bad('graceDays', `integer 0–${MAX_DIAS}`);
  }
  const accept = late.acceptDaysAfterDue;
  if (accept !== undefined && (!Number.isInteger(accept) || accept < 0 || accept > MAX_DIAS))
    bad('acceptDaysAfterDue', `integer 0–${MAX_DIAS}`);
  const fine = late.fine;
  if (fine !== undefined) {
    if (fine.kind === 'percent') {
      if (percentToUnits(fine.value) === null) bad('fine.value', 'percent: decimal string 0–100 with up to 4 places');
    } else if (fine.kind === 'fixed') {
      if (!isCents(fine.value)) bad('fine.value', 'fixed: integer cents ≥ 0');
    } else {
      bad('fine.kind', "'percent' or 'fixed'");
    }
    if (fine.capPercent !== undefined && percentToUnits(fine.capPercent) === null) {
      bad('fine.capPercent', 'decimal string 0–100 with up to 4 places');
    }
  }
  const interest = late.interest;
  if (interest !== undefined) {
    if (percentToUnits(interest.monthlyPercent) === null) {
      bad('interest.monthlyPercent', 'decimal string 0–100 with up to 4 places');
    }
    if (typeof interest.compound !== 'boolean') bad('interest.compound', 'must be a boolean');
  }
  return issues;
}
