// Lints the /openapi.json the server answers with Redocly's recommended rules (redocly.yaml; the
// per-path exceptions, each with its reason, in .redocly.lint-ignore.yaml) and fails on any error
// or warning. `npm run lint:openapi`; test/http/openapi-lint.test.ts runs the same check.
//
// The app is built in-process on an in-memory database, as the tests build it; the document is
// written to a temporary directory beside copies of the two config files, because Redocly keys the
// ignore file by the document's path relative to the config.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/open.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG_FILES = ['redocly.yaml', '.redocly.lint-ignore.yaml'];

export interface OpenapiLintResult {
  ok: boolean;
  errors: number;
  warnings: number;
  /** Redocly's report (one line per problem, then its totals). */
  output: string;
  bytes: number;
}

/** The document the server answers at /openapi.json, as sent. */
export async function openapiDocument(): Promise<string> {
  const db = await openDatabase({});
  const app = await buildApp({ db, clock: fixedClock('2026-01-01T00:00:00Z') });
  try {
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
    return res.body;
  } finally {
    await app.close();
    await db.close();
  }
}

/** Runs `redocly lint` on a document; ok only without any error or warning. */
export function lintOpenapi(document: string): OpenapiLintResult {
  const dir = mkdtempSync(join(tmpdir(), 'cobre-openapi-lint-'));
  try {
    for (const file of CONFIG_FILES) copyFileSync(join(ROOT, file), join(dir, file));
    // Indented, so each problem's line:column points somewhere readable.
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(JSON.parse(document), null, 2));
    const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
    const run = (format: string) =>
      spawnSync(process.execPath, [cli, 'lint', 'openapi.json', '--config', 'redocly.yaml', `--format=${format}`, '--max-problems=1000'], {
        cwd: dir,
        encoding: 'utf8',
        // No telemetry, no update check: the lint reads nothing but the document and its config.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
    const json = run('json');
    let totals: { errors: number; warnings: number };
    try {
      totals = (JSON.parse(json.stdout) as { totals: { errors: number; warnings: number } }).totals;
    } catch {
      throw new Error(`redocly lint did not run (exit ${json.status}): ${json.stderr || json.stdout}`);
    }
    const ok = totals.errors === 0 && totals.warnings === 0;
    // The readable report, only when there is something to read.
    const output = ok ? '' : run('stylish').stdout;
    return { ok, errors: totals.errors, warnings: totals.warnings, output, bytes: Buffer.byteLength(document) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = lintOpenapi(await openapiDocument());
  process.stdout.write(result.output);
  process.stdout.write(
    `/openapi.json (${Math.round(result.bytes / 1024)} KiB): ${result.errors} errors, ${result.warnings} warnings (redocly lint, recommended rules)\n`,
  );
  process.exit(result.ok ? 0 : 1);
}
