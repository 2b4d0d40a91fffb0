// Dynamic Pix through PSPs (the BCB's API Pix) and Pix Automático. The capability hooks into the
// writers below it: new, paid, cancelled charges move their PSP charge; contracts cancelled or
// suspended cancel or pause their recurrence; boletos and the payer's page show the PSP's code.
import { registerPixChargeHooks } from './pix-charges.ts';
import { registerRecurrenceHooks } from './recurrences.ts';

export function registerPspHooks(): void {
  registerPixChargeHooks();
  registerRecurrenceHooks();
}

export { startPspSender } from './sender.ts';
export { startPixReconciler } from './reconcile.ts';

import type { Queryable } from '../platform/db/types.ts';
import { pruneLog } from './queries.ts';

/** Housekeeping: PSP exchanges and finished operations older than `days` go (docs/pix.md). */
export async function prunePspLog(db: Queryable, days: number, now: Date): Promise<number> {
  return pruneLog(db, new Date(now.getTime() - days * 86_400_000));
}
