// Time travel for whole-cycle scenarios (test/scenarios): moves a test context's clock forward day by
// day and, on each new business day, does what a running installation does on its own — the daily
// tick for every tenant (the end of planned suspensions, the day's billing run, the overdue sweep,
// the dunning schedule: src/billing/runs/scheduler.ts) and then the jobs that became due (billing-run
// chunks, imports), as `cobre worker` would. Messages are left queued in the notifications outbox
// (nothing is sent), so a scenario reads them through the API.
import { expect } from 'vitest';
import { dailyTick } from '../../src/billing/runs/scheduler.ts';
import { addDays } from '../../src/platform/dates.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';
import { d, type TestContext } from './app.ts';

/** 09:00 in São Paulo (UTC−3 all year since 2019): the hour the scenarios' days start. */
const MORNING = 'T12:00:00Z';

/**
 * Puts the clock at 09:00 in São Paulo of `frameDate` (a frame date such as '2026-12-01', moved with
 * COBRE_TEST_NOW like every date of the suite) without running anything: the first day of a story.
 */
export function startOn(ctx: TestContext, frameDate: string): string {
  const day = d(frameDate);
  ctx.clock.set(`${day}${MORNING}`);
  return day;
}

/**
 * Moves the clock forward to 09:00 in São Paulo of `frameDate`, running the daily tick and the due
 * jobs on every day after the current one up to and including that day (a day is never skipped, as
 * the scheduler never skips one). Going back in time is refused: it would replay days already run.
 * Returns the business date reached.
 */
export async function travelTo(ctx: TestContext, frameDate: string): Promise<string> {
  const target = d(frameDate);
  const today = ctx.clock.today();
  expect(target > today, `travelTo(${frameDate}): the clock is already on ${today}`).toBe(true);
  for (let day = addDays(today, 1); day <= target; day = addDays(day, 1)) {
    ctx.clock.set(`${day}${MORNING}`);
    await dailyTick(ctx.db, day, ctx.clock.now());
    await runJobsUntilIdle(ctx.db, { clock: ctx.clock });
  }
  return target;
}
