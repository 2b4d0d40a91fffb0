import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('operator')], {
  description: 'admin: everything; operator: everything but users, API keys and collection accounts.',
});

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  active: Type.Boolean(),
  last_login_at: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const UserCreate = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, description: 'The login; unique across the installation.' }),
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    password: Type.String({ minLength: 1, maxLength: 200, description: 'At least 8 characters.' }),
    role: Role,
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserPatch = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A new password ends the user’s other sessions.' })),
    role: Type.Optional(Role),
    active: Type.Optional(Type.Boolean({ description: 'false ends the user’s sessions.' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatch = Static<typeof UserPatch>;

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const SessionModeBody = Type.Object(
  { mode: Type.Union([Type.Literal('live'), Type.Literal('test')], { description: 'live: the company’s real data; test: its sandbox.' }) },
  { additionalProperties: false },
);

export const Session = Type.Object({
  user: User,
  mode: Type.Union([Type.Literal('live'), Type.Literal('test')], { description: 'live or test (sandbox)' }),
  account_id: Type.String({ format: 'uuid', description: 'The company (live tenant).' }),
  tenant_id: Type.String({ format: 'uuid', description: 'The data space acted on: the live tenant or its sandbox.' }),
  sandbox_available: Type.Boolean(),
  expires_at: Type.String({ format: 'date-time' }),
  today: Type.String({
    format: 'date',
    description: "The business date on the server's clock (America/Sao_Paulo): the console's default for dates.",
  }),
});

export const SavedFilter = Type.Object({
  id: Type.String({ format: 'uuid' }),
  screen: Type.String({ description: 'The console screen, e.g. contas-a-receber.' }),
  name: Type.String(),
  query: Type.String({ description: 'The screen’s query string (without "?", page and cursor).' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

export const SavedFilterQuery = Type.Object({
  screen: Type.String({ minLength: 1, maxLength: 60, description: 'The console screen, e.g. contas-a-receber.' }),
});

export const SavedFilterCreate = Type.Object(
  {
    screen: Type.String({ minLength: 1, maxLength: 60, description: 'The console screen, e.g. contas-a-receber.' }),
    name: Type.String({
      minLength: 1,
      maxLength: 80,
      description: 'Saving under an existing name (case-insensitive) replaces that filter.',
    }),
    query: Type.String({ maxLength: 2000, description: 'The screen’s query string; a leading "?", page and cursor are dropped.' }),
  },
  { additionalProperties: false },
);

export const PasswordResetAvailability = Type.Object({
  email_available: Type.Boolean({
    description: 'Whether reset links can be sent by e-mail on this installation (some company has an active e-mail channel).',
  }),
  valid_minutes: Type.Integer({ description: 'How long a link stays valid.' }),
});

export const PasswordResetRequest = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });

export const PasswordResetRequested = Type.Object({
  message: Type.String({ description: 'The same answer whether or not the e-mail belongs to a user.' }),
});

export const PasswordResetConfirm = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'The token of the link /redefinir-senha?token=…' }),
    password: Type.String({ minLength: 1, maxLength: 200, description: 'At least 8 characters (the rules of user creation).' }),
  },
  { additionalProperties: false },
);

export const PasswordResetDone = Type.Object({ email: Type.String({ description: 'The login whose password changed.' }) });

export const PasswordResetSent = Type.Object({
  sent_to: Type.String(),
  expires_at: Type.String({ format: 'date-time' }),
});
