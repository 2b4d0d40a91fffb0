import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';
import { MAX_INSTRUCTIONS } from './settings.ts';

export const RefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The UUID or the per-tenant number' }),
});

export const PayerLink = Type.Object({
  url: Type.String({ description: 'The public page: COBRE_PUBLIC_URL (or the server address) + /pagar/{token}' }),
  path: Type.String({ description: '/pagar/{token}' }),
  token: Type.String({ description: '46 characters (base64url); a capability: whoever has it sees the page' }),
  kind: Type.Union([Type.Literal('charge'), Type.Literal('customer')]),
  target_id: Type.String({ format: 'uuid', description: 'The charge or customer' }),
  created_at: Type.String({ format: 'date-time' }),
  revoked_at: Nullable(Type.String({ format: 'date-time' })),
});
export type PayerLink = Static<typeof PayerLink>;

export const PayerPageSettings = Type.Object({
  allow_second_copy: Type.Boolean({ description: 'Overdue charges offer a 2ª via of the boleto with the updated amount (default true)' }),
  support_email: Nullable(Type.String()),
  support_phone: Nullable(Type.String()),
  instructions: Nullable(Type.String({ description: 'Free text shown on every page' })),
  logo: Nullable(Type.Object({ content_type: Type.String(), bytes: Type.Integer() })),
  updated_at: Nullable(Type.String({ format: 'date-time' })),
});

export const PayerPageSettingsPatch = Type.Object(
  {
    allow_second_copy: Type.Optional(Type.Boolean()),
    support_email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    support_phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    instructions: Type.Optional(Nullable(Type.String({ maxLength: MAX_INSTRUCTIONS }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const LogoBody = Type.Object(
  {
    content_type: Type.Union([Type.Literal('image/png'), Type.Literal('image/jpeg')], {
      description: 'SVG is refused (it can carry script)',
    }),
    data_base64: Type.String({ minLength: 1, maxLength: 280_000, description: 'The image, base64; at most 200 KB decoded' }),
  },
  { additionalProperties: false },
);
