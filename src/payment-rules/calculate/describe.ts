// Rules and late charges in words, for the instructions field of a boleto (pt-BR), e.g.
// 'Até 05/12/2026: desconto de R$ 5,00.' and
// 'Após o vencimento: multa de 2,00% e juros de 1,00% ao mês (R$ 0,33 por dia).'
import { mulDivFloor, mulDivRound, RATE_DEN } from './arithmetic.ts';
import {
  compileLatePolicy,
  compileRules,
  type CompiledLatePolicy,
  type CompiledRule,
  type CompiledRules,
  Kind,
  Person,
  Window,
  Base,
} from './compile.ts';
import { CONSUMER_FINE_CAP_RATE } from './compute.ts';
import { brDateFromDays, parseIsoDate } from './dates.ts';
import { formatBRL, formatPercent } from './format.ts';
import type { LateChargePolicy, PaymentRuleData } from './types.ts';

export interface DescribeOptions {
  /** Balance the boleto is issued for: adds the R$ equivalent of percentages. */
  amountCents?: number;
  /** When known, rules for the other kind of person are left out instead of annotated. */
  customerIsAssociate?: boolean;
  /** Consumers see the fine after the legal 2 % cap. */
  customerIsConsumer?: boolean;
}

function windowPrefix(r: CompiledRule, due: number): string {
  const graceNote = (d: number): string => (d > 0 ? ` (${d} ${d === 1 ? 'dia' : 'dias'} após o vencimento)` : '');
  switch (r.window) {
    case Window.BeforeDue:
      return `Até ${brDateFromDays(due - r.dias)}${r.dias > 1 ? ` (${r.dias} dias antes do vencimento)` : ''}`;
    case Window.UntilDue:
      return `Até ${brDateFromDays(due)}`;
    case Window.OnDue:
      return `No vencimento (${brDateFromDays(due)})`;
    case Window.AfterDue:
      return `Após ${brDateFromDays(due)}`;
    case Window.Always:
      return 'Em qualquer data';
    default:
      return r.surcharge
        ? `Após ${brDateFromDays(due + r.dias)}${graceNote(r.dias)}`
        : `Até ${brDateFromDays(due + r.dias)}${graceNote(r.dias)}`;
  }
}

function ruleBody(r: CompiledRule, amount: number | undefined): string {
  const word = r.surcharge ? 'acréscimo' : 'desconto';
  const perDay = r.surcharge ? 'por dia de atraso' : 'por dia de antecipação';
  // A running balance (A) is unknown until the payment date, so no R$ equivalent for it.
  const hintBase = amount !== undefined && r.base !== Base.Running ? amount : undefined;
  let body: string;
  if (r.kind === Kind.Percent) {
    if (!r.perDay) {
      body = `${word} de ${formatPercent(r.value)}`;
      if (hintBase !== undefined) body += ` (${formatBRL(mulDivRound(hintBase, r.value, RATE_DEN))})`;
    } else if (!r.compound) {
      body = `${word} de ${formatPercent(r.value)} ${perDay}`;
      if (hintBase !== undefined) body += ` (${formatBRL(mulDivRound(hintBase, r.value, RATE_DEN))} por dia)`;
    } else {
      body = `${word} composto de ${formatPercent(r.value)} ao dia, ${perDay}`;
    }
  } else if (r.kind === Kind.Fixed) {
    body = `${word} de ${formatBRL(r.value)}${r.perDay ? ` ${perDay}` : ''}`;
  } else {
    body = `valor a pagar de ${formatBRL(r.value)}`;
  }
  if (r.capCents !== Infinity) body += ` (limitado a ${formatBRL(r.capCents)})`;
  if (r.capRate >= 0) body += ` (limitado a ${formatPercent(r.capRate)} do saldo)`;
  return body;
}

function lateLine(late: CompiledLatePolicy, due: number, opts: DescribeOptions): string | null {
  const parts: string[] = [];
  const amount = opts.amountCents;
  if (late.fineKind !== 0) {
    let capRate = late.fineCapRate;
    if (opts.customerIsConsumer === true && (capRate < 0 || capRate > CONSUMER_FINE_CAP_RATE)) {
      capRate = CONSUMER_FINE_CAP_RATE;
    }
    if (late.fineKind === 1) {
      parts.push(`multa de ${formatPercent(capRate >= 0 ? Math.min(late.fineValue, capRate) : late.fineValue)}`);
    } else if (capRate < 0) {
      parts.push(`multa de ${formatBRL(late.fineValue)}`);
    } else if (amount !== undefined) {
      parts.push(`multa de ${formatBRL(Math.min(late.fineValue, mulDivFloor(amount, capRate, RATE_DEN)))}`);
    } else {
      parts.push(`multa de ${formatBRL(late.fineValue)} (limitada a ${formatPercent(capRate)})`);
    }
  }
  if (late.interestRate >= 0) {
    let s = `juros${late.interestCompound ? ' compostos' : ''} de ${formatPercent(late.interestRate)} ao mês`;
    if (late.graceDays > 0) s += ' desde o vencimento';
    // Per day only for simple interest: compound interest grows after each month.
    if (amount !== undefined && !late.interestCompound) {
      s += ` (${formatBRL(mulDivRound(amount, late.interestRate, 30 * RATE_DEN))} por dia)`;
    }
    parts.push(s);
  }
  if (parts.length === 0) return null;
  const prefix =
    late.graceDays > 0
      ? `Após ${brDateFromDays(due + late.graceDays)} (carência de ${late.graceDays} ${late.graceDays === 1 ? 'dia' : 'dias'})`
      : 'Após o vencimento';
  return `${prefix}: ${parts.join(' e ')}.`;
}

/** One pt-BR sentence per rule (in the given order), then one for the late charges. */
export function describeRulesInWords(
  rules: readonly PaymentRuleData[] | CompiledRules,
  late: LateChargePolicy | CompiledLatePolicy | null,
  dueDate: string,
  opts: DescribeOptions = {},
): string[] {
  const set = compileRules(rules);
  const due = parseIsoDate(dueDate, 'dueDate');
  const assoc = opts.customerIsAssociate;
  const visible = set.all.filter(
    (r) => assoc === undefined || (r.person === Person.Associates ? assoc : !(r.person === Person.ThirdParties && assoc)),
  );
  // Non-extra rules of one direction are alternatives: say so when the reader sees more than one.
  const alternatives = (surcharge: boolean): number => visible.filter((r) => !r.extra && r.surcharge === surcharge).length;
  const lines: string[] = [];
  for (const r of visible) {
    let line = `${windowPrefix(r, due)}: ${ruleBody(r, opts.amountCents)}`;
    if (!r.extra && alternatives(r.surcharge) > 1) line += ' (não cumulativo)';
    if (assoc === undefined && r.person === Person.Associates) line += ' (somente associados)';
    if (assoc === undefined && r.person === Person.ThirdParties) line += ' (somente não associados)';
    lines.push(`${line}.`);
  }
  if (late !== null) {
    const l = lateLine(compileLatePolicy(late), due, opts);
    if (l !== null) lines.push(l);
  }
  return lines;
}
