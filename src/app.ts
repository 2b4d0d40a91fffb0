import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from './platform/db/types.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { loadConfig, type Config } from './platform/config.ts';
import { isUuid, uuidv7 } from './platform/ids.ts';
import { clientErrorResponse, ErrorFormats, sendApiError, toApiError, writeApiError } from './platform/http/api-error.ts';
import { emptyTolerantJsonParser, NUL_ISSUE, nulDetails, validatorCompiler } from './platform/http/validation.ts';
import { errorSchemaOf, withPlatformErrors, type RouteShape } from './platform/http/common-schemas.ts';
import { createMetrics } from './platform/metrics.ts';
import { DomainError } from './platform/errors.ts';
import { makeAuthenticator, scopeFor, type Authenticator } from './tenants/authenticate.ts';
import { healthRoutes } from './platform/http/health-routes.ts';
import { authenticateSession } from './users/sessions.ts';
import { userRoutes } from './users/routes.ts';
import { consoleRoutes } from './console/routes.ts';
import { tenantRoutes } from './tenants/routes.ts';
import { customerRoutes } from './customers/routes.ts';
import { chargeRoutes } from './charges/routes.ts';
import { billingRunRoutes } from './billing/runs/routes.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { contractRoutes } from './contracts/routes.ts';
import { usageRoutes } from './usage/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { dezworkRoutes } from './compat/dezwork/routes.ts';
import { toconlineRoutes } from './compat/toconline/routes.ts';
import helmet from '@fastify/helmet';
import { hostMountRewriter } from './platform/http/host-mount.ts';
import { operationIdFor } from './platform/http/operation-id.ts';
import { shareTitledSchemas } from './platform/http/openapi-components.ts';
import { oauthRoutes } from './tenants/oauth-routes.ts';
import { modulo12Routes } from './compat/modulo12/routes.ts';
import { paymentRuleRoutes } from './payment-rules/routes.ts';
import { crmRoutes } from './compat/crm/routes.ts';
import { collectionAccountRoutes } from './boleto/accounts/routes.ts';
import { bankFileRoutes } from './bank-files/routes.ts';
import { boletoRoutes } from './boleto/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { registerNotificationHooks } from './notifications/index.ts';
import { payerPageRoutes } from './payer-page/routes.ts';
import { pspRoutes } from './psp/routes.ts';
import { registerPspHooks } from './psp/index.ts';
import { reportRoutes } from './reports/routes.ts';

export interface AppDeps {
  db: Db;
  clock?: Clock;
  config?: Partial<Config>;
  logger?: boolean | object;
}

export interface AppContext {
  db: Db;
  clock: Clock;
  config: Config;
  authenticate: Authenticator;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyContextConfig {
    /** The API key may come as `Account-Token: <key>` (the Dezwork SDK's header) when there is no Authorization header. */
    acceptAccountToken?: boolean;
  }
}

export type App = FastifyInstance;

const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;
/** Path segments longer than this are refused with 414; shorter ones reach validation (named 400s). */
const MAX_PARAM_LENGTH = 1024;

export async function buildApp(deps: AppDeps): Promise<App> {
  const config = { ...loadConfig(), ...(deps.config ?? {}) };
  const clock = deps.clock ?? systemClock;
  const errorFormats = new ErrorFormats();
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    // A hop count is a function for Fastify's types: trust the nearest n proxies.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (n) => (_addr: string, hop: number) =>
              hop < n
          )(config.trustProxy)
        : config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : uuidv7();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // COBRE_COMPAT_HOSTS: a host that serves one compatibility dialect at its root.
    rewriteUrl: hostMountRewriter(config.compatHosts, { trustForwardedHost: config.trustProxy !== false }),
    ajv: { customOptions: { removeAdditional: false } },
    // Errors Fastify raises before a route is matched (bad percent-encoding, an over-long path
    // segment) and requests Node's parser refuses come in the envelope too.
    frameworkErrors: (err, req, reply) => writeApiError(toApiError(err), req, reply, errorFormats.forRequest(req)),
    clientErrorHandler: (err, socket) => {
      if ((err as { code?: string }).code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(clientErrorResponse(err as { code?: string }, uuidv7()));
      socket.destroy(err);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  const authenticate = makeAuthenticator(deps.db, { cacheSeconds: config.authCacheSeconds, now: () => clock.now().getTime() });
  app.decorate('ctx', { db: deps.db, clock, config, authenticate });
  app.decorateRequest('scope', null);

  // Security headers on every response (nosniff, frame and referrer policies, HSTS behind TLS…). The
  // console and the payer's page set their own Content-Security-Policy; /docs (Swagger UI) needs its
  // inline scripts, and a JSON answer needs none, so helmet's CSP stays off. First of the hooks, so
  // a request refused early (401) gets them too.
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  const metrics = createMetrics(deps.db);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // JSON:API forbids parameters on its media type; Fastify appends a charset to every JSON type
  // (TOConline errors raised before routing set it through their renderer).
  app.addHook('onSend', async (_req, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/vnd.api+json;')) reply.header('content-type', 'application/vnd.api+json');
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  // Authentication: every route needs a bearer credential unless its config says public. It runs
  // on request, before the body is read or anything is validated: without credentials, a 401.
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public || !req.routeOptions.url) return;
    let header = req.headers.authorization;
    // A dialect whose product's clients send the key as `Account-Token: <key>` (Dezwork) says so in its route config.
    const accountToken = req.headers['account-token'];
    if (header === undefined && req.routeOptions.config?.acceptAccountToken && typeof accountToken === 'string')
      header = `Bearer ${accountToken}`;
    // The console: without an Authorization header, a session cookie (and, on writes, X-Cobre-CSRF).
    if (header === undefined) {
      const session = await authenticateSession(deps.db, req, clock.now());
      if (session) {
        req.scope = session;
        return;
      }
    }
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new DomainError('unauthorized', 'Missing credentials: send Authorization: Bearer <API key or token>');
    const cred = await authenticate(match[1]);
    if (!cred) throw new DomainError('unauthorized', 'Invalid, expired or revoked credentials');
    req.scope = scopeFor(cred, clock.now(), req.id);
  });

  // NUL (U+0000) anywhere in the request: PostgreSQL cannot store it, so it is refused here,
  // once for every route, naming the field (the route's format renders it like any 400).
  app.addHook('preValidation', async (req) => {
    const details = nulDetails(req);
    if (details.length)
      throw new DomainError('validation_failed', `The request is invalid: ${details.map((d) => d.field).join(', ')} ${NUL_ISSUE}`, details);
  });

  app.setErrorHandler(async (err, req, reply) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) req.log.error({ err }, 'request failed');
    return sendApiError(apiError, req, reply, errorFormats.forRequest(req));
  });
  app.setNotFoundHandler(async (req, reply) => {
    const apiError = { status: 404, code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: [] };
    return sendApiError(apiError, req, reply, errorFormats.forRequest(req));
  });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
    // A dialect's catch-all (`/<prefix>/*` with its renderError) gives its prefix's error format.
    if (route.url.endsWith('/*') && route.url !== '/*' && route.config?.renderError)
      errorFormats.addPrefix(route.url.slice(0, -2), route.config.renderError);
    errorSchemaOf(route as RouteShape); // fails at startup when a dialect route documents no error
  });

  // JSON (and form-encoded for the OAuth token endpoint) only: a text/plain body is a 415, not a string.
  // An empty body with a JSON content type is no body (DELETE and bodiless POSTs from curl-style clients).
  app.removeContentTypeParser('text/plain');
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    emptyTolerantJsonParser(defaultJson as Parameters<typeof emptyTolerantJsonParser>[0]),
  );
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cobre API',
        version: '1.0.0',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
        description:
          'Billing automation: customers, services, contracts, consumption, charges, boletos and PIX. ' +
          'Authenticate with `Authorization: Bearer <API key>` (or an OAuth2 token from `POST /oauth/token`). ' +
          'Every POST accepts an `Idempotency-Key` header. Errors use the envelope ' +
          '`{"error":{"code","message","details":[{"field","issue"}],"request_id"}}` (a compatibility API, under its prefix, its own format). ' +
          'Text values anywhere in a request (path, query, headers, body) must not contain the NUL character (U+0000).',
      },
      // Relative: the document describes the server it is read from (behind any proxy or host).
      servers: [{ url: '/', description: 'This Cobre' }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    // Every operation documents the errors the platform can answer on it (see withPlatformErrors).
    // Each operation gets a stable operationId from its method and path unless it names its own.
    transform: ({ schema, url, route }) => {
      const documented = withPlatformErrors({ method: route.method, url, schema, config: route.config } as RouteShape) as typeof schema;
      const method = ([] as string[]).concat(route.method)[0];
      return { schema: documented && !documented.hide ? { operationId: operationIdFor(method, url), ...documented } : documented, url };
    },
    // Titled schemas (error envelopes, main resources) are written once, under components, and referenced.
    transformObject: (documentObject) =>
      'openapiObject' in documentObject ? shareTitledSchemas(documentObject.openapiObject) : documentObject.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { metrics });
  await app.register(tenantRoutes);
  // OAuth at /oauth/... and where TOConline's client programs look for it.
  await app.register(oauthRoutes, { prefixes: ['/toconline'] });
  await app.register(customerRoutes);
  await app.register(chargeRoutes);
  await app.register(billingRunRoutes);
  await app.register(catalogRoutes);
  await app.register(contractRoutes);
  await app.register(usageRoutes);
  await app.register(importRoutes);
  await app.register(dezworkRoutes);
  await app.register(toconlineRoutes);
  await app.register(modulo12Routes);
  await app.register(paymentRuleRoutes);
  await app.register(crmRoutes);
  await app.register(boletoRoutes);
  await app.register(collectionAccountRoutes);
  await app.register(bankFileRoutes);
  await app.register(webhookRoutes);
  registerNotificationHooks();
  await app.register(notificationRoutes);
  await app.register(payerPageRoutes);
  registerPspHooks();
  await app.register(pspRoutes);
  await app.register(userRoutes);
  await app.register(reportRoutes);
  // The web console at '/' (static files with an SPA fallback that never shadows the API).
  await app.register(consoleRoutes);
  return app;
}

export { isUuid };
