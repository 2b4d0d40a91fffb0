// The boleto's Instruções in the words banks print, from a charge's payment terms.
import { describe, expect, it } from 'vitest';
import { instructionLines, lastPaymentDate } from './terms.ts';
import { rule } from '../payment-rules/calculate/test-helpers.ts';
import type { PaymentTerms } from '../payment-rules/terms.ts';

const PJ = { id: 'c', person_type: 'PJ', associate: false };
const PF = { id: 'c', person_type: 'PF', associate: false };

describe('instructionLines', () => {
  it('prints each discount until its date, the fine and the interest, then the account lines', () => {
    const terms: PaymentTerms = {
      rules: [
        rule({ valor_fixo_centavos: 5000, tipo_prazo_pagamento: 'ADV', dias: 5 }),
        rule({ tipo_calculo_valor: 'N', percentual: '2', tipo_prazo_pagamento: 'AOV' }),
      ],
      late: { fine: { kind: 'percent', value: '2' }, interest: { monthlyPercent: '1', compound: false }, graceDays: 0 },
    };
    expect(instructionLines(terms, '2026-12-10', 100000, PJ, ['Linha da conta.'])).toEqual([
      'Conceder desconto de R$ 50,00 até 05/12/2026 (não cumulativo)',
      'Conceder desconto de 2,00% (R$ 20,00) até 10/12/2026 (não cumulativo)',
      'Após o vencimento cobrar multa de 2,00% (R$ 20,00)',
      'Juros de mora de R$ 0,33 por dia de atraso (1,00% ao mês)',
      'Linha da conta.',
    ]);
  });

  it("caps a consumer's fine at 2 %, dates the grace, and keeps the engine's words for per-day rules", () => {
    const terms: PaymentTerms = {
      rules: [rule({ tipo_aplicacao_calculo: 'P', valor_fixo_centavos: 10, tipo_prazo_pagamento: 'ADV', dias: 1 })],
      late: { fine: { kind: 'percent', value: '10' }, interest: { monthlyPercent: '3', compound: true }, graceDays: 3 },
    };
    const lines = instructionLines(terms, '2026-12-10', 100000, PF, []);
    expect(lines[0]).toMatch(/^Até 09\/12\/2026: desconto de R\$ 0,10 por dia de antecipação$/);
    expect(lines[1]).toBe('Após 13/12/2026 cobrar multa de 2,00% (R$ 20,00)');
    expect(lines[2]).toBe('Juros de mora compostos de 3,00% ao mês, contados do vencimento, após 13/12/2026');
  });

  it('prints "Não receber após" when the terms carry a last payment date', () => {
    const late = { graceDays: 0, fine: { kind: 'fixed' as const, value: 1500 }, acceptDaysAfterDue: 30 };
    const terms: PaymentTerms = { rules: [], late };
    expect(lastPaymentDate(terms, '2026-12-10')).toBe('2027-01-09');
    expect(instructionLines(terms, '2026-12-10', 100000, PJ, [])).toEqual([
      'Após o vencimento cobrar multa de R$ 15,00',
      'Não receber após 09/01/2027',
    ]);
    expect(lastPaymentDate({ rules: [], late: { graceDays: 0 } }, '2026-12-10')).toBeNull();
  });
});
