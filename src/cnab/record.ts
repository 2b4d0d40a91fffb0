// One writer and one reader for fixed-width bank records, driven by declarative field tables.
// Positions are 1-based and inclusive, exactly as printed in the bank manuals, so a table can be
// checked line by line against the manual.
import { DomainError } from '../platform/errors.ts';

export type FieldKind = 'N' | 'A';

export interface FieldSpec {
  name: string;
  start: number;
  end: number;
  kind: FieldKind;
  /** Constant content (fillers, literals); fields without it must be supplied by the caller. */
  value?: string;
}

export type Layout = readonly FieldSpec[];
export type RecordValues = Record<string, string | number | undefined>;

export function field(name: string, start: number, end: number, kind: FieldKind, value?: string): FieldSpec {
  return { name, start, end, kind, value };
}

/** Blanks for 'A' fillers, zeros for 'N' fillers. */
export function filler(start: number, end: number, kind: FieldKind = 'A'): FieldSpec {
  return field(`filler_${start}`, start, end, kind, kind === 'A' ? '' : '0');
}

/** Checks that a table covers 1..length with no gap or overlap (run once per table at load time). */
export function checkLayout(layout: Layout, length: number): Layout {
  let next = 1;
  for (const f of layout) {
    if (f.start !== next || f.end < f.start) {
      throw new Error(`layout error at ${f.name}: starts at ${f.start}, expected ${next}`);
    }
    next = f.end + 1;
  }
  if (next !== length + 1) throw new Error(`layout covers ${next - 1} positions, expected ${length}`);
  return layout;
}

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Uppercase, accents removed, only printable ASCII (banks reject anything else). */
export function normalizeAlpha(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value.toUpperCase(); // most names and fillers: nothing to strip
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^\x20-\x7E]/g, ' ');
}

type RecordName = string | (() => string);
const nameOf = (record: RecordName) => (typeof record === 'string' ? record : record());

function reject(record: RecordName, f: FieldSpec, issue: string): DomainError {
  return new DomainError('validation_failed', `CNAB ${nameOf(record)}: field ${f.name} (${f.start}-${f.end}) ${issue}`, [
    { field: f.name, issue },
  ]);
}

/** A layout made ready to write: runs of constant fields pre-rendered into one string. */
type Step = string | { f: FieldSpec; size: number };
const compiled = new WeakMap<Layout, Step[]>();

function stepsOf(record: RecordName, layout: Layout): Step[] {
  let steps = compiled.get(layout);
  if (steps) return steps;
  steps = [];
  for (const f of layout) {
    const size = f.end - f.start + 1;
    if (f.value === undefined) steps.push({ f, size });
    else {
      const text = formatField(record, f, size, f.value);
      const last = steps[steps.length - 1];
      if (typeof last === 'string') steps[steps.length - 1] = last + text;
      else steps.push(text);
    }
  }
  compiled.set(layout, steps);
  return steps;
}

function formatField(record: RecordName, f: FieldSpec, size: number, raw: string | number): string {
  if (f.kind === 'N') {
    if (typeof raw === 'number') {
      const digits = numberToDigits(record, f, raw);
      if (digits.length > size) throw reject(record, f, `has ${digits.length} digits, at most ${size} fit`);
      return digits.padStart(size, '0');
    }
    if (!/^\d*$/.test(raw)) throw reject(record, f, `must be numeric, got "${raw}"`);
    if (raw.length > size) throw reject(record, f, `has ${raw.length} digits, at most ${size} fit`);
    return raw.padStart(size, '0');
  }
  const text = normalizeAlpha(String(raw));
  if (text.length > size) throw reject(record, f, `has ${text.length} characters, at most ${size} fit`);
  return text.padEnd(size, ' ');
}

/** One record of `layout`. `record` names it in messages (a function: built only when one is needed). */
export function writeRecord(record: RecordName, layout: Layout, values: RecordValues): string {
  let line = '';
  for (const step of stepsOf(record, layout)) {
    if (typeof step === 'string') {
      line += step;
      continue;
    }
    const raw = values[step.f.name];
    if (raw === undefined) throw new Error(`CNAB ${nameOf(record)}: no value for field ${step.f.name}`);
    line += formatField(record, step.f, step.size, raw);
  }
  return line;
}

function numberToDigits(record: RecordName, f: FieldSpec, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw reject(record, f, `must be a non-negative integer, got ${n}`);
  return String(n);
}

/** Raw slices by field name ('A' fields are right-trimmed). Numeric validation is the caller's choice. */
export function readRecord(layout: Layout, line: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of layout) {
    if (f.value !== undefined && f.name.startsWith('filler_')) continue;
    const slice = line.slice(f.start - 1, f.end);
    out[f.name] = f.kind === 'A' ? slice.trimEnd() : slice;
  }
  return out;
}

/** Names of 'N' fields (of those listed) whose content is not all digits. */
export function nonNumericFields(layout: Layout, line: string, names: readonly string[]): string[] {
  const bad: string[] = [];
  for (const f of layout) {
    if (f.kind !== 'N' || !names.includes(f.name)) continue;
    if (!/^\d+$/.test(line.slice(f.start - 1, f.end))) bad.push(`${f.name} (${f.start}-${f.end})`);
  }
  return bad;
}

export function fieldSpec(layout: Layout, name: string): FieldSpec {
  const f = layout.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
}
