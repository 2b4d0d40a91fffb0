// Child processes (`cobre worker`, …) read the machine's clock, the suite reads its own (the frame,
// moved years away by COBRE_TEST_NOW). When the two are years apart, a job the suite queues "now"
// is years in a worker's future and never runs. libfaketime (Debian package faketime), preloaded into
// the child, puts it on the suite's timeline instead: every child of one file starts where that timeline is at the
// moment it is spawned (the suite's instant when the file first spawned one, plus the real time since),
// so a worker started after another one was killed sees that one's leases expire as it would have.
// On the suite's own year (no COBRE_TEST_NOW) children keep the machine's clock, as they always did:
// it is after the frame, so what the suite queues is due, and Node alone is enough.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../src/platform/clock.ts';
import { YEAR_SHIFT } from './app.ts';
import { systemTools, type Tools } from './tools.ts';

export interface ChildCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface SuiteClockSpawner {
  /** `node <args>` on the suite's timeline (or plain when the clock is not moved). */
  node(args: string[], env: NodeJS.ProcessEnv): ChildCommand;
}

/**
 * faketime, looked up (with the one-line skip notice when missing) only when the suite's clock is
 * moved; null otherwise. Guard the test with `it.skipIf(tools !== null && !tools.has('faketime'))`.
 */
export function suiteClockTools(purpose: string): Tools | null {
  return YEAR_SHIFT !== 0 ? systemTools(purpose, ['faketime']) : null;
}

const stamp = (at: Date) =>
  at
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');

/**
 * The library the faketime command preloads. The child is started with it directly rather than
 * through the `faketime` command: that command forks, so a signal sent to it (a test killing its
 * worker) would leave the node process running on its own.
 */
function libfaketime(tools: Tools): string {
  const dirs = [
    '/usr/lib',
    ...readdirSync('/usr/lib', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join('/usr/lib', d.name)),
  ];
  for (const dir of dirs) {
    const lib = join(dir, 'faketime', 'libfaketime.so.1');
    if (existsSync(lib)) return lib;
  }
  throw new Error(`faketime is at ${tools.path('faketime')} but libfaketime.so.1 was not found under /usr/lib/*/faketime`);
}

export function suiteClockSpawner(clock: Clock, tools: Tools | null): SuiteClockSpawner {
  let anchor: { suite: number; real: number } | null = null;
  return {
    node(args, env) {
      if (!tools) return { command: process.execPath, args, env };
      anchor ??= { suite: clock.now().getTime(), real: Date.now() };
      const start = new Date(anchor.suite + (Date.now() - anchor.real));
      return {
        command: process.execPath,
        args,
        // '@' starts the clock there and lets it run; monotonic time (timers) stays real.
        env: { ...env, LD_PRELOAD: libfaketime(tools), FAKETIME: `@${stamp(start)}`, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
      };
    },
  };
}
