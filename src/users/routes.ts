import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { DomainError } from '../platform/errors.ts';
import * as S from './schemas.ts';
import * as users from './users.ts';
import * as sessions from './sessions.ts';
import * as savedFilters from './saved-filters.ts';
import * as reset from './password-reset.ts';
import { publicBaseUrl } from '../payer-page/links.ts';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleOptions } from './throttle.ts';
import { registerAuthRateLimit } from './rate-limit.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

export interface UserRoutesOptions {
  throttle?: Partial<Omit<ThrottleOptions, 'now'>>;
}

export async function userRoutes(fastify: FastifyInstance, opts: UserRoutesOptions = {}): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, ...(opts.throttle ?? {}), now: () => clock.now().getTime() });
  // Per-IP burst limit on login and the password-reset routes (rate-limit.ts), before the throttle.
  const burst = await registerAuthRateLimit(fastify);
  const secure = (req: FastifyRequest) => req.protocol === 'https' || !!config.publicUrl?.startsWith('https:');
  const sessionTags = ['Console session'];
  const tags = ['Users'];

  app.post(
    '/v1/session',
    {
      config: { public: true, ...burst },
      schema: {
        tags: sessionTags,
        summary: 'Log in to the console (sets the HTTP-only session cookie)',
        description:
          'E-mail and password of a console user. Needs the `X-Cobre-CSRF` header (any value). After 5 failures for an e-mail (20 for a client IP) ' +
          'within 15 minutes, logins are refused for 15 minutes with 429 rate_limited. More than COBRE_AUTH_RATE_LIMIT requests (default 60) from one IP ' +
          'per COBRE_AUTH_RATE_LIMIT_WINDOW_SECONDS (default 60) are also refused with 429 rate_limited and Retry-After. Not idempotent by design: a login response is never stored.',
        security: [],
        body: S.LoginBody,
        response: { 200: S.Session, ...errors, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      if (!req.headers[sessions.CSRF_HEADER]) {
        throw new DomainError('forbidden', 'Send the X-Cobre-CSRF header with the login request', [
          { field: 'X-Cobre-CSRF', issue: 'is required' },
        ]);
      }
      try {
        const { token, session } = await sessions.login(db, req.body, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
          now: clock.now(),
          throttle,
          requestId: req.id,
        });
        reply.header('set-cookie', sessions.sessionCookie(token, { secure: secure(req), maxAgeSeconds: sessions.SESSION_TTL_MS / 1000 }));
        reply.header('cache-control', 'no-store');
        return session;
      } catch (err) {
        const retry = (err as DomainError).meta?.retry_after_seconds;
        if (retry) reply.header('retry-after', String(retry));
        throw err;
      }
    },
  );

  app.get(
    '/v1/session',
    {
      schema: {
        tags: sessionTags,
        summary: 'Who is logged in, and on which data (live or sandbox)',
        response: { 200: S.Session, ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return sessions.currentSession(db, scopeOf(req));
    },
  );

  app.patch(
    '/v1/session',
    {
      schema: {
        tags: sessionTags,
        summary: 'Switch the session between live data and the sandbox (test mode)',
        body: S.SessionModeBody,
        response: { 200: S.Session, ...errors },
      },
    },
    async (req) => sessions.switchMode(db, scopeOf(req), req.body.mode),
  );

  app.delete(
    '/v1/session',
    { schema: { tags: sessionTags, summary: 'Log out (ends the session, clears the cookie)', response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await sessions.logout(db, scopeOf(req));
      reply.header('set-cookie', sessions.clearSessionCookie(secure(req)));
      return reply.code(204).send(null);
    },
  );

  // Users are the live company's, whatever the data space: test-mode keys get 403 (users.ts).
  const liveOnly =
    'Live API keys and console sessions only: a test-mode (sandbox) key gets 403 forbidden, since users belong to the live company.';

  app.get(
    '/v1/users',
    {
      schema: {
        tags,
        summary: 'List the console users of the company (admins only)',
        description: liveOnly,
        response: { 200: Type.Object({ data: Type.Array(S.User) }), ...errors },
      },
    },
    async (req) => ({
      data: await users.listUsers(db, scopeOf(req)),
    }),
  );

  app.post(
    '/v1/users',
    {
      schema: {
        tags,
        summary: 'Create a console user (admin or operator)',
        description: liveOnly,
        body: S.UserCreate,
        response: { 201: S.User, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 201, (tx) => users.createUser(tx, scopeOf(req), req.body as users.UserCreateInput)),
  );

  app.get(
    '/v1/users/:id',
    { schema: { tags, summary: 'Get a console user', description: liveOnly, params: IdParams, response: { 200: S.User, ...errors } } },
    async (req) => users.getUser(db, scopeOf(req), req.params.id),
  );

  app.patch(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user: name, e-mail, role, password, active',
        description: liveOnly,
        params: IdParams,
        body: S.UserPatch,
        response: { 200: S.User, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => users.updateUser(tx, scopeOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Delete a user (and end its sessions)',
        description: `The last active admin cannot be deleted, demoted or deactivated: 409 conflict. Its audit trail stays in the events. ${liveOnly}`,
        params: IdParams,
        response: { 200: S.User, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => users.deleteUser(tx, scopeOf(req), req.params.id)),
  );

  // Saved filters: the logged-in user's own, per console screen.
  const filterTags = ['Saved filters'];
  const userOnly =
    'Console sessions only: saved filters belong to a user, so an API key or token gets 403 forbidden. Each user sees only their own.';
  app.get(
    '/v1/saved-filters',
    {
      schema: {
        tags: filterTags,
        summary: 'List my saved filters of a console screen',
        description: userOnly,
        querystring: S.SavedFilterQuery,
        response: { 200: Type.Object({ data: Type.Array(S.SavedFilter) }), ...errors },
      },
    },
    async (req) => ({ data: await savedFilters.listSavedFilters(db, scopeOf(req), req.query.screen) }),
  );
  app.post(
    '/v1/saved-filters',
    {
      schema: {
        tags: filterTags,
        summary: 'Save the current filter of a screen under a name (the same name replaces it)',
        description: `201 when created, 200 when a filter of that name was replaced. ${userOnly}`,
        body: S.SavedFilterCreate,
        response: { 200: S.SavedFilter, 201: S.SavedFilter, ...errors },
      },
    },
    // `created` only picks the status; the response schema leaves it out of the body.
    async (req, reply) =>
      sendWrite(
        db,
        scopeOf(req),
        req,
        reply,
        (r: { created: boolean }) => (r.created ? 201 : 200),
        (tx) => savedFilters.saveFilter(tx, scopeOf(req), req.body),
      ),
  );
  app.delete(
    '/v1/saved-filters/:id',
    {
      schema: {
        tags: filterTags,
        summary: 'Delete one of my saved filters',
        description: userOnly,
        params: IdParams,
        response: { 200: S.SavedFilter, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => savedFilters.deleteSavedFilter(tx, scopeOf(req), req.params.id)),
  );

  // Password reset by a one-time link sent by e-mail (docs/reports.md#password-reset).
  const resetTags = ['Password reset'];
  // Links are built on COBRE_PUBLIC_URL (else the listening address), never on the request's
  // Host header: a forged Host would otherwise send the victim a link to the forger's site.
  const baseUrl = () => publicBaseUrl(config);
  // Its own counters: asking for links must not lock the user's login.
  const resetThrottle = new LoginThrottle({ ...DEFAULT_THROTTLE, ...(opts.throttle ?? {}), now: () => clock.now().getTime() });
  app.get(
    '/v1/password-reset',
    {
      config: { public: true },
      schema: {
        tags: resetTags,
        summary: 'Whether reset links can be sent by e-mail on this installation',
        security: [],
        response: { 200: S.PasswordResetAvailability, ...errors },
      },
    },
    async () => reset.availability(db),
  );
  app.post(
    '/v1/password-reset',
    {
      config: { public: true, ...burst },
      schema: {
        tags: resetTags,
        summary: '"Esqueci minha senha": e-mail a one-time reset link',
        description:
          'Always 202 with the same message: whether the e-mail belongs to an active user is never told. When it does and the company has an active e-mail channel, ' +
          `a link ${reset.RESET_PATH}?token=… valid for ${reset.RESET_TTL_MS / 60_000} minutes is e-mailed after the answer. After 5 requests for an e-mail (20 for a client IP) within 15 minutes, 429 rate_limited for 15 minutes; ` +
          'beyond the per-IP burst limit of login (COBRE_AUTH_RATE_LIMIT), 429 rate_limited with Retry-After.',
        security: [],
        body: S.PasswordResetRequest,
        response: { 202: S.PasswordResetRequested, ...errors, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      const email = req.body.email.trim().toLowerCase();
      const locked = resetThrottle.lockedFor(email, req.ip);
      if (locked) {
        reply.header('retry-after', String(Math.ceil(locked.ms / 1000)));
        throw new DomainError('rate_limited', 'Too many attempts: try again later', [], {
          retry_after_seconds: Math.ceil(locked.ms / 1000),
        });
      }
      // Every request counts, so that one address cannot be flooded with links.
      resetThrottle.fail(email, req.ip);
      const mail = await reset.requestReset(db, email, { now: clock.now(), baseUrl: baseUrl(), requestId: req.id });
      if (mail) {
        // After the answer: its content and timing are the same whether or not a mail goes out.
        setImmediate(() => reset.sendResetMail(db, mail).catch((err) => req.log.error({ err }, 'password reset e-mail failed')));
      }
      reply.header('cache-control', 'no-store');
      return reply.code(202).send({ message: reset.REQUESTED_MESSAGE });
    },
  );
  app.post(
    '/v1/password-reset/confirm',
    {
      config: { public: true, ...burst },
      schema: {
        tags: resetTags,
        summary: 'Set a new password from a reset link (ends all the user’s sessions)',
        description:
          'The link works once and until it expires; otherwise 400 invalid_token. The password follows the rules of user creation. ' +
          'Beyond the per-IP burst limit of login (COBRE_AUTH_RATE_LIMIT), 429 rate_limited with Retry-After.',
        security: [],
        body: S.PasswordResetConfirm,
        response: { 200: S.PasswordResetDone, ...errors, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      const done = await reset.confirmReset(db, req.body, { now: clock.now(), requestId: req.id });
      // Whatever session this browser had is over too.
      reply.header('set-cookie', sessions.clearSessionCookie(secure(req)));
      reply.header('cache-control', 'no-store');
      return done;
    },
  );
  app.post(
    '/v1/users/:id/password-reset',
    {
      schema: {
        tags,
        summary: 'E-mail a user a one-time password reset link (admins only)',
        description: `409 conflict when the company has no active e-mail channel or the user is deactivated; 503 when the e-mail server refuses. ${liveOnly}`,
        params: IdParams,
        response: { 200: S.PasswordResetSent, ...errors, 503: ErrorSchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const { mail, expiresAt } = await db.transaction((tx) => reset.adminRequestReset(tx, scope, req.params.id, baseUrl()));
      await reset.sendResetMail(db, mail);
      return { sent_to: mail.to, expires_at: expiresAt.toISOString() };
    },
  );
}
