// The tenant's settings of the payer page: 2ª via, support contacts, instructions, and the logo
// (PNG or JPEG only, checked by its magic bytes: an SVG can carry script).
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import * as q from './queries.ts';

export const MAX_LOGO_BYTES = 200 * 1024;
export const MAX_INSTRUCTIONS = 500;

export interface PayerPageSettings {
  allow_second_copy: boolean;
  support_email: string | null;
  support_phone: string | null;
  instructions: string | null;
  logo: { content_type: string; bytes: number } | null;
  updated_at: string | null;
}

export function presentSettings(row: q.SettingsRow | null): PayerPageSettings {
  return {
    allow_second_copy: row?.allow_second_copy ?? true,
    support_email: row?.support_email ?? null,
    support_phone: row?.support_phone ?? null,
    instructions: row?.instructions ?? null,
    logo: row?.logo_content_type ? { content_type: row.logo_content_type, bytes: Number(row.logo_bytes) } : null,
    updated_at: row?.updated_at ?? null,
  };
}

export async function getSettings(db: Queryable, scope: Pick<Scope, 'tenantId'>): Promise<PayerPageSettings> {
  return presentSettings(await q.findSettings(db, scope.tenantId));
}

const blank = (s: string | null | undefined) => (s === undefined ? undefined : s === null || s.trim() === '' ? null : s.trim());

export async function updateSettings(tx: Tx, scope: Scope, patch: q.SettingsPatch): Promise<PayerPageSettings> {
  const before = await getSettings(tx, scope);
  const clean: q.SettingsPatch = {};
  if (patch.allow_second_copy !== undefined) clean.allow_second_copy = patch.allow_second_copy;
  for (const k of ['support_email', 'support_phone', 'instructions'] as const) {
    const v = blank(patch[k]);
    if (v !== undefined) clean[k] = v;
  }
  if (clean.support_email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(clean.support_email)) {
    throw new DomainError('validation_failed', 'support_email is not an e-mail address', [{ field: 'support_email', issue: 'invalid' }]);
  }
  if (clean.instructions && clean.instructions.length > MAX_INSTRUCTIONS) {
    throw new DomainError('validation_failed', `instructions must have at most ${MAX_INSTRUCTIONS} characters`, [
      { field: 'instructions', issue: 'too long' },
    ]);
  }
  await q.upsertSettings(tx, scope.tenantId, clean, scope.now);
  const after = await getSettings(tx, scope);
  await recordEvent(tx, scope, {
    type: 'payer_page.settings_updated',
    resourceType: 'payer_page_settings',
    resourceId: scope.tenantId,
    before,
    after,
  });
  return after;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/** The decoded logo, or a 400 naming what is wrong (type, encoding, size, content). */
export function decodeLogo(input: { content_type: string; data_base64: string }): { content_type: string; data: Buffer } {
  const bad = (field: string, issue: string, message: string) => new DomainError('validation_failed', message, [{ field, issue }]);
  if (input.content_type !== 'image/png' && input.content_type !== 'image/jpeg') {
    throw bad('content_type', 'must be image/png or image/jpeg', 'The logo must be a PNG or JPEG image (SVG is not accepted)');
  }
  const text = input.data_base64;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0 || text.length === 0) {
    throw bad('data_base64', 'not base64', 'data_base64 is not valid base64');
  }
  const data = Buffer.from(text, 'base64');
  if (data.length > MAX_LOGO_BYTES)
    throw bad('data_base64', `larger than ${MAX_LOGO_BYTES} bytes`, `The logo must have at most ${MAX_LOGO_BYTES / 1024} KB`);
  const magic = input.content_type === 'image/png' ? PNG : JPEG;
  if (data.length < magic.length + 4 || !data.subarray(0, magic.length).equals(magic)) {
    throw bad(
      'data_base64',
      `not a ${input.content_type === 'image/png' ? 'PNG' : 'JPEG'} image`,
      `The content is not a ${input.content_type} image`,
    );
  }
  return { content_type: input.content_type, data };
}

export async function setLogo(tx: Tx, scope: Scope, input: { content_type: string; data_base64: string }): Promise<PayerPageSettings> {
  const logo = decodeLogo(input);
  await q.setLogo(tx, scope.tenantId, logo, scope.now);
  const after = await getSettings(tx, scope);
  await recordEvent(tx, scope, {
    type: 'payer_page.logo_updated',
    resourceType: 'payer_page_settings',
    resourceId: scope.tenantId,
    data: { content_type: logo.content_type, bytes: logo.data.length },
  });
  return after;
}

export async function deleteLogo(tx: Tx, scope: Scope): Promise<PayerPageSettings> {
  await q.setLogo(tx, scope.tenantId, null, scope.now);
  const after = await getSettings(tx, scope);
  await recordEvent(tx, scope, { type: 'payer_page.logo_deleted', resourceType: 'payer_page_settings', resourceId: scope.tenantId });
  return after;
}

/** The logo as a data: URI for the page, or null. */
export async function logoDataUri(db: Queryable, tenantId: string): Promise<string | null> {
  return dataUriOf(await q.findLogo(db, tenantId));
}

export function dataUriOf(logo: { content_type: string; data: Uint8Array } | null): string | null {
  return logo ? `data:${logo.content_type};base64,${Buffer.from(logo.data).toString('base64')}` : null;
}
