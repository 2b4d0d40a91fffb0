// Charges created in bulk: the charges of a billing-run chunk, thousands at a time. Set-based in the
// caller's transaction — one statement per table for the whole array (charges, their lines, their
// first status rows, their events), never a loop of single creates.
import type { Tx } from '../platform/db/types.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvents } from '../platform/events.ts';
import { nextNumbers } from '../platform/counters.ts';
import * as q from './queries.ts';
import { deriveStatus } from './status.ts';

/** A line of a charge to create: the charge's lines are numbered in the order given. */
export type BulkLineInput = Omit<q.BulkLine, 'charge_id' | 'position'>;

/** A charge of a billing run to create (its id, number and status come from here). */
export interface BulkChargeInput {
  customer_id: string;
  contract_id: string;
  period_key: string;
  period_start: string;
  period_end: string;
  amount_cents: number;
  issue_date: string;
  due_date: string;
  payment_method: string;
  description: string;
  lines: BulkLineInput[];
}

/**
 * Creates the charges of a billing run whose contract period has no charge yet (a period already
 * billed is left alone) and returns the ones created. Each gets its number, its status as of
 * `today`, its lines, its first status row and its 'charge.created' event.
 */
export async function createChargesInBulk(
  tx: Tx,
  scope: Scope,
  input: { billingRunId: string; today: string; charges: BulkChargeInput[] },
): Promise<q.BulkCharge[]> {
  const { tenantId, now } = scope;
  if (!input.charges.length) return [];
  const first = await nextNumbers(tx, tenantId, 'charge', input.charges.length);
  const rows: q.BulkCharge[] = input.charges.map((c, i) => ({
    id: uuidv7(),
    number: first + i,
    customer_id: c.customer_id,
    contract_id: c.contract_id,
    period_key: c.period_key,
    period_start: c.period_start,
    period_end: c.period_end,
    amount_cents: c.amount_cents,
    issue_date: c.issue_date,
    due_date: c.due_date,
    status: deriveStatus({ cancelled: false, dueDate: c.due_date, today: input.today, paidCents: 0, remainingCents: c.amount_cents }),
    payment_method: c.payment_method,
    description: c.description,
  }));
  const inserted = new Set((await q.insertChargesInBulk(tx, tenantId, input.billingRunId, rows, now)).map((r) => r.id));
  const linesOf = new Map(rows.map((r, i) => [r.id, input.charges[i].lines]));
  const created = rows.filter((r) => inserted.has(r.id));
  await q.insertLinesInBulk(
    tx,
    tenantId,
    created.flatMap((c) => linesOf.get(c.id)!.map((l, i) => ({ ...l, charge_id: c.id, position: i + 1 }))),
  );
  await q.insertStatusRowsInBulk(
    tx,
    tenantId,
    created.map((c) => ({ id: uuidv7(), charge_id: c.id, to_status: c.status })),
    scope.actor,
    now,
  );
  await recordEvents(
    tx,
    scope,
    created.map((c) => ({
      type: 'charge.created',
      resourceType: 'charge',
      resourceId: c.id,
      after: { ...c, origin: 'billing_run', billing_run_id: input.billingRunId },
    })),
  );
  return created;
}
