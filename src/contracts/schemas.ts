import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';
import { CONTRACT_ACTIONS, CONTRACT_STATUSES } from './state-machine.ts';

const OptNullStr = (max: number, extra: object = {}) => Type.Optional(Nullable(Type.String({ maxLength: max, ...extra })));
const DateStr = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });

export const PAYMENT_METHODS = ['boleto', 'pix', 'both'] as const;
export const ContractStatus = Type.Union(CONTRACT_STATUSES.map((s) => Type.Literal(s)));
export const PaymentMethod = Type.Union(PAYMENT_METHODS.map((s) => Type.Literal(s)));

const Decimal6 = (description: string) => Type.Union([Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0 })], { description });

export const ItemInput = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'On update: an existing item of this contract to keep (or change).' })),
    service_id: Type.Optional(Type.String({ format: 'uuid' })),
    service_code: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Instead of service_id.' })),
    quantity: Type.Optional(Decimal6('How many of the service (flat services: e.g. 3 licences); > 0, at most 6 places; default 1.')),
    price_override_cents: Type.Optional(
      Nullable(
        Decimal6('Replaces the service price for this contract: flat → per period; usage models → per unit. Cents, at most 6 places.'),
      ),
    ),
    description: OptNullStr(500),
    ends_on: Type.Optional(
      Nullable(
        DateStr(
          "Last day the item is billed (inclusive); flat items are prorated to it. Not before the item's first day (nor, on a running contract, the current billing period), not after the contract's end_date. null: open; omitted on a kept item (id): unchanged.",
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type ItemInput = Static<typeof ItemInput>;

const MetadataInput = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: 50, description: 'Free key/value pairs (at most 50 keys).' },
);

export const ContractCreate = Type.Object(
  {
    customer_id: Type.String({ format: 'uuid' }),
    items: Type.Array(ItemInput, { minItems: 1, maxItems: 100 }),
    start_date: DateStr('First day of service.'),
    end_date: Type.Optional(Nullable(DateStr('Last day of service (inclusive), for a fixed term.'))),
    billing_day: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 28,
        description: 'Day of the month periods start and are billed (in arrears); default: the start day, capped at 28.',
      }),
    ),
    due_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'Days from billing to due date; default 5.' })),
    payment_method: Type.Optional(PaymentMethod),
    external_code: OptNullStr(64, { description: "The contract's id in your own system; unique per tenant." }),
    description: OptNullStr(2000),
    collection_account_id: Type.Optional(
      Nullable(
        Type.String({
          format: 'uuid',
          description:
            "The collection account this contract's boletos are issued on; null: the tenant's default account. Must be an active account of the tenant.",
        }),
      ),
    ),
    metadata: Type.Optional(MetadataInput),
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('active')], { description: 'Create already active (default pending).' }),
    ),
  },
  { additionalProperties: false },
);
export type ContractCreate = Static<typeof ContractCreate>;

export const ContractPatch = Type.Object(
  {
    customer_id: Type.Optional(Type.String({ format: 'uuid', description: 'pending contracts only' })),
    items: Type.Optional(
      Type.Array(ItemInput, {
        minItems: 1,
        maxItems: 100,
        description: 'Replaces the items. On a running contract the change applies from the next billing period.',
      }),
    ),
    start_date: Type.Optional(DateStr('pending contracts only')),
    end_date: Type.Optional(Nullable(DateStr())),
    billing_day: Type.Optional(Type.Integer({ minimum: 1, maximum: 28, description: 'pending contracts only' })),
    due_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    payment_method: Type.Optional(PaymentMethod),
    external_code: OptNullStr(64),
    description: OptNullStr(2000),
    collection_account_id: Type.Optional(
      Nullable(
        Type.String({
          format: 'uuid',
          description:
            "The collection account this contract's boletos are issued on; null: the tenant's default account. Must be an active account of the tenant.",
        }),
      ),
    ),
    metadata: Type.Optional(MetadataInput),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ContractPatch = Static<typeof ContractPatch>;

export const SuspendBody = Type.Object(
  {
    start_date: Type.Optional(DateStr('First suspended day; default today. Not before the current billing period, not after today.')),
    end_date: Type.Optional(Nullable(DateStr('Last suspended day, if known. Resuming earlier shortens it.'))),
    reason: OptNullStr(500),
  },
  { additionalProperties: false },
);
export type SuspendBody = Static<typeof SuspendBody>;

export const ResumeBody = Type.Object(
  {
    date: Type.Optional(DateStr('First day of service again; default today. The suspension ends the day before.')),
    reason: OptNullStr(500),
  },
  { additionalProperties: false },
);
export type ResumeBody = Static<typeof ResumeBody>;

export const CancelBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    effective: Type.Optional(
      Type.Union([Type.Literal('immediately'), Type.Literal('end_of_period')], {
        description: 'Default immediately: today is the last day of service.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CancelBody = Static<typeof CancelBody>;

export const ReasonBody = Type.Object({ reason: OptNullStr(500) }, { additionalProperties: false });

export const BulkStatusBody = Type.Object(
  {
    ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 500, uniqueItems: true }),
    action: Type.Union([Type.Literal('activate'), Type.Literal('deactivate')]),
    reason: OptNullStr(500),
  },
  { additionalProperties: false },
);
export type BulkStatusBody = Static<typeof BulkStatusBody>;

export const ContractItem = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    service_id: Type.String({ format: 'uuid' }),
    service: Type.Object({
      code: Type.String(),
      name: Type.String(),
      unit: Type.String(),
      pricing_model: Type.String(),
      billing_period: Type.String(),
      active: Type.Boolean(),
    }),
    quantity: Type.String(),
    price_override_cents: Nullable(Type.String()),
    description: Nullable(Type.String()),
    starts_on: Nullable(Type.String({ format: 'date', description: 'null: from the contract start' })),
    ends_on: Nullable(Type.String({ format: 'date', description: 'null: open' })),
  },
  { title: 'ContractItem' },
);

export const Suspension = Type.Object({
  id: Type.String({ format: 'uuid' }),
  start_date: Type.String({ format: 'date' }),
  end_date: Nullable(Type.String({ format: 'date' })),
  reason: Nullable(Type.String()),
});

export const Contract = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer({ description: 'Per-tenant sequential number.' }),
    customer_id: Type.String({ format: 'uuid' }),
    customer: Type.Object({ number: Type.Integer(), name: Type.String(), document: Nullable(Type.String()), active: Type.Boolean() }),
    status: Type.String(),
    allowed_actions: Type.Array(Type.String()),
    start_date: Type.String({ format: 'date' }),
    end_date: Nullable(Type.String({ format: 'date' })),
    billing_day: Type.Integer(),
    due_days: Type.Integer(),
    payment_method: Type.String(),
    collection_account_id: Nullable(Type.String({ format: 'uuid', description: "null: the tenant's default account" })),
    collection_account: Nullable(
      Type.Object({ number: Type.Integer(), label: Nullable(Type.String()), bank_code: Type.String(), active: Type.Boolean() }),
    ),
    billing_period: Nullable(Type.String({ description: "The items' common billing period." })),
    current_period: Nullable(Type.Object({ start: Type.String({ format: 'date' }), end: Type.String({ format: 'date' }) })),
    items: Type.Array(ContractItem, { description: 'Items in force today or later (starting next period).' }),
    suspensions: Type.Array(Suspension),
    cancellation: Nullable(
      Type.Object({
        reason: Nullable(Type.String()),
        effective_date: Type.String({ format: 'date' }),
        cancelled_at: Nullable(Type.String({ format: 'date-time' })),
      }),
    ),
    external_code: Nullable(Type.String()),
    description: Nullable(Type.String()),
    metadata: Type.Record(Type.String(), Type.Unknown()),
    activated_at: Nullable(Type.String({ format: 'date-time' })),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { title: 'Contract' },
);
export type Contract = Static<typeof Contract>;

export const Transition = Type.Object({
  id: Type.String({ format: 'uuid' }),
  action: Type.String(),
  from_status: Nullable(Type.String()),
  to_status: Type.String(),
  reason: Nullable(Type.String()),
  effective_date: Nullable(Type.String({ format: 'date' })),
  actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()) }),
  request_id: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});
export type Transition = Static<typeof Transition>;

export const ACTIONS = CONTRACT_ACTIONS;
