// Amount-due engine throughput: `npm run bench -- amount-due [--n 1000000] [--seed 42]`.
// Generates N (charge, payment date) pairs up front — varied amounts, partial payments, 64 rule sets
// (direct, per-day, compound, caps, tiers, extras), 8 late-charge policies, payment dates from 60 days
// before to 180 days after the due date — then times computeAmountDue (full breakdown), computeTotalDue
// (same code path, no breakdown) and the floor: a loop that only sums the cents of the same pairs.
import {
  compileLatePolicy,
  compileRules,
  computeAmountDue,
  computeTotalDue,
  type ChargeForCalculation,
  type CompiledLatePolicy,
  type CompiledRules,
  type PaymentRuleData,
} from '../src/payment-rules/calculate/index.ts';
import { dayNumberOf, isoFromDays } from '../src/payment-rules/calculate/dates.ts';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

function randomRule(rnd: () => number, id: string): PaymentRuleData {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const surcharge = rnd() < 0.35;
  const kind = pick(['N', 'N', 'V', 'M'] as const);
  const perDay = kind !== 'M' && rnd() < 0.35;
  const window = surcharge ? pick(['DPV', 'VCE', 'S'] as const) : pick(['ADV', 'AOV', 'DIV', 'S', 'VCE'] as const);
  const r: PaymentRuleData = {
    id,
    descricao: `Regra ${id}`,
    acrescimo_desconto: surcharge ? 'A' : 'D',
    tipo_aplicacao_calculo: perDay ? 'P' : 'D',
    tipo_calculo_valor: kind,
    tipo_juros: rnd() < 0.3 ? 'C' : 'S',
    tipo_saldo: pick(['A', 'O', 'S'] as const),
    tipo_prazo_pagamento: window,
    tipo_pessoa: pick(['A', 'T', 'S', 'S'] as const),
    desconto_extra: rnd() < 0.3,
  };
  if (kind === 'N') r.percentual = perDay ? (rnd() * 0.2).toFixed(4) : (rnd() * 10).toFixed(2);
  else if (kind === 'V') r.valor_fixo_centavos = Math.floor(rnd() * (perDay ? 200 : 5000));
  else r.valor_fixo_centavos = Math.floor(rnd() * 200_000);
  if (window === 'ADV') r.dias = 1 + Math.floor(rnd() * 15);
  if (window === 'VCE') r.dias = Math.floor(rnd() * 10);
  if (rnd() < 0.2) r.teto_centavos = Math.floor(rnd() * 10_000);
  return r;
}

function randomLate(rnd: () => number, k: number): CompiledLatePolicy | null {
  if (k === 0) return null;
  return compileLatePolicy({
    fine:
      k % 3 === 0
        ? { kind: 'fixed', value: 1000 }
        : { kind: 'percent', value: (rnd() * 10).toFixed(2), capPercent: k % 2 ? '5' : undefined },
    interest: k === 7 ? undefined : { monthlyPercent: (rnd() * 2).toFixed(4), compound: k % 2 === 0 },
    graceDays: k % 4,
  });
}

const pad = (s: string, w: number): string => s.padStart(w);

export async function main(args: string[]): Promise<void> {
  const n = arg(args, 'n', 1_000_000);
  const rnd = mulberry32(arg(args, 'seed', 42));

  const ruleSets: CompiledRules[] = [];
  for (let s = 0; s < 64; s++) {
    const count = Math.floor(rnd() * 5);
    ruleSets.push(compileRules(Array.from({ length: count }, (_, i) => randomRule(rnd, `${s}.${i}`))));
  }
  const lates = Array.from({ length: 8 }, (_, k) => randomLate(rnd, k));

  // One interned string per calendar day, as a database driver returning dates would not; the engine
  // parses every date of every call anyway.
  const day0 = dayNumberOf(2025, 1, 1);
  const isoPool = Array.from({ length: 1700 }, (_, i) => isoFromDays(day0 + i));
  const charges: ChargeForCalculation[] = new Array(n);
  const payDates: string[] = new Array(n);
  const setOf = new Uint8Array(n);
  const lateOf = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const issue = Math.floor(rnd() * 1200);
    const term = Math.floor(rnd() * 60);
    const amount = 100 + Math.floor(rnd() * rnd() * 5_000_000);
    charges[i] = {
      amountCents: amount,
      paidCents: rnd() < 0.15 ? Math.floor(amount * rnd() * 0.5) : 0,
      issueDate: isoPool[issue],
      dueDate: isoPool[issue + term],
      customerIsAssociate: rnd() < 0.5,
      customerIsConsumer: rnd() < 0.6,
    };
    const offset = Math.floor(rnd() * 240) - 60;
    payDates[i] = isoPool[Math.max(0, issue + term + offset)];
    setOf[i] = Math.floor(rnd() * 64);
    lateOf[i] = Math.floor(rnd() * 8);
  }

  const floor = (): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const c = charges[i];
      sum += c.amountCents - c.paidCents + setOf[i] + lateOf[i] + payDates[i].length;
    }
    return sum;
  };
  const full = (): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += computeAmountDue(charges[i], ruleSets[setOf[i]], lates[lateOf[i]], payDates[i]).totalCents;
    return sum;
  };
  const totalOnly = (): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += computeTotalDue(charges[i], ruleSets[setOf[i]], lates[lateOf[i]], payDates[i]);
    return sum;
  };

  const time = (fn: () => number): { ms: number; check: number } => {
    const t0 = process.hrtime.bigint();
    const check = fn();
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, check };
  };
  // Warm-up so the JIT has optimised every path before timing.
  time(floor);
  time(totalOnly);
  time(full);
  const f = time(floor);
  const t = time(totalOnly);
  const b = time(full);
  if (t.check !== b.check) throw new Error(`computeTotalDue and computeAmountDue disagree: ${t.check} vs ${b.check}`);

  const floorOps = n / (f.ms / 1000);
  const rows = [
    ['computeAmountDue (breakdown)', b.ms],
    ['computeTotalDue (total only)', t.ms],
    ['floor: sum the cents', f.ms],
  ] as const;
  console.log(`amount-due: ${n.toLocaleString('en-US')} (charge, date) pairs, 64 rule sets, 8 late policies, node ${process.version}`);
  console.log(`${'loop'.padEnd(30)} ${pad('ops/s', 14)} ${pad('ns/op', 9)} ${pad('floor ops/s', 14)} ${pad('ratio', 8)}`);
  for (const [name, ms] of rows) {
    const ops = n / (ms / 1000);
    console.log(
      `${name.padEnd(30)} ${pad(Math.round(ops).toLocaleString('en-US'), 14)} ${pad(((ms * 1e6) / n).toFixed(1), 9)} ${pad(Math.round(floorOps).toLocaleString('en-US'), 14)} ${pad(`${(floorOps / ops).toFixed(1)}×`, 8)}`,
    );
  }
  console.log(`checksum ${b.check}`);
}
