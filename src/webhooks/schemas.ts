import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 100,
  description: "Event types to receive: exact ('charge.paid'), a prefix ('customer.*') or '*' for all.",
});
const Url = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: 'http(s) URL that receives POSTs; use https in production. No credentials.',
});
const Metadata = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
  {
    maxProperties: 50,
  },
);

export const WebhookEndpointCreate = Type.Object(
  {
    url: Url,
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    event_types: EventTypes,
    active: Type.Optional(Type.Boolean()),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);
export type WebhookEndpointCreate = Static<typeof WebhookEndpointCreate>;

export const WebhookEndpointPatch = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    event_types: Type.Optional(EventTypes),
    active: Type.Optional(
      Type.Boolean({ description: 'An inactive endpoint receives nothing; reactivated, it receives events from then on.' }),
    ),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookEndpointPatch = Static<typeof WebhookEndpointPatch>;

export const RotateSecretBody = Type.Object(
  {
    previous_secret_valid_seconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 604_800,
        description: 'Keep signing with the old secret too for this long (default 0: the old secret stops at once). At most 7 days.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RotateSecretBody = Static<typeof RotateSecretBody>;

export const WebhookEndpoint = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  description: Nullable(Type.String()),
  event_types: Type.Array(Type.String()),
  active: Type.Boolean(),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  previous_secret_expires_at: Nullable(
    Type.String({
      format: 'date-time',
      description: 'While set and in the future, deliveries carry a second signature made with the previous secret.',
    }),
  ),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

export const WebhookEndpointWithSecret = Type.Object({
  ...WebhookEndpoint.properties,
  secret: Type.String({ description: 'The signing secret. Shown only in this response: store it now.' }),
});
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecret>;

export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const DeliveryStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('retrying'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
]);

export const WebhookDelivery = Type.Object({
  id: Type.String({ format: 'uuid' }),
  endpoint_id: Type.String({ format: 'uuid' }),
  event_id: Type.String({
    format: 'uuid',
    description: 'Also sent as the Cobre-Webhook-Id header and the body id: the same on every retry.',
  }),
  event_seq: Type.Integer(),
  event_type: Type.String(),
  resource_type: Type.String(),
  resource_id: Type.String(),
  status: DeliveryStatusSchema,
  attempt_count: Type.Integer(),
  next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
  retry_until: Type.String({ format: 'date-time' }),
  last_attempt_at: Nullable(Type.String({ format: 'date-time' })),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  last_response_body: Nullable(Type.String({ description: 'The first 1,000 characters of the last response body.' })),
  last_duration_ms: Nullable(Type.Integer()),
  created_at: Type.String({ format: 'date-time' }),
  delivered_at: Nullable(Type.String({ format: 'date-time' })),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;
