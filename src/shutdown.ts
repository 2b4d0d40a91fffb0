// Stopping `cobre serve` and `cobre worker` on SIGTERM/SIGINT within a bounded time.
//
// Three things used to keep a process alive long after SIGTERM, and each has its guard here:
// - a blocked event loop (pino wrote logs synchronously and, when nobody read the stdout pipe,
//   waited for it forever): logs go through `stdoutLogDestination`, which never waits;
// - a signal handler that ignored a second signal: after the first one our listeners are
//   removed, so a second SIGTERM/SIGINT takes the default action (the kernel ends the process,
//   even if its event loop is busy);
// - a force-exit timer that could not fire on a blocked event loop: a watchdog thread kills the
//   process if it is still there shortly after the grace period.
import { Worker } from 'node:worker_threads';
import pino, { type Logger } from 'pino';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

/** How long after the grace period the watchdog kills a process whose event loop is stuck. */
export const WATCHDOG_MARGIN_MS = 5_000;

/**
 * Standard output for pino that never blocks the event loop: when the reader of a pipe stalls,
 * lines wait in memory (up to 16 MiB, then new ones are dropped) instead of the process waiting
 * for the pipe. Written synchronously otherwise, so nothing is lost at exit.
 */
export function stdoutLogDestination(): pino.DestinationStream {
  // Going through process.stdout makes Node open a pipe on fd 1 in non-blocking mode, so a full
  // pipe answers EAGAIN instead of blocking the write.
  const fd = process.stdout.fd ?? 1;
  const dest = pino.destination({ dest: fd, sync: true, maxLength: 16 * 1024 * 1024, retryEAGAIN: () => false });
  // EAGAIN (kept, retried with the next line), EPIPE (reader gone): logging must never stop the service.
  dest.on('error', () => {});
  return dest;
}

export function createLogger(level: string, name?: string): Logger {
  return pino({ level, ...(name ? { name } : {}) }, stdoutLogDestination());
}

/** Kills this process from another thread `ms` from now, unless it has exited by then. */
function startWatchdog(ms: number): void {
  const code = `
    const { workerData } = require('node:worker_threads');
    setTimeout(() => {
      const kill = () => process.kill(workerData.pid, 'SIGKILL');
      // A short note on stderr if it can be written without waiting; the kill does not depend on it.
      require('node:fs').write(2, 'shutdown: the process did not exit within the grace period; killing it\\n', kill);
      setTimeout(kill, 200);
    }, workerData.ms);`;
  const watchdog = new Worker(code, { eval: true, workerData: { pid: process.pid, ms } });
  watchdog.unref();
}

export interface ShutdownPlan {
  /** Time allowed to `drain` before the process exits with code 1. */
  graceMs: number;
  log: Logger;
  /** Stops accepting work and waits for the work in hand; the process exits 0 when it resolves. */
  drain(signal: ShutdownSignal): Promise<void>;
  /** Runs when the grace period is over, just before the process exits 1 (cut open connections). */
  onGraceOver?(): void;
}

/**
 * On the first SIGTERM or SIGINT: runs `plan.drain`, then exits 0; past the grace period exits 1
 * (after `onGraceOver`). A second signal ends the process at once.
 */
export function exitOnShutdownSignals(plan: ShutdownPlan): void {
  const onSignal = (signal: ShutdownSignal) => {
    for (const s of SHUTDOWN_SIGNALS) process.removeListener(s, onSignal);
    // With no listener left, the next signal has its default action, which needs no JavaScript to
    // run. If some library listens too, that action is gone, so exit from here instead.
    for (const s of SHUTDOWN_SIGNALS) {
      if (process.listenerCount(s) > 0) process.once(s, () => process.exit(1));
    }
    plan.log.info({ signal, grace_seconds: plan.graceMs / 1000 }, 'shutdown: started; a second SIGTERM or SIGINT exits at once');
    startWatchdog(plan.graceMs + WATCHDOG_MARGIN_MS);
    const graceOver = setTimeout(() => {
      plan.log.warn({ grace_seconds: plan.graceMs / 1000 }, 'shutdown: grace period over; abandoning the work in hand and exiting');
      try {
        plan.onGraceOver?.();
      } finally {
        process.exit(1);
      }
    }, plan.graceMs);
    plan.drain(signal).then(
      () => {
        clearTimeout(graceOver);
        plan.log.info({}, 'shutdown: complete');
        process.exit(0);
      },
      (err: unknown) => {
        clearTimeout(graceOver);
        plan.log.error({ err }, 'shutdown: failed');
        process.exit(1);
      },
    );
  };
  for (const s of SHUTDOWN_SIGNALS) process.on(s, onSignal);
}
