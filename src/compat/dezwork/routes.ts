// The Dezwork customer API (seed 004) under /dezwork, over Cobre's customers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../app.ts';
import { DomainError } from '../../platform/errors.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import type { Tx } from '../../platform/db/types.ts';
import type { Scope } from '../../platform/scope.ts';
import * as customers from '../../customers/customers.ts';
import { setCustomerPassword } from '../../customers/customer-password.ts';
import { checkCustomerCreate, checkCustomerPatch } from '../../customers/check-input.ts';
import { presentClient, readClient, toCreate, toPatch, type MappedClient } from './mapping.ts';
import { addressIndexOf, renderDezworkError } from './errors.ts';
import { DezworkClientBody, DezworkClientEnvelope, DezworkError, DezworkListEnvelope } from './schemas.ts';

export const DEZWORK_PAGE_SIZE = 50;

const errors = { 400: DezworkError, 401: DezworkError, 403: DezworkError, 404: DezworkError, 409: DezworkError, 413: DezworkError, 415: DezworkError, 422: DezworkError, 500: DezworkError };
const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'The client id (integer)' }) });

/** Dezwork ids are integers (the customer's per-tenant number). */
function clientRef(raw: string | number | null | undefined, field = 'id'): string {
  const s = typeof raw === 'number' ? String(raw) : (raw ?? '').trim();
  if (s === '') throw new DomainError('validation_failed', `${field} is required`, [{ field, issue: 'is required' }]);
  if (!/^[1-9]\d{0,14}$/.test(s)) throw new DomainError('validation_failed', `${field} must be a positive integer`, [{ field, issue: 'must be a positive integer' }]);
  return s;
}

function rememberAddressIndex(req: FastifyRequest, m: MappedClient): void {
  addressIndexOf.set(req, m.addresses.map((a) => a.index));
}

export async function dezworkRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(
    async (sub) => {
      const app = sub.withTypeProvider<TypeBoxTypeProvider>();
      const { db, clock } = app.ctx;
      const today = () => ({ today: clock.today() });
      const tags = ['Compat: Dezwork'];
      const config = { renderError: renderDezworkError };
      const one = (c: Parameters<typeof presentClient>[0]) => ({ success: true, data: { client: presentClient(c) } });

      // Unknown paths under /dezwork answer in Dezwork's envelope (a wildcard beats the console's catch-all GET).
      sub.route({
        method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        url: '/*',
        config: { public: true, renderError: renderDezworkError },
        schema: { hide: true },
        handler: async (req) => {
          throw new DomainError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`);
        },
      });

      async function writeClient(tx: Tx, scope: Scope, req: FastifyRequest, body: DezworkClientBody, ref?: string) {
        const m = readClient(body);
        rememberAddressIndex(req, m);
        const saved = ref
          ? await customers.updateCustomer(tx, scope, ref, checkCustomerPatch(toPatch(m, await customers.getCustomer(tx, scope, ref))), today())
          : await customers.createCustomer(tx, scope, checkCustomerCreate(toCreate(m)), today());
        if (m.password !== undefined) await setCustomerPassword(tx, scope, saved.id, m.password);
        return one(saved);
      }

      app.post(
        '/v1/clientes',
        {
          config,
          schema: {
            tags,
            summary: 'Adicionar cliente (PF/PJ)',
            description: 'PF needs birthDate and gender; PJ needs tradingName and stateRegister. The password is stored as a scrypt hash and never returned.',
            body: DezworkClientBody,
            response: { 201: DezworkClientEnvelope, ...errors },
          },
        },
        async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => writeClient(tx, scopeOf(req), req, req.body)),
      );

      app.put(
        '/v1/clientes',
        {
          config,
          schema: {
            tags,
            summary: 'Atualizar cliente (id no corpo)',
            description: 'Same parameters as the creation plus id. Addresses sent with their id are kept, without id added, left out removed.',
            body: DezworkClientBody,
            response: { 200: DezworkClientEnvelope, ...errors },
          },
        },
        async (req, reply) => {
          const ref = clientRef(req.body.id ?? undefined);
          return sendWrite(db, scopeOf(req), req, reply, 200, (tx) => writeClient(tx, scopeOf(req), req, req.body, ref));
        },
      );

      app.get(
        '/v1/clientes/pagina/:page',
        {
          config,
          schema: {
            tags,
            summary: `Consultar clientes (${DEZWORK_PAGE_SIZE} por página, em ordem de id)`,
            params: Type.Object({ page: Type.String({ maxLength: 10, description: 'Page number, 1, 2, 3 …' }) }),
            response: { 200: DezworkListEnvelope, ...errors },
          },
        },
        async (req) => {
          const raw = req.params.page;
          if (!/^[1-9]\d{0,5}$/.test(raw)) throw new DomainError('validation_failed', 'page must be a positive integer', [{ field: 'pagina', issue: 'must be a positive integer' }]);
          const page = await customers.listCustomers(db, scopeOf(req), { page: Number(raw), page_size: DEZWORK_PAGE_SIZE, sort: [{ field: 'number', direction: 'asc' }] });
          return { success: true, data: { clients: page.data.map((c) => presentClient(c, 'birthdate')) } };
        },
      );

      app.get(
        '/v1/clientes/:id',
        { config, schema: { tags, summary: 'Consultar cliente por ID', params: IdParams, response: { 200: DezworkClientEnvelope, ...errors } } },
        async (req) => one(await customers.getCustomer(db, scopeOf(req), clientRef(req.params.id))),
      );

      app.delete(
        '/v1/clientes/:id',
        {
          config,
          schema: {
            tags,
            summary: 'Excluir cliente (returns it; one with financial history is deactivated instead)',
            params: IdParams,
            response: { 200: DezworkClientEnvelope, ...errors },
          },
        },
        async (req, reply) => {
          const ref = clientRef(req.params.id);
          return sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => {
            try {
              return one(await customers.deleteCustomer(tx, scopeOf(req), ref));
            } catch (err) {
              // Financial history is never removed: the domain refuses, and the client is deactivated.
              if (err instanceof DomainError && err.code === 'customer_has_history') return one(await customers.setCustomerActive(tx, scopeOf(req), ref, false));
              throw err;
            }
          });
        },
      );
    },
    { prefix: '/dezwork' },
  );
}
