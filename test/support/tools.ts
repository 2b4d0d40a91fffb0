// System tools that some tests drive to check their output with real decoders: poppler-utils
// (pdftoppm, pdftotext, pdfinfo), zbar-tools (zbarimg) and Chromium; faketime puts child processes
// on the suite's clock when it is years away from the machine's (suite-clock-process.ts). Node alone must be enough to
// run `npm test`, so without a tool only the tests that need it skip, and the file prints one line
// naming the Debian package to install. Under COBRE_STRICT_TOOLS=1 (and CI=true) nothing skips:
// those tests run and fail saying which tool is missing, so CI cannot pass without the checks.
import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { expect } from 'vitest';

/** The Debian package of each tool; `env` names a variable that points at the executable instead of PATH. */
const KNOWN: Record<ToolName, { pkg: string; env?: string }> = {
  pdftoppm: { pkg: 'poppler-utils' },
  pdftotext: { pkg: 'poppler-utils' },
  pdfinfo: { pkg: 'poppler-utils' },
  zbarimg: { pkg: 'zbar-tools' },
  chromium: { pkg: 'chromium', env: 'CHROMIUM_PATH' },
  psql: { pkg: 'postgresql-client' },
  faketime: { pkg: 'faketime' },
};

export type ToolName = 'pdftoppm' | 'pdftotext' | 'pdfinfo' | 'zbarimg' | 'chromium' | 'psql' | 'faketime';

/** COBRE_STRICT_TOOLS=1 or CI=true: a missing tool is a failure, never a skip. */
export const strictTools = process.env.COBRE_STRICT_TOOLS === '1' || process.env.CI === 'true';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where the tool is: its variable (e.g. CHROMIUM_PATH) if set, else the first match in PATH; null when absent. */
export function locateTool(name: ToolName): string | null {
  const variable = KNOWN[name].env;
  const set = variable ? process.env[variable] : undefined;
  if (set) return isExecutable(set) ? set : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

export interface Tools {
  /** False when one of `names` is missing and skipping is allowed: use as `it.skipIf(!tools.has(…))`. */
  has(...names: ToolName[]): boolean;
  /** The tool's path; a missing tool throws (only reachable under the strict flag, where it must fail). */
  path(name: ToolName): string;
  /** Runs the tool and returns its standard output as text. */
  run(name: ToolName, args: string[], opts?: Omit<ExecFileSyncOptionsWithStringEncoding, 'encoding'>): string;
}

/**
 * Looks the tools up once for a test file. `purpose` completes "install … to run <purpose>". When
 * one is missing and skipping is allowed, prints a single line for the whole file.
 */
export function systemTools(purpose: string, names: ToolName[]): Tools {
  const found = new Map(names.map((n) => [n, locateTool(n)] as const));
  const missing = names.filter((n) => !found.get(n));
  const packageOf = (n: ToolName) => KNOWN[n].pkg;
  if (missing.length > 0 && !strictTools) {
    const pkgs = [...new Set(missing.map(packageOf))].map((p) => {
      const cmds = missing.filter((n) => packageOf(n) === p);
      return cmds.length === 1 && cmds[0] === p ? p : `${p} (${cmds.join(', ')})`;
    });
    const file = relative(process.cwd(), expect.getState().testPath ?? '') || 'this file';
    // Straight to stderr: console output would be buffered under a header, and this is one line.
    process.stderr.write(`skipped: install ${pkgs.join(' and ')} to run ${purpose} [${file}]\n`);
  }
  const lookup = (name: ToolName): string | null => {
    const p = found.get(name);
    if (p === undefined) throw new Error(`${name} is not declared in this file's systemTools(…, [${names.join(', ')}])`);
    return p;
  };
  const path = (name: ToolName): string => {
    const p = lookup(name);
    if (p) return p;
    const where = KNOWN[name].env ? ` (or set ${KNOWN[name].env})` : '';
    throw new Error(
      `${name} is missing: install the Debian package ${packageOf(name)}${where}. ` +
        (strictTools
          ? 'COBRE_STRICT_TOOLS=1 / CI=true: the tests that need it fail instead of skipping.'
          : 'Guard the test with it.skipIf(!tools.has(…)).'),
    );
  };
  return {
    has: (...wanted) => wanted.map(lookup).every((p) => p !== null) || strictTools,
    path,
    run: (name, args, opts) => execFileSync(path(name), args, { ...opts, encoding: 'utf8' }),
  };
}
