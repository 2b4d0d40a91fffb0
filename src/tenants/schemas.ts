import { Type } from 'typebox';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const TenantSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  legal_name: Type.String(),
  trading_name: Nullable(Type.String()),
  document: Nullable(Type.String()),
  document_kind: Nullable(Type.String()),
  document_formatted: Nullable(Type.String()),
  country: Type.String(),
  technical_contact: Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  sandbox_id: Nullable(Type.String({ format: 'uuid' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const TenantPatchSchema = Type.Object(
  {
    legal_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    trading_name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    document: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
    contact_name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    contact_email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    contact_phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ApiKeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  mode: Type.Union([Type.Literal('live'), Type.Literal('test')]),
  prefix: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  last_used_at: Nullable(Type.String({ format: 'date-time' })),
  revoked_at: Nullable(Type.String({ format: 'date-time' })),
});

export const CreatedApiKeySchema = Type.Object({
  ...ApiKeySchema.properties,
  secret: Type.String({ description: 'The API key. Shown once: store it now.' }),
});

export const ApiKeyCreateSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    mode: Type.Optional(Type.Union([Type.Literal('live'), Type.Literal('test')])),
  },
  { additionalProperties: false },
);

export const TokenRequestSchema = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ maxLength: 64 })),
    client_id: Type.Optional(Type.String({ maxLength: 128 })),
    client_secret: Type.Optional(Type.String({ maxLength: 256 })),
    scope: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);

export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
});

/** RFC 6749 §5.2: the token endpoint's errors. */
export const OAuthErrorSchema = Type.Object(
  {
    error: Type.String({
      description: '`invalid_request` (400: a missing or malformed parameter), `unsupported_grant_type` (400), `invalid_client` (401: unknown, revoked or wrong credentials), `server_error` (5xx)',
    }),
    error_description: Type.String(),
  },
  { description: 'OAuth 2.0 error (RFC 6749 §5.2)' },
);
