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
