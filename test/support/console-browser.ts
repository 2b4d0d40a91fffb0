// What the console's browser tests share: navigation inside the single-page app, the axe-core
// check, and whether web/dist is older than web/src (then the test builds it first).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

/** Moves the console to `path` as its own links do (history + popstate), without a page load. */
export async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the screen as it is: the serious and critical violations (none expected). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') stays on.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(
    async () => (await (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe.run()).violations,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Every axe-core violation on the screen as it is, whatever its impact (the console's target is none). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(
    async () => (await (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe.run()).violations,
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The phone viewport the console must work on (issue 16). */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** Where the server under test reads the console from: COBRE_CONSOLE_DIR (as the server does) or web/dist. */
export function consoleDir(): string {
  return process.env.COBRE_CONSOLE_DIR ?? join(ROOT, 'web/dist');
}

/** Builds the console into consoleDir() when it is missing or older than web/src. */
export function ensureConsoleBuilt(): void {
  if (!consoleIsStale()) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--outDir', consoleDir(), '--emptyOutDir'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

/** Whether the built console (consoleDir()) is missing or older than its sources. */
export function consoleIsStale(): boolean {
  const index = join(consoleDir(), 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > built,
    );
  return newer(join(ROOT, 'web/src')) || ['index.html', 'vite.config.ts'].some((f) => statSync(join(ROOT, 'web', f)).mtimeMs > built);
}
