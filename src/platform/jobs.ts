// Background jobs on PostgreSQL: any number of processes claim work with
// FOR UPDATE SKIP LOCKED. A job whose worker died is claimed again once its lock expires, so
// delivery is at least once: handlers must be idempotent (they are: unique keys guard every
// effect that must happen once).
import type { Db, Queryable } from './db/types.ts';
import { uuidv7 } from './ids.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/schema.generated.ts';

export type JobRow = Omit<Database['jobs'], 'payload' | 'progress'> & {
  // narrower than the jsonb column: the shape this capability writes
  payload: Record<string, unknown>;
  // narrower than the jsonb column: the shape this capability writes
  progress: Record<string, unknown> | null;
};

export interface EnqueueOptions {
  tenantId?: string | null;
  queue: string;
  payload?: Record<string, unknown>;
  /** The enqueuer's clock time: the job's created_at, and when it may run unless runAt says later. */
  at: Date;
  runAt?: Date;
  maxAttempts?: number;
  id?: string;
}

export async function enqueueJob(q: Queryable, o: EnqueueOptions): Promise<string> {
  const id = o.id ?? uuidv7();
  await q.query(
    `INSERT INTO jobs (tenant_id, id, queue, payload, run_at, max_attempts, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [
      o.tenantId ?? null,
      id,
      o.queue,
      JSON.stringify(o.payload ?? {}),
      (o.runAt ?? o.at).toISOString(),
      o.maxAttempts ?? 10,
      o.at.toISOString(),
    ],
  );
  return id;
}

export async function getJob(q: Queryable, id: string): Promise<JobRow | null> {
  const { rows } = await q.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export async function setJobProgress(q: Queryable, id: string, progress: Record<string, unknown>, now: Date): Promise<void> {
  await q.query(`UPDATE jobs SET progress = $2, updated_at = $3 WHERE id = $1`, [id, JSON.stringify(progress), now.toISOString()]);
}

export interface JobContext {
  db: Db;
  job: JobRow;
  /** Extends the lock of a long job so no other worker takes it over. */
  heartbeat(): Promise<void>;
  progress(p: Record<string, unknown>): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

export interface WorkerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  /** Leases, run_at and backoff are reckoned on this clock, the same one the rules read. */
  clock: Clock;
  lockSeconds?: number;
  pollMs?: number;
  onError?: (err: unknown, job: JobRow) => void;
}

/** Exponential backoff: 1 s, 2 s, 4 s … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 2 ** Math.max(0, attempt - 1));
}

export async function claimJob(db: Db, queues: string[], lockSeconds: number, now: Date): Promise<JobRow | null> {
  const { rows } = await db.query<JobRow>(
    `UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $3::timestamptz + make_interval(secs => $2), updated_at = $3
     WHERE id = (
       SELECT id FROM jobs
       WHERE queue = ANY($1) AND ((state = 'queued' AND run_at <= $3) OR (state = 'running' AND locked_until < $3))
       ORDER BY run_at, id
       FOR UPDATE SKIP LOCKED
       LIMIT 1)
     RETURNING *`,
    [queues, lockSeconds, now.toISOString()],
  );
  return rows[0] ?? null;
}

/** Runs one job if one is ready; returns whether it ran one. */
export async function runOneJob(o: WorkerOptions): Promise<boolean> {
  const lockSeconds = o.lockSeconds ?? 60;
  const job = await claimJob(o.db, Object.keys(o.handlers), lockSeconds, o.clock.now());
  if (!job) return false;
  const ctx: JobContext = {
    db: o.db,
    job,
    heartbeat: async () => {
      await o.db.query(`UPDATE jobs SET locked_until = $3::timestamptz + make_interval(secs => $2) WHERE id = $1 AND state = 'running'`, [
        job.id,
        lockSeconds,
        o.clock.now().toISOString(),
      ]);
    },
    progress: (p) => setJobProgress(o.db, job.id, p, o.clock.now()),
  };
  try {
    const result = await o.handlers[job.queue](ctx);
    await o.db.query(`UPDATE jobs SET state = 'done', result = $2, locked_until = NULL, last_error = NULL, updated_at = $3 WHERE id = $1`, [
      job.id,
      JSON.stringify(result ?? null),
      o.clock.now().toISOString(),
    ]);
  } catch (err) {
    o.onError?.(err, job);
    const message = err instanceof Error ? err.message : String(err);
    await o.db.query(
      `UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
         run_at = $4::timestamptz + make_interval(secs => $3), locked_until = NULL, last_error = $2, updated_at = $4
       WHERE id = $1`,
      [job.id, message.slice(0, 2000), backoffSeconds(job.attempts), o.clock.now().toISOString()],
    );
  }
  return true;
}

/** Polls for jobs until stopped. Returns a handle whose stop() waits for the current job. */
export function startWorker(o: WorkerOptions & { concurrency?: number }): { stop(): Promise<void>; drain(): Promise<void> } {
  let stopped = false;
  const wakers = new Set<() => void>();
  const pollMs = o.pollMs ?? 500;
  // Several loops per process keep the database busy while one job waits on it.
  const loops = Array.from({ length: Math.max(1, o.concurrency ?? 1) }, async () => {
    while (!stopped) {
      let ran = false;
      try {
        ran = await runOneJob(o);
      } catch {
        ran = false; // database hiccup: wait and retry
      }
      if (!ran && !stopped) {
        await new Promise<void>((r) => {
          const wake = () => {
            wakers.delete(wake);
            r();
          };
          wakers.add(wake);
          setTimeout(wake, pollMs);
        });
      }
    }
  });
  return {
    async stop() {
      stopped = true;
      for (const w of [...wakers]) w();
      await Promise.all(loops);
    },
    /** Runs until no job is ready (tests, CLI). */
    async drain() {
      while (await runOneJob(o)) {
        /* keep going */
      }
    },
  };
}
