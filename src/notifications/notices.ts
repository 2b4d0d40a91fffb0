// The messages a charge's own events send: the charge when it is created, the receipt when it is
// paid. Queued in the transaction that records the event (observeEvents), so a charge committed is
// a notice queued, and a rolled-back one never sends anything.
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { observeEvents } from '../platform/events.ts';
import { queueMessages } from './queue.ts';
import { DEFAULT_SCHEDULE, nextSendableInstant } from './dunning/steps.ts';
import * as q from './queries.ts';

async function queueNotices(tx: Queryable, scope: Scope, events: { type: string; resourceId: string }[]): Promise<void> {
  const active = await q.activeChannelKinds(tx, scope.tenantId);
  if (!active.length) return;
  const settings = await q.findSettings(tx, scope.tenantId);
  const created = events.filter((e) => e.type === 'charge.created').map((e) => e.resourceId);
  const paid = events.filter((e) => e.type === 'charge.paid').map((e) => e.resourceId);
  const quiet = (await q.defaultScheduleQuietHours(tx, scope.tenantId)) ?? DEFAULT_SCHEDULE;
  const notBefore = nextSendableInstant(scope.now, quiet.quiet_start, quiet.quiet_end);
  const notice = (event: 'charge_created' | 'paid_receipt', channels: q.SettingsRow['charge_created_channels']) => (chargeId: string) => ({
    chargeId,
    stepKey: event,
    event,
    channels,
    honoursOptOut: false,
  });
  if (created.length)
    await queueMessages(tx, scope, created.map(notice('charge_created', settings.charge_created_channels)), { notBefore });
  // A receipt goes at once: it answers the payer's own action.
  if (paid.length)
    await queueMessages(tx, scope, paid.map(notice('paid_receipt', settings.paid_receipt_channels)), { notBefore: scope.now });
}

export function registerNotices(): void {
  observeEvents(['charge.created', 'charge.paid'], queueNotices);
}
