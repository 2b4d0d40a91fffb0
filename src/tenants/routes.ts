import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { DomainError } from '../platform/errors.ts';
import * as tenants from './tenants.ts';
import * as S from './schemas.ts';

export async function tenantRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.ctx;
  const tags = ['Tenant and credentials'];

  app.get(
    '/v1/tenant',
    { schema: { tags, summary: 'The current tenant (company)', response: { 200: S.TenantSchema, 401: ErrorSchema } } },
    async (req) => tenants.getTenant(db, scopeOf(req).accountId),
  );

  app.patch(
    '/v1/tenant',
    {
      schema: {
        tags,
        summary: 'Update the tenant: legal name, document, technical contact',
        description: 'Live API keys and console sessions only (a test-mode key gets 403).',
        body: S.TenantPatchSchema,
        response: { 200: S.TenantSchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req, reply) => {
      // The tenant row is the live company's: a sandbox (test-mode) key must not rewrite it.
      const scope = scopeOf(req);
      if (scope.mode === 'test' && scope.actor.type !== 'user')
        throw new DomainError('forbidden', "Test-mode keys cannot change the company's settings; use a live key");
      return sendWrite(db, scope, req, reply, 200, (tx) => tenants.updateTenant(tx, scope, req.body));
    },
  );

  app.get(
    '/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'List API keys (secrets are never shown again)',
        response: { 200: Type.Object({ data: Type.Array(S.ApiKeySchema) }), 403: ErrorSchema },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const keys = await tenants.listApiKeys(db, scope);
      return { data: scope.mode === 'test' ? keys.filter((k) => k.mode === 'test') : keys };
    },
  );

  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; its secret is returned once',
        body: S.ApiKeyCreateSchema,
        response: { 201: S.CreatedApiKeySchema, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => tenants.createApiKey(tx, scopeOf(req), req.body ?? {})),
  );

  const revoke = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const result = await sendWrite(db, scopeOf(req), req, reply, 200, (tx) => tenants.revokeApiKey(tx, scopeOf(req), req.params.id));
    app.ctx.authenticate.invalidate(req.params.id);
    return result;
  };
  app.post(
    '/v1/api-keys/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an API key (and its OAuth tokens)',
        params: IdParams,
        response: { 200: S.ApiKeySchema, 404: ErrorSchema },
      },
    },
    revoke,
  );
  app.delete(
    '/v1/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key (same as POST …/revoke)',
        params: IdParams,
        response: { 200: S.ApiKeySchema, 404: ErrorSchema },
      },
    },
    revoke,
  );

  app.post(
    '/v1/sandbox/reset',
    {
      schema: {
        tags,
        summary: 'Erase every test-mode (sandbox) record of the tenant',
        description: 'Live data is never touched. Works with a live or a test key of the tenant.',
        response: { 200: Type.Object({ sandbox_id: Type.String(), reset_at: Type.String({ format: 'date-time' }) }) },
      },
    },
    async (req) => {
      const result = await tenants.resetSandbox(db, scopeOf(req).accountId);
      return { sandbox_id: result.sandbox_id, reset_at: app.ctx.clock.now().toISOString() };
    },
  );
}
