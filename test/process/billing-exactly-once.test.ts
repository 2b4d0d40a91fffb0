// Exactly once, with real processes: two `cobre worker` processes bill the same run while one of
// them is SIGKILLed mid-run and a new one takes over; every contract period ends with one charge.
// (On the embedded engine, which is one process, the same crash is reproduced in-process: a
// chunk whose transaction committed but whose job was never marked done runs again.)
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, usingPostgres, type TestContext, type TestTenant, d } from '../support/app.ts';
import { seedBilling } from '../support/seed-billing.ts';
import { suiteClockSpawner, suiteClockTools, type SuiteClockSpawner } from '../support/suite-clock-process.ts';
import { HANG_MS } from '../support/wait.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';
import { runOneJob } from '../../src/platform/jobs.ts';
import { makeBillingHandler } from '../../src/billing/runs/billing-runs.ts';

const root = join(import.meta.dirname, '../..');
let ctx: TestContext;
let t: TestTenant;
let spawner: SuiteClockSpawner;
// Worker processes run only on PostgreSQL; with the suite's clock moved they need faketime.
const clockTools = usingPostgres ? suiteClockTools('the billing run with worker processes on the suite clock') : null;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-23T15:00:00Z' });
  t = await ctx.newTenant();
  spawner = suiteClockSpawner(ctx.clock, clockTools);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await ctx.close();
});

async function chargeCounts(runDate: string) {
  const { rows } = await ctx.db.query<{ n: number; contracts: number }>(
    `SELECT count(*)::int8 AS n, count(DISTINCT contract_id)::int8 AS contracts FROM charges WHERE tenant_id = $1 AND issue_date = $2`,
    [t.id, runDate],
  );
  return rows[0];
}

function worker(): ChildProcess {
  const env = {
    ...process.env,
    COBRE_DB_SCHEMA: process.env.COBRE_TEST_SCHEMA,
    COBRE_JOB_LOCK_SECONDS: '2',
    COBRE_BILLING_CHUNK_SIZE: '10',
    COBRE_SCHEDULER: 'false',
    COBRE_DEMO_TENANT: 'false',
  };
  const cmd = spawner.node([join(root, 'bin/cobre.js'), 'worker'], env);
  const child = spawn(cmd.command, cmd.args, { env: cmd.env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  return child;
}

describe('billing run exactly once', () => {
  it.skipIf(clockTools !== null && !clockTools.has('faketime'))(
    usingPostgres
      ? 'two worker processes, one killed mid-run and replaced: one charge per contract period'
      : 'a chunk re-run after a crash between commit and job completion changes nothing',
    async () => {
      const contracts = usingPostgres ? 1500 : 120;
      await seedBilling(ctx.db, t.id, {
        contracts,
        startDate: d('2026-10-05'),
        billingDay: 5,
        usageDate: d('2026-10-20'),
        at: ctx.clock.now(),
      });
      const run = (await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-05') })).json();

      if (usingPostgres) {
        const a = worker();
        const b = worker();
        // Kill one worker once the run is under way, then start another in its place.
        const deadline = Date.now() + HANG_MS; // a hang, not a slow machine
        let killedMidRun = false;
        for (;;) {
          const r = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${run.id}`)).json();
          if (r.chunks_done >= 3) {
            killedMidRun = r.status !== 'finished';
            a.kill('SIGKILL');
            break;
          }
          if (Date.now() > deadline) throw new Error('the run did not start');
          await new Promise((res) => setTimeout(res, 20));
        }
        expect(killedMidRun).toBe(true);
        const c = worker();
        for (;;) {
          const r = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${run.id}`)).json();
          if (r.status === 'finished') break;
          if (Date.now() > deadline + HANG_MS) throw new Error(`the run did not finish: ${JSON.stringify(r)}`);
          await new Promise((res) => setTimeout(res, 100));
        }
        b.kill('SIGTERM');
        c.kill('SIGTERM');
      } else {
        const handler = makeBillingHandler({ clock: ctx.clock });
        // Plan, then run one chunk and pretend its worker died right after the commit.
        expect(await runOneJob({ db: ctx.db, clock: ctx.clock, handlers: { billing: handler } })).toBe(true);
        expect(await runOneJob({ db: ctx.db, clock: ctx.clock, handlers: { billing: handler } })).toBe(true);
        const { rows } = await ctx.db.query<{ id: string }>(
          `SELECT id FROM jobs WHERE tenant_id = $1 AND state = 'done' AND payload->>'step' = 'chunk'`,
          [t.id],
        );
        expect(rows).toHaveLength(1);
        await ctx.db.query(`UPDATE jobs SET state = 'running', locked_until = $2 WHERE id = $1`, [
          rows[0].id,
          new Date(ctx.clock.now().getTime() - 1000).toISOString(),
        ]);
        await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
      }

      const counts = await chargeCounts(d('2026-11-05'));
      expect(counts).toEqual({ n: contracts, contracts });
      const done = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${run.id}`)).json();
      expect(done).toMatchObject({ status: 'finished', processed_contracts: contracts, charges_created: contracts, error_count: 0 });
      // Every usage record of the period is frozen, and attached to its contract's charge.
      const { rows: frozen } = await ctx.db.query<{ open: number; wrong: number }>(
        `SELECT count(*) FILTER (WHERE u.billed_at IS NULL)::int8 AS open,
              count(*) FILTER (WHERE c.id IS NULL OR c.contract_id <> u.contract_id)::int8 AS wrong
       FROM usage_records u LEFT JOIN charges c ON c.tenant_id = u.tenant_id AND c.id = u.charge_id WHERE u.tenant_id = $1`,
        [t.id],
      );
      expect(frozen[0]).toEqual({ open: 0, wrong: 0 });
    },
  );
});
