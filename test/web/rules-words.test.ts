// The console's words for payment rules and late-charge policies (web/src/pages/settings/rules-words.ts):
// every code the API accepts has a choice in the form (a new code in rule-codes.ts fails here), and
// rules and policies read as the clerk expects.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  applicationChoices,
  BASE,
  CALCULATION,
  DIRECTION,
  EXTRA,
  INTEREST_KIND,
  parsePercent,
  PERSON,
  policyInWords,
  relativeToDue,
  ruleInWords,
  windowChoices,
  type Rule,
} from '../../web/src/pages/settings/rules-words.ts';
import { RULE_CODE_LISTS, codeValues } from '../../src/payment-rules/rule-codes.ts';

const values = (list: { value: string }[]) => list.map((c) => c.value).sort();

describe('the rule form offers every code of the API, in words', () => {
  it.each([
    ['acrescimo_desconto', DIRECTION],
    ['tipo_prazo_pagamento', windowChoices('D')],
    ['tipo_prazo_pagamento', windowChoices('A')],
    ['tipo_calculo_valor', CALCULATION],
    ['tipo_aplicacao_calculo', applicationChoices('D')],
    ['tipo_juros', INTEREST_KIND],
    ['tipo_saldo', BASE],
    ['tipo_pessoa', PERSON],
    ['desconto_extra', EXTRA],
  ] as const)('%s', (field, choices) => {
    expect(values(choices)).toEqual(codeValues(field).sort());
    for (const c of choices) expect(c.label).not.toMatch(/^\(?[A-Z]{1,3}\)?$/);
  });

  it('covers every coded field', () => {
    expect(Object.keys(RULE_CODE_LISTS).sort()).toEqual([
      'acrescimo_desconto',
      'desconto_extra',
      'tipo_aplicacao_calculo',
      'tipo_calculo_valor',
      'tipo_juros',
      'tipo_pessoa',
      'tipo_prazo_pagamento',
      'tipo_saldo',
    ]);
  });

  it('words the rule\'s own grace (VCE) and "per day" by direction', () => {
    expect(windowChoices('D').find((c) => c.value === 'VCE')!.label).toBe('Pago até N dias após o vencimento');
    expect(windowChoices('A').find((c) => c.value === 'VCE')!.label).toBe('Pago mais de N dias após o vencimento');
    expect(applicationChoices('D')[1].label).toBe('Por dia de antecedência');
    expect(applicationChoices('A')[1].label).toBe('Por dia de atraso');
  });
});

const rule = (over: Partial<Rule>): Rule => ({
  id: 'r',
  codigo: 1,
  descricao: 'Regra',
  acrescimo_desconto: 'D',
  tipo_aplicacao_calculo: 'D',
  tipo_calculo_valor: 'N',
  tipo_juros: 'S',
  tipo_saldo: 'S',
  tipo_prazo_pagamento: 'AOV',
  tipo_pessoa: 'S',
  desconto_extra: 'N',
  codigo_externo: null,
  percentual: '5',
  valor_fixo_centavos: null,
  dias: null,
  teto_centavos: null,
  teto_percentual: null,
  ativo: true,
  links: [],
  ...over,
});

describe('ruleInWords', () => {
  it('says what the rule does, when, for whom, and its limits', () => {
    expect(ruleInWords(rule({}))).toBe('Desconto de 5% do saldo em aberto, se pago até o vencimento.');
    expect(ruleInWords(rule({ tipo_prazo_pagamento: 'ADV', dias: 10, percentual: '2.5', tipo_saldo: 'O' }))).toBe(
      'Desconto de 2,5% do valor original, se pago com pelo menos 10 dias de antecedência.',
    );
    expect(ruleInWords(rule({ tipo_prazo_pagamento: 'ADV', dias: null }))).toBe(
      'Desconto de 5% do saldo em aberto, se pago com pelo menos 1 dia de antecedência.',
    );
    expect(
      ruleInWords(
        rule({
          acrescimo_desconto: 'A',
          tipo_calculo_valor: 'V',
          percentual: null,
          valor_fixo_centavos: 100,
          tipo_aplicacao_calculo: 'P',
          tipo_prazo_pagamento: 'VCE',
          dias: 3,
          teto_centavos: 2000,
        }),
      ),
    ).toBe('Acréscimo de R$ 1,00 por dia de atraso, se pago mais de 3 dias após o vencimento (limite de R$ 20,00).');
    expect(
      ruleInWords(rule({ tipo_calculo_valor: 'M', percentual: null, valor_fixo_centavos: 95000, tipo_pessoa: 'A', desconto_extra: 'S' })),
    ).toBe('Desconto até o saldo ficar em R$ 950,00, se pago até o vencimento (somente associados; soma-se às outras regras).');
    expect(
      ruleInWords(
        rule({
          percentual: '0.1',
          tipo_aplicacao_calculo: 'P',
          tipo_juros: 'C',
          tipo_prazo_pagamento: 'S',
          tipo_pessoa: 'T',
          teto_percentual: '3',
        }),
      ),
    ).toBe(
      'Desconto de 0,1% por dia de antecedência do saldo em aberto (composto), em qualquer data (somente não associados; limite de 3% da base).',
    );
    expect(ruleInWords(rule({ tipo_prazo_pagamento: 'VCE', dias: 1 }))).toBe(
      'Desconto de 5% do saldo em aberto, se pago até 1 dia após o vencimento.',
    );
  });
});

describe('policyInWords', () => {
  it('reads a policy, or its absence', () => {
    expect(policyInWords(null)).toBe('Sem multa nem juros por atraso.');
    expect(policyInWords({ fine: null, interest: null, grace_days: 0 })).toBe('Sem multa nem juros por atraso.');
    expect(
      policyInWords({
        fine: { kind: 'percent', value: '2', cap_percent: null },
        interest: { monthly_percent: '1', compound: false },
        grace_days: 0,
      }),
    ).toBe('Multa de 2% e juros de 1% ao mês (simples, pro rata por dia).');
    expect(policyInWords({ fine: { kind: 'fixed', value: 500, cap_percent: '1.5' }, interest: null, grace_days: 1 })).toBe(
      'Multa de R$ 5,00, limitada a 1,5% do saldo e sem juros, com carência de 1 dia.',
    );
    expect(policyInWords({ fine: null, interest: { monthly_percent: '0.5', compound: true }, grace_days: 5 })).toBe(
      'Sem multa e juros de 0,5% ao mês (compostos, pro rata por dia), com carência de 5 dias.',
    );
  });
});

describe('helpers', () => {
  it('parses a typed percentage the way the API takes it', () => {
    expect(parsePercent('2,5')).toBe('2.5');
    expect(parsePercent('2,5%')).toBe('2.5');
    expect(parsePercent('100')).toBe('100');
    expect(parsePercent('0,0001')).toBe('0.0001');
    expect(parsePercent('0,00001')).toBeNull();
    expect(parsePercent('100,01')).toBeNull();
    expect(parsePercent('150')).toBeNull();
    expect(parsePercent('')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(parsePercent('abc')).toBeNull();
  });

  it('moves dates across month and year ends and says them relative to the due date', () => {
    expect(addDays('2026-12-10', 30)).toBe('2027-01-09');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-10', -10)).toBe('2025-12-31');
    expect(relativeToDue(-10)).toBe('10 dias antes do vencimento');
    expect(relativeToDue(0)).toBe('no vencimento');
    expect(relativeToDue(1)).toBe('1 dia após o vencimento');
  });
});
