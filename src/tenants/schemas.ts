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
    grant_type: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'client_credentials (API keys), authorization_code or refresh_token (OAuth applications)',
      }),
    ),
    client_id: Type.Optional(Type.String({ maxLength: 128, description: 'Or HTTP Basic' })),
    client_secret: Type.Optional(Type.String({ maxLength: 256, description: 'Or HTTP Basic' })),
    code: Type.Optional(Type.String({ maxLength: 256, description: 'authorization_code: the code from the authorization endpoint' })),
    redirect_uri: Type.Optional(
      Type.String({ maxLength: 2000, description: 'authorization_code: optional; when sent, the one of the authorization request' }),
    ),
    code_verifier: Type.Optional(
      Type.String({
        maxLength: 128,
        description: 'authorization_code: PKCE (RFC 7636), when the authorization request had a code_challenge',
      }),
    ),
    refresh_token: Type.Optional(
      Type.String({ maxLength: 256, description: 'refresh_token: the last refresh token received (each use returns a new one)' }),
    ),
    scope: Type.Optional(
      Type.String({ maxLength: 256, description: 'Accepted and ignored: the access is the one the company consented to' }),
    ),
  },
  // RFC 6749 §3.2: the server MUST ignore unrecognized request parameters.
  { additionalProperties: true },
);

export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.Optional(Type.String({ description: 'authorization_code and refresh_token grants' })),
  scope: Type.Optional(Type.String({ description: 'client_credentials only: the mode of the key (live or test)' })),
});

export const AuthorizationQuerySchema = Type.Object(
  {
    client_id: Type.Optional(Type.String({ maxLength: 128 })),
    redirect_uri: Type.Optional(Type.String({ maxLength: 2000 })),
    response_type: Type.Optional(Type.String({ maxLength: 64, description: 'code' })),
    scope: Type.Optional(Type.String({ maxLength: 256, description: 'Accepted and ignored' })),
    state: Type.Optional(Type.String({ maxLength: 1000, description: 'Returned as it came' })),
    code_challenge: Type.Optional(Type.String({ maxLength: 128 })),
    code_challenge_method: Type.Optional(Type.String({ maxLength: 16, description: 'S256 or plain' })),
  },
  { additionalProperties: true },
);

export const OAuthClientSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  client_id: Type.String({ format: 'uuid', description: 'The same as id' }),
  name: Type.String(),
  mode: Type.Union([Type.Literal('live'), Type.Literal('test')], {
    description: 'The data the company let the application act on: live, or its sandbox',
  }),
  redirect_uris: Type.Array(Type.String(), {
    description: 'Empty: any http(s) redirect URI (codes are worth nothing without the client secret)',
  }),
  consented_by: Type.Union([Type.String(), Type.Null()], { description: 'The user or API key that registered the application' }),
  created_at: Type.String({ format: 'date-time' }),
  revoked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const CreatedOAuthClientSchema = Type.Object({
  ...OAuthClientSchema.properties,
  client_secret: Type.String({ description: 'Shown once: store it now.' }),
});

export const OAuthClientCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    mode: Type.Optional(
      Type.Union([Type.Literal('live'), Type.Literal('test')], { description: 'Default: the mode of the credentials used' }),
    ),
    redirect_uris: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);

/** RFC 6749 §5.2: the token endpoint's errors. */
export const OAuthErrorSchema = Type.Object(
  {
    error: Type.String({
      description:
        "`invalid_request` (400: a missing or malformed parameter), `invalid_grant` (400: a code or refresh token that is unknown, used, expired or another client's), `unauthorized_client` (400), `unsupported_grant_type` (400), `invalid_client` (401: unknown, revoked or wrong client credentials), `server_error` (5xx)",
    }),
    error_description: Type.String(),
  },
  { title: 'OAuthError', description: 'OAuth 2.0 error (RFC 6749 §5.2)' },
);
