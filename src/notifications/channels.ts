// A tenant's channels (e-mail over SMTP, SMS through Zenvia, WhatsApp through the Cloud API):
// their settings, their secrets stored encrypted (src/platform/secrets.ts), the "test connection"
// action, and the provider instances the sender keeps per channel configuration.
import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError, notFound, type ErrorDetail } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { decryptSecret, encryptSecret, secretKeyFromEnv } from '../platform/secrets.ts';
import {
  makeProvider,
  SmtpSecret,
  SmtpSettings,
  WhatsappCloudSecret,
  WhatsappCloudSettings,
  ZenviaSecret,
  ZenviaSettings,
} from './providers/index.ts';
import type { ChannelKind, Provider } from './providers/types.ts';
import * as q from './queries.ts';

export const PROVIDER_OF: Record<ChannelKind, q.ChannelRow['provider']> = { email: 'smtp', sms: 'zenvia', whatsapp: 'whatsapp_cloud' };
const SCHEMAS: Record<q.ChannelRow['provider'], { settings: TSchema; secret: TSchema }> = {
  smtp: { settings: SmtpSettings, secret: SmtpSecret },
  zenvia: { settings: ZenviaSettings, secret: ZenviaSecret },
  whatsapp_cloud: { settings: WhatsappCloudSettings, secret: WhatsappCloudSecret },
};

export interface ChannelInput {
  provider: string;
  settings: Record<string, unknown>;
  /** Omitted: keep the stored secret. null: remove it. */
  secret?: Record<string, unknown> | null;
  active?: boolean;
}

export function presentChannel(r: q.ChannelRow) {
  return {
    channel: r.channel,
    provider: r.provider,
    settings: r.settings,
    secret_set: r.secret_encrypted !== null,
    active: r.active,
    last_verified_at: r.last_verified_at,
    last_verify_error: r.last_verify_error,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

function schemaProblems(schema: TSchema, value: unknown, field: string): ErrorDetail[] {
  if (Value.Check(schema, value)) return [];
  return [...Value.Errors(schema, value)].slice(0, 10).map((e) => {
    // (cast: TypeBox's ValueError names the path `path` or `instancePath` depending on its version)
    const err = e as unknown as {
      instancePath?: string;
      path?: string;
      message: string;
      params?: { additionalProperties?: string; requiredProperties?: string[] };
    };
    const path = (err.instancePath ?? err.path ?? '').split('/').filter(Boolean).join('.');
    const extra = err.params?.additionalProperties
      ? `.${err.params.additionalProperties}`
      : err.params?.requiredProperties
        ? `.${err.params.requiredProperties.join(',')}`
        : '';
    return { field: `${field}${path ? `.${path}` : ''}${extra}`, issue: err.message };
  });
}

function assertChannel(channel: string): asserts channel is ChannelKind {
  if (!(channel in PROVIDER_OF))
    throw new DomainError('validation_failed', `Unknown channel ${channel}: email, sms or whatsapp`, [
      { field: 'channel', issue: 'must be email, sms or whatsapp' },
    ]);
}

export async function listChannels(db: Queryable, scope: Scope) {
  return (await q.listChannels(db, scope.tenantId)).map(presentChannel);
}

export async function getChannel(db: Queryable, scope: Scope, channel: string) {
  assertChannel(channel);
  const row = await q.findChannel(db, scope.tenantId, channel);
  if (!row) throw notFound('Channel');
  return presentChannel(row);
}

export async function putChannel(tx: Tx, scope: Scope, channel: string, input: ChannelInput) {
  assertChannel(channel);
  const provider = PROVIDER_OF[channel];
  if (input.provider !== provider)
    throw new DomainError('validation_failed', `The ${channel} channel uses the ${provider} provider`, [
      { field: 'provider', issue: `must be ${provider}` },
    ]);
  const before = await q.findChannel(tx, scope.tenantId, channel);
  const problems = schemaProblems(SCHEMAS[provider].settings, input.settings, 'settings');
  if (input.secret) problems.push(...schemaProblems(SCHEMAS[provider].secret, input.secret, 'secret'));
  if (problems.length)
    throw new DomainError(
      'validation_failed',
      `Invalid ${channel} channel: ${problems.map((p) => `${p.field} ${p.issue}`).join('; ')}`,
      problems,
    );
  let secretEncrypted = before?.secret_encrypted ?? null;
  if (input.secret === null) secretEncrypted = null;
  else if (input.secret !== undefined) {
    const key = secretKeyFromEnv();
    if (!key) {
      throw new DomainError(
        'conflict',
        'Secrets are stored encrypted and COBRE_SECRET_KEY is not set on this server: set it (docs/notification-providers.md) and restart',
        [],
        {
          reason: 'secret_key_missing',
        },
      );
    }
    secretEncrypted = encryptSecret(JSON.stringify(input.secret), key);
  }
  const row = await q.upsertChannel(
    tx,
    scope.tenantId,
    { channel, provider, settings: input.settings, secret_encrypted: secretEncrypted, active: input.active ?? true },
    scope.now,
  );
  // The audit trail says that the secret changed, never what it is.
  await recordEvent(tx, scope, {
    type: before ? 'notification_channel.updated' : 'notification_channel.created',
    resourceType: 'notification_channel',
    resourceId: channel,
    before: before ? presentChannel(before) : undefined,
    after: presentChannel(row),
    data: { secret_changed: input.secret !== undefined },
  });
  return presentChannel(row);
}

export async function deleteChannel(tx: Tx, scope: Scope, channel: string) {
  assertChannel(channel);
  const row = await q.deleteChannel(tx, scope.tenantId, channel);
  if (!row) throw notFound('Channel');
  await recordEvent(tx, scope, {
    type: 'notification_channel.deleted',
    resourceType: 'notification_channel',
    resourceId: channel,
    before: presentChannel(row),
  });
  return presentChannel(row);
}

export function providerOf(row: q.ChannelRow): Provider {
  const secret = row.secret_encrypted ? (JSON.parse(decryptSecret(row.secret_encrypted)) as Record<string, unknown>) : {};
  return makeProvider({ channel: row.channel, provider: row.provider, settings: row.settings, secret });
}

/** "Test connection": the provider's own check with the stored credentials; the result is kept on the channel. */
export async function testChannel(
  db: Queryable,
  scope: Scope,
  channel: string,
): Promise<{ ok: boolean; error: string | null; checked_at: string }> {
  assertChannel(channel);
  const row = await q.findChannel(db, scope.tenantId, channel);
  if (!row) throw notFound('Channel');
  let error: string | null = null;
  let provider: Provider | null = null;
  try {
    provider = providerOf(row);
    await provider.verify();
  } catch (err) {
    error = (err as Error).message || String(err);
  } finally {
    await provider?.close?.().catch(() => undefined);
  }
  await q.recordVerification(db, scope.tenantId, channel, error, scope.now);
  return { ok: error === null, error, checked_at: scope.now.toISOString() };
}

/** Provider instances by tenant and channel, rebuilt when the configuration changes (updated_at). */
export class ProviderCache {
  private entries = new Map<string, { version: string; provider: Provider }>();

  async get(row: q.ChannelRow): Promise<Provider> {
    const key = `${row.tenant_id}:${row.channel}`;
    const version = `${row.updated_at}`;
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.provider;
    if (hit) await hit.provider.close?.().catch(() => undefined);
    const provider = providerOf(row);
    this.entries.set(key, { version, provider });
    return provider;
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.provider.close?.().catch(() => undefined)));
    this.entries.clear();
  }
}

/** At start: a database that stores secrets needs the key that decrypts them (else refuse to start). */
export async function assertSecretKeyAvailable(db: Queryable, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const key = secretKeyFromEnv(env);
  if (key) return;
  if (await q.anyStoredSecret(db)) {
    throw new Error(
      'This database stores encrypted channel secrets (SMTP/SMS/WhatsApp credentials) but COBRE_SECRET_KEY is not set: set the key they were stored with (docs/notification-providers.md).',
    );
  }
}
