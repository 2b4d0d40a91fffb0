// What the HTTP providers (Zenvia, WhatsApp Cloud) share: a JSON request with a time limit, and
// Retry-After.

export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Fetches with a time limit; a network failure or a timeout throws an Error with a readable message. */
export async function requestJson(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<HttpAnswer> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    text = await res.text();
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw new Error(`no answer from ${new URL(url).host} within ${Math.round(timeoutMs / 100) / 10} s`);
    }
    const cause = err.cause?.code ?? err.cause?.message ?? err.message;
    throw new Error(`cannot reach ${new URL(url).host}: ${cause}`);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * Retry-After in seconds: either a number of seconds or an HTTP date. A date is measured against
 * the answer's own Date header (the server's clock), never against this machine's clock.
 */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const v = headers.get('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  const serverNow = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(at) || Number.isNaN(serverNow)) return undefined;
  return Math.max(0, Math.ceil((at - serverNow) / 1000));
}

/** A short piece of a body for an error message. */
export function excerpt(text: string, max = 300): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
