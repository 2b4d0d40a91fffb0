import { describe, expect, it } from 'vitest';
import { compileLatePolicy, compileRules } from './compile.ts';
import { computeAmountDue } from './compute.ts';
import { charge, rule } from './test-helpers.ts';
import { validateLatePolicy, validateRule } from './validate.ts';
import type { PaymentRuleData } from './types.ts';

const fields = (r: PaymentRuleData): (string | undefined)[] => validateRule(r).map((i) => i.field);

describe('validateRule', () => {
  it('accepts the seed example once a rate is added (VCE discount with its grace)', () => {
    // The seed's record: D, D, N, S, A, VCE, A, desconto_extra S — plus Cobre's percentual and dias.
    const seed = rule({
      codigo: 1,
      descricao: 'Desconto para pagamento antecipado',
      acrescimo_desconto: 'D',
      tipo_aplicacao_calculo: 'D',
      tipo_calculo_valor: 'N',
      tipo_juros: 'S',
      tipo_saldo: 'A',
      tipo_prazo_pagamento: 'VCE',
      tipo_pessoa: 'A',
      desconto_extra: true,
      codigo_externo: 'EXT123',
      percentual: '5',
      dias: 3,
    });
    expect(validateRule(seed)).toEqual([]);
  });

  it('requires the rate field of each tipo_calculo_valor and refuses the others', () => {
    expect(fields({ ...rule({ tipo_calculo_valor: 'N' }), percentual: undefined })).toEqual(['percentual']);
    expect(fields({ ...rule({ tipo_calculo_valor: 'V' }), valor_fixo_centavos: undefined })).toEqual(['valor_fixo_centavos']);
    expect(fields(rule({ tipo_calculo_valor: 'V', percentual: '2' }))).toEqual(['percentual']);
    expect(fields(rule({ tipo_calculo_valor: 'N', valor_fixo_centavos: 5 }))).toEqual(['valor_fixo_centavos']);
  });

  it('rejects malformed percentages, cents and codes', () => {
    expect(fields(rule({ tipo_calculo_valor: 'N', percentual: '2,5' }))).toEqual(['percentual']);
    expect(fields(rule({ tipo_calculo_valor: 'N', percentual: '1.23456' }))).toEqual(['percentual']);
    expect(fields(rule({ tipo_calculo_valor: 'N', percentual: '100.0001' }))).toEqual(['percentual']);
    expect(fields(rule({ valor_fixo_centavos: 1.5 }))).toEqual(['valor_fixo_centavos']);
    expect(fields(rule({ tipo_saldo: 'X' as 'A' }))).toEqual(['tipo_saldo']);
    expect(fields(rule({ teto_percentual: 'abc', teto_centavos: -1 }))).toEqual(['teto_centavos', 'teto_percentual']);
  });

  it('refuses montante per day, and dias where the window has no use for it', () => {
    expect(fields(rule({ tipo_calculo_valor: 'M', tipo_aplicacao_calculo: 'P' }))).toEqual(['tipo_aplicacao_calculo']);
    expect(fields(rule({ tipo_prazo_pagamento: 'VCE' }))).toEqual(['dias']);
    expect(fields(rule({ tipo_prazo_pagamento: 'ADV', dias: 0 }))).toEqual(['dias']);
    expect(fields(rule({ tipo_prazo_pagamento: 'AOV', dias: 3 }))).toEqual(['dias']);
    expect(fields(rule({ tipo_prazo_pagamento: 'VCE', dias: 0 }))).toEqual([]);
  });

  it('compileRules names the rule index in the error', () => {
    expect(() => compileRules([rule({}), rule({ descricao: ' ' })])).toThrow(/Invalid payment rule/);
    try {
      compileRules([rule({}), rule({ descricao: ' ' })]);
    } catch (e) {
      expect((e as { details: { field: string }[] }).details[0].field).toBe('rules[1].descricao');
    }
  });
});

describe('validateLatePolicy', () => {
  it('checks every field', () => {
    expect(validateLatePolicy({ graceDays: 0 })).toEqual([]);
    const issues = validateLatePolicy({
      graceDays: -1,
      fine: { kind: 'fixed', value: '2' },
      interest: { monthlyPercent: '1%', compound: true },
    });
    expect(issues.map((i) => i.field)).toEqual(['late.graceDays', 'late.fine.value', 'late.interest.monthlyPercent']);
    expect(() => compileLatePolicy({ graceDays: 0, fine: { kind: 'percent', value: 2 } })).toThrow(/late-charge/);
  });
});

describe('amounts beyond the cents range', () => {
  // 20 % a day compounded for 365 days multiplies the base by about 7·10^28.
  const huge = {
    acrescimo_desconto: 'A',
    tipo_aplicacao_calculo: 'P',
    tipo_calculo_valor: 'N',
    tipo_juros: 'C',
    tipo_prazo_pagamento: 'DPV',
    percentual: '20',
  } as const;
  it('are refused when no cap brings them back', () => {
    expect(() => computeAmountDue(charge(), [rule(huge)], null, '2027-12-10')).toThrow(/too large/);
  });
  it('are fine when the rule has a cap: 365 days late, capped at R$ 500,00 → 100000 + 50000', () => {
    expect(computeAmountDue(charge(), [rule({ ...huge, teto_centavos: 50_000 })], null, '2027-12-10').totalCents).toBe(150_000);
  });
});
