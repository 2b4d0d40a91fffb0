// The providers of the notification channels, and the schemas of a tenant's channel configuration
// (settings are stored in clear; the secret object is stored encrypted, src/platform/secrets.ts).
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { smtpProvider, type SmtpProviderOptions } from './smtp.ts';
import { ZENVIA_DEFAULT_BASE_URL, zenviaSmsProvider } from './zenvia-sms.ts';
import { WHATSAPP_DEFAULT_API_VERSION, WHATSAPP_DEFAULT_BASE_URL, whatsappCloudProvider } from './whatsapp-cloud.ts';
import type { ChannelKind, Provider } from './types.ts';

export type { ChannelKind, Provider, OutgoingMessage, SendOutcome, Attachment } from './types.ts';
export { phoneToE164Digits } from './phone.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const HttpUrl = (description: string) => Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', maxLength: 500, description });
const Email = (description: string) => Type.String({ pattern: '^[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+$', maxLength: 254, description });

export const SmtpSettings = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 253, description: 'SMTP server host name or IP address.' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'SMTP port: usually 587 (STARTTLS) or 465 (implicit TLS).' }),
    secure: Type.Boolean({ description: 'Implicit TLS from the first byte (port 465). false: plain connection upgraded with STARTTLS.' }),
    starttls: Type.Optional(
      Type.Union([Type.Literal('required'), Type.Literal('opportunistic'), Type.Literal('never')], {
        description:
          "When secure is false: 'required' (default) refuses a server without STARTTLS, so the password never travels in clear; " +
          "'opportunistic' upgrades when offered; 'never' stays in clear (trusted internal relay only).",
      }),
    ),
    from_email: Email('Sender address (From). Its domain also names the Message-ID.'),
    from_name: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Sender display name.' }))),
    reply_to: Type.Optional(Nullable(Email('Reply-To address, when replies should go elsewhere than From.'))),
    username: Type.Optional(
      Nullable(Type.String({ maxLength: 320, description: 'SMTP login; omit or null for a server that accepts mail without one.' })),
    ),
  },
  { additionalProperties: false, description: 'E-mail through an SMTP server.' },
);
export type SmtpSettings = Static<typeof SmtpSettings>;

export const SmtpSecret = Type.Object(
  {
    password: Type.Optional(Nullable(Type.String({ maxLength: 1000, description: 'SMTP password (stored encrypted).' }))),
  },
  { additionalProperties: false },
);
export type SmtpSecret = Static<typeof SmtpSecret>;

export const ZenviaSettings = Type.Object(
  {
    base_url: Type.Optional(HttpUrl(`Zenvia legacy REST API base URL (default ${ZENVIA_DEFAULT_BASE_URL}).`)),
    account: Type.String({ minLength: 1, maxLength: 200, description: 'Zenvia API account ("conta"), e.g. "empresa.api".' }),
    from: Type.Optional(
      Nullable(Type.String({ maxLength: 20, description: 'Sender name shown before the text; it counts in the message length.' })),
    ),
    aggregate_id: Type.Optional(
      Nullable(Type.String({ pattern: '^[0-9]{1,20}$', description: 'Zenvia cost centre (aggregateId), when the account uses them.' })),
    ),
  },
  { additionalProperties: false, description: 'SMS through Zenvia (legacy api-rest.zenvia.com/services API).' },
);
export type ZenviaSettings = Static<typeof ZenviaSettings>;

export const ZenviaSecret = Type.Object(
  {
    password: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Zenvia API password ("senha" of the API account; stored encrypted).',
    }),
  },
  { additionalProperties: false },
);
export type ZenviaSecret = Static<typeof ZenviaSecret>;

export const WhatsappCloudSettings = Type.Object(
  {
    base_url: Type.Optional(HttpUrl(`Graph API base URL (default ${WHATSAPP_DEFAULT_BASE_URL}).`)),
    api_version: Type.Optional(
      Type.String({ pattern: '^v[0-9]+\\.[0-9]+$', description: `Graph API version (default ${WHATSAPP_DEFAULT_API_VERSION}).` }),
    ),
    phone_number_id: Type.String({
      pattern: '^[0-9]{1,30}$',
      description: 'Phone number ID of the business number in the WhatsApp Business Account (not the phone number itself).',
    }),
  },
  { additionalProperties: false, description: "WhatsApp template messages through Meta's Cloud API." },
);
export type WhatsappCloudSettings = Static<typeof WhatsappCloudSettings>;

export const WhatsappCloudSecret = Type.Object(
  {
    access_token: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'Access token (a system user token with whatsapp_business_messaging; stored encrypted).',
    }),
  },
  { additionalProperties: false },
);
export type WhatsappCloudSecret = Static<typeof WhatsappCloudSecret>;

export type ProviderKind = 'smtp' | 'zenvia' | 'whatsapp_cloud';

/** The channel each provider serves, and the schemas of its settings and secret. */
export const PROVIDERS = {
  smtp: { channel: 'email', settings: SmtpSettings, secret: SmtpSecret },
  zenvia: { channel: 'sms', settings: ZenviaSettings, secret: ZenviaSecret },
  whatsapp_cloud: { channel: 'whatsapp', settings: WhatsappCloudSettings, secret: WhatsappCloudSecret },
} as const satisfies Record<ProviderKind, { channel: ChannelKind; settings: unknown; secret: unknown }>;

export interface ChannelConfig {
  channel: ChannelKind;
  provider: ProviderKind;
  settings: Record<string, unknown>;
  /** The decrypted secret object. */
  secret: Record<string, unknown>;
}

export interface MakeProviderOptions {
  /** Time limit of one request (SMTP: connection, greeting and idle socket; HTTP: the whole request). */
  timeoutMs?: number;
  /** SMTP only. */
  tls?: SmtpProviderOptions['tls'];
}

function check(schema: TSchema, value: unknown, what: string): void {
  if (Value.Check(schema, value)) return;
  const problems = [...Value.Errors(schema, value)]
    .filter((e) => e.keyword !== 'boolean')
    .slice(0, 5)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperties?: unknown }).additionalProperties)})` : ''}`,
    );
  throw new Error(`invalid ${what}: ${problems.join('; ')}`);
}

/**
 * The provider for a channel's configuration. Throws a readable Error when the provider does not
 * serve that channel or the settings or secret do not match the provider's schema.
 */
export function makeProvider(config: ChannelConfig, opts: MakeProviderOptions = {}): Provider {
  const spec = PROVIDERS[config.provider];
  if (!spec) throw new Error(`unknown notification provider "${String(config.provider)}"`);
  if (spec.channel !== config.channel) {
    throw new Error(`provider ${config.provider} sends ${spec.channel}, not ${config.channel}`);
  }
  check(spec.settings, config.settings, `${config.provider} settings`);
  check(spec.secret, config.secret, `${config.provider} secret`);
  switch (config.provider) {
    case 'smtp':
      return smtpProvider(config.settings as SmtpSettings, config.secret as SmtpSecret, { timeoutMs: opts.timeoutMs, tls: opts.tls });
    case 'zenvia':
      return zenviaSmsProvider(config.settings as ZenviaSettings, config.secret as ZenviaSecret, { timeoutMs: opts.timeoutMs });
    case 'whatsapp_cloud':
      return whatsappCloudProvider(config.settings as WhatsappCloudSettings, config.secret as WhatsappCloudSecret, {
        timeoutMs: opts.timeoutMs,
      });
  }
}
