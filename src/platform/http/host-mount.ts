// A host that serves one path prefix at its root: `GET /api/customers` on `toc.example.pt` is
// routed as `/toconline/api/customers`, so a client program built for a product's own host keeps
// its paths unchanged. Requests that already carry the prefix, and other hosts, pass as they are.
import type { IncomingMessage } from 'node:http';

export function hostMountRewriter(
  hosts: Record<string, string>,
  opts: { trustForwardedHost: boolean },
): ((req: IncomingMessage) => string) | undefined {
  if (Object.keys(hosts).length === 0) return undefined;
  return (req) => {
    const url = req.url ?? '/';
    const forwarded = opts.trustForwardedHost ? firstValue(req.headers['x-forwarded-host']) : undefined;
    const prefix = hosts[hostName(forwarded ?? req.headers.host ?? '')];
    if (!prefix || url === prefix || url.startsWith(prefix + '/') || url.startsWith(prefix + '?')) return url;
    return prefix + (url.startsWith('/') ? url : '/' + url);
  };
}

function firstValue(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s?.split(',')[0]?.trim() || undefined;
}

/** The host name of a Host header: lower case, without the port (IPv6 literals keep their brackets). */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  return h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
}
