// Webhook URLs: absolute http(s) URLs without credentials or fragment. Production should use
// https only (see docs/webhooks.md); http stays allowed for local receivers and tests.
import { DomainError } from '../platform/errors.ts';

export const MAX_URL_LENGTH = 2048;

export function normalizeWebhookUrl(raw: string, field = 'url'): string {
  const bad = (issue: string) => new DomainError('validation_failed', `Invalid webhook URL: ${issue}`, [{ field, issue }]);
  const s = raw.trim();
  if (s.length === 0 || s.length > MAX_URL_LENGTH) throw bad(`must be 1 to ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw bad('must be an absolute URL such as https://example.com/webhooks');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('must use https (or http for local testing)');
  if (url.username || url.password) throw bad('must not contain credentials (user:password@); authenticate with the signature instead');
  if (!url.hostname) throw bad('must have a host');
  if (url.hash) throw bad('must not contain a fragment (#…)');
  return url.toString();
}
