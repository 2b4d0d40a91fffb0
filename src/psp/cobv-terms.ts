// Cobre's payment terms of a charge (payment rules + late-charge policy, docs/payment-rules.md) as the
// `valor` and `validadeAposVencimento` of a Pix charge with due date (cobv, BCB API Pix 2.9.0,
// schema CobVValor). Pure: plain data in, plain data out. docs/pix-cobv-terms.md explains each choice.
//
// The mapping never re-implements the engine's rules: it samples computeAmountDue on every payment
// date the cobv can be paid on and fits cobv fields to those amounts. pspAmountOn is our reading of
// how a PSP computes the amount of a cobv on a date; `exact` says whether the two agree on every date.
import { DomainError, type ErrorDetail } from '../platform/errors.ts';
import {
  compileLatePolicy,
  compileRules,
  computeAmountDue,
  CONSUMER_FINE_CAP_RATE,
  type AmountDueBreakdown,
  type ChargeForCalculation,
  type CompiledLatePolicy,
  type LateChargePolicy,
  type PaymentRuleData,
} from '../payment-rules/calculate/index.ts';
import { isoFromDays, parseIsoDate } from '../payment-rules/calculate/dates.ts';

// ---------------------------------------------------------------------------------------------------
// The cobv shapes (CobVValor) and their domain tables.

/** valor.multa.modalidade */
export const MULTA_MODALIDADE = { VALOR_FIXO: 1, PERCENTUAL: 2 } as const;
/** valor.juros.modalidade: 1–4 calendar days ("dias corridos"), 5–8 business days ("dias úteis"). */
export const JUROS_MODALIDADE = {
  VALOR_DIAS_CORRIDOS: 1,
  PERCENTUAL_DIA_DIAS_CORRIDOS: 2,
  PERCENTUAL_MES_DIAS_CORRIDOS: 3,
  PERCENTUAL_ANO_DIAS_CORRIDOS: 4,
  VALOR_DIAS_UTEIS: 5,
  PERCENTUAL_DIA_DIAS_UTEIS: 6,
  PERCENTUAL_MES_DIAS_UTEIS: 7,
  PERCENTUAL_ANO_DIAS_UTEIS: 8,
} as const;
/** valor.abatimento.modalidade */
export const ABATIMENTO_MODALIDADE = { VALOR_FIXO: 1, PERCENTUAL: 2 } as const;
/** valor.desconto.modalidade: 1–2 use descontoDataFixa, 3–6 use valorPerc. */
export const DESCONTO_MODALIDADE = {
  VALOR_FIXO_ATE_DATA: 1,
  PERCENTUAL_ATE_DATA: 2,
  VALOR_ANTECIPACAO_DIA_CORRIDO: 3,
  VALOR_ANTECIPACAO_DIA_UTIL: 4,
  PERCENTUAL_ANTECIPACAO_DIA_CORRIDO: 5,
  PERCENTUAL_ANTECIPACAO_DIA_UTIL: 6,
} as const;

export interface CobvMulta {
  modalidade: number;
  /** Reais ('20.00') for modalidade 1, percent ('2.00') for 2. */
  valorPerc: string;
}
export interface CobvJuros {
  modalidade: number;
  valorPerc: string;
}
export interface CobvAbatimento {
  modalidade: number;
  valorPerc: string;
}
export interface CobvDescontoDataFixa {
  /** Last payment date (YYYY-MM-DD) the discount applies to. */
  data: string;
  valorPerc: string;
}
export interface CobvDesconto {
  modalidade: number;
  /** Modalidades 3–6 only: per day of anticipation. */
  valorPerc?: string;
  /** Modalidades 1–2 only: up to three tiers. */
  descontoDataFixa?: CobvDescontoDataFixa[];
}
export interface CobvValor {
  original: string;
  multa?: CobvMulta;
  juros?: CobvJuros;
  abatimento?: CobvAbatimento;
  desconto?: CobvDesconto;
}

// ---------------------------------------------------------------------------------------------------
// Money and percent strings: the spec's pattern \d{1,10}\.\d{2} (anchored here; the spec's is not).

/** 9999999999.99: ten integer digits. */
export const MAX_PIX_CENTS = 999_999_999_999;
const PIX_DECIMAL = /^(\d{1,10})\.(\d{2})$/;

/** 123456 → '1234.56'. Integer cents 0 … 999 999 999 999 only. */
export function centsToPixAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_PIX_CENTS) {
    throw new DomainError('unprocessable', `Amount ${cents} cents cannot be written as \\d{1,10}\\.\\d{2}`, [
      { issue: 'amount out of the Pix range 0.00–9999999999.99' },
    ]);
  }
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** '1234.56' → 123456 (or, for a percent, hundredths of a percent: '2.50' → 250). */
export function pixDecimalToHundredths(value: string, field: string): number {
  const m = typeof value === 'string' ? PIX_DECIMAL.exec(value) : null;
  if (m === null) throw badField(field, 'expected \\d{1,10}\\.\\d{2}, e.g. "123.45"');
  return Number(m[1]) * 100 + Number(m[2]);
}

// Engine rates are in units of 0.0001 % (RATE_DEN = 1 000 000 = 100 %); cobv percents have two places.
const RATE_DEN = 1_000_000;
const UNITS_PER_HUNDREDTH = 100;

/** Engine rate units → cobv percent string, or null when the rate has more than two decimals. */
function unitsToPixPercent(units: number): string | null {
  return units % UNITS_PER_HUNDREDTH === 0 ? centsToPixAmount(units / UNITS_PER_HUNDREDTH) : null;
}

function badField(field: string, issue: string): DomainError {
  return new DomainError('validation_failed', `Invalid value for ${field}: ${issue}`, [{ field, issue }]);
}

/** round_half_up(num / den) for non-negative BigInts, as the engine rounds every component. */
function roundDiv(num: bigint, den: bigint): number {
  const q = Number((2n * num + den) / (2n * den));
  if (!Number.isSafeInteger(q)) throw new DomainError('unprocessable', 'Amount too large', [{ issue: 'amount out of range' }]);
  return q;
}

function checkedProduct(a: number, b: number): number {
  const p = a * b;
  if (!Number.isSafeInteger(p)) throw new DomainError('unprocessable', 'Amount too large', [{ issue: 'amount out of range' }]);
  return p;
}

// ---------------------------------------------------------------------------------------------------
// The schema rules of CobVValor, with the violations the spec lists for PUT/PATCH /cobv
// (CobVOperacaoInvalida).

export function validateCobvValor(valor: CobvValor, dueDate: string): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const bad = (field: string, issue: string) => issues.push({ field: `valor.${field}`, issue });
  const num = (v: unknown, field: string): number | null => {
    const m = typeof v === 'string' ? PIX_DECIMAL.exec(v) : null;
    if (m === null) {
      bad(field, 'expected \\d{1,10}\\.\\d{2}');
      return null;
    }
    return Number(m[1]) * 100 + Number(m[2]);
  };
  const modalidade = (v: unknown, max: number, field: string): number | null => {
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max) {
      bad(field, `integer 1–${max}`);
      return null;
    }
    return v as number;
  };
  const due = parseIsoDate(dueDate, 'dueDate');
  const original = num(valor.original, 'original');
  if (original === 0) bad('original', 'must not be zero');
  if (valor.multa !== undefined) {
    modalidade(valor.multa.modalidade, 2, 'multa.modalidade');
    num(valor.multa.valorPerc, 'multa.valorPerc');
  }
  if (valor.juros !== undefined) {
    modalidade(valor.juros.modalidade, 8, 'juros.modalidade');
    num(valor.juros.valorPerc, 'juros.valorPerc');
  }
  // "representa um valor maior ou igual ao valor da cobrança original ou maior ou igual a 100%"
  const belowWhole = (v: number | null, percent: boolean, field: string) => {
    if (v === null || original === null) return;
    if (percent ? v >= 100_00 : v >= original) bad(field, 'must be below the original amount (or below 100%)');
  };
  if (valor.abatimento !== undefined) {
    const m = modalidade(valor.abatimento.modalidade, 2, 'abatimento.modalidade');
    belowWhole(num(valor.abatimento.valorPerc, 'abatimento.valorPerc'), m === 2, 'abatimento.valorPerc');
  }
  const d = valor.desconto;
  if (d !== undefined) {
    const m = modalidade(d.modalidade, 6, 'desconto.modalidade');
    if (m === 1 || m === 2) {
      if (d.valorPerc !== undefined) bad('desconto.valorPerc', 'not allowed with modalidade 1 or 2');
      const tiers = d.descontoDataFixa;
      if (!Array.isArray(tiers) || tiers.length === 0 || tiers.length > 3) {
        bad('desconto.descontoDataFixa', '1 to 3 elements required with modalidade 1 or 2');
      } else {
        const seen = new Set<string>();
        tiers.forEach((t, i) => {
          const f = `desconto.descontoDataFixa[${i}]`;
          let day: number | null = null;
          try {
            day = parseIsoDate(t.data, `${f}.data`);
          } catch {
            bad(`${f}.data`, 'expected a date YYYY-MM-DD');
          }
          if (day !== null && day > due) bad(`${f}.data`, 'must not be after calendario.dataDeVencimento');
          if (day !== null && seen.has(t.data)) bad(`${f}.data`, 'two tiers with the same date');
          seen.add(t.data);
          belowWhole(num(t.valorPerc, `${f}.valorPerc`), m === 2, `${f}.valorPerc`);
        });
      }
    } else if (m !== null) {
      if (d.descontoDataFixa !== undefined) bad('desconto.descontoDataFixa', 'not allowed with modalidade 3–6');
      if (d.valorPerc === undefined) bad('desconto.valorPerc', 'required with modalidade 3–6');
      else belowWhole(num(d.valorPerc, 'desconto.valorPerc'), m === 5 || m === 6, 'desconto.valorPerc');
    }
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------------
// What a PSP charges on a date. The spec names the modalities but not the arithmetic; our reading
// (docs/pix-cobv-terms.md, "How a PSP computes the amount"):
//  * base = original − abatimento; percentages (multa, juros, desconto, abatimento 2) are of it;
//  * up to the due date: base − desconto (never below zero); after it: base + multa + juros;
//  * each component is rounded half up to the cent once;
//  * juros 3 is the monthly percent pro rata per calendar day over a 30-day month; 1 and 2 are per
//    calendar day; descontoDataFixa: the tier with the nearest date on or after the payment date;
//  * the due date is a business day (the caller's job, as for the engine), so there is no
//    postponement to the next business day.
// Business-day modalities and juros "ao ano" need a bank calendar and a year convention the spec does
// not give: they are refused rather than guessed. Cobre never emits them.

function unsupported(field: string, modalidade: number): DomainError {
  return new DomainError(
    'unprocessable',
    `${field} modalidade ${modalidade} is not modelled: it needs a business-day calendar or a year convention the API Pix does not define`,
    [{ field, issue: `modalidade ${modalidade} not modelled` }],
  );
}

function multaCents(m: CobvMulta, base: number): number {
  const v = pixDecimalToHundredths(m.valorPerc, 'valor.multa.valorPerc');
  return m.modalidade === MULTA_MODALIDADE.VALOR_FIXO ? v : roundDiv(BigInt(base) * BigInt(v), 10_000n);
}

function jurosCents(j: CobvJuros, base: number, daysLate: number): number {
  const v = pixDecimalToHundredths(j.valorPerc, 'valor.juros.valorPerc');
  switch (j.modalidade) {
    case JUROS_MODALIDADE.VALOR_DIAS_CORRIDOS:
      return checkedProduct(v, daysLate);
    case JUROS_MODALIDADE.PERCENTUAL_DIA_DIAS_CORRIDOS:
      return roundDiv(BigInt(base) * BigInt(v) * BigInt(daysLate), 10_000n);
    case JUROS_MODALIDADE.PERCENTUAL_MES_DIAS_CORRIDOS:
      return roundDiv(BigInt(base) * BigInt(v) * BigInt(daysLate), 300_000n);
    default:
      throw unsupported('valor.juros', j.modalidade);
  }
}

function descontoCents(d: CobvDesconto, base: number, dueDay: number, day: number): number {
  if (day > dueDay) return 0;
  switch (d.modalidade) {
    case DESCONTO_MODALIDADE.VALOR_FIXO_ATE_DATA:
    case DESCONTO_MODALIDADE.PERCENTUAL_ATE_DATA: {
      let tierDay = Infinity;
      let tierValue = 0;
      for (const [i, t] of (d.descontoDataFixa ?? []).entries()) {
        const td = parseIsoDate(t.data, `valor.desconto.descontoDataFixa[${i}].data`);
        if (td >= day && td < tierDay) {
          tierDay = td;
          tierValue = pixDecimalToHundredths(t.valorPerc, `valor.desconto.descontoDataFixa[${i}].valorPerc`);
        }
      }
      return d.modalidade === DESCONTO_MODALIDADE.VALOR_FIXO_ATE_DATA ? tierValue : roundDiv(BigInt(base) * BigInt(tierValue), 10_000n);
    }
    case DESCONTO_MODALIDADE.VALOR_ANTECIPACAO_DIA_CORRIDO:
      return checkedProduct(pixDecimalToHundredths(d.valorPerc as string, 'valor.desconto.valorPerc'), dueDay - day);
    case DESCONTO_MODALIDADE.PERCENTUAL_ANTECIPACAO_DIA_CORRIDO: {
      const v = pixDecimalToHundredths(d.valorPerc as string, 'valor.desconto.valorPerc');
      return roundDiv(BigInt(base) * BigInt(v) * BigInt(dueDay - day), 10_000n);
    }
    default:
      throw unsupported('valor.desconto', d.modalidade);
  }
}

/** Payer-facing amount of a cobv paid on `date`, in cents, as a PSP computes it (reading above). */
export function pspAmountOn(valor: CobvValor, dueDate: string, date: string): number {
  const issues = validateCobvValor(valor, dueDate);
  if (issues.length > 0) throw new DomainError('validation_failed', 'Invalid cobv valor', issues);
  return pspAmount(valor, parseIsoDate(dueDate, 'dueDate'), parseIsoDate(date, 'date'));
}

function pspAmount(valor: CobvValor, dueDay: number, day: number): number {
  const original = pixDecimalToHundredths(valor.original, 'valor.original');
  let abatimento = 0;
  if (valor.abatimento !== undefined) {
    const v = pixDecimalToHundredths(valor.abatimento.valorPerc, 'valor.abatimento.valorPerc');
    abatimento = valor.abatimento.modalidade === ABATIMENTO_MODALIDADE.VALOR_FIXO ? v : roundDiv(BigInt(original) * BigInt(v), 10_000n);
  }
  const base = Math.max(0, original - abatimento);
  if (day <= dueDay) {
    const desconto = valor.desconto === undefined ? 0 : descontoCents(valor.desconto, base, dueDay, day);
    return base - Math.min(desconto, base);
  }
  const multa = valor.multa === undefined ? 0 : multaCents(valor.multa, base);
  const juros = valor.juros === undefined ? 0 : jurosCents(valor.juros, base, day - dueDay);
  return base + multa + juros;
}

// ---------------------------------------------------------------------------------------------------
// The mapping.

/** The spec's default for validadeAposVencimento, and psp_connections.accept_days_after_due's. */
export const DEFAULT_ACCEPT_DAYS_AFTER_DUE = 30;
export const MAX_ACCEPT_DAYS_AFTER_DUE = 3650;

/**
 * What to do when the late-charge policy has grace days (a cobv's fine and interest always start the
 * day after the due date):
 *  * omit_late_charges (default): no multa nor juros; the cobv stays payable for acceptDaysAfterDue
 *    days at the original amount, and a payment after the grace leaves the fine and interest owed;
 *  * expire_at_grace_end: no multa nor juros, and validadeAposVencimento = graceDays, so every
 *    payment the cobv takes is exact; after the grace the payer needs a new charge.
 */
export type GraceHandling = 'omit_late_charges' | 'expire_at_grace_end';

export interface CobvTermsInput {
  amountCents: number;
  paidCents: number;
  issueDate: string;
  dueDate: string;
  customerIsAssociate: boolean;
  customerIsConsumer: boolean;
  /** In application order, as resolvePaymentTerms returns them. */
  rules: PaymentRuleData[];
  late: LateChargePolicy | null;
  /** Days after the due date the PSP still takes payment ("não receber após"); default 30. */
  acceptDaysAfterDue?: number;
  /** First date the cobv can be paid on (the day it is created); default issueDate. */
  fromDate?: string;
  graceHandling?: GraceHandling;
}

export type UnexpressedCode =
  | 'discount_schedule'
  | 'discount_whole_amount'
  | 'discount_after_due'
  | 'surcharge_rule'
  | 'grace_days'
  | 'compound_interest'
  | 'interest_rate_precision';

export interface CobvUnexpressed {
  code: UnexpressedCode;
  /** English, for the charge's screen and the logs. */
  detail: string;
}

export interface CobvTerms {
  /** valor of the cobv; calendario.dataDeVencimento is the input's dueDate. */
  valor: CobvValor;
  validadeAposVencimento: number;
  /** Every Cobre term the cobv does not carry as Cobre applies it (empty when it carries them all). */
  unexpressed: CobvUnexpressed[];
  /** On every date from fromDate to dueDate + validadeAposVencimento, pspAmountOn = Cobre's total. */
  exact: boolean;
  /** The first date they differ, when not exact. */
  firstDifference: { date: string; pspCents: number; cobreCents: number } | null;
}

export function cobvTerms(input: CobvTermsInput): CobvTerms {
  for (const f of ['amountCents', 'paidCents'] as const) {
    if (!Number.isSafeInteger(input[f]) || input[f] < 0) throw badField(f, 'integer cents ≥ 0');
  }
  const accept = input.acceptDaysAfterDue ?? DEFAULT_ACCEPT_DAYS_AFTER_DUE;
  if (!Number.isInteger(accept) || accept < 0 || accept > MAX_ACCEPT_DAYS_AFTER_DUE) {
    throw badField('acceptDaysAfterDue', `integer 0–${MAX_ACCEPT_DAYS_AFTER_DUE}`);
  }
  const graceHandling = input.graceHandling ?? 'omit_late_charges';
  if (graceHandling !== 'omit_late_charges' && graceHandling !== 'expire_at_grace_end') {
    throw badField('graceHandling', 'omit_late_charges or expire_at_grace_end');
  }
  const dueDay = parseIsoDate(input.dueDate, 'dueDate');
  const issueDay = parseIsoDate(input.issueDate, 'issueDate');
  if (issueDay > dueDay) throw badField('issueDate', 'must not be after dueDate');
  const fromDay = input.fromDate === undefined ? issueDay : parseIsoDate(input.fromDate, 'fromDate');
  // CobVOperacaoInvalida: "dataDeVencimento é anterior à data de criação da cobrança".
  if (fromDay > dueDay) throw badField('fromDate', 'a cobv cannot be created after its due date');
  const net = input.amountCents - input.paidCents;
  if (net <= 0) {
    throw new DomainError('unprocessable', 'Nothing is due: a cobv needs valor.original above zero', [
      { field: 'paidCents', issue: 'the charge is fully paid' },
    ]);
  }
  if (net > MAX_PIX_CENTS) throw badField('amountCents', 'the amount due exceeds 9999999999.99');

  const rules = compileRules(input.rules);
  const late = input.late === null ? null : compileLatePolicy(input.late);
  const charge: ChargeForCalculation = {
    amountCents: input.amountCents,
    paidCents: input.paidCents,
    issueDate: input.issueDate,
    dueDate: input.dueDate,
    customerIsAssociate: input.customerIsAssociate,
    customerIsConsumer: input.customerIsConsumer,
  };
  // The engine on every date the cobv could be paid on (the widest window; grace may shorten it).
  const samples: AmountDueBreakdown[] = [];
  for (let day = fromDay; day <= dueDay + accept; day++) samples.push(computeAmountDue(charge, rules, late, isoFromDays(day)));
  const at = (day: number): AmountDueBreakdown => samples[day - fromDay];
  const sum = (items: { amountCents: number }[]) => items.reduce((s, x) => s + x.amountCents, 0);

  const valor: CobvValor = { original: centsToPixAmount(net) };
  const unexpressed: CobvUnexpressed[] = [];

  // --- Discounts up to the due date.
  const discountByDay: number[] = [];
  for (let day = fromDay; day <= dueDay; day++) discountByDay.push(sum(at(day).discounts));
  const perDayRates = rules.discounts
    .concat(rules.extraDiscounts)
    .filter((r) => r.perDay && r.kind === 0 && !r.compound)
    .map((r) => r.value);
  const discounts = mapDiscounts(discountByDay, fromDay, net, perDayRates);
  if (discounts.desconto !== undefined) valor.desconto = discounts.desconto;
  unexpressed.push(...discounts.unexpressed);

  // --- Late charges and the window.
  let validade = accept;
  const lateCharged = (from: number, to: number) => {
    for (let d = from; d <= to; d++) if (at(dueDay + d).fineCents + at(dueDay + d).interestCents > 0) return true;
    return false;
  };
  if (late !== null && lateCharged(1, accept)) {
    if (late.graceDays > 0) {
      const graceEnd = isoFromDays(dueDay + late.graceDays);
      if (graceHandling === 'expire_at_grace_end') {
        validade = late.graceDays;
        unexpressed.push({
          code: 'grace_days',
          detail:
            `The late-charge policy grants ${late.graceDays} grace day(s), and a cobv starts its fine and interest the day after the due date. ` +
            `The cobv carries no fine nor interest and can be paid only until ${graceEnd}, the end of the grace, instead of ${accept} day(s) after the due date; ` +
            'a later payment needs a new charge.',
        });
      } else {
        unexpressed.push({
          code: 'grace_days',
          detail:
            `The late-charge policy grants ${late.graceDays} grace day(s), and a cobv starts its fine and interest the day after the due date: ` +
            'sending them would charge the payer during the grace. The cobv carries no fine nor interest, so a payment after ' +
            `${graceEnd} is taken at the original amount and Cobre records the fine and interest it lacks as still owed.`,
        });
      }
    } else {
      const fine = at(dueDay + 1).fineCents;
      if (fine > 0) valor.multa = multaFor(late, fine, net, input.customerIsConsumer);
      const interest: number[] = [];
      for (let d = 1; d <= accept; d++) interest.push(at(dueDay + d).interestCents);
      const juros = mapInterest(late, interest, net);
      if (juros.juros !== undefined) valor.juros = juros.juros;
      unexpressed.push(...juros.unexpressed);
    }
  }
  const lastDay = dueDay + validade;

  // --- What the cobv has no field for, on the dates it can be paid.
  const afterDueDiscount = new Map<string, string>();
  let lastDiscountDay = 0;
  for (let day = dueDay + 1; day <= lastDay; day++) {
    for (const d of at(day).discounts) {
      afterDueDiscount.set(d.ruleId, d.descricao);
      lastDiscountDay = day;
    }
  }
  if (afterDueDiscount.size > 0) {
    unexpressed.push({
      code: 'discount_after_due',
      detail:
        `${quoteList(afterDueDiscount)} still grant(s) a discount after the due date (until ${isoFromDays(lastDiscountDay)} at least), ` +
        'and cobv discounts end on the due date. A payment after the due date is asked the amount without that discount; ' +
        'Cobre records the excess as an overpayment of the charge.',
    });
  }
  const surchargeRules = new Map<string, string>();
  for (let day = fromDay; day <= lastDay; day++) for (const s of at(day).surcharges) surchargeRules.set(s.ruleId, s.descricao);
  if (surchargeRules.size > 0) {
    unexpressed.push({
      code: 'surcharge_rule',
      detail:
        `Surcharge rule(s) ${quoteList(surchargeRules)} add to the amount, and a cobv can only add the late policy's fine and interest. ` +
        'The cobv leaves them out; Cobre records what they add as still owed when the payer pays the cobv amount.',
    });
  }

  // --- Exactness: what the PSP will ask against what Cobre computes, on every payable date.
  let firstDifference: CobvTerms['firstDifference'] = null;
  for (let day = fromDay; day <= lastDay; day++) {
    const psp = pspAmount(valor, dueDay, day);
    const cobre = at(day).totalCents;
    if (psp !== cobre) {
      firstDifference = { date: isoFromDays(day), pspCents: psp, cobreCents: cobre };
      break;
    }
  }
  return { valor, validadeAposVencimento: validade, unexpressed, exact: firstDifference === null, firstDifference };
}

function quoteList(rules: Map<string, string>): string {
  return [...rules.values()].map((d) => `"${d}"`).join(', ');
}

/**
 * The fine as the percent the policy states (or its cap) when that percent of valor.original is the
 * engine's fine in whole cents, so no PSP rounding can change it; else as the engine's fine in reais.
 * The base, valor.original, is fixed, so the amount is always exact; it is also how a cap, which the
 * engine rounds down, is carried exactly.
 */
function multaFor(late: CompiledLatePolicy, fine: number, net: number, consumer: boolean): CobvMulta {
  const percents: number[] = [];
  if (late.fineKind === 1) percents.push(late.fineValue);
  let cap = late.fineCapRate;
  if (consumer && (cap < 0 || cap > CONSUMER_FINE_CAP_RATE)) cap = CONSUMER_FINE_CAP_RATE;
  if (cap >= 0) percents.push(cap);
  for (const units of percents) {
    const text = unitsToPixPercent(units);
    const product = BigInt(net) * BigInt(units);
    if (text !== null && units > 0 && product % BigInt(RATE_DEN) === 0n && Number(product / BigInt(RATE_DEN)) === fine) {
      return { modalidade: MULTA_MODALIDADE.PERCENTUAL, valorPerc: text };
    }
  }
  return { modalidade: MULTA_MODALIDADE.VALOR_FIXO, valorPerc: centsToPixAmount(fine) };
}

/**
 * Interest for days late 1…n (engine amounts in `engine[d − 1]`). The first exact candidate wins:
 * the monthly percent (modalidade 3), a fixed amount per day (1). (A daily percent, modalidade 2,
 * is the monthly one / 30 and never has two decimals when the monthly one has more.) Else the
 * candidate never above the engine with the smallest total shortfall (the payer's favour).
 */
function mapInterest(late: CompiledLatePolicy, engine: number[], net: number): { juros?: CobvJuros; unexpressed: CobvUnexpressed[] } {
  if (engine.every((x) => x === 0)) return { unexpressed: [] };
  const rate = late.interestRate;
  const exactCandidates: CobvJuros[] = [];
  const monthly = unitsToPixPercent(rate);
  if (monthly !== null) exactCandidates.push({ modalidade: JUROS_MODALIDADE.PERCENTUAL_MES_DIAS_CORRIDOS, valorPerc: monthly });
  if (engine[0] > 0) exactCandidates.push({ modalidade: JUROS_MODALIDADE.VALOR_DIAS_CORRIDOS, valorPerc: centsToPixAmount(engine[0]) });
  const shortfall = (j: CobvJuros): number | null => {
    let total = 0;
    for (let d = 1; d <= engine.length; d++) {
      const gap = engine[d - 1] - jurosCents(j, net, d);
      if (gap < 0) return null; // asks more than Cobre on some day: never chosen
      total += gap;
    }
    return total;
  };
  for (const j of exactCandidates) if (shortfall(j) === 0) return { juros: j, unexpressed: [] };

  // Approximations below the engine: the monthly percent cut to two decimals, and the daily amount
  // of simple interest cut to the cent.
  const approx: CobvJuros[] = [];
  const cut = rate - (rate % UNITS_PER_HUNDREDTH);
  if (cut > 0) approx.push({ modalidade: JUROS_MODALIDADE.PERCENTUAL_MES_DIAS_CORRIDOS, valorPerc: centsToPixAmount(cut / 100) });
  const perDay = Number((BigInt(net) * BigInt(rate)) / BigInt(30 * RATE_DEN));
  if (perDay > 0) approx.push({ modalidade: JUROS_MODALIDADE.VALOR_DIAS_CORRIDOS, valorPerc: centsToPixAmount(perDay) });
  let best: CobvJuros | undefined;
  let bestGap = Infinity;
  for (const j of approx) {
    const gap = shortfall(j);
    if (gap !== null && gap < bestGap) {
      best = j;
      bestGap = gap;
    }
  }
  const sent =
    best === undefined
      ? 'The cobv carries no interest'
      : best.modalidade === JUROS_MODALIDADE.PERCENTUAL_MES_DIAS_CORRIDOS
        ? `The cobv carries simple interest of ${best.valorPerc}% a month (modalidade 3)`
        : `The cobv carries R$ ${best.valorPerc} a day (modalidade 1)`;
  const owed = 'never more than Cobre computes; Cobre records the difference as still owed.';
  const unexpressed: CobvUnexpressed = late.interestCompound
    ? {
        code: 'compound_interest',
        detail:
          'The policy compounds interest monthly (linear convention), which exceeds simple interest from 31 days late; ' +
          `cobv interest is simple${monthly === null ? ' and its percentages have two decimals' : ''}. ${sent}, ${owed}`,
      }
    : {
        code: 'interest_rate_precision',
        detail: `The monthly interest rate has more than two decimals, and cobv percentages have two. ${sent}, ${owed}`,
      };
  return { juros: best, unexpressed: [unexpressed] };
}

/**
 * Discounts up to the due date. `byDay[i]` is the engine's total discount on payment date fromDay + i
 * (the last element is the due date). Exact forms are tried first (up to three fixed-date tiers of
 * decreasing amounts; a value per day of anticipation; a percent per day); otherwise the smallest step
 * function at or above the engine's discount on every date, with at most three steps or a per-day
 * value, whichever gives away less in total.
 */
function mapDiscounts(
  byDay: number[],
  fromDay: number,
  net: number,
  perDayRates: number[],
): { desconto?: CobvDesconto; unexpressed: CobvUnexpressed[] } {
  const unexpressed: CobvUnexpressed[] = [];
  if (byDay.every((x) => x === 0)) return { unexpressed };
  const n = byDay.length - 1; // index of the due date; early days of index i = n − i
  // A cobv discount must be below valor.original; a discount of the whole balance becomes 0.01 short.
  const d = byDay.map((x) => Math.min(x, net - 1));
  if (d.some((x, i) => x !== byDay[i])) {
    unexpressed.push({
      code: 'discount_whole_amount',
      detail:
        'On some dates Cobre discounts the whole balance, and a cobv discount must be below the original amount: ' +
        'the cobv discount stops one cent short, so the payer is asked R$ 0.01 on those dates.',
    });
  }
  if (d.every((x) => x === 0)) return { unexpressed };

  // Fixed-date tiers. u = the smallest non-increasing function at or above d (suffix maximum): a tier
  // covers every date up to its own, so a larger discount later, or none between two discounts, can
  // only be given earlier too. Strictly decreasing tiers also read the same whether a PSP picks the
  // nearest tier or the largest applicable one.
  const u = d.slice();
  for (let i = n - 1; i >= 0; i--) if (u[i + 1] > u[i]) u[i] = u[i + 1];
  const runs: { start: number; end: number; value: number }[] = [];
  for (let i = 0; i <= n; i++) {
    if (u[i] === 0) break; // u is non-increasing: zeros only at the end
    const last = runs[runs.length - 1];
    if (last !== undefined && last.value === u[i]) last.end = i;
    else runs.push({ start: i, end: i, value: u[i] });
  }
  const tiersOf = (groups: { end: number; value: number }[]): CobvDesconto => ({
    modalidade: DESCONTO_MODALIDADE.VALOR_FIXO_ATE_DATA,
    descontoDataFixa: groups.map((g) => ({ data: isoFromDays(fromDay + g.end), valorPerc: centsToPixAmount(g.value) })),
  });
  const stepsExact = u.every((x, i) => x === d[i]);
  if (stepsExact && runs.length <= 3) return { desconto: tiersOf(runs), unexpressed };

  // Per day of anticipation, calendar days (modalidades 3 and 5).
  const perDayMatches = (f: (days: number) => number) => d.every((x, i) => x === f(n - i));
  if (n >= 1 && d[n - 1] > 0 && perDayMatches((days) => d[n - 1] * days)) {
    return {
      desconto: { modalidade: DESCONTO_MODALIDADE.VALOR_ANTECIPACAO_DIA_CORRIDO, valorPerc: centsToPixAmount(d[n - 1]) },
      unexpressed,
    };
  }
  for (const units of perDayRates) {
    const text = unitsToPixPercent(units);
    if (text === null || units === 0) continue;
    if (perDayMatches((days) => roundDiv(BigInt(net) * BigInt(units) * BigInt(days), BigInt(RATE_DEN)))) {
      return { desconto: { modalidade: DESCONTO_MODALIDADE.PERCENTUAL_ANTECIPACAO_DIA_CORRIDO, valorPerc: text }, unexpressed };
    }
  }

  // Approximation in the payer's favour.
  const prefix = [0];
  for (let i = 0; i <= n; i++) prefix.push(prefix[i] + d[i]);
  const excessOf = (start: number, end: number, value: number) => value * (end - start + 1) - (prefix[end + 1] - prefix[start]);
  const tiers = fewestExcessTiers(runs, excessOf);
  let desconto = tiersOf(tiers.groups);
  let excess = tiers.excess;
  if (d[n] === 0) {
    // Smallest per-day value covering every date.
    let perDay = 0;
    for (let i = 0; i < n; i++) perDay = Math.max(perDay, Math.ceil(d[i] / (n - i)));
    let perDayExcess = 0;
    for (let i = 0; i <= n; i++) perDayExcess += Math.min(perDay * (n - i), net) - d[i];
    if (perDay > 0 && perDay < net && perDayExcess < excess) {
      desconto = { modalidade: DESCONTO_MODALIDADE.VALOR_ANTECIPACAO_DIA_CORRIDO, valorPerc: centsToPixAmount(perDay) };
      excess = perDayExcess;
    }
  }
  const why = !stepsExact
    ? 'grows toward the due date or pauses between two discounts'
    : runs.length > 3
      ? `has ${runs.length} different amounts (a cobv holds at most three dated tiers) and no per-day form matches it`
      : 'has no cobv form';
  unexpressed.push({
    code: 'discount_schedule',
    detail:
      `Cobre's discount by payment date ${why}. The cobv grants at least Cobre's discount on every date ` +
      `(R$ ${centsToPixAmount(excess)} more in total over the ${n + 1} date(s) up to the due date); ` +
      'Cobre records the difference as still owed.',
  });
  return { desconto, unexpressed };
}

/** Groups consecutive runs (decreasing values) into ≤ 3 tiers, each at its first run's value, minimising the total excess. */
function fewestExcessTiers(
  runs: { start: number; end: number; value: number }[],
  excessOf: (start: number, end: number, value: number) => number,
): { groups: { end: number; value: number }[]; excess: number } {
  const m = runs.length;
  const maxTiers = Math.min(3, m);
  // best[t][j]: least excess covering runs 0…j−1 with t tiers; from[t][j]: where the last tier starts.
  const best = Array.from({ length: maxTiers + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  const from = Array.from({ length: maxTiers + 1 }, () => new Array<number>(m + 1).fill(-1));
  best[0][0] = 0;
  for (let t = 1; t <= maxTiers; t++) {
    for (let j = 1; j <= m; j++) {
      for (let a = t - 1; a < j; a++) {
        if (best[t - 1][a] === Infinity) continue;
        const cost = best[t - 1][a] + excessOf(runs[a].start, runs[j - 1].end, runs[a].value);
        if (cost < best[t][j]) {
          best[t][j] = cost;
          from[t][j] = a;
        }
      }
    }
  }
  let t = 1;
  for (let k = 2; k <= maxTiers; k++) if (best[k][m] < best[t][m]) t = k;
  const excess = best[t][m];
  const groups: { end: number; value: number }[] = [];
  for (let j = m; t > 0; t--) {
    const a = from[t][j];
    groups.unshift({ end: runs[j - 1].end, value: runs[a].value });
    j = a;
  }
  return { groups, excess };
}
