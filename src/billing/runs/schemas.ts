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
  skipped_contracts: Type.Integer({ description: 'Contracts whose billing is not due on the reference date.' }),
  error_count: Type.Integer(),
  total_cents: Type.Integer(),
  chunks_total: Type.Integer(),
  chunks_done: Type.Integer(),
  started_at: Type.Union([Type.String(), Type.Null()]),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
});
export type BillingRun = Static<typeof BillingRun>;
