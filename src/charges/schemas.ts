import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';
import { LatePolicyBody, LatePolicyInput } from '../payment-rules/schemas.ts';

export const CHARGE_STATUSES = ['open', 'partially_paid', 'paid', 'overdue', 'cancelled'] as const;
export const PAYMENT_METHODS = ['boleto', 'pix', 'cash', 'transfer', 'card', 'other'] as const;

const Cents = (extra: object = {}) => Type.Integer({ minimum: 0, maximum: 9_999_999_999_99, ...extra });
const Decimal = (description: string) =>
  Type.Union([Type.String({ pattern: '^\\d{1,14}(\\.\\d{1,6})?$' }), Type.Number({ minimum: 0 })], { description });

// The same late-policy shape as /v1/late-charge-policy (snake_case), for this charge only.
export const LatePolicy = LatePolicyInput;

export const ChargeLineInput = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 300 }),
    quantity: Type.Optional(Decimal('Default 1; up to 6 decimal places.')),
    unit_price_cents: Decimal('Price per unit in cents, up to 6 decimal places.'),
    service_id: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);

export const ChargeCreate = Type.Object(
  {
    customer_id: Type.String({ minLength: 1, maxLength: 64, description: 'The customer UUID or number.' }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    amount_cents: Type.Optional(Cents({ minimum: 1, description: 'Total in cents; or send lines instead.' })),
    lines: Type.Optional(Type.Array(ChargeLineInput, { minItems: 1, maxItems: 200 })),
    issue_date: Type.Optional(Type.String({ format: 'date', description: 'Default: today (America/Sao_Paulo).' })),
    due_date: Type.String({ format: 'date' }),
    payment_method: Type.Optional(Type.Union([Type.Literal('boleto'), Type.Literal('pix'), Type.Literal('both')])),
    external_code: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    metadata: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 64 }),
        Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
        { maxProperties: 50 },
      ),
    ),
    late_policy: Type.Optional(Nullable(LatePolicy)),
  },
  { additionalProperties: false },
);
export type ChargeCreate = Static<typeof ChargeCreate>;

export const ChargeLine = Type.Object(
  {
    position: Type.Integer(),
    kind: Type.String(),
    contract_item_id: Nullable(Type.String()),
    service_id: Nullable(Type.String()),
    description: Type.String(),
    quantity: Type.String(),
    unit_price_cents: Type.String(),
    amount_cents: Type.Integer(),
    billable_days: Nullable(Type.Integer()),
    period_days: Nullable(Type.Integer()),
  },
  { title: 'ChargeLine' },
);

export const Charge = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer(),
    customer_id: Type.String({ format: 'uuid' }),
    contract_id: Nullable(Type.String({ format: 'uuid' })),
    origin: Type.String({ description: 'one_off | billing_run' }),
    billing_run_id: Nullable(Type.String()),
    period_key: Nullable(Type.String()),
    period_start: Nullable(Type.String({ format: 'date' })),
    period_end: Nullable(Type.String({ format: 'date' })),
    description: Nullable(Type.String()),
    amount_cents: Type.Integer(),
    paid_cents: Type.Integer({ description: 'Sum of the payments not reversed.' }),
    fee_cents: Type.Integer({ description: 'Bank fees of the payments.' }),
    balance_cents: Type.Integer({ description: 'Original amount minus payments (never negative); see /amount-due for a date.' }),
    overpaid_cents: Type.Integer({ description: 'Paid beyond what was due when the last payment was made.' }),
    issue_date: Type.String({ format: 'date' }),
    due_date: Type.String({ format: 'date' }),
    status: Type.String({ description: CHARGE_STATUSES.join(' | ') }),
    payment_method: Type.String(),
    late_policy: Nullable(LatePolicyBody),
    external_code: Nullable(Type.String()),
    metadata: Type.Record(Type.String(), Type.Unknown()),
    lines: Type.Array(ChargeLine),
    paid_at: Nullable(Type.String()),
    cancelled_at: Nullable(Type.String()),
    cancel_reason: Nullable(Type.String()),
    created_at: Type.String(),
    updated_at: Type.String(),
  },
  { title: 'Charge' },
);
export type Charge = Static<typeof Charge>;

export const ChargeChangeBody = Type.Object(
  {
    due_date: Type.Optional(Type.String({ format: 'date', description: 'New due date: not before the business today nor the issue date' })),
    amount_cents: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 9_999_999_999,
        description: 'New amount: above what was already paid; the difference becomes an adjustment line',
      }),
    ),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why (status history, the adjustment line, the event)' }),
  },
  { additionalProperties: false, minProperties: 2 },
);

export const CancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export const PaymentCreate = Type.Object(
  {
    amount_cents: Cents({ minimum: 1 }),
    fee_cents: Type.Optional(Cents()),
    paid_on: Type.Optional(Type.String({ format: 'date', description: 'Default: today.' })),
    method: Type.Union(PAYMENT_METHODS.map((m) => Type.Literal(m))),
    external_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'Unique per tenant: a re-sent payment is not counted twice.' }),
    ),
    notes: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type PaymentCreate = Static<typeof PaymentCreate>;

export const Payment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  charge_id: Type.String({ format: 'uuid' }),
  amount_cents: Type.Integer(),
  fee_cents: Type.Integer(),
  paid_on: Type.String({ format: 'date' }),
  method: Type.String(),
  source: Type.String(),
  external_id: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  reversed_at: Nullable(Type.String()),
  reversal_reason: Nullable(Type.String()),
  refunded_cents: Type.Integer({
    description: 'Given back to the payer (Pix devolução); the payment counts amount_cents − refunded_cents',
  }),
  created_at: Type.String(),
});
export type Payment = Static<typeof Payment>;

export const StatusChange = Type.Object({
  kind: Type.Union([Type.Literal('status'), Type.Literal('dunning_step')], {
    description: 'status: a status change; dunning_step: a step of the dunning schedule taken on the charge (status unchanged)',
  }),
  from_status: Nullable(Type.String()),
  to_status: Type.String(),
  reason: Nullable(Type.String()),
  actor_type: Type.String(),
  actor_id: Nullable(Type.String()),
  created_at: Type.String(),
  step: Nullable(
    Type.Record(Type.String(), Type.Unknown(), {
      description: 'The dunning step (step_key, action, offset_days, event, channels, outcome, step_date)',
    }),
  ),
});

export const AmountDue = Type.Object({
  charge_id: Type.String(),
  date: Type.String({ format: 'date' }),
  original_cents: Type.Integer(),
  discounts: Type.Array(Type.Object({ rule_id: Type.String(), description: Type.String(), amount_cents: Type.Integer() })),
  surcharges: Type.Array(Type.Object({ rule_id: Type.String(), description: Type.String(), amount_cents: Type.Integer() })),
  fine_cents: Type.Integer(),
  interest_cents: Type.Integer(),
  paid_cents: Type.Integer(),
  total_cents: Type.Integer({ description: 'What must be paid on that date.' }),
  days_late: Type.Integer(),
});

export const Summary = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  open: Type.Object({ count: Type.Integer(), amount_cents: Type.Integer() }),
  overdue: Type.Object({ count: Type.Integer(), amount_cents: Type.Integer() }),
  partially_paid: Type.Object({ count: Type.Integer(), amount_cents: Type.Integer() }),
  received: Type.Object({ count: Type.Integer(), amount_cents: Type.Integer(), fee_cents: Type.Integer() }),
  issued: Type.Object({ count: Type.Integer(), amount_cents: Type.Integer() }),
  by_month: Type.Array(
    Type.Object({
      month: Type.String(),
      issued_cents: Type.Integer(),
      received_cents: Type.Integer(),
      open_cents: Type.Integer(),
      overdue_cents: Type.Integer(),
    }),
  ),
});

// ---- bulk actions (Contas a Receber): per-charge results, one refusal never blocks the others
export const MAX_BULK = 1000;
const ChargeRef = Type.String({ minLength: 1, maxLength: 64, description: 'The charge UUID or its per-tenant number' });

export const BulkCancelBody = Type.Object(
  {
    charge_ids: Type.Array(ChargeRef, { minItems: 1, maxItems: MAX_BULK }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type BulkCancelBody = Static<typeof BulkCancelBody>;

export const BulkPaymentItem = Type.Object(
  {
    charge_id: ChargeRef,
    amount_cents: Cents({ minimum: 1 }),
    fee_cents: Type.Optional(Cents()),
    paid_on: Type.String({ format: 'date' }),
    method: Type.Union(PAYMENT_METHODS.map((m) => Type.Literal(m))),
    external_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'Unique per tenant: a re-sent payment is not counted twice.' }),
    ),
    notes: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const BulkPaymentsBody = Type.Object(
  { payments: Type.Array(BulkPaymentItem, { minItems: 1, maxItems: MAX_BULK }) },
  { additionalProperties: false },
);
export type BulkPaymentsBody = Static<typeof BulkPaymentsBody>;

const BulkItemError = Nullable(
  Type.Object({
    code: Type.String({ description: 'The DomainError code (e.g. invalid_state_transition, charge_cancelled, not_found)' }),
    message: Type.String(),
    details: Type.Array(Type.Object({ field: Type.Optional(Type.String()), issue: Type.String() })),
  }),
);
const bulkItem = {
  charge_id: Type.String({ description: 'The charge UUID (as sent when the charge was not found)' }),
  ok: Type.Boolean(),
  number: Nullable(Type.Integer()),
  status: Nullable(Type.String({ description: 'The charge status after the item' })),
  error: BulkItemError,
};
export const BulkCancelResult = Type.Object({
  ok_count: Type.Integer(),
  failed_count: Type.Integer(),
  results: Type.Array(Type.Object(bulkItem), { description: 'One per charge_ids item, in order' }),
});
export const BulkPaymentsResult = Type.Object({
  ok_count: Type.Integer(),
  failed_count: Type.Integer(),
  results: Type.Array(
    Type.Object({
      ...bulkItem,
      payment_id: Nullable(Type.String()),
      created: Type.Boolean({ description: 'False when the external_id was already registered' }),
      amount_cents: Type.Integer(),
    }),
    { description: 'One per payments item, in order' },
  ),
});
