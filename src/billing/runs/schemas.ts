import { Type, type Static } from 'typebox';

export const BillingRun = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  reference_date: Type.String({ format: 'date' }),
  trigger: Type.String(),
  status: Type.String({ description: 'queued | running | finished | failed' }),
  progress: Type.Object({ processed: Type.Integer(), total: Type.Integer(), percent: Type.Integer() }),
  total_contracts: Type.Integer(),
  processed_contracts: Type.Integer(),
  charges_created: Type.Integer(),
  charges_existing: Type.Integer({ description: 'Periods already billed (by an earlier or concurrent run): not billed again.' }),
  skipped_contracts: Type.Integer({
    description:
      'Contracts that got no charge from this run (nothing due on the reference date, or nothing to bill in the due period); why: skipped_by_reason and GET /v1/billing-runs/{id}/skipped.',
  }),
  error_count: Type.Integer(),
  total_cents: Type.Integer(),
  chunks_total: Type.Integer(),
  chunks_done: Type.Integer(),
  catch_up: Type.Boolean({ description: 'Also bills every period whose billing date passed (within the look-back) without a charge.' }),
  skipped_by_reason: Type.Record(Type.String(), Type.Integer(), {
    description:
      'Skipped contracts by reason (unbilled_past_periods, not_billing_day, not_started, first_period_open, ended, suspended, no_items_in_force, no_items).',
  }),
  unbilled_past: Type.Object(
    { contracts: Type.Integer(), periods: Type.Integer(), total_cents: Type.Integer() },
    {
      description:
        'Periods with a billing date before the reference date and no charge that this run did not bill: what a catch_up run on the same date adds. Always 0 for a catch_up run.',
    },
  ),
  started_at: Type.Union([Type.String(), Type.Null()]),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});
export type BillingRun = Static<typeof BillingRun>;

export const UnbilledPeriod = Type.Object({
  period_start: Type.String({ format: 'date' }),
  period_end: Type.String({ format: 'date' }),
  billing_date: Type.String({ format: 'date', description: 'The date on which the period became billable (the day after it ended).' }),
  total_cents: Type.Integer({ description: 'What the charge would be if billed now.' }),
});

const skipFields = {
  contract_id: Type.String(),
  contract_number: Type.Integer(),
  customer_id: Type.String(),
  customer_name: Type.String(),
  billing_day: Type.Integer(),
  reason: Type.String({
    description:
      'unbilled_past_periods | not_billing_day | not_started | first_period_open | ended | suspended | no_items_in_force | no_items',
  }),
  message: Type.String({ description: 'The reason in a sentence (English).' }),
  period_start: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'suspended, no_items_in_force: the period due on the date',
  }),
  period_end: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  last_billing_date: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: "The contract's latest billing date on or before the reference date (within the look-back).",
  }),
  next_billing_date: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'The next date on which the contract bills; null when its service is over.',
  }),
  unbilled_periods: Type.Array(UnbilledPeriod),
  unbilled_cents: Type.Integer(),
};

export const SkippedContract = Type.Object({ ...skipFields, contract_status: Type.String() });
export const PreviewSkippedContract = Type.Object(skipFields);
