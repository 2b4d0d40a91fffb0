// CNAB 240 remittance writer: `npm run bench -- cnab [--n 100000] [--runs 5]`; the API path with the
// database: `npm run bench -- cnab --db 30000 [--runs 3]` (embedded PGlite, or DATABASE_URL).
// N titles (entries and write-offs, payers with accents, discount/interest/fine on most) are written
// as the application writes them: files of at most MAX_BOLETOS_PER_REMITTANCE (30,000) titles, each by
// buildRemessa240 (declarative layout tables, every value checked and refused if it does not fit).
// The baseline writes the same bytes with plain template strings, padStart/padEnd and one join per
// file, checking nothing; the run asserts both outputs are identical byte for byte. The sides
// alternate, the load average is recorded before each, median of the runs with the spread.
// The writer alone; `--db N` measures the API path, reading the titles from the database.
import { loadavg } from 'node:os';
import { buildRemessa240 } from '../src/cnab/remessa240.ts';
import type { RemessaBoleto, RemessaInput } from '../src/cnab/remessa.ts';
import { DEFAULT_REMITTANCE_LAYOUT, remittanceLayout } from '../src/cnab/remittance-layouts.ts';

const MAX_BOLETOS_PER_REMITTANCE = remittanceLayout(DEFAULT_REMITTANCE_LAYOUT)!.maxTitles;
import { median, table } from './_util.ts';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const NAMES = ['José da Conceição', 'Maria Antônia Ferreira', 'Condomínio Edifício Aurora', 'João Müller Ltda', 'Ana Paula Souza'];
const CITIES = ['São Paulo', 'Porto Alegre', 'Garibaldi', 'Florianópolis', 'Belo Horizonte'];

function titles(n: number): RemessaBoleto[] {
  return Array.from({ length: n }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const b: RemessaBoleto = {
      movement: i % 10 === 9 ? 'write_off' : 'entry',
      nossoNumero: String(10_000_000 + i),
      documentNumber: `FAT-${i}`,
      issueDate: '2026-11-01',
      dueDate: `2026-12-${day}`,
      amountCents: 1_000 + ((i * 7919) % 500_000),
      payer: {
        name: `${NAMES[i % NAMES.length]} ${i}`,
        documentKind: 'cpf',
        document: '12345678909',
        address: `Rua das Acácias, ${i % 2000}`,
        district: 'Centro',
        city: CITIES[i % CITIES.length],
        state: 'RS',
        postalCode: '95720000',
      },
    };
    if (b.movement === 'entry') {
      if (i % 3 === 0) b.discount = { kind: 'fixed', untilDate: `2026-12-${day}`, value: 500 };
      b.interest = { kind: 'monthly_percent', fromDate: `2026-12-${day}`, value: 100 };
      b.fine = { kind: 'percent', fromDate: `2026-12-${day}`, value: 200 };
      if (i % 4 === 0) b.instructions = ['Não receber após 30 dias do vencimento'];
    }
    return b;
  });
}

const beneficiary: RemessaInput['beneficiary'] = {
  name: 'Empresa Demonstração Ltda',
  documentKind: 'cnpj',
  document: '11222333000181',
  agency: '0057',
  account: '12345',
  accountDigit: '7',
  carteira: '109',
};
const generatedAt = new Date('2026-12-07T13:45:10Z'); // 10:45:10 in São Paulo

function files(all: RemessaBoleto[]): RemessaInput[] {
  const out: RemessaInput[] = [];
  for (let i = 0; i < all.length; i += MAX_BOLETOS_PER_REMITTANCE) {
    out.push({
      bankCode: '341',
      bankName: 'BANCO ITAU SA',
      fileSequence: out.length + 1,
      generatedAt,
      beneficiary,
      boletos: all.slice(i, i + MAX_BOLETOS_PER_REMITTANCE),
    });
  }
  return out;
}

// ---- The baseline: the same bytes, by hand.
// With the same shortcut as the writer: text already in printable ASCII is only uppercased.
const ascii = (s: string) =>
  /^[\x20-\x7E]*$/.test(s)
    ? s.toUpperCase()
    : s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toUpperCase()
        .replace(/[^\x20-\x7E]/g, ' ');
const A = (s: string, size: number) => ascii(s).padEnd(size, ' ');
const N = (v: string | number, size: number) => String(v).padStart(size, '0');
const date = (iso: string) => iso.slice(8, 10) + iso.slice(5, 7) + iso.slice(0, 4);
const sp = (size: number) => ' '.repeat(size);

function handWritten(input: RemessaInput): string {
  const b = input.beneficiary;
  const bank = input.bankCode;
  const acct = N(b.agency, 5) + A('', 1) + N(b.account, 12) + A(b.accountDigit ?? '', 1) + A('', 1);
  const stampDate = '07122026';
  const stampTime = '104510';
  const lines: string[] = [];
  lines.push(
    `${bank}00000${sp(9)}2${N(b.document, 14)}${A('', 20)}${acct}${A(b.name, 30)}${A(input.bankName, 30)}${sp(10)}1` +
      `${stampDate}${stampTime}${N(input.fileSequence, 6)}10300000${sp(20)}${sp(20)}${sp(29)}`,
  );
  lines.push(
    `${bank}00011R01${sp(2)}060 2${N(b.document, 15)}${A('', 20)}${acct}${A(b.name, 30)}${sp(40)}${sp(40)}` +
      `${N(input.fileSequence, 8)}${stampDate}${N(0, 8)}${sp(33)}`,
  );
  let seq = 0;
  let total = 0;
  for (const t of input.boletos) {
    const mv = t.movement === 'write_off' ? '02' : '01';
    total += t.amountCents;
    const head = (segment: string) => `${bank}00013${N(++seq, 5)}${segment} ${mv}`;
    const d = t.discount;
    const j = t.interest;
    const f = t.fine;
    lines.push(
      `${head('P')}${acct}${A(t.nossoNumero, 20)}11122${A(t.documentNumber, 15)}${date(t.dueDate)}${N(t.amountCents, 15)}` +
        `00000 02N${date(t.issueDate)}${j ? (j.kind === 'daily_amount' ? '1' : '2') + date(j.fromDate) + N(j.value, 15) : `3${N(0, 23)}`}` +
        `${d ? (d.kind === 'fixed' ? '1' : '2') + date(d.untilDate) + N(d.value, 15) : `0${N(0, 23)}`}${N(0, 30)}${A(t.documentNumber, 25)}` +
        `3002${sp(3)}09${N(0, 10)} `,
    );
    const p = t.payer;
    lines.push(
      `${head('Q')}1${N(p.document, 15)}${A(p.name, 40)}${A(p.address, 40)}${A(p.district, 15)}${p.postalCode}${A(p.city, 15)}${p.state}` +
        `0${N(0, 15)}${sp(40)}000${sp(20)}${sp(8)}`,
    );
    const m = t.instructions ?? [];
    lines.push(
      `${head('R')}${N(0, 48)}${f ? (f.kind === 'fixed' ? '1' : '2') + date(f.fromDate) + N(f.value, 15) : `0${N(0, 23)}`}${sp(10)}` +
        `${A(m[0] ?? '', 40)}${A(m[1] ?? '', 40)}${sp(20)}${N(0, 8)}${N(0, 3)}${N(0, 5)} ${N(0, 12)}  0${sp(9)}`,
    );
  }
  lines.push(`${bank}00015${sp(9)}${N(seq + 2, 6)}${N(input.boletos.length, 6)}${N(total, 17)}${N(0, 69)}${sp(8)}${sp(117)}`);
  lines.push(`${bank}99999${sp(9)}${N(1, 6)}${N(lines.length + 1, 6)}${N(0, 6)}${sp(205)}`);
  return lines.join('\r\n') + '\r\n';
}

function time(fn: () => number): { ms: number; bytes: number } {
  const t = performance.now();
  const bytes = fn();
  return { ms: performance.now() - t, bytes };
}

/**
 * The API path on embedded PGlite (or DATABASE_URL): `titles` charges with a boleto each, seeded
 * set-based, then the preview of the account's next remittance (reads every title's charge, payer
 * and terms and writes the file, marks nothing) timed `runs` times.
 */
async function databasePath(titles: number, runs: number): Promise<void> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { createBenchTenant, insertPayersAndCharges, setCounters, isoDay } = await import('./_seed.ts');
  const { ensureChargeBoletos } = await import('../src/boleto/boletos.ts');
  const { generateRemittance } = await import('../src/bank-files/remittance.ts');
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, poolSize: 4 });
  await migrate(db);
  const { tenantId, scope } = await createBenchTenant(db, `Remessa ${Date.now()}`);
  const numbers = Array.from({ length: titles }, (_, i) => i + 1);
  const { chargeIds } = await db.transaction((tx) => insertPayersAndCharges(tx, tenantId, numbers, { withEmail: false }));
  await setCounters(db, tenantId, titles, ['customer', 'charge']);
  await db.transaction((tx) => ensureChargeBoletos(tx, scope, chargeIds, { today: isoDay(0) }));
  const times: number[] = [];
  const loads: string[] = [];
  let size = 0;
  for (let r = 0; r < runs; r++) {
    loads.push(loadavg()[0].toFixed(2));
    const t = performance.now();
    const file = await db.transaction((tx) => generateRemittance(tx, scope, '1', { preview: true, today: isoDay(0), now: new Date() }));
    times.push(performance.now() - t);
    size = file.boleto_count;
  }
  await db.close();
  console.log(
    `API path (${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}): remittance preview of ${size.toLocaleString('en')} boletos, ` +
      `median ${median(times).toFixed(0)} ms (${times.map((x) => x.toFixed(0)).join(', ')}), load average before each ${loads.join(', ')}`,
  );
}

export async function main(args: string[]): Promise<void> {
  const dbTitles = arg(args, 'db', 0);
  if (dbTitles > 0) return databasePath(dbTitles, arg(args, 'runs', 3));
  const n = arg(args, 'n', 100_000);
  const runs = arg(args, 'runs', 5);
  const inputs = files(titles(n));
  // Same bytes, checked once up front (and the sizes every run).
  inputs.forEach((input, i) => {
    const ours = buildRemessa240(input);
    const theirs = handWritten(input);
    if (ours !== theirs) {
      const a = ours.split('\r\n');
      const b = theirs.split('\r\n');
      const line = a.findIndex((l, k) => l !== b[k]);
      throw new Error(`file ${i + 1}: the baseline differs at line ${line + 1}:\n${a[line]}\n${b[line]}`);
    }
  });
  const cobre = () => inputs.reduce((s, input) => s + buildRemessa240(input).length, 0);
  const baseline = () => inputs.reduce((s, input) => s + handWritten(input).length, 0);
  // Context, not the target: only joining lines already formatted (what no writer can beat).
  const finished = inputs.map((input) => handWritten(input).split('\r\n'));
  const floor = () => finished.reduce((s, lines) => s + lines.join('\r\n').length, 0);
  cobre();
  baseline(); // warm both
  floor();
  const ours: number[] = [];
  const theirs: number[] = [];
  const floors: number[] = [];
  const loads: string[] = [];
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['cobre', 'baseline'] : ['baseline', 'cobre'];
    for (const side of order) {
      loads.push(`${side} ${loadavg()[0].toFixed(2)}`);
      const res = time(side === 'cobre' ? cobre : baseline);
      (side === 'cobre' ? ours : theirs).push(res.ms);
    }
    floors.push(time(floor).ms);
  }
  const ratios = ours.map((ms, i) => ms / theirs[i]);
  const fmt = (xs: number[]) => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  console.log(
    `CNAB 240 remittance, ${n.toLocaleString('en')} titles in ${inputs.length} file(s) of ≤ ${MAX_BOLETOS_PER_REMITTANCE}, ${runs} runs`,
  );
  console.log(
    table([
      ['side', 'median (min–max)', 'titles/s (median)'],
      ['Cobre buildRemessa240', fmt(ours), Math.round(n / (median(ours) / 1000)).toLocaleString('en')],
      ['baseline: template strings + join', fmt(theirs), Math.round(n / (median(theirs) / 1000)).toLocaleString('en')],
      ['floor: join of finished lines', fmt(floors), Math.round(n / (median(floors) / 1000)).toLocaleString('en')],
    ]),
  );
  console.log(
    `ratio Cobre/baseline: median ${median(ratios).toFixed(2)}× (runs ${ratios.map((x) => x.toFixed(2)).join(', ')}); target ≤ 3×: ${median(ratios) <= 3 ? 'met' : 'NOT met'}`,
  );
  console.log(`load average (1 min) before each side: ${loads.join(', ')}`);
}
