import { Type } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';
import { CHANNELS, LOCALES, NOTIFICATION_EVENTS } from './templates/variables.ts';

export const ChannelKindSchema = Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('whatsapp')], {
  description: CHANNELS.join(', '),
});
export const EventSchema = Type.Union(
  [
    Type.Literal('charge_created'),
    Type.Literal('reminder'),
    Type.Literal('due_today'),
    Type.Literal('overdue'),
    Type.Literal('paid_receipt'),
    Type.Literal('contract_suspended'),
  ],
  { description: NOTIFICATION_EVENTS.join(', ') },
);
export const LocaleSchema = Type.Union([Type.Literal('pt-BR'), Type.Literal('pt-PT')], { description: LOCALES.join(', ') });

export const ChannelParams = Type.Object({ channel: ChannelKindSchema });

export const Channel = Type.Object({
  channel: ChannelKindSchema,
  provider: Type.String({ description: 'smtp (email), zenvia (sms), whatsapp_cloud (whatsapp)' }),
  settings: Type.Record(Type.String(), Type.Unknown(), { description: 'The provider settings (nothing secret)' }),
  secret_set: Type.Boolean({ description: 'Whether a secret (password, token) is stored; it is never returned' }),
  active: Type.Boolean(),
  last_verified_at: Nullable(Type.String({ format: 'date-time' })),
  last_verify_error: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const ChannelPut = Type.Object(
  {
    provider: Type.Union([Type.Literal('smtp'), Type.Literal('zenvia'), Type.Literal('whatsapp_cloud')]),
    settings: Type.Record(Type.String(), Type.Unknown(), { description: 'See docs/notification-providers.md for each provider’s fields' }),
    secret: Type.Optional(
      Nullable(
        Type.Record(Type.String(), Type.Unknown(), {
          description:
            'SMTP {password}; Zenvia {password}; WhatsApp {access_token}. Omit to keep the stored one, null to remove it. Stored encrypted (COBRE_SECRET_KEY).',
        }),
      ),
    ),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ChannelTestResult = Type.Object({
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  checked_at: Type.String({ format: 'date-time' }),
});

export const Settings = Type.Object({
  charge_created_channels: Type.Array(ChannelKindSchema, {
    description: 'Channels the charge is sent on when it is created ([] = not sent)',
  }),
  paid_receipt_channels: Type.Array(ChannelKindSchema, { description: 'Channels the receipt is sent on when the charge is paid' }),
  attach_boleto_pdf: Type.Boolean({ description: 'Attach the boleto PDF to e-mails of open charges' }),
  updated_at: Nullable(Type.String({ format: 'date-time' })),
});

export const SettingsPatch = Type.Object(
  {
    charge_created_channels: Type.Optional(Type.Array(ChannelKindSchema, { maxItems: 3 })),
    paid_receipt_channels: Type.Optional(Type.Array(ChannelKindSchema, { maxItems: 3 })),
    attach_boleto_pdf: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TemplateParams = Type.Object({ event: EventSchema, channel: ChannelKindSchema, locale: LocaleSchema });

export const Template = Type.Object({
  event: EventSchema,
  channel: ChannelKindSchema,
  locale: LocaleSchema,
  subject: Nullable(Type.String()),
  body: Type.String({ description: 'Text with {{variables}}; for WhatsApp, the approved template’s parameters, one per line' }),
  html: Nullable(Type.String({ description: 'E-mail HTML (values are HTML-escaped); null: made from the body' })),
  whatsapp_template: Nullable(Type.String()),
  customized: Type.Boolean({ description: 'false: the built-in template' }),
  updated_at: Nullable(Type.String({ format: 'date-time' })),
  variables: Type.Array(Type.Object({ name: Type.String(), description: Type.String() }), {
    description: 'The variables this event’s templates may use',
  }),
});

export const TemplatePut = Type.Object(
  {
    subject: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    body: Type.String({ minLength: 1, maxLength: 20000 }),
    html: Type.Optional(Nullable(Type.String({ maxLength: 100000 }))),
    whatsapp_template: Type.Optional(Nullable(Type.String({ maxLength: 512, pattern: '^[a-z0-9_]+$' }))),
  },
  { additionalProperties: false },
);

export const TemplatePreviewBody = Type.Object(
  {
    subject: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
    html: Type.Optional(Nullable(Type.String({ maxLength: 100000 }))),
    whatsapp_template: Type.Optional(Nullable(Type.String({ maxLength: 512 }))),
    charge_id: Type.Optional(Type.String({ format: 'uuid', description: 'Render with this charge’s values; omitted: sample values' })),
  },
  { additionalProperties: false },
);

export const TemplatePreview = Type.Object({
  subject: Nullable(Type.String()),
  text: Type.String(),
  html: Nullable(Type.String()),
  whatsapp: Nullable(Type.Object({ name: Type.String(), language: Type.String(), parameters: Type.Array(Type.String()) })),
  sample: Type.Boolean(),
});

const LogEntry = Type.Object({
  status: Type.String(),
  attempt: Type.Integer(),
  detail: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});

export const Message = Type.Object({
  id: Type.String({ format: 'uuid' }),
  charge_id: Type.String({ format: 'uuid' }),
  customer_id: Type.String({ format: 'uuid' }),
  step_key: Type.String({ description: 'charge_created, paid_receipt, step:+7:notify (dunning) or manual:<id>' }),
  event: EventSchema,
  channel: ChannelKindSchema,
  locale: Type.String(),
  recipient: Type.String(),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('sending'),
    Type.Literal('sent'),
    Type.Literal('failed'),
    Type.Literal('bounced'),
    Type.Literal('skipped'),
  ]),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
  provider_message_id: Nullable(Type.String()),
  error: Nullable(Type.String({ description: 'Why it failed, bounced or was skipped (the provider’s words when it answered)' })),
  subject: Nullable(Type.String()),
  sent_at: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  log: Type.Array(LogEntry),
});

export const InvalidAddress = Type.Object({
  channel: Type.String(),
  address: Type.String(),
  reason: Nullable(Type.String()),
  message_id: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});

export const Subscription = Type.Object({
  customer_id: Type.String({ format: 'uuid' }),
  unsubscribed: Type.Boolean({ description: 'true: the payer asked for no reminders (the charge itself and receipts still go)' }),
  unsubscribed_at: Nullable(Type.String({ format: 'date-time' })),
});
