// The webhook worker: a dispatch loop (events → deliveries) and a send loop (deliveries → HTTP),
// both safe to run in any number of processes at once (an advisory lock for dispatching, leases
// taken with FOR UPDATE SKIP LOCKED for sending). All state is in the database, so a process
// that dies loses nothing: what it had claimed is taken over when its lease expires.
import type { Db } from '../platform/db/types.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import { dispatchAll, EventHorizon } from './dispatch.ts';
import { DEFAULT_TIMEOUT_MS, sendDue } from './send.ts';

export interface WebhookWorkerOptions {
  clock?: Clock;
  /** Idle wait between rounds when there is nothing to do. */
  pollMs?: number;
  timeoutMs?: number;
  leaseSeconds?: number;
  batchSize?: number;
  onError?: (err: unknown, where: 'dispatch' | 'send') => void;
}

/** COBRE_WEBHOOK_TIMEOUT_MS (default 10000), COBRE_WEBHOOK_POLL_MS (default 1000), COBRE_WEBHOOK_LEASE_SECONDS. */
export function webhookOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookWorkerOptions {
  const int = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
    return n;
  };
  return {
    timeoutMs: int('COBRE_WEBHOOK_TIMEOUT_MS'),
    pollMs: int('COBRE_WEBHOOK_POLL_MS'),
    leaseSeconds: int('COBRE_WEBHOOK_LEASE_SECONDS'),
  };
}

export function startWebhookWorker(db: Db, opts: WebhookWorkerOptions = {}): { stop(): Promise<void> } {
  const clock = opts.clock ?? systemClock;
  const pollMs = opts.pollMs ?? 1000;
  const horizon = new EventHorizon();
  let stopped = false;
  const wakers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  const loop = async (where: 'dispatch' | 'send', round: () => Promise<boolean>) => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await round();
      } catch (err) {
        opts.onError?.(err, where);
      }
      if (!busy && !stopped) await sleep(pollMs);
    }
  };
  const loops = [
    // Straight on while full batches keep coming; otherwise wait (the horizon needs time anyway).
    loop('dispatch', async () => (await dispatchAll(db, horizon, { now: clock.now(), batchSize: opts.batchSize, maxRounds: 10 })).more),
    loop('send', async () => {
      const r = await sendDue(db, {
        now: () => clock.now(),
        timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        leaseSeconds: opts.leaseSeconds,
      });
      return r.attempted > 0;
    }),
  ];
  return {
    async stop() {
      stopped = true;
      for (const w of wakers) w();
      await Promise.all(loops);
    },
  };
}
