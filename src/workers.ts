// Background workers: one registry of job handlers, run in-process by `cobre serve` (when
// COBRE_RUN_WORKERS is on) and by `cobre worker` (server PostgreSQL: any number of processes).
// Capabilities add their queues to `jobHandlers`.
import type { Db } from './platform/db/types.ts';
import { runOneJob, startWorker, type JobHandler, type JobRow } from './platform/jobs.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { IMPORT_QUEUE } from './imports/imports.ts';
import { makeImportHandler } from './imports/run-import.ts';
import { BILLING_QUEUE, makeBillingHandler } from './billing/runs/billing-runs.ts';
import { startScheduler } from './billing/runs/scheduler.ts';
import { startWebhookWorker, webhookOptionsFromEnv } from './webhooks/worker.ts';
import { pruneIdempotencyKeys } from './platform/http/idempotency.ts';
import { loadConfig } from './platform/config.ts';
import { registerNotificationHooks, startNotificationSender } from './notifications/index.ts';
import { publicBaseUrl } from './payer-page/links.ts';
import { prunePspLog, registerPspHooks, startPixReconciler, startPspSender } from './psp/index.ts';

export interface WorkerDeps {
  clock: Clock;
}

/** queue name → handler factory. */
export const jobHandlers: Record<string, (deps: WorkerDeps) => JobHandler> = {
  [IMPORT_QUEUE]: makeImportHandler,
  [BILLING_QUEUE]: makeBillingHandler,
};

/**
 * Polling loops that are not queue jobs (they read tables such as the events outbox); each is
 * safe to run in several processes at once. name → starter.
 */
export const backgroundLoops: Record<
  string,
  (db: Db, deps: WorkerDeps & { onError: (err: unknown, where: string) => void }) => { stop(): Promise<void> }
> = {
  // Webhooks: events → deliveries → signed POSTs (src/webhooks/worker.ts, docs/webhooks.md).
  // The daily tick: billing run of the day and overdue sweep (src/billing/runs/scheduler.ts).
  scheduler: (db, deps) => {
    const stop = startScheduler(db, deps.clock, { onError: (err) => deps.onError(err, 'scheduler') });
    return { stop: async () => stop() };
  },
  // Messages to payers: the notifications outbox → SMTP / SMS / WhatsApp (src/notifications/sender.ts).
  notifications: (db, deps) => {
    const config = loadConfig();
    return startNotificationSender(db, {
      now: () => deps.clock.now(),
      today: () => deps.clock.today(),
      baseUrl: publicBaseUrl(config),
      pollMs: config.notificationPollMs,
      leaseSeconds: config.notificationLeaseSeconds,
      onError: (err, where) => deps.onError(err, `notifications.${where}`),
    });
  },
  // Calls to PSPs (API Pix): the PSP outbox → cob/cobv/lotecobv/cobr/rec/devolução (src/psp/sender.ts).
  psp: (db, deps) => {
    const config = loadConfig();
    return startPspSender(db, {
      clock: deps.clock,
      baseUrl: publicBaseUrl(config),
      pollMs: config.pspPollMs,
      leaseSeconds: config.pspLeaseSeconds,
      onError: (err, where) => deps.onError(err, `psp.${where}`),
    });
  },
  // Pix the PSP webhooks missed: GET /pix per connection and window (src/psp/reconcile.ts).
  pix_reconciliation: (db, deps) => {
    const config = loadConfig();
    return startPixReconciler(db, {
      clock: deps.clock,
      everyMs: config.pixReconcileSeconds * 1000,
      onError: (err) => deps.onError(err, 'pix_reconciliation'),
    });
  },
  webhooks: (db, deps) =>
    startWebhookWorker(db, {
      clock: deps.clock,
      ...webhookOptionsFromEnv(),
      onError: (err, where) => deps.onError(err, `webhooks.${where}`),
    }),
  // Housekeeping, hourly: idempotency keys past their retention (src/platform/http/idempotency.ts),
  // the PSP exchange log and finished PSP operations past theirs (src/psp).
  housekeeping: (db, deps) => {
    const config = loadConfig();
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = pruneIdempotencyKeys(db, config.idempotencyKeyHours, deps.clock.now())
        .then(() => prunePspLog(db, config.pspLogDays, deps.clock.now()))
        .catch((err) => deps.onError(err, 'housekeeping'));
    };
    tick();
    const timer = setInterval(tick, 3_600_000);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  },
};

export interface StartWorkersOptions {
  clock?: Clock;
  /** Only these queues (default: every registered one). */
  queues?: string[];
  pollMs?: number;
  lockSeconds?: number;
  /** Jobs run at once by this process (default 1). */
  concurrency?: number;
  onError?: (err: unknown, job: JobRow) => void;
  /** Which background loops to run (default: every registered one; [] for none). */
  loops?: string[];
  onLoopError?: (err: unknown, where: string) => void;
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

/** The worker settings that come from configuration (lock time, which loops run). */
export function workerOptionsFromConfig(config: {
  jobLockSeconds: number;
  schedulerEnabled: boolean;
  workerConcurrency: number;
}): Pick<StartWorkersOptions, 'lockSeconds' | 'loops' | 'concurrency'> {
  return {
    lockSeconds: config.jobLockSeconds,
    concurrency: config.workerConcurrency,
    loops: Object.keys(backgroundLoops).filter((l) => l !== 'scheduler' || config.schedulerEnabled),
  };
}

/** Starts polling every registered queue and background loop; stop() waits for the work in hand. */
export function startWorkers(db: Db, opts: StartWorkersOptions = {}): { stop(): Promise<void> } {
  registerNotificationHooks();
  registerPspHooks();
  const jobs = startWorker({
    db,
    clock: opts.clock ?? systemClock,
    handlers: handlersFor(opts),
    pollMs: opts.pollMs ?? 500,
    lockSeconds: opts.lockSeconds ?? 120,
    concurrency: opts.concurrency,
    onError: opts.onError,
  });
  const onError =
    opts.onLoopError ?? ((err: unknown, where: string) => process.stderr.write(`${where} failed: ${(err as Error)?.message ?? err}\n`));
  const loops = (opts.loops ?? Object.keys(backgroundLoops)).map((name) => {
    const start = backgroundLoops[name];
    if (!start) throw new Error(`No background loop registered as ${name}`);
    return start(db, { clock: opts.clock ?? systemClock, onError });
  });
  return {
    async stop() {
      await Promise.all([jobs.stop(), ...loops.map((l) => l.stop())]);
    },
  };
}

/** Runs ready jobs one after another until none is left, without a polling loop (tests, one-shot runs). Returns how many ran. */
export async function runJobsUntilIdle(db: Db, opts: StartWorkersOptions = {}): Promise<number> {
  registerNotificationHooks();
  registerPspHooks();
  const o = {
    db,
    clock: opts.clock ?? systemClock,
    handlers: handlersFor(opts),
    lockSeconds: opts.lockSeconds ?? 120,
    onError: opts.onError,
  };
  let n = 0;
  while (await runOneJob(o)) n++;
  return n;
}
