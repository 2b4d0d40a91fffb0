import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('operator')], { description: 'admin: everything; operator: everything but users, API keys and collection accounts.' });

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
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
  mode: Type.String({ description: 'live or test (sandbox)' }),
  account_id: Type.String({ format: 'uuid', description: 'The company (live tenant).' }),
  tenant_id: Type.String({ format: 'uuid', description: 'The data space acted on: the live tenant or its sandbox.' }),
  sandbox_available: Type.Boolean(),
  expires_at: Type.String({ format: 'date-time' }),
  today: Type.String({ format: 'date', description: "The business date on the server's clock (America/Sao_Paulo): the console's default for dates." }),
});
