// The Dezwork customer API (seed 004) under /dezwork, over Cobre's customers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../platform/http/request-scope.ts';
import { DomainError } from '../../platform/errors.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import type { Tx } from '../../platform/db/types.ts';
import type { Scope } from '../../platform/scope.ts';
import * as customers from '../../customers/customers.ts';
import {
  addCustomerAddress,
  getCustomerAddress,
  removeCustomerAddress,
  updateCustomerAddress,
  type CustomerAddress,
} from '../../customers/customer-contacts.ts';
import { setCustomerPassword } from '../../customers/customer-password.ts';
import { checkCustomerCreate, checkCustomerPatch } from '../../customers/check-input.ts';
import {
  presentAddress,
  presentClient,
  readAddressCreate,
  readAddressUpdate,
  readClient,
  readClientUpdate,
  toCreate,
  type MappedClient,
} from './mapping.ts';
import { addressIndexOf, addressResource, renderDezworkError } from './errors.ts';
import {
  DezworkAddressBody,
  DezworkAddressEnvelope,
  DezworkAddressListEnvelope,
  DezworkClientBody,
  DezworkClientEnvelope,
  DezworkError,
  DezworkListEnvelope,
} from './schemas.ts';

export const DEZWORK_PAGE_SIZE = 50;

const errors = {
  400: DezworkError,
  401: DezworkError,
  403: DezworkError,
  404: DezworkError,
  409: DezworkError,
  413: DezworkError,
  415: DezworkError,
  422: DezworkError,
  500: DezworkError,
};
const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'The client id (integer)' }) });
const AddressIdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'The address id (integer)' }) });

/** Dezwork ids are integers (the customer's per-tenant number). */
function clientRef(raw: string | number | null | undefined, field = 'id'): string {
  const s = typeof raw === 'number' ? String(raw) : (raw ?? '').trim();
  if (s === '') throw new DomainError('validation_failed', `${field} is required`, [{ field, issue: 'is required' }]);
  if (!/^[1-9]\d{0,14}$/.test(s))
    throw new DomainError('validation_failed', `${field} must be a positive integer`, [{ field, issue: 'must be a positive integer' }]);
  return s;
}

/** Address ids are integers too (the address's per-tenant number). */
function addressRef(raw: string): string {
  return clientRef(raw);
}

function rememberAddressIndex(req: FastifyRequest, m: MappedClient): void {
  addressIndexOf.set(
    req,
    m.addresses.map((a) => a.index),
  );
}

export async function dezworkRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(
    async (sub) => {
      const app = sub.withTypeProvider<TypeBoxTypeProvider>();
      const { db, clock } = app.ctx;
      const today = () => ({ today: clock.today() });
      const tags = ['Compat: Dezwork'];
      // The SDK sends the key as `Account-Token: <key>` (branvo/ebranvo-php-sdk src/EbranvoSdk.php); Authorization: Bearer works too.
      const config = { renderError: renderDezworkError, acceptAccountToken: true };
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

      async function createClient(tx: Tx, scope: Scope, req: FastifyRequest, body: DezworkClientBody) {
        const m = readClient(body);
        rememberAddressIndex(req, m);
        const saved = await customers.createCustomer(tx, scope, checkCustomerCreate(toCreate(m)), today());
        if (m.password !== undefined) await setCustomerPassword(tx, scope, saved.id, m.password);
        return one(saved);
      }

      async function updateClient(tx: Tx, scope: Scope, req: FastifyRequest, body: DezworkClientBody, ref: string) {
        const u = readClientUpdate(body, await customers.getCustomer(tx, scope, ref));
        addressIndexOf.set(req, u.addressIndex);
        const saved = Object.keys(u.patch).length
          ? await customers.updateCustomer(tx, scope, ref, checkCustomerPatch(u.patch), today())
          : await customers.getCustomer(tx, scope, ref);
        if (u.password !== undefined) await setCustomerPassword(tx, scope, saved.id, u.password);
        return one(saved);
      }

      app.post(
        '/v1/clientes',
        {
          config,
          schema: {
            tags,
            summary: 'Adicionar cliente (PF/PJ)',
            description:
              'PF needs birthDate and gender; PJ needs tradingName and stateRegister. The password is stored as a scrypt hash and never returned.',
            body: DezworkClientBody,
            response: { 201: DezworkClientEnvelope, ...errors },
          },
        },
        async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => createClient(tx, scopeOf(req), req, req.body)),
      );

      app.put(
        '/v1/clientes',
        {
          config,
          schema: {
            tags,
            summary: 'Atualizar cliente (id no corpo; só os parâmetros enviados mudam)',
            description:
              'id plus any of the creation parameters: those left out keep their values (`{"id": 1, "active": false}` only deactivates). A required parameter sent empty is EPT. ' +
              'addresses, when sent, is the whole list: addresses sent with their id are kept, without id added, left out removed.',
            body: DezworkClientBody,
            response: { 200: DezworkClientEnvelope, ...errors },
          },
        },
        async (req, reply) => {
          const ref = clientRef(req.body.id ?? undefined);
          return sendWrite(db, scopeOf(req), req, reply, 200, (tx) => updateClient(tx, scopeOf(req), req, req.body, ref));
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
          if (!/^[1-9]\d{0,5}$/.test(raw))
            throw new DomainError('validation_failed', 'page must be a positive integer', [
              { field: 'pagina', issue: 'must be a positive integer' },
            ]);
          const page = await customers.listCustomers(db, scopeOf(req), {
            page: Number(raw),
            page_size: DEZWORK_PAGE_SIZE,
            sort: [{ field: 'number', direction: 'asc' }],
          });
          return { success: true, data: { clients: page.data.map((c) => presentClient(c, 'birthdate')) } };
        },
      );

      app.get(
        '/v1/clientes/:id',
        {
          config,
          schema: { tags, summary: 'Consultar cliente por ID', params: IdParams, response: { 200: DezworkClientEnvelope, ...errors } },
        },
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
              if (err instanceof DomainError && err.code === 'customer_has_history')
                return one(await customers.setCustomerActive(tx, scopeOf(req), ref, false));
              throw err;
            }
          });
        },
      );

      // ---- addresses as their own resource (branvo/ebranvo-php-sdk src/Ecommerce/Address.php) ----
      // Address ids are Cobre's per-tenant address numbers, idClient the client's number (as inside a client).

      const addressOne = ({ customer, address }: CustomerAddress) => ({
        success: true,
        data: { address: presentAddress(customer, address) },
      });

      app.post(
        '/v1/clientes/enderecos',
        {
          config,
          schema: {
            tags,
            summary: 'Adicionar endereço a um cliente (idClient no corpo)',
            description: 'The address parameters of a client plus idClient (required). The first address of a client is its primary one.',
            body: DezworkAddressBody,
            response: { 201: DezworkAddressEnvelope, ...errors },
          },
        },
        async (req, reply) => {
          addressResource.add(req);
          const { clientRef: ref, fields } = readAddressCreate(req.body);
          return sendWrite(db, scopeOf(req), req, reply, 201, async (tx) =>
            addressOne(await addCustomerAddress(tx, scopeOf(req), ref, fields, today())),
          );
        },
      );

      app.put(
        '/v1/clientes/enderecos',
        {
          config,
          schema: {
            tags,
            summary: 'Atualizar endereço (id no corpo; só os parâmetros enviados mudam)',
            description: '`{"id": 321, "active": false}` removes the address (Cobre keeps no inactive addresses) and returns it as it was.',
            body: DezworkAddressBody,
            response: { 200: DezworkAddressEnvelope, ...errors },
          },
        },
        async (req, reply) => {
          addressResource.add(req);
          const u = readAddressUpdate(req.body);
          return sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => {
            const scope = scopeOf(req);
            const found = await getCustomerAddress(tx, scope, u.ref);
            if (u.clientId !== undefined && u.clientId !== found.customer.number) {
              throw new DomainError('validation_failed', 'idClient is not the client of this address', [
                { field: 'idClient', issue: 'is not the client of this address (addresses do not move between clients)' },
              ]);
            }
            if (u.remove) return addressOne(await removeAddress(tx, scope, found));
            return addressOne(Object.keys(u.patch).length ? await updateCustomerAddress(tx, scope, u.ref, u.patch, today()) : found);
          });
        },
      );

      app.get(
        '/v1/clientes/enderecos/:id',
        {
          config,
          schema: {
            tags,
            summary: 'Consultar endereço por ID',
            params: AddressIdParams,
            response: { 200: DezworkAddressEnvelope, ...errors },
          },
        },
        async (req) => addressOne(await getCustomerAddress(db, scopeOf(req), addressRef(req.params.id))),
      );

      app.delete(
        '/v1/clientes/enderecos/:id',
        {
          config,
          schema: {
            tags,
            summary: 'Excluir endereço (returns it as it was)',
            params: AddressIdParams,
            response: { 200: DezworkAddressEnvelope, ...errors },
          },
        },
        async (req, reply) => {
          const ref = addressRef(req.params.id);
          return sendWrite(db, scopeOf(req), req, reply, 200, async (tx) =>
            addressOne(await removeAddress(tx, scopeOf(req), await getCustomerAddress(tx, scopeOf(req), ref))),
          );
        },
      );

      app.get(
        '/v1/clientes/:id/enderecos',
        {
          config,
          schema: {
            tags,
            summary: 'Consultar os endereços de um cliente',
            params: IdParams,
            response: { 200: DezworkAddressListEnvelope, ...errors },
          },
        },
        async (req) => {
          const c = await customers.getCustomer(db, scopeOf(req), clientRef(req.params.id));
          return { success: true, data: { addresses: c.addresses.map((a) => presentAddress(c, a)) } };
        },
      );

      /** Removes one address (the customer locked first); the first remaining one becomes primary if it was. */
      async function removeAddress(tx: Tx, scope: Scope, { address }: CustomerAddress): Promise<CustomerAddress> {
        const { customer } = await removeCustomerAddress(tx, scope, address.id, today());
        return { customer, address };
      }

      // ---- search (branvo/ebranvo-php-sdk src/EbranvoSdk.php::search): refused ----
      // The SDK posts an arbitrary array to v1/branvo/search and nothing published says what it
      // searches or returns, so Cobre does not guess: a clear ENF, after authentication.
      app.post('/v1/branvo/search', { config, schema: { hide: true, response: errors } }, async () => {
        throw new DomainError('not_found', 'Search is not supported', [], { dezworkUnsupported: 'search' });
      });
    },
    { prefix: '/dezwork' },
  );
}
