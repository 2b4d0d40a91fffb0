import { Type } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const Cents = (description: string) => Type.Integer({ description });
const Amounts = Type.Object({
  count: Type.Integer({ description: 'Charges' }),
  open_cents: Cents('Open amount (amount minus payments made by as_of, net of refunds)'),
});

export const AgingQuery = Type.Object(
  {
    as_of: Type.Optional(
      Type.String({ format: 'date', description: 'The date the ages are counted on; default: today (business date, America/Sao_Paulo).' }),
    ),
  },
  { additionalProperties: false },
);

export const AgingReport = Type.Object({
  as_of: Type.String({ format: 'date' }),
  buckets: Type.Array(
    Type.Object({
      key: Type.String({ description: '1-30, 31-60, 61-90 or 90+ (days past due)' }),
      label: Type.String(),
      min_days: Type.Integer(),
      max_days: Nullable(Type.Integer()),
      due_from: Nullable(Type.String({ format: 'date', description: 'The earliest due date in the bucket (null: no limit)' })),
      due_to: Type.String({ format: 'date', description: 'The latest due date in the bucket' }),
      count: Type.Integer(),
      open_cents: Type.Integer(),
    }),
  ),
  total: Amounts,
  customers: Type.Array(
    Type.Object({
      customer_id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      document: Nullable(Type.String()),
      buckets: Type.Array(Amounts, { description: 'In the order of `buckets`' }),
      total: Amounts,
    }),
    { description: 'Customers with something overdue, largest open amount first' },
  ),
});

export const ReceiptsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date', description: 'First payment date; default: the first day of the month of `to`.' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last payment date; default: today.' })),
    group_by: Type.Optional(
      Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Literal('method')], {
        description: 'Rows per payment day (default), month or method.',
      }),
    ),
  },
  { additionalProperties: false },
);

const MethodAmounts = Type.Object({
  method: Type.String({ description: 'boleto, pix, cash, transfer, card or other' }),
  count: Type.Integer(),
  received_cents: Cents('Payments net of refunds (reversed payments left out)'),
  refunded_cents: Type.Integer(),
  fee_cents: Type.Integer(),
});
const Totals = {
  count: Type.Integer({ description: 'Payments' }),
  received_cents: Cents('Payments net of refunds (reversed payments left out)'),
  refunded_cents: Type.Integer(),
  fee_cents: Type.Integer(),
  methods: Type.Array(MethodAmounts),
};

export const ReceiptsReport = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  group_by: Type.String(),
  rows: Type.Array(Type.Object({ key: Type.String({ description: 'YYYY-MM-DD (day), YYYY-MM (month) or the method' }), ...Totals }), {
    description: 'Only periods with payments',
  }),
  total: Type.Object(Totals),
});

export const Onboarding = Type.Object({
  steps: Type.Array(
    Type.Object({
      key: Type.String({ description: 'collection_account, customer, service, contract, billing, email_channel, operator_user' }),
      done: Type.Boolean(),
    }),
  ),
  done: Type.Boolean({ description: 'Every step is done' }),
});
