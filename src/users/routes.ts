import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../app.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { DomainError } from '../platform/errors.ts';
import * as S from './schemas.ts';
import * as users from './users.ts';
import * as sessions from './sessions.ts';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleOptions } from './throttle.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

export interface UserRoutesOptions {
  throttle?: Partial<Omit<ThrottleOptions, 'now'>>;
}

export async function userRoutes(fastify: FastifyInstance, opts: UserRoutesOptions = {}): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, ...(opts.throttle ?? {}), now: () => clock.now().getTime() });
  const secure = (req: FastifyRequest) => req.protocol === 'https' || !!config.publicUrl?.startsWith('https:');
  const sessionTags = ['Console session'];
  const tags = ['Users'];

  app.post(
    '/v1/session',
    {
      config: { public: true },
      schema: {
        tags: sessionTags,
        summary: 'Log in to the console (sets the HTTP-only session cookie)',
        description:
          'E-mail and password of a console user. Needs the `X-Cobre-CSRF` header (any value). After 5 failures for an e-mail (20 for a client IP) ' +
          'within 15 minutes, logins are refused for 15 minutes with 429 rate_limited. Not idempotent by design: a login response is never stored.',
        security: [],
        body: S.LoginBody,
        response: { 200: S.Session, ...errors, 429: ErrorSchema },
      },
    },
    async (req, reply) => {
      if (!req.headers[sessions.CSRF_HEADER]) {
        throw new DomainError('forbidden', 'Send the X-Cobre-CSRF header with the login request', [{ field: 'X-Cobre-CSRF', issue: 'is required' }]);
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

  app.get('/v1/session', { schema: { tags: sessionTags, summary: 'Who is logged in, and on which data (live or sandbox)', response: { 200: S.Session, ...errors } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return sessions.currentSession(db, scopeOf(req));
  });

  app.patch(
    '/v1/session',
    { schema: { tags: sessionTags, summary: 'Switch the session between live data and the sandbox (test mode)', body: S.SessionModeBody, response: { 200: S.Session, ...errors } } },
    async (req) => sessions.switchMode(db, scopeOf(req), req.body.mode),
  );

  app.delete('/v1/session', { schema: { tags: sessionTags, summary: 'Log out (ends the session, clears the cookie)', response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await sessions.logout(db, scopeOf(req));
    reply.header('set-cookie', sessions.clearSessionCookie(secure(req)));
    return reply.code(204).send(null);
  });

  // Users are the live company's, whatever the data space: test-mode keys get 403 (users.ts).
  const liveOnly = 'Live API keys and console sessions only: a test-mode (sandbox) key gets 403 forbidden, since users belong to the live company.';

  app.get('/v1/users', { schema: { tags, summary: 'List the console users of the company (admins only)', description: liveOnly, response: { 200: Type.Object({ data: Type.Array(S.User) }), ...errors } } }, async (req) => ({
    data: await users.listUsers(db, scopeOf(req)),
  }));

  app.post(
    '/v1/users',
    { schema: { tags, summary: 'Create a console user (admin or operator)', description: liveOnly, body: S.UserCreate, response: { 201: S.User, ...errors } } },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => users.createUser(tx, scopeOf(req), req.body as users.UserCreateInput)),
  );

  app.get('/v1/users/:id', { schema: { tags, summary: 'Get a console user', description: liveOnly, params: IdParams, response: { 200: S.User, ...errors } } }, async (req) =>
    users.getUser(db, scopeOf(req), req.params.id),
  );

  app.patch(
    '/v1/users/:id',
    { schema: { tags, summary: 'Change a user: name, e-mail, role, password, active', description: liveOnly, params: IdParams, body: S.UserPatch, response: { 200: S.User, ...errors } } },
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
}
