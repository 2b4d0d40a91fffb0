// The payer page: the links and settings API (authenticated, documented under 'Payer page') and the
// public pages under /pagar (no login, rate-limited per IP, noindex, no-store, strict CSP; left out of
// the API docs: they answer HTML, PDF and PNG to people, not JSON to programs).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema } from '../platform/http/common-schemas.ts';
import { toApiError } from '../platform/http/api-error.ts';
import { pixQrPng } from '../pix/index.ts';
import { ensureLink, publicBaseUrl, revokeLink, type LinkKind } from './links.ts';
import { deleteLogo, getSettings, setLogo, updateSettings } from './settings.ts';
import { LogoBody, PayerLink, PayerPageSettings, PayerPageSettingsPatch, RefParams } from './schemas.ts';
import { boletoPdfOf, chargeView, customerView, openLink, pixOf, receiptView, recurrenceOfferOf, type PageDeps } from './page.ts';
import { renderCharge, renderCustomer, renderMessage, renderReceipt } from './render.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** Requests per minute and IP on /pagar (COBRE_PAYER_PAGE_RATE_LIMIT, default 120). */
export function payerPageRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.COBRE_PAYER_PAGE_RATE_LIMIT;
  if (raw === undefined || raw === '') return 120;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`COBRE_PAYER_PAGE_RATE_LIMIT must be a positive integer, got "${raw}"`);
  return n;
}

export async function payerPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(payerLinkApi);
  await app.register(publicPages);
}

async function payerLinkApi(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.ctx;
  const tags = ['Payer page'];
  const baseUrl = () => publicBaseUrl(config);

  for (const [kind, plural, what] of [
    ['charge', 'charges', 'a charge'],
    ['customer', 'customers', "a customer's open charges"],
  ] as const) {
    app.post(
      `/v1/${plural}/:id/payer-link`,
      {
        schema: {
          tags,
          summary: `The public payer page of ${what} (idempotent: returns the live link, or creates one)`,
          description: 'The link opens without login at /pagar/{token}. DELETE revokes it; the next POST makes a new token.',
          params: RefParams,
          response: { 200: PayerLink, ...errors },
        },
      },
      async (req, reply) => {
        const scope = scopeOf(req);
        return sendWrite(db, scope, req, reply, 200, async (tx) => {
          const { created: _created, ...link } = await ensureLink(tx, scope, kind as LinkKind, req.params.id, { baseUrl: baseUrl() });
          return link;
        });
      },
    );
    app.delete(
      `/v1/${plural}/:id/payer-link`,
      {
        schema: {
          tags,
          summary: `Revoke the payer link of ${what} (its URL answers 404 from now on)`,
          params: RefParams,
          response: { 200: PayerLink, ...errors },
        },
      },
      async (req, reply) => {
        const scope = scopeOf(req);
        return sendWrite(db, scope, req, reply, 200, (tx) =>
          revokeLink(tx, scope, kind as LinkKind, req.params.id, { baseUrl: baseUrl() }),
        );
      },
    );
  }

  app.get(
    '/v1/payer-page/settings',
    { schema: { tags, summary: "The tenant's payer-page settings", response: { 200: PayerPageSettings, ...errors } } },
    async (req) => getSettings(db, scopeOf(req)),
  );
  app.patch(
    '/v1/payer-page/settings',
    {
      schema: {
        tags,
        summary: 'Change the payer-page settings (2ª via, support e-mail and phone, instructions)',
        body: PayerPageSettingsPatch,
        response: { 200: PayerPageSettings, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => updateSettings(tx, scopeOf(req), req.body)),
  );
  app.put(
    '/v1/payer-page/logo',
    {
      schema: {
        tags,
        summary: 'Set the logo shown on the payer page (PNG or JPEG, at most 200 KB; SVG is refused)',
        body: LogoBody,
        response: { 200: PayerPageSettings, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => setLogo(tx, scopeOf(req), req.body)),
  );
  app.delete(
    '/v1/payer-page/logo',
    { schema: { tags, summary: 'Remove the logo of the payer page', response: { 200: PayerPageSettings, ...errors } } },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => deleteLogo(tx, scopeOf(req))),
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    payerNonce?: string;
  }
}

const nonceOf = (req: FastifyRequest) => (req.payerNonce ??= randomBytes(16).toString('base64'));

function securityHeaders(reply: FastifyReply, nonce: string): void {
  reply
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header(
      'content-security-policy',
      `default-src 'none'; img-src 'self' data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
}

const sendHtml = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);

async function publicPages(fastify: FastifyInstance): Promise<void> {
  const app = fastify;
  const deps: PageDeps = { db: app.ctx.db, clock: app.ctx.clock };
  const max = payerPageRateLimit();
  // Registered in this context only: every /pagar route shares one counter per IP; the rest of the
  // application is not limited by it.
  await app.register(rateLimit, { global: true, max, timeWindow: 60_000, hook: 'onRequest' });

  app.addHook('onRequest', async (req, reply) => {
    securityHeaders(reply, nonceOf(req));
  });
  // Everything that goes wrong here is a page, never the JSON envelope, and never tells what exists.
  app.setErrorHandler(async (err, req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? toApiError(err).status;
    securityHeaders(reply, nonceOf(req));
    if (status === 429) return sendHtml(reply, 429, renderMessage('too_many', nonceOf(req)));
    if (status >= 500) {
      req.log.error({ err }, 'payer page failed');
      return sendHtml(reply, 500, renderMessage('error', nonceOf(req)));
    }
    return sendHtml(reply, 404, renderMessage('not_found', nonceOf(req)));
  });
  const notFound = (req: FastifyRequest, reply: FastifyReply) => sendHtml(reply, 404, renderMessage('not_found', nonceOf(req)));
  const opts = { config: { public: true }, schema: { hide: true } };
  type TokenReq = FastifyRequest<{ Params: { token: string } }>;

  app.get('/pagar/:token', opts, async (req: TokenReq, reply) => {
    const ctx = await openLink(deps, req.params.token, req.id);
    if (!ctx) return notFound(req, reply);
    if (ctx.link.kind === 'customer') {
      const v = await customerView(deps, ctx);
      return v ? sendHtml(reply, 200, renderCustomer(v, nonceOf(req))) : notFound(req, reply);
    }
    const v = await chargeView(deps, ctx);
    return v ? sendHtml(reply, 200, renderCharge(v, nonceOf(req))) : notFound(req, reply);
  });

  app.get('/pagar/:token/boleto.pdf', opts, async (req: TokenReq, reply) => {
    const ctx = await openLink(deps, req.params.token, req.id);
    const r = ctx ? await boletoPdfOf(deps, ctx) : null;
    if (!r) return notFound(req, reply);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${r.fileName}"`).send(r.pdf);
  });

  app.get('/pagar/:token/pix.png', opts, async (req: TokenReq, reply) => {
    const ctx = await openLink(deps, req.params.token, req.id);
    const payload = ctx ? await pixOf(deps, ctx) : null;
    if (!payload) return notFound(req, reply);
    return reply.type('image/png').send(await pixQrPng(payload, { scale: 6 }));
  });

  app.get('/pagar/:token/pix-automatico.png', opts, async (req: TokenReq, reply) => {
    const ctx = await openLink(deps, req.params.token, req.id);
    const payload = ctx ? await recurrenceOfferOf(deps, ctx) : null;
    if (!payload) return notFound(req, reply);
    return reply.type('image/png').send(await pixQrPng(payload, { scale: 6 }));
  });

  app.get('/pagar/:token/recibo', opts, async (req: TokenReq, reply) => {
    const ctx = await openLink(deps, req.params.token, req.id);
    if (!ctx) return notFound(req, reply);
    const v = await receiptView(deps, ctx);
    if (!v) return sendHtml(reply, 404, renderMessage(ctx.link.kind === 'charge' ? 'receipt_not_yet' : 'not_found', nonceOf(req)));
    return sendHtml(reply, 200, renderReceipt(v, nonceOf(req)));
  });

  app.get('/pagar', opts, notFound);
  app.get('/pagar/*', opts, notFound);
}
