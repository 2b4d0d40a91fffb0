// Builders shared by the tests of this folder (not part of the public API).
import type { ChargeForCalculation, PaymentRuleData } from './types.ts';

let seq = 0;

/** A rule with neutral defaults: direct fixed discount until the due date, for everyone, non-extra. */
export function rule(over: Partial<PaymentRuleData>): PaymentRuleData {
  seq += 1;
  const base: PaymentRuleData = {
    id: `r${seq}`,
    descricao: `regra ${seq}`,
    acrescimo_desconto: 'D',
    tipo_aplicacao_calculo: 'D',
    tipo_calculo_valor: 'V',
    tipo_juros: 'S',
    tipo_saldo: 'S',
    tipo_prazo_pagamento: 'AOV',
    tipo_pessoa: 'S',
    desconto_extra: false,
  };
  const merged = { ...base, ...over };
  if (merged.tipo_calculo_valor === 'N' && merged.percentual === undefined) merged.percentual = '1';
  if (merged.tipo_calculo_valor !== 'N' && merged.valor_fixo_centavos === undefined) merged.valor_fixo_centavos = 100;
  return merged;
}

/** R$ 1.000,00 issued 2026-11-10, due 2026-12-10, nothing paid, associate, business (not consumer). */
export function charge(over: Partial<ChargeForCalculation> = {}): ChargeForCalculation {
  return {
    amountCents: 100_000,
    issueDate: '2026-11-10',
    dueDate: '2026-12-10',
    paidCents: 0,
    customerIsAssociate: true,
    customerIsConsumer: false,
    ...over,
  };
}
