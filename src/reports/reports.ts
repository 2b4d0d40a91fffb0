// Reports of a company's money: overdue by age on a date, receipts by period or method, and the
// onboarding checklist of a new company. Plain reads; the dates are business dates
// (America/Sao_Paulo) and default to the injected clock's today.
import type { Queryable } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import { businessDate } from '../platform/clock.ts';
import type { Scope } from '../platform/scope.ts';
import type { ColumnSpec } from '../platform/spreadsheet/index.ts';
import * as q from './queries.ts';

export const BUCKETS = [
  { key: '1-30', label: '1 a 30 dias', min_days: 1, max_days: 30 },
  { key: '31-60', label: '31 a 60 dias', min_days: 31, max_days: 60 },
  { key: '61-90', label: '61 a 90 dias', min_days: 61, max_days: 90 },
  { key: '90+', label: 'Mais de 90 dias', min_days: 91, max_days: null },
] as const;

export interface Amounts {
  count: number;
  open_cents: number;
}

export interface AgingReport {
  as_of: string;
  buckets: (Amounts & { key: string; label: string; min_days: number; max_days: number | null; due_from: string | null; due_to: string })[];
  total: Amounts;
  customers: { customer_id: string; name: string; document: string | null; buckets: Amounts[]; total: Amounts }[];
}

function checkDate(value: string, field: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  if (!ok)
    throw new DomainError('validation_failed', `${field} must be a date (YYYY-MM-DD)`, [
      { field, issue: 'must be a valid date (YYYY-MM-DD)' },
    ]);
  return value;
}

/** The date `days` before `date` (both YYYY-MM-DD). */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

const cents = (s: string): number => {
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new DomainError('internal_error', 'An amount exceeds the safe integer range');
  return n;
};

export async function overdueAging(db: Queryable, scope: Scope, asOfInput?: string): Promise<AgingReport> {
  const asOf = asOfInput ? checkDate(asOfInput, 'as_of') : businessDate(scope.now);
  const rows = await q.overdueAging(db, scope.tenantId, asOf);
  const zero = (): Amounts => ({ count: 0, open_cents: 0 });
  const buckets = BUCKETS.map((b) => ({
    ...b,
    // The due dates of the bucket on that day, for the link to Contas a Receber.
    due_from: b.max_days === null ? null : daysBefore(asOf, b.max_days),
    due_to: daysBefore(asOf, b.min_days),
    ...zero(),
  }));
  const total = zero();
  const customers = new Map<string, AgingReport['customers'][number]>();
  for (const r of rows) {
    const amount = cents(r.open_cents);
    let c = customers.get(r.customer_id);
    if (!c) {
      c = {
        customer_id: r.customer_id,
        name: r.customer_name,
        document: r.customer_document,
        buckets: BUCKETS.map(zero),
        total: zero(),
      };
      customers.set(r.customer_id, c);
    }
    for (const a of [c.buckets[r.bucket], c.total, buckets[r.bucket], total]) {
      a.count += r.count;
      a.open_cents += amount;
    }
  }
  // Largest debt first: whom to call.
  const list = [...customers.values()].sort((a, b) => b.total.open_cents - a.total.open_cents || a.name.localeCompare(b.name, 'pt-BR'));
  return { as_of: asOf, buckets, total, customers: list };
}

export type GroupBy = 'day' | 'month' | 'method';

export interface MethodAmounts {
  method: string;
  count: number;
  received_cents: number;
  refunded_cents: number;
  fee_cents: number;
}

export interface ReceiptsReport {
  from: string;
  to: string;
  group_by: GroupBy;
  rows: (Omit<MethodAmounts, 'method'> & { key: string; methods: MethodAmounts[] })[];
  total: Omit<MethodAmounts, 'method'> & { methods: MethodAmounts[] };
}

/** Receipts default to the current month up to today. */
export async function receipts(
  db: Queryable,
  scope: Scope,
  input: { from?: string; to?: string; group_by?: GroupBy },
): Promise<ReceiptsReport> {
  const today = businessDate(scope.now);
  const to = input.to ? checkDate(input.to, 'to') : today;
  const from = input.from ? checkDate(input.from, 'from') : `${to.slice(0, 8)}01`;
  if (from > to)
    throw new DomainError('validation_failed', 'from must not be after to', [{ field: 'from', issue: 'must not be after to' }]);
  const groupBy = input.group_by ?? 'day';
  const rows = await q.receipts(db, scope.tenantId, from, to, groupBy);
  const empty = () => ({ count: 0, received_cents: 0, refunded_cents: 0, fee_cents: 0 });
  const add = (a: ReturnType<typeof empty>, r: q.ReceiptRow) => {
    a.count += r.count;
    a.received_cents += cents(r.received_cents);
    a.refunded_cents += cents(r.refunded_cents);
    a.fee_cents += cents(r.fee_cents);
  };
  const byKey = new Map<string, ReceiptsReport['rows'][number]>();
  const totalMethods = new Map<string, MethodAmounts>();
  const total = { ...empty(), methods: [] as MethodAmounts[] };
  for (const r of rows) {
    let row = byKey.get(r.key);
    if (!row) {
      row = { key: r.key, ...empty(), methods: [] };
      byKey.set(r.key, row);
    }
    add(row, r);
    const m = { method: r.method, ...empty() };
    add(m, r);
    row.methods.push(m);
    let tm = totalMethods.get(r.method);
    if (!tm) {
      tm = { method: r.method, ...empty() };
      totalMethods.set(r.method, tm);
    }
    add(tm, r);
    add(total, r);
  }
  total.methods = [...totalMethods.values()].sort((a, b) => a.method.localeCompare(b.method));
  return { from, to, group_by: groupBy, rows: [...byKey.values()], total };
}

export const ONBOARDING_STEPS = [
  'collection_account',
  'customer',
  'service',
  'contract',
  'billing',
  'email_channel',
  'operator_user',
] as const;

export async function onboarding(db: Queryable, scope: Scope): Promise<{ steps: { key: string; done: boolean }[]; done: boolean }> {
  const facts = await q.onboardingFacts(db, scope.tenantId, scope.accountId);
  const steps = ONBOARDING_STEPS.map((key) => ({ key, done: !!facts[key] }));
  return { steps, done: steps.every((s) => s.done) };
}

// Spreadsheets ("Baixar como Excel") of both reports, through the charges export's writer.

export const AGING_COLUMNS: ColumnSpec[] = [
  { key: 'name', header: 'Cliente', type: 'string' },
  { key: 'document', header: 'CPF/CNPJ', type: 'string' },
  ...BUCKETS.flatMap((b, i) => [
    { key: `count_${i}`, header: `Cobranças ${b.label}`, type: 'integer' as const },
    { key: `open_${i}`, header: `Em aberto ${b.label}`, type: 'money' as const },
  ]),
  { key: 'total_count', header: 'Cobranças vencidas', type: 'integer' },
  { key: 'total_open', header: 'Total em aberto', type: 'money' },
];

export function agingSheetRows(r: AgingReport): Record<string, unknown>[] {
  const line = (name: string, document: string | null, buckets: Amounts[], total: Amounts) => {
    const row: Record<string, unknown> = { name, document, total_count: total.count, total_open: total.open_cents };
    for (const [i, b] of buckets.entries()) Object.assign(row, { [`count_${i}`]: b.count, [`open_${i}`]: b.open_cents });
    return row;
  };
  return [
    ...r.customers.map((c) => line(c.name, c.document, c.buckets, c.total)),
    line(`Total em ${r.as_of.split('-').reverse().join('/')}`, null, r.buckets, r.total),
  ];
}

const METHOD_PT: Record<string, string> = {
  boleto: 'Boleto',
  pix: 'PIX',
  cash: 'Dinheiro',
  transfer: 'Transferência',
  card: 'Cartão',
  other: 'Outro',
};

export const RECEIPTS_COLUMNS: ColumnSpec[] = [
  { key: 'period', header: 'Período', type: 'string' },
  { key: 'method', header: 'Forma de pagamento', type: 'string' },
  { key: 'count', header: 'Pagamentos', type: 'integer' },
  { key: 'received', header: 'Recebido (líquido de devoluções)', type: 'money' },
  { key: 'refunded', header: 'Devolvido', type: 'money' },
  { key: 'fee', header: 'Tarifas', type: 'money' },
];

function periodLabel(key: string, groupBy: GroupBy): string {
  if (groupBy === 'method') return METHOD_PT[key] ?? key;
  return key.split('-').reverse().join('/');
}

export function receiptsSheetRows(r: ReceiptsReport): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const row of r.rows) {
    for (const m of row.methods) {
      out.push({
        period: periodLabel(row.key, r.group_by),
        method: METHOD_PT[m.method] ?? m.method,
        count: m.count,
        received: m.received_cents,
        refunded: m.refunded_cents,
        fee: m.fee_cents,
      });
    }
  }
  out.push({
    period: 'Total',
    method: null,
    count: r.total.count,
    received: r.total.received_cents,
    refunded: r.total.refunded_cents,
    fee: r.total.fee_cents,
  });
  return out;
}
