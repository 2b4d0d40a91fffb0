// Serves the web console (web/dist, built by `npm run build:web`) at '/': files as they are,
// any other path the single-page app's index.html (client-side routing). Paths that belong to
// the API and the other interfaces are never answered with the console: they keep their 404.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { DomainError } from '../platform/errors.ts';

export const DEFAULT_CONSOLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Path prefixes the console must never shadow. */
export const RESERVED_PREFIXES = [
  '/v1',
  '/docs',
  '/openapi.json',
  '/healthz',
  '/readyz',
  '/metrics',
  '/oauth',
  '/modulo12',
  '/toconline',
  '/dezwork',
  '/crm',
  '/pagar',
  '/api',
];

export function isReserved(path: string): boolean {
  return RESERVED_PREFIXES.some((p) => path === p || path.startsWith(p + '/') || path.startsWith(p + '?') || path.startsWith(p + '.'));
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; object-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

const NOT_BUILT = `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Cobre</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Console ainda não compilado</h1>
<p>Execute <code>npm run build:web</code> (ou reinicie com <code>npm start</code>, que o compila) e recarregue esta página.</p>
<p>A API está disponível: <a href="/docs">referência da API</a>.</p></body></html>`;

export async function consoleRoutes(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? process.env.COBRE_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;
  await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const path = decodeURIComponent(req.url.split('?')[0]);
    if (isReserved(path)) {
      // `/api/...` at the root is a client built for a product's own host: say where its dialect lives.
      const hint =
        path === '/api' || path.startsWith('/api/')
          ? `; compatibility APIs live under their prefix (e.g. /toconline${path}), or at the root of a host named in COBRE_COMPAT_HOSTS`
          : '';
      throw new DomainError('not_found', `No route GET ${path}${hint}`);
    }
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    const index = join(root, 'index.html');
    if (!existsSync(index)) return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);

    const rel = normalize(path).replace(/^([/\\])+/, '');
    const file = join(root, rel);
    if (rel && (file + sep).startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
      // Vite puts content-hashed names under assets/: cache them for a year.
      const immutable = rel.startsWith('assets' + sep) || rel.startsWith('assets/');
      return reply.sendFile(rel, { maxAge: immutable ? 365 * 24 * 3600_000 : 0, immutable, cacheControl: true });
    }
    // A missing file (a path with an extension) is a 404; any other path is a console route.
    if (/\.[A-Za-z0-9]{1,8}$/.test(path)) throw new DomainError('not_found', `No file ${path}`);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { maxAge: 0, cacheControl: false });
  });
}
