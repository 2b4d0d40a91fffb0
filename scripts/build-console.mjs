#!/usr/bin/env node
// Builds the web console (web/dist) before `npm start` when it is missing or older than its sources,
// so `npm install && npm start` serves it and `npm install --omit=dev` (no Vite) still installs.
// Without Vite and without a build, the API starts anyway and `/` says how to build the console.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.COBRE_CONSOLE_DIR || join(ROOT, 'web/dist');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

function stale() {
  const index = join(OUT, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const newer = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > built,
    );
  return newer(join(ROOT, 'web/src')) || ['index.html', 'vite.config.ts'].some((f) => statSync(join(ROOT, 'web', f)).mtimeMs > built);
}

if (!stale()) process.exit(0);
if (!existsSync(VITE)) {
  process.stderr.write(
    'cobre: the web console is not built and Vite is not installed (an install with --omit=dev): run `npm install` then `npm run build:web`; the API starts without it.\n',
  );
  process.exit(0);
}
process.stderr.write('cobre: building the web console (web/dist)…\n');
execFileSync(process.execPath, [VITE, 'build', 'web', '--outDir', OUT, '--emptyOutDir', '--logLevel', 'warn'], {
  cwd: ROOT,
  stdio: 'inherit',
});
