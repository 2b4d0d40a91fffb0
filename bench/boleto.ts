// Boleto PDF benchmark: `npm run bench -- boleto [N] [--carne M]`.
//  1. Cobre: N boletos, one PDF each (default 500) → boletos/s.
//  2. Baseline in the same run: the npm package gerar-boletos making the same N single-boleto PDFs.
//  3. A carnê of M boletos (default 10,000) in one PDF, in a child process so its peak RSS is its own.
// Every PDF goes to a sink that counts bytes (no disk in 1-2); the carnê is written to a temp file.
import { spawn } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { renderBoletoPdf, type BoletoDocument } from '../src/boleto/pdf/index.ts';

// Published valid Itaú boleto (README of the npm package @mrmgomes/boleto-utils).
const BARCODE = '34196790600001000002220000005566385101214000';
const LINHA = '34192.22009 00005.566385 51012.140003 6 79060000100000';

export function sample(i: number): BoletoDocument {
  const month = String((i % 12) + 1).padStart(2, '0');
  return {
    bank: { code: '341', name: 'Banco Itaú S.A.', digit: '341-7' },
    beneficiary: { name: 'Padaria São João Ltda', document: '11.222.333/0001-81', address: 'Rua das Flores, 10 - Centro - São Paulo/SP - 01001-000' },
    agencyAccount: '0730/03511-0',
    nossoNumero: `109/${String(i).padStart(8, '0')}-4`,
    documentNumber: `FAT-${i}`,
    carteira: '109',
    especieDoc: 'DM',
    aceite: 'N',
    issueDate: '2026-03-10',
    processingDate: '2026-03-10',
    dueDate: `2026-${month}-10`,
    amountCents: 10000 + i,
    payer: { name: `Cliente ${i} da Silva`, document: '123.456.789-09', address: 'Rua das Acácias, 100 - Centro - São Paulo/SP - 01310-100' },
    instructions: ['Até 05/04/2026, desconto de R$ 5,00', 'Após o vencimento, multa de 2,00% e juros de R$ 0,41 ao dia'],
    localPagamento: 'Pagável em qualquer banco até o vencimento',
    linhaDigitavelFormatted: LINHA,
    barcode: BARCODE,
    demonstrative: [`Parcela ${i + 1}`],
  };
}

function sink(): Writable & { bytes: number } {
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      w.bytes += chunk.length;
      cb();
    },
  }) as Writable & { bytes: number };
  w.bytes = 0;
  return w;
}

async function cobreOnePdfEach(n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await renderBoletoPdf([sample(i)], sink());
  return n / ((performance.now() - t0) / 1000);
}

async function baselineOnePdfEach(n: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const { Bancos, Boletos } = require('gerar-boletos');
  const make = (i: number) => {
    // Same content as sample(i); the package's own example data shape (examples/gerar-boleto-BancoDoBrasil.js).
    const b = new Boletos({
      banco: new Bancos.Itau(),
      pagador: {
        nome: `Cliente ${i} da Silva`,
        registroNacional: '12345678909',
        endereco: { logradouro: 'Rua das Acácias, 100', bairro: 'Centro', cidade: 'São Paulo', estadoUF: 'SP', cep: '01310-100' },
      },
      instrucoes: ['Até 05/04/2026, desconto de R$ 5,00', 'Após o vencimento, multa de 2,00% e juros de R$ 0,41 ao dia'],
      beneficiario: {
        nome: 'Padaria São João Ltda',
        cnpj: '11222333000181',
        dadosBancarios: { carteira: '109', agencia: '0730', agenciaDigito: '0', conta: '03511', contaDigito: '0', nossoNumero: String(i).padStart(8, '0'), nossoNumeroDigito: '4' },
        endereco: { logradouro: 'Rua das Flores, 10', bairro: 'Centro', cidade: 'São Paulo', estadoUF: 'SP', cep: '01001-000' },
      },
      boleto: {
        numeroDocumento: `FAT-${i}`,
        especieDocumento: 'DM',
        valor: (10000 + i) / 100,
        // gerar-boletos 1.4.5 refuses years after 2023 ("O ano do documento deve ser … menor que 2024").
        datas: { vencimento: '10-04-2023', processamento: '10-03-2023', documentos: '10-03-2023' },
      },
    });
    b.gerarBoleto();
    return b;
  };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const out = sink();
    await make(i).pdfStream(out);
    await finished(out);
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Child-process side of the carnê measurement: prints one JSON line. */
async function carneChild(m: number): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const file = join(tmpdir(), `cobre-carne-${process.pid}.pdf`);
  const t0 = performance.now();
  function* docs() {
    for (let i = 0; i < m; i++) yield sample(i);
  }
  await renderBoletoPdf(docs(), createWriteStream(file));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const bytes = statSync(file).size;
  rmSync(file);
  const maxRss = process.resourceUsage().maxRSS * 1024; // kB → bytes; the kernel's own peak
  console.log(JSON.stringify({ seconds, peakRss: Math.max(peak, maxRss), bytes }));
}

async function carne(m: number): Promise<{ seconds: number; peakRss: number; bytes: number }> {
  const runner = fileURLToPath(new URL('./run.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', runner, 'boleto', '--carne-child', String(m)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const code: number = await new Promise((r) => child.on('close', r));
  if (code !== 0) throw new Error(`carnê child exited with ${code}`);
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

const fmt = (v: number, digits = 1) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export async function main(args: string[]): Promise<void> {
  const childAt = args.indexOf('--carne-child');
  if (childAt >= 0) return carneChild(Number(args[childAt + 1]));
  const carneAt = args.indexOf('--carne');
  const m = carneAt >= 0 ? Number(args[carneAt + 1]) : 10_000;
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--carne') ?? 500);

  // Warm both up (module loading, JIT) outside the measurement.
  await cobreOnePdfEach(10);
  await baselineOnePdfEach(3);
  const cobre = await cobreOnePdfEach(n);
  const baseline = await baselineOnePdfEach(n);
  const c = await carne(m);

  const rows: Array<[string, string, string, string]> = [
    [`single-boleto PDFs/s (N=${n})`, fmt(cobre), fmt(baseline), `${fmt(cobre / baseline, 2)}×`],
    [`carnê ${m.toLocaleString('en-US')} boletos: wall time (s)`, fmt(c.seconds, 2), '-', '-'],
    [`carnê ${m.toLocaleString('en-US')} boletos: peak RSS (MB)`, fmt(c.peakRss / 2 ** 20), '-', '-'],
    [`carnê ${m.toLocaleString('en-US')} boletos: file size (MB)`, fmt(c.bytes / 2 ** 20), '-', '-'],
  ];
  const head: [string, string, string, string] = ['metric', 'Cobre', 'baseline (gerar-boletos)', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  const ok = cobre >= 5 * baseline && c.seconds <= 30 && c.peakRss < 300 * 2 ** 20;
  console.log(`targets (≥5× baseline, carnê ≤ 30 s and < 300 MB): ${ok ? 'met' : 'NOT met'}`);
}
