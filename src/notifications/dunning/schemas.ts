// TypeBox schemas of the dunning-schedule API (they also generate /openapi.json). The shape is
// checked here; the rules between fields (a notify step needs an event and a channel, no duplicate
// steps, quiet hours set together…) live in steps.ts' validateSchedule, which names each field.
import { Type, type Static } from 'typebox';
import { Nullable } from '../../platform/http/common-schemas.ts';
import { DAY_KINDS, MAX_OFFSET, MAX_STEPS, MIN_OFFSET, STEP_ACTIONS, STEP_CHANNELS, STEP_EVENTS } from './steps.ts';

const lit = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      description ? { description } : {},
    ),
  );
const HHMM = Type.String({ maxLength: 5, description: "Local time in São Paulo, 'HH:MM'." });

export const StepInput = Type.Object(
  {
    offset_days: Type.Integer({
      minimum: MIN_OFFSET,
      maximum: MAX_OFFSET,
      description: 'Days relative to the due date: -5 before, 0 on it, 7 after.',
    }),
    action: lit(
      STEP_ACTIONS,
      "notify: send a message; suspend_contract: suspend the charge's contract; flag_protest: list the charge for protest / credit-bureau export.",
    ),
    event: Type.Optional(
      Nullable(
        lit(
          STEP_EVENTS,
          'The message: notify needs reminder, due_today or overdue; suspend_contract may send contract_suspended; flag_protest sends none.',
        ),
      ),
    ),
    channels: Type.Optional(
      Type.Array(lit(STEP_CHANNELS), { maxItems: 3, description: 'Where the message goes; a notify step needs at least one.' }),
    ),
  },
  { additionalProperties: false },
);
export type StepInput = Static<typeof StepInput>;

const scheduleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  is_default: Type.Optional(
    Type.Boolean({ description: "The tenant's default schedule (at most one: making this one the default un-defaults the other)." }),
  ),
  day_kind: Type.Optional(
    lit(DAY_KINDS, 'How offsets count: calendar days, or business days (no weekends, no national holidays). Default calendar.'),
  ),
  quiet_start: Type.Optional(Nullable(HHMM)),
  quiet_end: Type.Optional(Nullable(HHMM)),
  steps: Type.Array(StepInput, { maxItems: 100, description: `At most ${MAX_STEPS} steps; one per offset and action.` }),
};

export const ScheduleCreate = Type.Object(scheduleFields, { additionalProperties: false });
export type ScheduleCreate = Static<typeof ScheduleCreate>;

export const SchedulePatch = Type.Object(
  {
    name: Type.Optional(scheduleFields.name),
    is_default: scheduleFields.is_default,
    day_kind: scheduleFields.day_kind,
    quiet_start: scheduleFields.quiet_start,
    quiet_end: scheduleFields.quiet_end,
    steps: Type.Optional(scheduleFields.steps),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SchedulePatch = Static<typeof SchedulePatch>;

export const StepView = Type.Object({
  key: Type.String({ description: "The step's key on a charge (step:+7:notify): a step is taken once per charge and key." }),
  offset_days: Type.Integer(),
  action: lit(STEP_ACTIONS),
  event: Nullable(lit(STEP_EVENTS)),
  channels: Type.Array(lit(STEP_CHANNELS)),
});

export const ScheduleBody = Type.Object({
  day_kind: lit(DAY_KINDS),
  quiet_start: Nullable(Type.String()),
  quiet_end: Nullable(Type.String()),
  steps: Type.Array(StepView),
});
export type ScheduleBody = Static<typeof ScheduleBody>;

export const Schedule = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  is_default: Type.Boolean(),
  ...ScheduleBody.properties,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type Schedule = Static<typeof Schedule>;

const Source = lit(['contract', 'customer', 'tenant', 'built_in'] as const);

export const EffectiveSchedule = Type.Object(
  {
    source: Source,
    schedule_id: Nullable(Type.String({ format: 'uuid' })),
    name: Nullable(Type.String()),
    paused: Type.Boolean(),
    paused_by: Nullable(lit(['customer', 'contract'] as const)),
    paused_reason: Nullable(Type.String()),
    schedule: ScheduleBody,
  },
  {
    description:
      'The schedule that applies and where it comes from: contract > customer > tenant default > built-in; a pause on the customer or the contract stops every step.',
  },
);
export type EffectiveSchedule = Static<typeof EffectiveSchedule>;

export const AssignmentInput = Type.Object(
  {
    schedule_id: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: 'Another schedule for this customer or contract; null: inherit.' })),
    ),
    paused: Type.Optional(Type.Boolean({ description: 'true: the schedule takes no step here until un-paused.' })),
    paused_reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type AssignmentInput = Static<typeof AssignmentInput>;

export const AssignmentView = Type.Object({
  target_type: lit(['customer', 'contract'] as const),
  target_id: Type.String({ format: 'uuid' }),
  schedule_id: Nullable(Type.String({ format: 'uuid' })),
  paused: Type.Boolean(),
  paused_reason: Nullable(Type.String()),
  updated_at: Nullable(Type.String({ format: 'date-time' })),
  effective: EffectiveSchedule,
});
export type AssignmentView = Static<typeof AssignmentView>;

export const MANUAL_EVENTS = ['charge_created', 'reminder', 'due_today', 'overdue'] as const;

export const SendInput = Type.Object(
  {
    charge_ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 1000 }),
    event: lit(MANUAL_EVENTS, 'The message to send now.'),
    channels: Type.Array(lit(STEP_CHANNELS), { minItems: 1, maxItems: 3 }),
  },
  { additionalProperties: false },
);
export type SendInput = Static<typeof SendInput>;

export const SendResult = Type.Object({
  step_key: Type.String({ description: 'manual:<id>, the same for every message of this request.' }),
  queued: Type.Integer(),
  skipped: Type.Integer({ description: 'Messages recorded as skipped (no address, unsubscribed, address bounced before).' }),
  existing: Type.Integer(),
  charges: Type.Array(
    Type.Object({
      charge_id: Type.String(),
      queued: Type.Integer(),
      skipped: Type.Integer(),
      problem: Nullable(
        Type.String({ description: 'Why nothing was queued for this charge (not found, paid, cancelled, no active channel).' }),
      ),
    }),
  ),
});
export type SendResult = Static<typeof SendResult>;

export const StepRun = Type.Object({
  step_key: Type.String(),
  action: Type.String(),
  step_date: Type.String({ format: 'date' }),
  outcome: Type.String({
    description: 'notify: queued (n messages); suspend_contract: suspended, no_contract, not_active; flag_protest: flagged.',
  }),
  detail: Type.Record(Type.String(), Type.Unknown()),
  schedule_id: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});

export const ChargeDunning = Type.Object({
  charge_id: Type.String({ format: 'uuid' }),
  status: Type.String(),
  due_date: Type.String({ format: 'date' }),
  effective: EffectiveSchedule,
  runs: Type.Array(StepRun, { description: 'The steps taken on this charge.' }),
  upcoming: Type.Array(
    Type.Object({
      key: Type.String(),
      offset_days: Type.Integer(),
      action: Type.String(),
      event: Nullable(Type.String()),
      channels: Type.Array(Type.String()),
      date: Type.String({ format: 'date' }),
    }),
    { description: 'Steps not taken yet whose date is today or later (empty when the charge is not open or the schedule is paused).' },
  ),
});
export type ChargeDunning = Static<typeof ChargeDunning>;

export const Flag = Type.Object({
  charge_id: Type.String({ format: 'uuid' }),
  charge_number: Type.Integer(),
  customer_id: Type.String({ format: 'uuid' }),
  customer_name: Type.String(),
  customer_document: Nullable(Type.String()),
  customer_document_kind: Nullable(Type.String()),
  amount_cents: Type.Integer(),
  balance_cents: Type.Integer(),
  due_date: Type.String({ format: 'date' }),
  status: Type.String(),
  step_key: Type.String(),
  flagged_at: Type.String({ format: 'date-time' }),
});
export type Flag = Static<typeof Flag>;

export const FlagsQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const FlagsPage = Type.Object({
  data: Type.Array(Flag),
  page: Type.Integer(),
  page_size: Type.Integer(),
  total: Type.Integer(),
  has_more: Type.Boolean(),
});
