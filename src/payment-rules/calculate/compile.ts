// Rules and late-charge policies parsed once into numbers (rates in 0.0001 % units, codes as small
// integers), so evaluating millions of charges never re-parses a percent string.
import { DomainError } from '../../platform/errors.ts';
import { percentToUnits } from './arithmetic.ts';
import type { LateChargePolicy, PaymentRuleData } from './types.ts';
import { validateLatePolicy, validateRule } from './validate.ts';

// Codes as small integers; plain objects rather than enums so the file stays erasable TypeScript.
export const Kind = { Percent: 0, Fixed: 1, Target: 2 } as const; // N, V, M
export type Kind = (typeof Kind)[keyof typeof Kind];

export const Base = { Running: 0, Original: 1, Net: 2 } as const; // A, O, S
export type Base = (typeof Base)[keyof typeof Base];

// ADV, AOV, DIV, DPV, S, VCE
export const Window = { BeforeDue: 0, UntilDue: 1, OnDue: 2, AfterDue: 3, Always: 4, OwnGrace: 5 } as const;
export type Window = (typeof Window)[keyof typeof Window];

export const Person = { All: 0, Associates: 1, ThirdParties: 2 } as const;
export type Person = (typeof Person)[keyof typeof Person];

export interface CompiledRule {
  readonly source: PaymentRuleData;
  readonly id: string;
  readonly descricao: string;
  readonly surcharge: boolean;
  readonly perDay: boolean;
  readonly kind: Kind;
  readonly compound: boolean;
  readonly base: Base;
  readonly window: Window;
  /** ADV: minimum days before due (default 1); VCE: own grace; 0 otherwise. */
  readonly dias: number;
  readonly person: Person;
  readonly extra: boolean;
  /** Rate in 0.0001 % units (N), or cents (V, M). */
  readonly value: number;
  /** Cap in cents; Infinity when none. */
  readonly capCents: number;
  /** Cap as rate units of the base; -1 when none. */
  readonly capRate: number;
}

const COMPILED = Symbol('compiledPaymentRules');

export interface CompiledRules {
  readonly [COMPILED]: true;
  /** In the given order. */
  readonly all: readonly CompiledRule[];
  readonly discounts: readonly CompiledRule[]; // non-extra: the largest applicable wins
  readonly extraDiscounts: readonly CompiledRule[]; // stack, in order
  readonly surcharges: readonly CompiledRule[];
  readonly extraSurcharges: readonly CompiledRule[];
}

const COMPILED_LATE = Symbol('compiledLatePolicy');

export interface CompiledLatePolicy {
  readonly [COMPILED_LATE]: true;
  readonly source: LateChargePolicy;
  readonly graceDays: number;
  /** 0 none, 1 percent, 2 fixed. */
  readonly fineKind: 0 | 1 | 2;
  readonly fineValue: number;
  /** Explicit cap in rate units; -1 when none. */
  readonly fineCapRate: number;
  /** Monthly rate in rate units; -1 when no interest. */
  readonly interestRate: number;
  readonly interestCompound: boolean;
}

const KIND = { N: Kind.Percent, V: Kind.Fixed, M: Kind.Target } as const;
const BASE = { A: Base.Running, O: Base.Original, S: Base.Net } as const;
const WINDOW = {
  ADV: Window.BeforeDue,
  AOV: Window.UntilDue,
  DIV: Window.OnDue,
  DPV: Window.AfterDue,
  S: Window.Always,
  VCE: Window.OwnGrace,
} as const;
const PERSON = { S: Person.All, A: Person.Associates, T: Person.ThirdParties } as const;

function compileRule(r: PaymentRuleData): CompiledRule {
  const window = WINDOW[r.tipo_prazo_pagamento];
  return {
    source: r,
    id: r.id,
    descricao: r.descricao,
    surcharge: r.acrescimo_desconto === 'A',
    perDay: r.tipo_aplicacao_calculo === 'P',
    kind: KIND[r.tipo_calculo_valor],
    compound: r.tipo_juros === 'C',
    base: BASE[r.tipo_saldo],
    window,
    dias: window === Window.BeforeDue ? (r.dias ?? 1) : window === Window.OwnGrace ? (r.dias as number) : 0,
    person: PERSON[r.tipo_pessoa],
    extra: r.desconto_extra,
    value: r.tipo_calculo_valor === 'N' ? (percentToUnits(r.percentual) as number) : (r.valor_fixo_centavos as number),
    capCents: r.teto_centavos ?? Infinity,
    capRate: r.teto_percentual === undefined ? -1 : (percentToUnits(r.teto_percentual) as number),
  };
}

export function isCompiledRules(v: unknown): v is CompiledRules {
  return typeof v === 'object' && v !== null && (v as CompiledRules)[COMPILED] === true;
}

export function isCompiledLatePolicy(v: unknown): v is CompiledLatePolicy {
  return typeof v === 'object' && v !== null && (v as CompiledLatePolicy)[COMPILED_LATE] === true;
}

/** Validates and precomputes a rule list; throws validation_failed listing every bad field. */
export function compileRules(rules: readonly PaymentRuleData[] | CompiledRules): CompiledRules {
  if (isCompiledRules(rules)) return rules;
  const issues = rules.flatMap((r, i) => validateRule(r, `rules[${i}].`));
  if (issues.length > 0) throw new DomainError('validation_failed', 'Invalid payment rule', issues);
  const all = rules.map(compileRule);
  return {
    [COMPILED]: true,
    all,
    discounts: all.filter((r) => !r.surcharge && !r.extra),
    extraDiscounts: all.filter((r) => !r.surcharge && r.extra),
    surcharges: all.filter((r) => r.surcharge && !r.extra),
    extraSurcharges: all.filter((r) => r.surcharge && r.extra),
  };
}

export function compileLatePolicy(late: LateChargePolicy | CompiledLatePolicy): CompiledLatePolicy {
  if (isCompiledLatePolicy(late)) return late;
  const issues = validateLatePolicy(late);
  if (issues.length > 0) throw new DomainError('validation_failed', 'Invalid late-charge policy', issues);
  const fine = late.fine;
  return {
    [COMPILED_LATE]: true,
    source: late,
    graceDays: late.graceDays,
    fineKind: fine === undefined ? 0 : fine.kind === 'percent' ? 1 : 2,
    fineValue: fine === undefined ? 0 : fine.kind === 'percent' ? (percentToUnits(fine.value) as number) : (fine.value as number),
    fineCapRate: fine?.capPercent === undefined ? -1 : (percentToUnits(fine.capPercent) as number),
    interestRate: late.interest === undefined ? -1 : (percentToUnits(late.interest.monthlyPercent) as number),
    interestCompound: late.interest?.compound ?? false,
  };
}
