// Properties of the engine over random rules, charges, policies and payment dates (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAmountDue, computeTotalDue } from './compute.ts';
import { dayNumberOf, isoFromDays, parseIsoDate } from './dates.ts';
import type { ChargeForCalculation, LateChargePolicy, PaymentRuleData } from './types.ts';

const RUNS = 500;
const BASE_DAY = dayNumberOf(2026, 1, 1);

const percentString = (max: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max }).map((u) => {
    const s = `${Math.floor(u / 10_000)}.${String(u % 10_000).padStart(4, '0')}`;
    return s.replace(/\.?0+$/, '') || '0';
  });

let ruleSeq = 0;
const ruleArb: fc.Arbitrary<PaymentRuleData> = fc
  .record({
    acrescimo_desconto: fc.constantFrom('A', 'D'),
    tipo_aplicacao_calculo: fc.constantFrom('D', 'P'),
    tipo_calculo_valor: fc.constantFrom('N', 'V', 'M'),
    tipo_juros: fc.constantFrom('S', 'C'),
    tipo_saldo: fc.constantFrom('A', 'O', 'S'),
    tipo_prazo_pagamento: fc.constantFrom('ADV', 'AOV', 'DIV', 'DPV', 'S', 'VCE'),
    tipo_pessoa: fc.constantFrom('A', 'T', 'S'),
    desconto_extra: fc.boolean(),
    percent: percentString(200_000), // up to 20 %
    dayPercent: percentString(10_000), // up to 1 %
    cents: fc.integer({ min: 0, max: 2_000_000 }),
    dias: fc.integer({ min: 1, max: 30 }),
    teto: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
    tetoPct: fc.option(percentString(1_000_000), { nil: undefined }),
  })
  .map((g) => {
    ruleSeq += 1;
    const r: PaymentRuleData = {
      id: `p${ruleSeq}`,
      descricao: `p${ruleSeq}`,
      acrescimo_desconto: g.acrescimo_desconto,
      tipo_aplicacao_calculo: g.tipo_calculo_valor === 'M' ? 'D' : g.tipo_aplicacao_calculo,
      tipo_calculo_valor: g.tipo_calculo_valor,
      tipo_juros: g.tipo_juros,
      tipo_saldo: g.tipo_saldo,
      tipo_prazo_pagamento: g.tipo_prazo_pagamento,
      tipo_pessoa: g.tipo_pessoa,
      desconto_extra: g.desconto_extra,
      teto_centavos: g.teto,
      teto_percentual: g.tetoPct,
    };
    // Per-day rates stay at most 1 % a day (realistic; 20 % a day compounded for a year leaves the cents range).
    if (g.tipo_calculo_valor === 'N') r.percentual = r.tipo_aplicacao_calculo === 'P' ? g.dayPercent : g.percent;
    else r.valor_fixo_centavos = g.cents;
    if (g.tipo_prazo_pagamento === 'ADV' || g.tipo_prazo_pagamento === 'VCE') r.dias = g.dias;
    return r;
  });

const chargeArb: fc.Arbitrary<ChargeForCalculation> = fc
  .record({
    amount: fc.integer({ min: 0, max: 10_000_000 }),
    paidShare: fc.integer({ min: 0, max: 120 }),
    issue: fc.integer({ min: 0, max: 1500 }),
    term: fc.integer({ min: 0, max: 90 }),
    associate: fc.boolean(),
    consumer: fc.boolean(),
  })
  .map((g) => ({
    amountCents: g.amount,
    paidCents: g.paidShare > 100 ? 0 : Math.floor((g.amount * g.paidShare) / 200),
    issueDate: isoFromDays(BASE_DAY + g.issue),
    dueDate: isoFromDays(BASE_DAY + g.issue + g.term),
    customerIsAssociate: g.associate,
    customerIsConsumer: g.consumer,
  }));

const lateArb: fc.Arbitrary<LateChargePolicy | null> = fc.option(
  fc.record({
    fine: fc.option(
      fc.oneof(
        fc.record({
          kind: fc.constant('percent' as const),
          value: percentString(200_000),
          capPercent: fc.option(percentString(100_000), { nil: undefined }),
        }),
        fc.record({
          kind: fc.constant('fixed' as const),
          value: fc.integer({ min: 0, max: 100_000 }),
          capPercent: fc.option(percentString(100_000), { nil: undefined }),
        }),
      ),
      { nil: undefined },
    ),
    interest: fc.option(fc.record({ monthlyPercent: percentString(100_000), compound: fc.boolean() }), { nil: undefined }),
    graceDays: fc.integer({ min: 0, max: 10 }),
  }),
  { nil: null },
);

const scenario = fc.record({
  charge: chargeArb,
  rules: fc.array(ruleArb, { maxLength: 5 }),
  late: lateArb,
  offset: fc.integer({ min: -120, max: 400 }),
});

const payDate = (c: ChargeForCalculation, offset: number): string => isoFromDays(parseIsoDate(c.dueDate, 'd') + offset);

/** Last payment day on which a discount rule may apply, or null when its window has no end. */
function discountTermEnd(r: PaymentRuleData, due: number): number | null {
  switch (r.tipo_prazo_pagamento) {
    case 'ADV':
      return due - (r.dias ?? 1);
    case 'AOV':
    case 'DIV':
      return due;
    case 'VCE':
      return due + (r.dias as number);
    default:
      return null;
  }
}

describe('computeAmountDue properties', () => {
  it('the total is a non-negative safe integer, and every component is a non-negative integer', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const b = computeAmountDue(s.charge, s.rules, s.late, payDate(s.charge, s.offset));
        expect(Number.isSafeInteger(b.totalCents) && b.totalCents >= 0).toBe(true);
        for (const v of [...b.discounts, ...b.surcharges].map((x) => x.amountCents).concat(b.fineCents, b.interestCents)) {
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        expect(computeTotalDue(s.charge, s.rules, s.late, payDate(s.charge, s.offset))).toBe(b.totalCents);
      }),
      { numRuns: RUNS },
    );
  });

  it('a discount never applies after its term', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const pay = payDate(s.charge, s.offset);
        const payDay = parseIsoDate(pay, 'p');
        const due = parseIsoDate(s.charge.dueDate, 'd');
        const b = computeAmountDue(s.charge, s.rules, s.late, pay);
        for (const d of b.discounts) {
          const r = s.rules.find((x) => x.id === d.ruleId) as PaymentRuleData;
          const end = discountTermEnd(r, due);
          if (end !== null) expect(payDay).toBeLessThanOrEqual(end);
          if (r.tipo_prazo_pagamento === 'DIV') expect(payDay).toBe(due);
          if (r.tipo_prazo_pagamento === 'DPV') expect(payDay).toBeGreaterThan(due);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('after the due date, paying later never costs less', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), (s, a, b) => {
        const [first, later] = a <= b ? [a, b] : [b, a];
        const t1 = computeTotalDue(s.charge, s.rules, s.late, payDate(s.charge, first));
        const t2 = computeTotalDue(s.charge, s.rules, s.late, payDate(s.charge, later));
        expect(t2).toBeGreaterThanOrEqual(t1);
      }),
      { numRuns: RUNS },
    );
  });

  it('the fine never exceeds its cap (2 % for consumers, capPercent when set)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const b = computeAmountDue(s.charge, s.rules, s.late, payDate(s.charge, s.offset));
        const net = BigInt(Math.max(0, s.charge.amountCents - s.charge.paidCents));
        const units = (p: string): bigint => {
          const [w, f = ''] = p.split('.');
          return BigInt(w) * 10_000n + BigInt(f.padEnd(4, '0'));
        };
        // cap = net × percent / 100, with the percent in 0.0001 units → ÷ 1 000 000, rounded down
        if (s.charge.customerIsConsumer) expect(BigInt(b.fineCents) <= (net * 20_000n) / 1_000_000n).toBe(true);
        const cap = s.late?.fine?.capPercent;
        if (cap !== undefined) expect(BigInt(b.fineCents) <= (net * units(cap)) / 1_000_000n).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('compound interest is never below simple interest for the same delay', () => {
    fc.assert(
      fc.property(chargeArb, percentString(100_000), fc.integer({ min: 1, max: 800 }), (c, rate, days) => {
        const pay = payDate(c, days);
        const simple = computeAmountDue(c, [], { interest: { monthlyPercent: rate, compound: false }, graceDays: 0 }, pay);
        const compound = computeAmountDue(c, [], { interest: { monthlyPercent: rate, compound: true }, graceDays: 0 }, pay);
        expect(compound.interestCents).toBeGreaterThanOrEqual(simple.interestCents);
      }),
      { numRuns: RUNS },
    );
  });
});
