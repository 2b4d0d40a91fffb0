import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const MetadataSchema = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: 50, description: 'Free key/value pairs (at most 50 keys).' },
);

const Uuid = (description: string) => Type.Optional(Nullable(Type.String({ format: 'uuid', description })));

export const UsageInput = Type.Object(
  {
    contract_item_id: Uuid('The contract item consumed. Or give contract_id (+ service), or customer_id + service.'),
    contract_id: Uuid('The contract; with several items in force on reference_date, also give service_id or service_code.'),
    customer_id: Uuid('With service_id/service_code: the customer whose contract has that service in force on reference_date.'),
    service_id: Uuid('The service (catalog) consumed.'),
    service_code: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'The service code, instead of service_id.' })),
    ),
    // Checked by normalizeUsage (not by pattern here) so that a batch reports every bad index.
    quantity: Type.Union([Type.String({ maxLength: 40, examples: ['12.5'] }), Type.Number()], {
      description: 'Quantity consumed, ≥ 0, at most 6 decimal places and 14 integer digits: a decimal string ("12.5") or a JSON number.',
    }),
    reference_date: Type.String({ format: 'date', description: 'The day the consumption refers to (America/Sao_Paulo business date).' }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    external_id: Type.Optional(
      Nullable(
        Type.String({
          minLength: 1,
          maxLength: 128,
          description:
            'Your id for this record, unique per tenant: re-sending it with the same content returns the stored record (200); with other content → 409 duplicate_external_id.',
        }),
      ),
    ),
    metadata: Type.Optional(MetadataSchema),
  },
  { additionalProperties: false },
);
export type UsageInput = Static<typeof UsageInput>;

export const MAX_BATCH = 1000;

export const UsageBatchInput = Type.Object(
  {
    records: Type.Array(UsageInput, {
      minItems: 1,
      maxItems: MAX_BATCH,
      description: `1 to ${MAX_BATCH} records, stored in one transaction (all or nothing).`,
    }),
  },
  { additionalProperties: false },
);
export type UsageBatchInput = Static<typeof UsageBatchInput>;

export const UsageRecord = Type.Object({
  id: Type.String({ format: 'uuid' }),
  contract_id: Type.String({ format: 'uuid' }),
  contract_item_id: Type.String({ format: 'uuid' }),
  customer_id: Type.String({ format: 'uuid' }),
  service_id: Type.String({ format: 'uuid' }),
  quantity: Type.String({ description: 'Exact decimal string' }),
  reference_date: Type.String({ format: 'date' }),
  description: Nullable(Type.String()),
  external_id: Nullable(Type.String()),
  billed: Type.Boolean({ description: 'The period of this record has been billed: it can no longer be changed or deleted.' }),
  billed_at: Nullable(Type.String({ format: 'date-time' })),
  billing_period_key: Nullable(Type.String()),
  charge_id: Nullable(Type.String({ format: 'uuid' })),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type UsageRecord = Static<typeof UsageRecord>;

export const UsageBatchResult = Type.Object({
  created: Type.Integer({ description: 'Records stored by this request' }),
  existing: Type.Integer({
    description: 'Records whose external_id was already stored with the same content (returned, not stored twice)',
  }),
  records: Type.Array(
    Type.Object({ index: Type.Integer(), status: Type.Union([Type.Literal('created'), Type.Literal('existing')]), record: UsageRecord }),
  ),
});
export type UsageBatchResult = Static<typeof UsageBatchResult>;

export const UsageAggregate = Type.Object({
  data: Type.Array(
    Type.Object({
      contract_id: Type.String({ format: 'uuid' }),
      contract_item_id: Type.String({ format: 'uuid' }),
      service_id: Type.String({ format: 'uuid' }),
      period_start: Type.String({ format: 'date' }),
      period_end: Type.String({ format: 'date' }),
      quantity: Type.String(),
      records: Type.Integer(),
    }),
  ),
});
