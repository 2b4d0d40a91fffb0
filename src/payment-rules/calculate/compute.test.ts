// Worked cases: every expected amount below was computed by hand (shown in the comment) before
// running the engine. Unless stated otherwise the charge is R$ 1.000,00 (100000 cents), issued
// 2026-11-10, due 2026-12-10 (a Thursday), nothing paid, associate, business customer.
import { describe, expect, it } from 'vitest';
import { computeAmountDue, computeTotalDue } from './compute.ts';
import { charge, rule } from './test-helpers.ts';
import type { ChargeForCalculation, LateChargePolicy, PaymentRuleData } from './types.ts';

interface Case {
  name: string;
  rules: PaymentRuleData[];
  late?: LateChargePolicy;
  charge?: Partial<ChargeForCalculation>;
  pay: string;
  total: number;
  discounts?: number[];
  surcharges?: number[];
  fine?: number;
  interest?: number;
}

const pct = (percentual: string, over: Partial<PaymentRuleData> = {}): PaymentRuleData =>
  rule({ tipo_calculo_valor: 'N', percentual, ...over });
const fixed = (cents: number, over: Partial<PaymentRuleData> = {}): PaymentRuleData =>
  rule({ tipo_calculo_valor: 'V', valor_fixo_centavos: cents, ...over });
const A = { acrescimo_desconto: 'A' } as const;

const cases: Case[] = [
  // --- acrescimo_desconto ---
  // D: 5 % of 100000 = 5000 off → 95000
  { name: 'D desconto: 5% until due', rules: [pct('5')], pay: '2026-12-10', total: 95_000, discounts: [5000] },
  // A: 2 % of 100000 = 2000 added after due → 102000
  {
    name: 'A acréscimo: 2% after due',
    rules: [pct('2', { ...A, tipo_prazo_pagamento: 'DPV' })],
    pay: '2026-12-11',
    total: 102_000,
    surcharges: [2000],
  },

  // --- tipo_aplicacao_calculo ---
  // D direto: R$ 10,00 once, paid 10 days early → 100000 − 1000 = 99000
  { name: 'D direto: fixed once', rules: [fixed(1000)], pay: '2026-11-30', total: 99_000, discounts: [1000] },
  // P por dia: R$ 0,50 × 10 days early (11-30 → 12-10) = 500 → 99500
  {
    name: 'P por dia: 0,50 per day of anticipation',
    rules: [fixed(50, { tipo_aplicacao_calculo: 'P' })],
    pay: '2026-11-30',
    total: 99_500,
    discounts: [500],
  },
  // P por dia, paid before issue (11-01): days stop at issue: 12-10 − 11-10 = 30 days × 50 = 1500 → 98500
  {
    name: 'P por dia: anticipation days stop at the issue date',
    rules: [fixed(50, { tipo_aplicacao_calculo: 'P' })],
    pay: '2026-11-01',
    total: 98_500,
    discounts: [1500],
  },
  // P por dia surcharge: R$ 1,00 × 5 days late (12-15) = 500 → 100500
  {
    name: 'P por dia: surcharge per day late',
    rules: [fixed(100, { ...A, tipo_aplicacao_calculo: 'P', tipo_prazo_pagamento: 'DPV' })],
    pay: '2026-12-15',
    total: 100_500,
    surcharges: [500],
  },

  // --- tipo_calculo_valor ---
  // N normal: 7,5 % of 100000 = 7500 → 92500
  { name: 'N normal: percentage of the base', rules: [pct('7.5')], pay: '2026-12-01', total: 92_500, discounts: [7500] },
  // V valor: R$ 12,34 → 100000 − 1234 = 98766
  { name: 'V valor: fixed amount', rules: [fixed(1234)], pay: '2026-12-01', total: 98_766, discounts: [1234] },
  // M montante discount: base 100000 must become 95000 → discount 5000 → 95000
  {
    name: 'M montante: discount down to the target',
    rules: [fixed(95_000, { tipo_calculo_valor: 'M' })],
    pay: '2026-12-10',
    total: 95_000,
    discounts: [5000],
  },
  // M montante, net already below target: paid 10000, net 90000 < 95000 → no discount → 90000
  {
    name: 'M montante: base already below the target',
    rules: [fixed(95_000, { tipo_calculo_valor: 'M' })],
    charge: { paidCents: 10_000 },
    pay: '2026-12-10',
    total: 90_000,
    discounts: [],
  },
  // M montante on O: original 100000 → target 95000 = 5000 off; net 90000 − 5000 = 85000
  {
    name: 'M montante on the original amount with a partial payment',
    rules: [fixed(95_000, { tipo_calculo_valor: 'M', tipo_saldo: 'O' })],
    charge: { paidCents: 10_000 },
    pay: '2026-12-10',
    total: 85_000,
    discounts: [5000],
  },
  // M montante surcharge: base 100000 must become 120000 → +20000 → 120000
  {
    name: 'M montante: surcharge up to the target',
    rules: [fixed(120_000, { ...A, tipo_calculo_valor: 'M', tipo_prazo_pagamento: 'DPV' })],
    pay: '2026-12-11',
    total: 120_000,
    surcharges: [20_000],
  },

  // --- tipo_juros (N + P) ---
  // S simples discount: 0,1 %/day × 10 days × 100000 = 1000 → 99000
  {
    name: 'S simples: per-day discount',
    rules: [pct('0.1', { tipo_aplicacao_calculo: 'P', tipo_prazo_pagamento: 'ADV' })],
    pay: '2026-11-30',
    total: 99_000,
    discounts: [1000],
  },
  // C composto discount: 100000 × (1 − 1/1.001^10); 1.001^10 = 1.0100451202… → 994.5224… → 995 → 99005
  {
    name: 'C composto: present-value discount',
    rules: [pct('0.1', { tipo_aplicacao_calculo: 'P', tipo_juros: 'C', tipo_prazo_pagamento: 'ADV' })],
    pay: '2026-11-30',
    total: 99_005,
    discounts: [995],
  },
  // S simples surcharge: 0,1 %/day × 10 days late (12-20) = 1000 → 101000
  {
    name: 'S simples: per-day surcharge',
    rules: [pct('0.1', { ...A, tipo_aplicacao_calculo: 'P', tipo_prazo_pagamento: 'DPV' })],
    pay: '2026-12-20',
    total: 101_000,
    surcharges: [1000],
  },
  // C composto surcharge: 100000 × (1.001^10 − 1) = 1004.512… → 1005 → 101005
  {
    name: 'C composto: per-day compound surcharge',
    rules: [pct('0.1', { ...A, tipo_aplicacao_calculo: 'P', tipo_juros: 'C', tipo_prazo_pagamento: 'DPV' })],
    pay: '2026-12-20',
    total: 101_005,
    surcharges: [1005],
  },
  // C on a direct rule changes nothing: 5 % = 5000 → 95000
  {
    name: 'C composto on a direct rule: ignored',
    rules: [pct('5', { tipo_juros: 'C' })],
    pay: '2026-12-10',
    total: 95_000,
    discounts: [5000],
  },

  // --- tipo_saldo (paid 20000 → net 80000) ---
  // O original: 10 % of 100000 = 10000; 80000 − 10000 = 70000
  {
    name: 'O original: percentage of the original amount',
    rules: [pct('10', { tipo_saldo: 'O' })],
    charge: { paidCents: 20_000 },
    pay: '2026-12-10',
    total: 70_000,
    discounts: [10_000],
  },
  // S líquido: 10 % of 80000 = 8000 → 72000
  {
    name: 'S líquido: percentage of the net balance',
    rules: [pct('10', { tipo_saldo: 'S' })],
    charge: { paidCents: 20_000 },
    pay: '2026-12-10',
    total: 72_000,
    discounts: [8000],
  },
  // A anterior: 10 % of 80000 = 8000 → 72000; extra 10 % of the running 72000 = 7200 → 64800
  {
    name: 'A anterior: percentage of the balance after the previous rule',
    rules: [pct('10'), pct('10', { tipo_saldo: 'A', desconto_extra: true })],
    charge: { paidCents: 20_000 },
    pay: '2026-12-10',
    total: 64_800,
    discounts: [8000, 7200],
  },
  // same extra on S instead: 8000 + 8000 → 64000 (shows A ≠ S)
  {
    name: 'S líquido for the second rule ignores the first',
    rules: [pct('10'), pct('10', { tipo_saldo: 'S', desconto_extra: true })],
    charge: { paidCents: 20_000 },
    pay: '2026-12-10',
    total: 64_000,
    discounts: [8000, 8000],
  },
  // A anterior for a surcharge after a discount: 100000 − 5000 (S-rule, window S) = 95000; +10 % of 95000 = 9500 → 104500
  {
    name: 'A anterior: surcharge on the discounted balance',
    rules: [fixed(5000, { tipo_prazo_pagamento: 'S' }), pct('10', { ...A, tipo_saldo: 'A', tipo_prazo_pagamento: 'DPV' })],
    pay: '2026-12-11',
    total: 104_500,
    discounts: [5000],
    surcharges: [9500],
  },

  // --- tipo_prazo_pagamento (due 2026-12-10) ---
  // ADV dias 5: 12-05 is 5 days before → R$ 10 off → 99000
  {
    name: 'ADV: exactly dias before',
    rules: [fixed(1000, { tipo_prazo_pagamento: 'ADV', dias: 5 })],
    pay: '2026-12-05',
    total: 99_000,
    discounts: [1000],
  },
  // ADV dias 5: 12-06 is only 4 days before → nothing → 100000
  {
    name: 'ADV: too late',
    rules: [fixed(1000, { tipo_prazo_pagamento: 'ADV', dias: 5 })],
    pay: '2026-12-06',
    total: 100_000,
    discounts: [],
  },
  // ADV default dias 1: 12-09 → 99000; 12-10 → 100000
  { name: 'ADV default: the day before', rules: [fixed(1000, { tipo_prazo_pagamento: 'ADV' })], pay: '2026-12-09', total: 99_000 },
  { name: 'ADV default: not on the due date', rules: [fixed(1000, { tipo_prazo_pagamento: 'ADV' })], pay: '2026-12-10', total: 100_000 },
  // AOV: on the due date → 99000; the day after → 100000
  { name: 'AOV: on the due date', rules: [fixed(1000, { tipo_prazo_pagamento: 'AOV' })], pay: '2026-12-10', total: 99_000 },
  { name: 'AOV: the day after', rules: [fixed(1000, { tipo_prazo_pagamento: 'AOV' })], pay: '2026-12-11', total: 100_000 },
  // DIV: only 12-10 → 99000; 12-09 → 100000
  { name: 'DIV: on the due date', rules: [fixed(1000, { tipo_prazo_pagamento: 'DIV' })], pay: '2026-12-10', total: 99_000 },
  { name: 'DIV: the day before', rules: [fixed(1000, { tipo_prazo_pagamento: 'DIV' })], pay: '2026-12-09', total: 100_000 },
  // DPV surcharge R$ 5: on due → 100000; day after → 100500
  { name: 'DPV: not on the due date', rules: [fixed(500, { ...A, tipo_prazo_pagamento: 'DPV' })], pay: '2026-12-10', total: 100_000 },
  { name: 'DPV: the day after', rules: [fixed(500, { ...A, tipo_prazo_pagamento: 'DPV' })], pay: '2026-12-11', total: 100_500 },
  // S sempre: R$ 3 off early and late → 99700
  { name: 'S sempre: early', rules: [fixed(300, { tipo_prazo_pagamento: 'S' })], pay: '2026-11-15', total: 99_700 },
  { name: 'S sempre: late', rules: [fixed(300, { tipo_prazo_pagamento: 'S' })], pay: '2027-01-15', total: 99_700 },
  // VCE discount, grace 3: until 12-13 → 99000; 12-14 → 100000
  {
    name: 'VCE discount: inside its grace',
    rules: [fixed(1000, { tipo_prazo_pagamento: 'VCE', dias: 3 })],
    pay: '2026-12-13',
    total: 99_000,
  },
  { name: 'VCE discount: grace over', rules: [fixed(1000, { tipo_prazo_pagamento: 'VCE', dias: 3 })], pay: '2026-12-14', total: 100_000 },
  // VCE surcharge, grace 3: 12-13 → 100000; 12-14 → +1000 → 101000
  {
    name: 'VCE surcharge: inside its grace',
    rules: [fixed(1000, { ...A, tipo_prazo_pagamento: 'VCE', dias: 3 })],
    pay: '2026-12-13',
    total: 100_000,
  },
  {
    name: 'VCE surcharge: grace over',
    rules: [fixed(1000, { ...A, tipo_prazo_pagamento: 'VCE', dias: 3 })],
    pay: '2026-12-14',
    total: 101_000,
  },
  // VCE per-day surcharge counts from the due date: 12-14 is 4 days late × R$ 1 = 400 → 100400
  {
    name: 'VCE per-day surcharge counts from the due date',
    rules: [fixed(100, { ...A, tipo_aplicacao_calculo: 'P', tipo_prazo_pagamento: 'VCE', dias: 3 })],
    pay: '2026-12-14',
    total: 100_400,
  },

  // --- tipo_pessoa ---
  // A associados: associate → 99000; third party → 100000
  { name: 'A associados: associate', rules: [fixed(1000, { tipo_pessoa: 'A' })], pay: '2026-12-10', total: 99_000 },
  {
    name: 'A associados: third party',
    rules: [fixed(1000, { tipo_pessoa: 'A' })],
    charge: { customerIsAssociate: false },
    pay: '2026-12-10',
    total: 100_000,
  },
  // T terceiros: associate → 100000; third party → 99000
  { name: 'T terceiros: associate', rules: [fixed(1000, { tipo_pessoa: 'T' })], pay: '2026-12-10', total: 100_000 },
  {
    name: 'T terceiros: third party',
    rules: [fixed(1000, { tipo_pessoa: 'T' })],
    charge: { customerIsAssociate: false },
    pay: '2026-12-10',
    total: 99_000,
  },
  // S todos: both → 99000
  {
    name: 'S todos: third party',
    rules: [fixed(1000, { tipo_pessoa: 'S' })],
    charge: { customerIsAssociate: false },
    pay: '2026-12-10',
    total: 99_000,
  },

  // --- desconto_extra ---
  // N (not extra): tiers 10 % (ADV 10 days) and 5 % (AOV); paid 11-30: only the larger, 10000 → 90000
  {
    name: 'desconto_extra N: tiers are alternatives (larger wins)',
    rules: [pct('5'), pct('10', { tipo_prazo_pagamento: 'ADV', dias: 10 })],
    pay: '2026-11-30',
    total: 90_000,
    discounts: [10_000],
  },
  // same tiers paid 12-05: only AOV 5 % applies → 95000
  {
    name: 'desconto_extra N: lower tier once the higher expired',
    rules: [pct('5'), pct('10', { tipo_prazo_pagamento: 'ADV', dias: 10 })],
    pay: '2026-12-05',
    total: 95_000,
    discounts: [5000],
  },
  // S (extra): 5 % AOV + extra 2 % of the net: 5000 + 2000 → 93000
  {
    name: 'desconto_extra S: stacks',
    rules: [pct('5'), pct('2', { desconto_extra: true })],
    pay: '2026-12-10',
    total: 93_000,
    discounts: [5000, 2000],
  },
  // Non-extra surcharge tiers: R$ 5 after due, R$ 10 after grace 10: paid 12-25 → larger 1000 → 101000
  {
    name: 'non-extra surcharges: the larger tier',
    rules: [fixed(500, { ...A, tipo_prazo_pagamento: 'DPV' }), fixed(1000, { ...A, tipo_prazo_pagamento: 'VCE', dias: 10 })],
    pay: '2026-12-25',
    total: 101_000,
    surcharges: [1000],
  },

  // --- caps on a rule ---
  // teto_centavos: 10 % = 10000, capped at 3000 → 97000
  {
    name: 'teto_centavos caps a discount',
    rules: [pct('10', { teto_centavos: 3000 })],
    pay: '2026-12-10',
    total: 97_000,
    discounts: [3000],
  },
  // teto_percentual 2,5: R$ 10/day × 30 days late (2027-01-09) = 30000, cap ⌊100000 × 2,5 %⌋ = 2500 → 102500
  {
    name: 'teto_percentual caps a per-day surcharge',
    rules: [fixed(1000, { ...A, tipo_aplicacao_calculo: 'P', tipo_prazo_pagamento: 'DPV', teto_percentual: '2.5' })],
    pay: '2027-01-09',
    total: 102_500,
    surcharges: [2500],
  },

  // --- clamps and rounding ---
  // discount larger than the balance: R$ 2.000 on R$ 1.000 → clamped to 100000 → 0
  { name: 'a discount never takes the total below zero', rules: [fixed(200_000)], pay: '2026-12-10', total: 0, discounts: [100_000] },
  // overpaid: net 0, nothing else → 0
  { name: 'overpaid: nothing due', rules: [], charge: { paidCents: 150_000 }, pay: '2026-12-10', total: 0 },
  // half up: 2,5 % of 20 cents = 0,5 → 1 → 19
  {
    name: 'rounding: exactly half a cent rounds up',
    rules: [pct('2.5')],
    charge: { amountCents: 20 },
    pay: '2026-12-10',
    total: 19,
    discounts: [1],
  },
  // below half: 2,5 % of 10 cents = 0,25 → 0 → 10 (no entry for a zero discount)
  {
    name: 'rounding: a quarter cent rounds down',
    rules: [pct('2.5')],
    charge: { amountCents: 10 },
    pay: '2026-12-10',
    total: 10,
    discounts: [],
  },
  // 4 decimal places: 0,0333 % of 100000 = 33,3 → 33 → 99967
  { name: 'percent with four decimals', rules: [pct('0.0333')], pay: '2026-12-10', total: 99_967, discounts: [33] },
];

// Late charges: fine 2 % and interest 1 % a month unless stated.
const late = (over: Partial<LateChargePolicy> = {}): LateChargePolicy => ({
  fine: { kind: 'percent', value: '2' },
  interest: { monthlyPercent: '1', compound: false },
  graceDays: 0,
  ...over,
});

const lateCases: Case[] = [
  // consumer, fine 10 %: capped at 2 % of 100000 = 2000; 1 day of 1 %/month: 100000 × 0,01 / 30 = 33,3 → 33 → 102033
  {
    name: 'consumer: fine capped at 2%',
    rules: [],
    late: late({ fine: { kind: 'percent', value: '10' } }),
    charge: { customerIsConsumer: true },
    pay: '2026-12-11',
    total: 102_033,
    fine: 2000,
    interest: 33,
  },
  // business, fine 10 %: 10000, not capped; + 33 → 110033
  {
    name: 'business: fine not capped by default',
    rules: [],
    late: late({ fine: { kind: 'percent', value: '10' } }),
    pay: '2026-12-11',
    total: 110_033,
    fine: 10_000,
    interest: 33,
  },
  // business with capPercent 5: 5000 + 33 → 105033
  {
    name: 'business: explicit cap',
    rules: [],
    late: late({ fine: { kind: 'percent', value: '10', capPercent: '5' } }),
    pay: '2026-12-11',
    total: 105_033,
    fine: 5000,
  },
  // consumer with a lower cap 1 %: 1000
  {
    name: 'consumer: a lower explicit cap wins',
    rules: [],
    late: late({ fine: { kind: 'percent', value: '10', capPercent: '1' } }),
    charge: { customerIsConsumer: true },
    pay: '2026-12-11',
    total: 101_033,
    fine: 1000,
  },
  // consumer with a higher explicit cap 5 %: the law still caps at 2 % → 2000
  {
    name: 'consumer: the legal cap beats a higher explicit one',
    rules: [],
    late: late({ fine: { kind: 'percent', value: '10', capPercent: '5' } }),
    charge: { customerIsConsumer: true },
    pay: '2026-12-11',
    total: 102_033,
    fine: 2000,
  },
  // fixed fine R$ 50: consumer capped at 2000; business 5000
  {
    name: 'consumer: fixed fine capped at 2%',
    rules: [],
    late: late({ fine: { kind: 'fixed', value: 5000 } }),
    charge: { customerIsConsumer: true },
    pay: '2026-12-11',
    total: 102_033,
    fine: 2000,
  },
  {
    name: 'business: fixed fine',
    rules: [],
    late: late({ fine: { kind: 'fixed', value: 5000 } }),
    pay: '2026-12-11',
    total: 105_033,
    fine: 5000,
  },
  // cap is rounded down: 2 % of 125 cents = 2,5 → fine rounds half up to 3 but the cap ⌊2,5⌋ = 2; interest 125 × 0,01/30 = 0,04 → 0
  {
    name: 'the 2% cap is never exceeded by rounding',
    rules: [],
    late: late(),
    charge: { amountCents: 125, customerIsConsumer: true },
    pay: '2026-12-11',
    total: 127,
    fine: 2,
    interest: 0,
  },
  // fine on the net balance: paid 40000 → net 60000 × 2 % = 1200; interest 60000 × 0,01 × 10/30 = 200 → 61400
  {
    name: 'late charges on the net balance',
    rules: [],
    late: late(),
    charge: { paidCents: 40_000 },
    pay: '2026-12-20',
    total: 61_400,
    fine: 1200,
    interest: 200,
  },
  // simple interest 10 days: 100000 × 0,01 × 10/30 = 333,3 → 333; + 2000 fine → 102333
  { name: 'simple interest, 10 days', rules: [], late: late(), pay: '2026-12-20', total: 102_333, interest: 333 },
  // simple 45 days (2027-01-24): 100000 × 0,01 × 45/30 = 1500 → 103500
  { name: 'simple interest, 45 days', rules: [], late: late(), pay: '2027-01-24', total: 103_500, interest: 1500 },
  // compound 45 days (linear convention): 1,01 × (1 + 0,01 × 15/30) − 1 = 0,01505 → 1505 → 103505
  {
    name: 'compound interest, 45 days (linear convention)',
    rules: [],
    late: late({ interest: { monthlyPercent: '1', compound: true } }),
    pay: '2027-01-24',
    total: 103_505,
    interest: 1505,
  },
  // compound 60 days (2027-02-08): 1,01² − 1 = 0,0201 → 2010; simple would be 2000
  {
    name: 'compound interest, 60 days',
    rules: [],
    late: late({ interest: { monthlyPercent: '1', compound: true } }),
    pay: '2027-02-08',
    total: 104_010,
    interest: 2010,
  },
  { name: 'simple interest, 60 days', rules: [], late: late(), pay: '2027-02-08', total: 104_000, interest: 2000 },
  // compound under a month equals simple: 10 days → 333
  {
    name: 'compound interest under a month equals simple',
    rules: [],
    late: late({ interest: { monthlyPercent: '1', compound: true } }),
    pay: '2026-12-20',
    total: 102_333,
    interest: 333,
  },
  // grace 5: 12-15 (5 days late) → nothing → 100000
  { name: 'grace: last day of grace', rules: [], late: late({ graceDays: 5 }), pay: '2026-12-15', total: 100_000, fine: 0, interest: 0 },
  // grace 5: 12-16 (6 days late) → fine 2000 + interest from the due date 100000 × 0,01 × 6/30 = 200 → 102200
  {
    name: 'grace over: interest counts from the due date',
    rules: [],
    late: late({ graceDays: 5 }),
    pay: '2026-12-16',
    total: 102_200,
    fine: 2000,
    interest: 200,
  },
  // leap year: due 2028-02-28, paid 2028-03-01 = 2 days (29 Feb exists): 100000 × 0,01 × 2/30 = 66,7 → 67 → 102067
  {
    name: 'leap year: 28 Feb → 1 Mar is 2 days',
    rules: [],
    late: late(),
    charge: { issueDate: '2028-01-28', dueDate: '2028-02-28' },
    pay: '2028-03-01',
    total: 102_067,
    interest: 67,
  },
  // non-leap: due 2027-02-28, paid 2027-03-01 = 1 day → 33 → 102033
  {
    name: 'common year: 28 Feb → 1 Mar is 1 day',
    rules: [],
    late: late(),
    charge: { issueDate: '2027-01-28', dueDate: '2027-02-28' },
    pay: '2027-03-01',
    total: 102_033,
    interest: 33,
  },
  // month boundary: due 2026-01-31, paid 2026-03-02 = 28 + 2 = 30 days → exactly one month: 1000 → 103000
  {
    name: 'month boundary: 31 Jan → 2 Mar is 30 days',
    rules: [],
    late: late(),
    charge: { issueDate: '2026-01-01', dueDate: '2026-01-31' },
    pay: '2026-03-02',
    total: 103_000,
    interest: 1000,
  },
  // year boundary: due 2026-12-31, paid 2027-01-01 = 1 day → 33 → 102033
  {
    name: 'year boundary: 1 day',
    rules: [],
    late: late(),
    charge: { issueDate: '2026-12-01', dueDate: '2026-12-31' },
    pay: '2027-01-01',
    total: 102_033,
  },
  // ADV across the year end: due 2027-01-03, dias 5 → last day 2026-12-29 → R$ 10 off → 99000
  {
    name: 'ADV window across the year end',
    rules: [fixed(1000, { tipo_prazo_pagamento: 'ADV', dias: 5 })],
    charge: { issueDate: '2026-12-01', dueDate: '2027-01-03' },
    pay: '2026-12-29',
    total: 99_000,
  },
  {
    name: 'ADV window across the year end: one day later',
    rules: [fixed(1000, { tipo_prazo_pagamento: 'ADV', dias: 5 })],
    charge: { issueDate: '2026-12-01', dueDate: '2027-01-03' },
    pay: '2026-12-30',
    total: 100_000,
  },
  // rules and late charges together, 11 days late (12-21): DPV R$ 5 surcharge + fine 2000 + interest 100000 × 0,01 × 11/30 = 366,7 → 367 → 102867
  {
    name: 'rule surcharge plus late charges',
    rules: [fixed(500, { ...A, tipo_prazo_pagamento: 'DPV' })],
    late: late(),
    pay: '2026-12-21',
    total: 102_867,
    surcharges: [500],
    fine: 2000,
    interest: 367,
  },
];

describe('computeAmountDue: worked cases', () => {
  for (const c of [...cases, ...lateCases]) {
    it(c.name, () => {
      const ch = charge(c.charge);
      const b = computeAmountDue(ch, c.rules, c.late ?? null, c.pay);
      expect(b.totalCents).toBe(c.total);
      if (c.discounts) expect(b.discounts.map((d) => d.amountCents)).toEqual(c.discounts);
      if (c.surcharges) expect(b.surcharges.map((d) => d.amountCents)).toEqual(c.surcharges);
      if (c.fine !== undefined) expect(b.fineCents).toBe(c.fine);
      if (c.interest !== undefined) expect(b.interestCents).toBe(c.interest);
      // The total is the sum of the rounded components.
      const sum =
        Math.max(0, ch.amountCents - ch.paidCents) -
        b.discounts.reduce((s, d) => s + d.amountCents, 0) +
        b.surcharges.reduce((s, d) => s + d.amountCents, 0) +
        b.fineCents +
        b.interestCents;
      expect(b.totalCents).toBe(sum);
      expect(computeTotalDue(ch, c.rules, c.late ?? null, c.pay)).toBe(c.total);
    });
  }
});

describe('computeAmountDue: breakdown and errors', () => {
  it('reports days late, original and paid amounts, rule ids and descriptions', () => {
    const r = fixed(500, { ...A, tipo_prazo_pagamento: 'DPV', id: 'late-fee', descricao: 'Taxa de atraso' });
    const b = computeAmountDue(charge({ paidCents: 100 }), [r], null, '2026-12-17');
    expect(b).toEqual({
      originalCents: 100_000,
      discounts: [],
      surcharges: [{ ruleId: 'late-fee', descricao: 'Taxa de atraso', amountCents: 500 }],
      fineCents: 0,
      interestCents: 0,
      paidCents: 100,
      totalCents: 100_400, // 100000 − 100 + 500
      daysLate: 7,
    });
  });

  it('rejects an impossible date', () => {
    expect(() => computeAmountDue(charge(), [], null, '2026-02-29')).toThrow(/paymentDate/);
    expect(() => computeAmountDue(charge({ dueDate: '2026-13-01' }), [], null, '2026-12-01')).toThrow(/dueDate/);
  });

  it('rejects an issue date after the due date and fractional cents', () => {
    expect(() => computeAmountDue(charge({ issueDate: '2026-12-11' }), [], null, '2026-12-01')).toThrow(/issueDate/);
    expect(() => computeAmountDue(charge({ amountCents: 10.5 }), [], null, '2026-12-01')).toThrow(/amountCents/);
  });

  it('rejects an invalid rule with the field named', () => {
    try {
      computeAmountDue(charge(), [rule({ tipo_calculo_valor: 'M', tipo_aplicacao_calculo: 'P' })], null, '2026-12-01');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('validation_failed');
      expect((e as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['rules[0].tipo_aplicacao_calculo']);
    }
  });
});
