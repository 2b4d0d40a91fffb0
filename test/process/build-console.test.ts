// `npm start` builds the console first when it is missing or stale (the prestart script), and an
// install without dev dependencies (no Vite) still starts: the script says how to build and exits 0.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts/build-console.mjs');
const temp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cobre-console-'));
  temp.push(d);
  return d;
};
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

/** Runs the script, which must exit 0; returns what it wrote on stderr. */
function runErr(script: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, [script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr;
}

describe('the console build before npm start', () => {
  it('is in package.json as prestart, and no install-time build remains', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prestart).toBe('node scripts/build-console.mjs');
    expect(pkg.scripts.prepare).toBeUndefined();
  });

  it('builds a missing console, then leaves a fresh one alone', () => {
    const out = tempDir();
    expect(runErr(SCRIPT, { COBRE_CONSOLE_DIR: out })).toContain('building the web console');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(runErr(SCRIPT, { COBRE_CONSOLE_DIR: out })).toBe('');
  });

  it('without Vite (npm install --omit=dev) says how to build and lets the API start', () => {
    const root = tempDir();
    mkdirSync(join(root, 'scripts'));
    mkdirSync(join(root, 'web/src'), { recursive: true });
    copyFileSync(SCRIPT, join(root, 'scripts/build-console.mjs'));
    for (const f of ['web/index.html', 'web/vite.config.ts', 'web/src/main.tsx']) writeFileSync(join(root, f), '');
    const said = runErr(join(root, 'scripts/build-console.mjs'), { COBRE_CONSOLE_DIR: join(root, 'web/dist') });
    expect(said).toBe(
      'cobre: the web console is not built and Vite is not installed (an install with --omit=dev): run `npm install` then `npm run build:web`; the API starts without it.\n',
    );
    expect(existsSync(join(root, 'web/dist'))).toBe(false);
  });
});
