// The OAuth 2.0 endpoints (authorization and token), at `/oauth/...` and under each dialect prefix
// given (e.g. `/toconline/oauth/...`, where TOConline's client programs look for them), and the
// management of OAuth applications at /v1/oauth-clients.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { DomainError } from '../platform/errors.ts';
import type { ErrorRenderer } from '../platform/http/api-error.ts';
import { authorize, issueToken, type TokenRequest } from './oauth.ts';
import * as clients from './oauth-clients.ts';
import * as S from './schemas.ts';

const RFC_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
]);

/**
 * RFC 6749 §5.2: `{error, error_description}`; anything else the platform raises is an invalid_request.
 * A client that authenticated with HTTP Basic and failed is told that scheme again.
 */
const oauthErrorRenderer: ErrorRenderer = (err, req, reply) => {
  if (err.status === 401 && /^Basic\s/i.test(req.headers.authorization ?? ''))
    reply.header('www-authenticate', 'Basic realm="cobre", charset="UTF-8"');
  return {
    error:
      err.status >= 500 ? 'server_error' : RFC_ERRORS.has(err.code) ? err.code : err.status === 401 ? 'invalid_client' : 'invalid_request',
    error_description: err.message,
  };
};

export async function oauthRoutes(fastify: FastifyInstance, opts: { prefixes?: string[] } = {}): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const tags = ['OAuth'];

  const token = async (req: FastifyRequest<{ Body: Record<string, unknown> | undefined }>, reply: FastifyReply) => {
    const body: TokenRequest = {};
    for (const k of ['grant_type', 'client_id', 'client_secret', 'code', 'redirect_uri', 'code_verifier', 'refresh_token'] as const) {
      const v = req.body?.[k];
      if (typeof v === 'string') body[k] = v;
    }
    // RFC 6749 §2.3.1: HTTP Basic with the form-encoded id and secret; the body's win when both come.
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const [id, secret] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
      body.client_id ??= safeDecode(id);
      body.client_secret ??= safeDecode(secret);
    }
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
    const result = await db.transaction((tx) =>
      issueToken(tx, body, { ttlSeconds: config.oauthTokenTtlSeconds, refreshTtlSeconds: config.oauthRefreshTtlSeconds, now: clock.now() }),
    );
    // A refusal whose effect must stay (a replayed refresh token revokes its grant) comes back committed.
    if (result instanceof DomainError) throw result;
    return result;
  };

  const authorization = async (req: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const text = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : undefined);
    const location = await db.transaction((tx) =>
      authorize(
        tx,
        {
          client_id: text('client_id'),
          redirect_uri: text('redirect_uri'),
          response_type: text('response_type'),
          state: text('state'),
          code_challenge: text('code_challenge'),
          code_challenge_method: text('code_challenge_method'),
        },
        clock.now(),
      ),
    );
    reply.header('cache-control', 'no-store');
    return reply.redirect(location, 302);
  };

  for (const prefix of ['', ...(opts.prefixes ?? [])]) {
    const hide = prefix !== '';
    const config = { public: true, renderError: oauthErrorRenderer };
    app.post(
      `${prefix}/oauth/token`,
      {
        config,
        schema: {
          hide,
          tags,
          summary: 'OAuth 2.0 token endpoint (client_credentials, authorization_code, refresh_token)',
          description:
            'Form-encoded (or JSON); client credentials in HTTP Basic or in the body. ' +
            'client_credentials: client_id = an API key id, client_secret = the API key; the token acts as the key (answer with `scope` = its mode). ' +
            'authorization_code: an OAuth application exchanges the code from the authorization endpoint (PKCE verified when a code_challenge was sent); refresh_token: a refresh token for new tokens. ' +
            'Both answer exactly `access_token`, `expires_in`, `refresh_token`, `token_type`. Refresh tokens rotate: a used one returned again revokes its grant. ' +
            `Also served under ${
              ['', ...(opts.prefixes ?? [])]
                .filter(Boolean)
                .map((p) => p + '/oauth/token')
                .join(', ') || 'no other path'
            }.`,
          security: [],
          body: S.TokenRequestSchema,
          response: { 200: S.TokenResponseSchema, 400: S.OAuthErrorSchema, 401: S.OAuthErrorSchema },
        },
      },
      token as never,
    );
    for (const path of ['/oauth/auth', '/oauth/authorize']) {
      app.get(
        `${prefix}${path}`,
        {
          config,
          schema: {
            hide: hide || path !== '/oauth/auth',
            tags,
            summary: 'OAuth 2.0 authorization endpoint (authorization code, for OAuth applications)',
            description:
              'For an application the company registered in the console (Configurações → Integrações), which is its consent: answers at once `302` to ' +
              '`redirect_uri?code=…[&state=…]` (a code for ten minutes, single use), as the source products do for their registered clients. ' +
              'With registered redirect URIs, redirect_uri must be one of them (optional when there is exactly one). An unknown client or a redirect URI ' +
              'that is not allowed gets a 400 and no redirect (RFC 6749 §4.1.2.1); other errors go back to the redirect URI as `error=`. Also at /oauth/authorize.',
            security: [],
            querystring: S.AuthorizationQuerySchema,
            response: {
              302: Type.Null({ description: 'Location: the redirect URI with code (or error) and state' }),
              400: S.OAuthErrorSchema,
            },
          },
        },
        authorization as never,
      );
    }
  }

  // ---- OAuth applications ----
  const ctags = ['OAuth'];
  app.get(
    '/v1/oauth-clients',
    {
      schema: {
        tags: ctags,
        summary: 'List the OAuth applications the company let in (secrets are never shown again)',
        response: { 200: Type.Object({ data: Type.Array(S.OAuthClientSchema) }), 403: ErrorSchema },
      },
    },
    async (req) => ({ data: await clients.listOAuthClients(db, scopeOf(req)) }),
  );
  app.post(
    '/v1/oauth-clients',
    {
      schema: {
        tags: ctags,
        summary:
          'Register an OAuth application: the consent that binds it to the company and to live data or the sandbox; its secret is returned once',
        body: S.OAuthClientCreateSchema,
        response: { 201: S.CreatedOAuthClientSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => clients.createOAuthClient(tx, scopeOf(req), req.body)),
  );
  app.get(
    '/v1/oauth-clients/:id',
    {
      schema: {
        tags: ctags,
        summary: 'Get an OAuth application',
        params: IdParams,
        response: { 200: S.OAuthClientSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => clients.getOAuthClient(db, scopeOf(req), req.params.id),
  );
  const revoke = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const result = await sendWrite(db, scopeOf(req), req, reply, 200, (tx) => clients.revokeOAuthClient(tx, scopeOf(req), req.params.id));
    app.ctx.authenticate.invalidate(req.params.id);
    return result;
  };
  const revokeSchema = { tags: ctags, params: IdParams, response: { 200: S.OAuthClientSchema, 403: ErrorSchema, 404: ErrorSchema } };
  app.post(
    '/v1/oauth-clients/:id/revoke',
    { schema: { ...revokeSchema, summary: 'Revoke an OAuth application: its codes, refresh tokens and access tokens stop working' } },
    revoke as never,
  );
  app.delete(
    '/v1/oauth-clients/:id',
    { schema: { ...revokeSchema, summary: 'Revoke an OAuth application (same as POST …/revoke)' } },
    revoke as never,
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
