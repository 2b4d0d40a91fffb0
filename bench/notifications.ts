// `npm run bench -- notifications [--count 100000] [--runs 3] [--loops 4]`
// A billing run's notifications: N `charge_created` e-mails, each with its boleto PDF, from the
// outbox to a local SMTP server (bench/_smtp-sink.ts: smtp-server with a login, the data stream
// discarded), and in the same run the baseline: nodemailer alone sending the same N finished
// messages. Embedded PGlite (a data directory of its own under /tmp) unless DATABASE_URL is set
// (server PostgreSQL; the database is emptied: DROP SCHEMA public).
//
// Setup (once): a tenant, an Itaú collection account with a Pix key, the e-mail channel (SMTP with
// an encrypted password, COBRE_SECRET_KEY: random when unset) pointing at the sink.
// Per run, fresh rows seeded with set-based SQL: N customers (CPF, billing address, one e-mail),
// N open boleto charges of one line (as a billing run leaves them: no boleto issued yet), and their
// `charge_created` messages queued by the real `queueMessages` (message rows, 'queued' log rows and
// `notification.queued` events), 2000 charges per transaction.
//  - Cobre: a child process runs L (default 4) concurrent `sendDueNotifications` loops (batch 50,
//    the sender's default) with one ProviderCache until the queue is empty. Each message: claim,
//    charge facts (payer link and unsubscribe token written), amount due, Pix, boleto issued and its
//    PDF rendered, template, SMTP send through the provider's pool (3 connections), outcome recorded.
//  - Baseline: a child process with nodemailer alone, the provider's transport options (pool of 3,
//    no TLS, the same login), L concurrent send loops, sending the same N messages as they went out:
//    same Message-ID, from, to, subject, text (the stored bodies), html (the same function,
//    emailHtmlFromText, called per message), List-Unsubscribe headers, and a boleto PDF attachment.
//    The PDFs are the finished ones: 200 real PDFs of this run's charges rendered before the clock
//    starts (their render time is reported apart), used round-robin (100,000 PDFs of ~30 KB do not
//    fit in memory). So the outbox's rate includes issuing and rendering; the baseline's does not.
//  - Second baseline: the same, but rendering each message's PDF (from the same 200 documents) as it
//    goes: what the outbox costs beyond the rendering it cannot avoid.
// Both children sample RSS and V8 heap every second; the table gives start, max and end.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../src/platform/db/types.ts';
import { ensureDatabase, median, serverNodeArgs } from './_util.ts';
import { createBenchTenant, insertPayersAndCharges, setCounters } from './_seed.ts';

const BASE_URL = 'http://cobre.bench';
const FROM_EMAIL = 'cobranca@empresa.example';
const FROM_NAME = 'Empresa Demonstração';
const SINK_USER = 'cobre';
const SINK_PASSWORD = 's3nha-smtp';
const POOL_PDFS = 200;
const root = join(import.meta.dirname, '..');
const MB = 2 ** 20;

interface DbTarget {
  databaseUrl?: string;
  dataDir?: string;
}

interface MemSample {
  t: number;
  done: number;
  rss: number;
  heap: number;
}

interface SideResult {
  seconds: number;
  rate: number;
  sent: number;
  errors: number;
  samples: MemSample[];
  renderMsPerPdf?: number;
  pdfBytes?: number;
}

// ---------------------------------------------------------------------------------------------
// children

function sampler(done: () => number): { stop(): MemSample[] } {
  const t0 = performance.now();
  const samples: MemSample[] = [];
  const take = () => {
    const m = process.memoryUsage();
    samples.push({ t: (performance.now() - t0) / 1000, done: done(), rss: m.rss, heap: m.heapUsed });
  };
  take();
  const timer = setInterval(take, 1000);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

async function senderChild(cfg: { target: DbTarget; loops: number; expected: number }): Promise<void> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const { systemClock } = await import('../src/platform/clock.ts');
  const { ProviderCache } = await import('../src/notifications/channels.ts');
  const { sendDueNotifications } = await import('../src/notifications/sender.ts');
  const db = await openDatabase({ ...cfg.target, poolSize: 20 });
  const providers = new ProviderCache();
  const deps = { now: systemClock.now, today: systemClock.today, baseUrl: BASE_URL, providers };
  let done = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  const onError = (err: unknown) => {
    errors++;
    if (firstErrors.length < 3) firstErrors.push(String((err as Error)?.stack ?? err));
  };
  const mem = sampler(() => done);
  const t0 = performance.now();
  // Progress every 10 s on stderr (the parent passes it through): a long run that is stopped still says how far it got.
  let lastDone = 0;
  const progress = setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(
      `  outbox: ${done} sent in ${((performance.now() - t0) / 1000).toFixed(0)} s, last 10 s ${((done - lastDone) / 10).toFixed(1)} msg/s, RSS ${(m.rss / MB).toFixed(0)} MB, heap ${(m.heapUsed / MB).toFixed(0)} MB\n`,
    );
    lastDone = done;
  }, 10_000);
  progress.unref();
  await Promise.all(
    Array.from({ length: cfg.loops }, async () => {
      for (;;) {
        const n = await sendDueNotifications(db, deps, onError);
        if (n === 0) return;
        done += n;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(progress);
  const samples = mem.stop();
  await providers.close();
  await db.close();
  if (firstErrors.length) process.stderr.write(`sender errors:\n${firstErrors.join('\n')}\n`);
  const result: SideResult = { seconds, rate: done / seconds, sent: done, errors, samples };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

async function baselineChild(cfg: {
  target: DbTarget;
  loops: number;
  tenantId: string;
  fromNumber: number;
  toNumber: number;
  port: number;
  renderEach?: boolean;
}): Promise<void> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const { systemClock } = await import('../src/platform/clock.ts');
  const { systemScope } = await import('../src/platform/scope.ts');
  const { loadBoletoPages } = await import('../src/boleto/document.ts');
  const { renderPdfBuffer } = await import('../src/boleto/charge-pdf.ts');
  const { emailHtmlFromText } = await import('../src/notifications/content.ts');
  const { smtpMessageId } = await import('../src/notifications/providers/smtp.ts');
  const nodemailer = (await import('nodemailer')).default;
  const db = await openDatabase({ ...cfg.target, poolSize: 4 });
  // The messages as they went out (the outbox stores subject and text of each sent message).
  const { rows } = await db.query<{
    id: string;
    charge_id: string;
    recipient: string;
    recipient_name: string | null;
    subject: string;
    body: string;
    locale: string;
    number: number;
    token: string;
    unsubscribe_token: string;
  }>(
    `SELECT m.id, m.charge_id, m.recipient, m.recipient_name, m.subject, m.body, m.locale, ch.number, l.token, r.unsubscribe_token
     FROM notification_messages m
     JOIN charges ch ON ch.tenant_id = m.tenant_id AND ch.id = m.charge_id
     JOIN payer_links l ON l.tenant_id = m.tenant_id AND l.kind = 'charge' AND l.target_id = m.charge_id AND l.revoked_at IS NULL
     JOIN notification_recipients r ON r.tenant_id = m.tenant_id AND r.customer_id = m.customer_id
     WHERE m.tenant_id = $1 AND ch.number BETWEEN $2 AND $3 AND m.status = 'sent'
     ORDER BY ch.number`,
    [cfg.tenantId, cfg.fromNumber, cfg.toNumber],
  );
  // The finished PDFs: POOL_PDFS real boletos of this run's charges, rendered before the clock starts.
  const scope = systemScope(cfg.tenantId, new Date());
  const pages = await loadBoletoPages(
    db,
    scope,
    rows.slice(0, POOL_PDFS).map((r) => r.charge_id),
    systemClock.today(),
  );
  await db.close();
  await renderPdfBuffer([pages[0].doc]); // module loading, fonts
  const tr = performance.now();
  const pool: Buffer[] = [];
  for (const p of pages) pool.push(await renderPdfBuffer([p.doc]));
  const renderMsPerPdf = (performance.now() - tr) / pages.length;
  const pdfBytes = pool.reduce((s, b) => s + b.length, 0) / pool.length;

  // The provider's transport (src/notifications/providers/smtp.ts) with the channel's settings.
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: 3,
    host: '127.0.0.1',
    port: cfg.port,
    secure: false,
    requireTLS: false,
    ignoreTLS: true,
    auth: { user: SINK_USER, pass: SINK_PASSWORD },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  let next = 0;
  let done = 0;
  let errors = 0;
  const mem = sampler(() => done);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: cfg.loops }, async () => {
      while (next < rows.length) {
        const i = next++;
        const r = rows[i];
        const payUrl = `${BASE_URL}/pagar/${r.token}`;
        try {
          const info = await transporter.sendMail({
            messageId: smtpMessageId(r.id, FROM_EMAIL),
            from: { name: FROM_NAME, address: FROM_EMAIL },
            to: r.recipient_name ? { name: r.recipient_name, address: r.recipient } : r.recipient,
            subject: r.subject,
            text: r.body,
            html: emailHtmlFromText(r.body, { payUrl, locale: r.locale as 'pt-BR', title: r.subject }),
            // renderEach: the PDF is rendered for every message, from the same documents (the outbox's rendering without its outbox).
            attachments: [
              {
                filename: `boleto-${r.number}.pdf`,
                contentType: 'application/pdf',
                content: cfg.renderEach ? await renderPdfBuffer([pages[i % pages.length].doc]) : pool[i % pool.length],
              },
            ],
            headers: {
              'List-Unsubscribe': `<${BASE_URL}/descadastrar/${r.unsubscribe_token}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            },
          });
          if (info.accepted.length === 1) done++;
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const samples = mem.stop();
  transporter.close();
  const result: SideResult = { seconds, rate: done / seconds, sent: done, errors, samples, renderMsPerPdf, pdfBytes };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------
// parent

async function runChild(mode: string, cfg: unknown): Promise<SideResult> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") applies to the outbox's process.
  const extra = mode === '--sender-child' ? serverNodeArgs() : [];
  const child = spawn(
    process.execPath,
    [...extra, '--import', 'tsx', join(root, 'bench/run.ts'), 'notifications', mode, JSON.stringify(cfg)],
    {
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => {
    const text = String(d);
    // Progress lines go through at once; anything else is kept for the error report.
    for (const l of text.split('\n')) if (l.startsWith('  outbox: ')) process.stderr.write(`${l}\n`);
    err += text
      .split('\n')
      .filter((l) => !l.startsWith('  outbox: '))
      .join('\n');
  });
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`${mode} exited with ${code}:\n${out.slice(-3000)}\n${err.slice(-3000)}`);
  if (err.trim()) process.stderr.write(err.slice(-2000));
  return JSON.parse(line.slice(7));
}

interface Sink {
  port: number;
  stats(): Promise<{ messages: number; bytes: number }>;
  close(): void;
}

async function startSink(): Promise<Sink> {
  const child = fork(join(root, 'bench/_smtp-sink.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (c) => reject(new Error(`smtp sink exited with ${c}`)));
  });
  return {
    port,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { messages: number; bytes: number }));
        child.send('stats');
      }),
    close: () => child.kill('SIGTERM'),
  };
}

async function openTarget(target: DbTarget): Promise<Db> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  return openDatabase({ ...target, poolSize: 8 });
}

async function setup(target: DbTarget, sinkPort: number): Promise<string> {
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { putChannel } = await import('../src/notifications/channels.ts');
  const db = await openTarget(target);
  if (target.databaseUrl) await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await migrate(db);
  const { tenantId, scope } = await createBenchTenant(db, 'Bench Notificações Ltda');
  await db.transaction((tx) =>
    putChannel(tx, scope, 'email', {
      provider: 'smtp',
      settings: {
        host: '127.0.0.1',
        port: sinkPort,
        secure: false,
        starttls: 'never',
        from_email: FROM_EMAIL,
        from_name: FROM_NAME,
        username: SINK_USER,
      },
      secret: { password: SINK_PASSWORD },
    }),
  );
  await db.close();
  return tenantId;
}

/** N fresh payers and open boleto charges, numbers (first..first+N-1), and their charge_created messages queued. */
async function seedRun(target: DbTarget, tenantId: string, first: number, count: number): Promise<void> {
  const { systemScope } = await import('../src/platform/scope.ts');
  const { queueMessages } = await import('../src/notifications/queue.ts');
  const db = await openTarget(target);
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const numbers = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => first + start + i);
    await db.transaction(async (tx) => {
      const { chargeIds } = await insertPayersAndCharges(tx, tenantId, numbers, { withEmail: true });
      const now = new Date();
      const r = await queueMessages(
        tx,
        systemScope(tenantId, now),
        chargeIds.map((chargeId) => ({
          chargeId,
          stepKey: 'charge_created',
          event: 'charge_created' as const,
          channels: ['email'],
          honoursOptOut: false,
        })),
        { notBefore: new Date(now.getTime() - 60_000) },
      );
      if (r.queued !== numbers.length) throw new Error(`queued ${r.queued} of ${numbers.length}`);
    });
  }
  await setCounters(db, tenantId, first + count - 1, ['customer', 'customer_email', 'customer_address', 'charge']);
  await db.exec('ANALYZE');
  await db.close();
}

async function countSent(
  target: DbTarget,
  tenantId: string,
  from: number,
  to: number,
): Promise<{ sent: number; other: Record<string, number> }> {
  const db = await openTarget(target);
  const { rows } = await db.query<{ status: string; n: number }>(
    `SELECT m.status, count(*)::int AS n FROM notification_messages m JOIN charges ch ON ch.tenant_id = m.tenant_id AND ch.id = m.charge_id
     WHERE m.tenant_id = $1 AND ch.number BETWEEN $2 AND $3 GROUP BY m.status`,
    [tenantId, from, to],
  );
  await db.close();
  const other = Object.fromEntries(rows.filter((r) => r.status !== 'sent').map((r) => [r.status, r.n]));
  return { sent: rows.find((r) => r.status === 'sent')?.n ?? 0, other };
}

const fmt = (v: number, d = 1) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const load1 = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

function memSummary(s: SideResult, count: number) {
  const at = (f: number) => s.samples.find((x) => x.done >= f * count) ?? s.samples[s.samples.length - 1];
  return {
    rssStart: s.samples[0].rss / MB,
    rssMax: Math.max(...s.samples.map((x) => x.rss)) / MB,
    rssEnd: s.samples[s.samples.length - 1].rss / MB,
    heapStart: s.samples[0].heap / MB,
    heapMax: Math.max(...s.samples.map((x) => x.heap)) / MB,
    heapEnd: s.samples[s.samples.length - 1].heap / MB,
    rssQuarters: [0.25, 0.5, 0.75].map((f) => at(f).rss / MB),
  };
}

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--sender-child') return senderChild(JSON.parse(argv[1]));
  if (argv[0] === '--baseline-child') return baselineChild(JSON.parse(argv[1]));
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      loops: { type: 'string', default: '4' },
      keep: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.count);
  const runs = Number(values.runs);
  const loops = Number(values.loops);
  process.env.COBRE_SECRET_KEY ||= randomBytes(32).toString('base64');
  process.env.LOG_LEVEL ||= 'warn';

  let target: DbTarget;
  if (process.env.DATABASE_URL) {
    await ensureDatabase(process.env.DATABASE_URL);
    target = { databaseUrl: process.env.DATABASE_URL };
  } else target = { dataDir: mkdtempSync(join(tmpdir(), 'cobre-bench-notifications-')) };
  console.log(
    `database: ${target.databaseUrl ?? `PGlite ${target.dataDir}`}; ${count.toLocaleString('en')} messages per run, ${runs} run(s), ${loops} sender loops`,
  );
  const sink = await startSink();
  try {
    const tenantId = await setup(target, sink.port);
    const results: { cobre: SideResult; base: SideResult; render: SideResult; loadCobre: string; loadBase: string; seedS: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const first = run * count + 1;
      const last = first + count - 1;
      const t = performance.now();
      await seedRun(target, tenantId, first, count);
      const seedS = (performance.now() - t) / 1000;
      const before = await sink.stats();
      const loadCobre = load1();
      const cobre = await runChild('--sender-child', { target, loops, expected: count });
      const afterCobre = await sink.stats();
      const check = await countSent(target, tenantId, first, last);
      if (check.sent !== count || afterCobre.messages - before.messages !== count) {
        throw new Error(
          `run ${run + 1}: ${check.sent} of ${count} messages sent (${JSON.stringify(check.other)}), the sink received ${afterCobre.messages - before.messages}`,
        );
      }
      const loadBase = load1();
      const base = await runChild('--baseline-child', { target, loops, tenantId, fromNumber: first, toNumber: last, port: sink.port });
      const afterBase = await sink.stats();
      if (base.sent !== count || afterBase.messages - afterCobre.messages !== count)
        throw new Error(`baseline sent ${base.sent} of ${count}; the sink received ${afterBase.messages - afterCobre.messages}`);
      const bytesCobre = (afterCobre.bytes - before.bytes) / count;
      const bytesBase = (afterBase.bytes - afterCobre.bytes) / count;
      // A second baseline: nodemailer alone again, rendering each message's PDF as the outbox must.
      const loadRender = load1();
      const render = await runChild('--baseline-child', {
        target,
        loops,
        tenantId,
        fromNumber: first,
        toNumber: last,
        port: sink.port,
        renderEach: true,
      });
      if (render.sent !== count) throw new Error(`render baseline sent ${render.sent} of ${count}`);
      console.log(
        `  nodemailer alone rendering each PDF: ${fmt(render.rate)} msg/s (${fmt(render.seconds)} s, load ${loadRender}) → outbox ${fmt(cobre.rate / render.rate, 2)}× of it`,
      );
      results.push({ cobre, base, render, loadCobre, loadBase, seedS });
      const mc = memSummary(cobre, count),
        mb = memSummary(base, count);
      console.log(
        `run ${run + 1}/${runs}: seeded in ${fmt(seedS)} s; outbox ${fmt(cobre.rate)} msg/s (${fmt(cobre.seconds)} s, load ${loadCobre}, ${cobre.errors} errors), ` +
          `nodemailer alone ${fmt(base.rate)} msg/s (${fmt(base.seconds)} s, load ${loadBase}) → ${fmt(cobre.rate / base.rate, 2)}×; ` +
          `bytes/message at the sink ${fmt(bytesCobre / 1024)} KB vs ${fmt(bytesBase / 1024)} KB; PDF render ${fmt(base.renderMsPerPdf!, 2)} ms (${fmt(base.pdfBytes! / 1024)} KB); ` +
          `outbox RSS ${fmt(mc.rssStart)} → max ${fmt(mc.rssMax)} → end ${fmt(mc.rssEnd)} MB (at 25/50/75 %: ${mc.rssQuarters.map((x) => fmt(x)).join(' / ')}), heap ${fmt(mc.heapStart)} → ${fmt(mc.heapMax)} → ${fmt(mc.heapEnd)} MB; ` +
          `baseline RSS ${fmt(mb.rssStart)} → ${fmt(mb.rssMax)} → ${fmt(mb.rssEnd)} MB, heap ${fmt(mb.heapStart)} → ${fmt(mb.heapMax)} → ${fmt(mb.heapEnd)} MB`,
      );
    }
    const med = (f: (r: (typeof results)[number]) => number) => median(results.map(f));
    const all = (f: (r: (typeof results)[number]) => number, d = 1) => results.map((r) => fmt(f(r), d)).join(' / ');
    const ratio = (r: (typeof results)[number]) => r.cobre.rate / r.base.rate;
    const mem = (r: (typeof results)[number], side: 'cobre' | 'base') => memSummary(r[side], count);
    console.log(
      `\nnotifications benchmark: ${count.toLocaleString('en')} charge e-mails with their boleto PDF, ${loops} loops, medians of ${runs} run(s) (${target.databaseUrl ? 'PostgreSQL' : 'PGlite'})`,
    );
    const rows: string[][] = [
      ['metric', 'median', 'runs', 'target'],
      ['outbox: messages/s', fmt(med((r) => r.cobre.rate)), all((r) => r.cobre.rate), ''],
      ['nodemailer alone: messages/s', fmt(med((r) => r.base.rate)), all((r) => r.base.rate), ''],
      ['ratio outbox / nodemailer', `${fmt(med(ratio), 2)}×`, all(ratio, 2), '≥ 0.5×'],
      ['nodemailer alone, rendering each PDF: msg/s', fmt(med((r) => r.render.rate)), all((r) => r.render.rate), ''],
      [
        'ratio outbox / nodemailer rendering each PDF',
        `${fmt(
          med((r) => r.cobre.rate / r.render.rate),
          2,
        )}×`,
        all((r) => r.cobre.rate / r.render.rate, 2),
        '',
      ],
      ['outbox: wall time (s)', fmt(med((r) => r.cobre.seconds)), all((r) => r.cobre.seconds), ''],
      [
        'PDF render alone (ms/PDF, same pages)',
        fmt(
          med((r) => r.base.renderMsPerPdf!),
          2,
        ),
        all((r) => r.base.renderMsPerPdf!, 2),
        '',
      ],
      [
        'outbox RSS start / max / end (MB)',
        `${fmt(med((r) => mem(r, 'cobre').rssStart))} / ${fmt(med((r) => mem(r, 'cobre').rssMax))} / ${fmt(med((r) => mem(r, 'cobre').rssEnd))}`,
        all((r) => mem(r, 'cobre').rssMax),
        'flat',
      ],
      [
        'outbox heap start / max / end (MB)',
        `${fmt(med((r) => mem(r, 'cobre').heapStart))} / ${fmt(med((r) => mem(r, 'cobre').heapMax))} / ${fmt(med((r) => mem(r, 'cobre').heapEnd))}`,
        all((r) => mem(r, 'cobre').heapMax),
        'flat',
      ],
      [
        'baseline RSS start / max / end (MB)',
        `${fmt(med((r) => mem(r, 'base').rssStart))} / ${fmt(med((r) => mem(r, 'base').rssMax))} / ${fmt(med((r) => mem(r, 'base').rssEnd))}`,
        all((r) => mem(r, 'base').rssMax),
        '',
      ],
      [
        'load average before outbox / baseline',
        '',
        results.map((r) => `${r.loadCobre.split(' ')[0]}/${r.loadBase.split(' ')[0]}`).join(', '),
        '',
      ],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
    console.log([line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'));
    console.log(`target (outbox ≥ 0.5× nodemailer alone): ${med(ratio) >= 0.5 ? 'met' : 'NOT met'}`);
  } finally {
    sink.close();
    if (target.dataDir && !values.keep) rmSync(target.dataDir, { recursive: true, force: true });
  }
}
