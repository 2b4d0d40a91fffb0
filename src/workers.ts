// Background workers: one registry of job handlers, run in-process by `cobre serve` (when
// COBRE_RUN_WORKERS is on) and by `cobre worker` (server PostgreSQL: any number of processes).
// Capabilities add their queues to `jobHandlers`.
import type { Db } from './platform/db/types.ts';
import { runOneJob, startWorker, type JobHandler, type JobRow } from './platform/jobs.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { IMPORT_QUEUE } from './imports/imports.ts';
import { makeImportHandler } from './imports/run-import.ts';

export interface WorkerDeps {
  clock: Clock;
}

/** queue name → handler factory. */
export const jobHandlers: Record<string, (deps: WorkerDeps) => JobHandler> = {
  [IMPORT_QUEUE]: makeImportHandler,
};

export interface StartWorkersOptions {
  clock?: Clock;
  /** Only these queues (default: every registered one). */
  queues?: string[];
  pollMs?: number;
  lockSeconds?: number;
  onError?: (err: unknown, job: JobRow) => void;
}

function handlersFor(opts: StartWorkersOptions): Record<string, JobHandler> {
  const deps = { clock: opts.clock ?? systemClock };
  const queues = opts.queues ?? Object.keys(jobHandlers);
  const handlers: Record<string, JobHandler> = {};
  for (const q of queues) {
    const make = jobHandlers[q];
    if (!make) throw new Error(`No handler registered for queue ${q}`);
    handlers[q] = make(deps);
  }
  return handlers;
}

/** Starts polling every registered queue; stop() waits for the job in hand. */
export function startWorkers(db: Db, opts: StartWorkersOptions = {}): { stop(): Promise<void> } {
  return startWorker({ db, handlers: handlersFor(opts), pollMs: opts.pollMs ?? 500, lockSeconds: opts.lockSeconds ?? 120, onError: opts.onError });
}

/** Runs ready jobs one after another until none is left, without a polling loop (tests, one-shot runs). Returns how many ran. */
export async function runJobsUntilIdle(db: Db, opts: StartWorkersOptions = {}): Promise<number> {
  const o = { db, handlers: handlersFor(opts), lockSeconds: opts.lockSeconds ?? 120, onError: opts.onError };
  let n = 0;
  while (await runOneJob(o)) n++;
  return n;
}
