import { describe, expect, it } from 'vitest';
import { describeRulesInWords } from './describe.ts';
import { formatBRL, formatPercent } from './format.ts';
import { rule } from './test-helpers.ts';

const DUE = '2026-12-10';

describe('describeRulesInWords', () => {
  it('renders the examples of the brief', () => {
    const lines = describeRulesInWords(
      [rule({ valor_fixo_centavos: 500, tipo_prazo_pagamento: 'AOV' })],
      { fine: { kind: 'percent', value: '2' }, interest: { monthlyPercent: '1', compound: false }, graceDays: 0 },
      '2026-12-05',
      { amountCents: 100_000 },
    );
    // interest per day: 100000 × 1 % / 30 = 33,3 → R$ 0,33
    expect(lines).toEqual([
      'Até 05/12/2026: desconto de R$ 5,00.',
      'Após o vencimento: multa de 2,00% e juros de 1,00% ao mês (R$ 0,33 por dia).',
    ]);
  });

  it('one sentence per window', () => {
    const lines = describeRulesInWords(
      [
        rule({ tipo_calculo_valor: 'N', percentual: '10', tipo_prazo_pagamento: 'ADV', dias: 10 }),
        rule({ tipo_calculo_valor: 'N', percentual: '5', tipo_prazo_pagamento: 'DIV' }),
        rule({ valor_fixo_centavos: 300, tipo_prazo_pagamento: 'S', desconto_extra: true, tipo_pessoa: 'A' }),
        rule({ valor_fixo_centavos: 1000, tipo_prazo_pagamento: 'VCE', dias: 3, desconto_extra: true }),
        rule({ acrescimo_desconto: 'A', valor_fixo_centavos: 50, tipo_aplicacao_calculo: 'P', tipo_prazo_pagamento: 'DPV' }),
        rule({
          acrescimo_desconto: 'A',
          tipo_calculo_valor: 'M',
          valor_fixo_centavos: 120_000,
          tipo_prazo_pagamento: 'VCE',
          dias: 30,
          desconto_extra: true,
        }),
        rule({
          tipo_calculo_valor: 'N',
          percentual: '0.1',
          tipo_aplicacao_calculo: 'P',
          tipo_juros: 'C',
          tipo_prazo_pagamento: 'ADV',
          teto_centavos: 2000,
          desconto_extra: true,
          tipo_pessoa: 'T',
        }),
      ],
      null,
      DUE,
      { amountCents: 100_000 },
    );
    expect(lines).toEqual([
      'Até 30/11/2026 (10 dias antes do vencimento): desconto de 10,00% (R$ 100,00) (não cumulativo).',
      'No vencimento (10/12/2026): desconto de 5,00% (R$ 50,00) (não cumulativo).',
      'Em qualquer data: desconto de R$ 3,00 (somente associados).',
      'Até 13/12/2026 (3 dias após o vencimento): desconto de R$ 10,00.',
      'Após 10/12/2026: acréscimo de R$ 0,50 por dia de atraso.',
      'Após 09/01/2027 (30 dias após o vencimento): valor a pagar de R$ 1.200,00.',
      'Até 09/12/2026: desconto composto de 0,10% ao dia, por dia de antecipação (limitado a R$ 20,00) (somente não associados).',
    ]);
  });

  it('leaves out rules for the other kind of person when the customer is known', () => {
    const rules = [rule({ valor_fixo_centavos: 100, tipo_pessoa: 'A' }), rule({ valor_fixo_centavos: 200, tipo_pessoa: 'T' })];
    expect(describeRulesInWords(rules, null, DUE, { customerIsAssociate: false })).toEqual(['Até 10/12/2026: desconto de R$ 2,00.']);
  });

  it('late charges with grace, compound interest and the consumer cap', () => {
    const late = { fine: { kind: 'percent' as const, value: '10' }, interest: { monthlyPercent: '1', compound: true }, graceDays: 5 };
    expect(describeRulesInWords([], late, DUE, { customerIsConsumer: true })).toEqual([
      'Após 15/12/2026 (carência de 5 dias): multa de 2,00% e juros compostos de 1,00% ao mês desde o vencimento.',
    ]);
    expect(describeRulesInWords([], late, DUE)).toEqual([
      'Após 15/12/2026 (carência de 5 dias): multa de 10,00% e juros compostos de 1,00% ao mês desde o vencimento.',
    ]);
    // fixed R$ 50,00 fine for a consumer on R$ 1.000,00: ⌊2 % × 100000⌋ = 2000 → R$ 20,00
    expect(
      describeRulesInWords([], { fine: { kind: 'fixed', value: 5000 }, graceDays: 0 }, DUE, {
        customerIsConsumer: true,
        amountCents: 100_000,
      }),
    ).toEqual(['Após o vencimento: multa de R$ 20,00.']);
    expect(describeRulesInWords([], { graceDays: 0 }, DUE)).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats reais and percentages the Brazilian way', () => {
    expect(formatBRL(0)).toBe('R$ 0,00');
    expect(formatBRL(5)).toBe('R$ 0,05');
    expect(formatBRL(123_456_789)).toBe('R$ 1.234.567,89');
    expect(formatPercent(20_000)).toBe('2,00%');
    expect(formatPercent(333)).toBe('0,0333%');
    expect(formatPercent(12_500)).toBe('1,25%');
    expect(formatPercent(1_000_000)).toBe('100,00%');
    expect(formatPercent(10_010)).toBe('1,001%');
  });
});
