import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../platform/http/request-scope.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import { ErrorSchema } from '../../platform/http/common-schemas.ts';
import * as accounts from './collection-accounts.ts';
import {
  AccountValidation,
  Bank,
  CollectionAccount,
  CollectionAccountCreate,
  CollectionAccountPatch,
  CollectionAccountValidate,
} from './schemas.ts';

export const AccountRefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The collection account UUID or its per-tenant number' }),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

export async function collectionAccountRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.ctx;
  const tags = ['Collection accounts'];

  app.get(
    '/v1/collection-accounts/banks',
    { schema: { tags, summary: 'Banks boletos can be issued with', response: { 200: Type.Object({ data: Type.Array(Bank) }) } } },
    async () => ({ data: accounts.SUPPORTED_BANKS.map((b) => ({ code: b.code, name: b.name })) }),
  );

  app.post(
    '/v1/collection-accounts',
    {
      schema: {
        tags,
        summary: 'Create a collection account (carteira de cobrança)',
        description: "The tenant's first account becomes its default. Which bank fields each bank needs: docs/boletos.md.",
        body: CollectionAccountCreate,
        response: { 201: CollectionAccount, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 201, (tx) => accounts.createCollectionAccount(tx, scopeOf(req), req.body)),
  );

  app.post(
    '/v1/collection-accounts/validate',
    {
      schema: {
        tags,
        summary: 'Check a collection account draft without saving it (as the clerk types)',
        description:
          'Same rules as create (with `id`: as PATCH of that account), but every field is optional and only the fields filled in are judged. ' +
          'A wrong agency/account check digit (Itaú, Banco do Brasil) comes with the digit the bank expects (`expected`). Writes nothing.',
        body: CollectionAccountValidate,
        response: { 200: AccountValidation, ...errors },
      },
    },
    async (req) => accounts.validateAccountDraft(db, scopeOf(req), req.body),
  );

  app.get(
    '/v1/collection-accounts',
    {
      schema: {
        tags,
        summary: 'List collection accounts',
        querystring: Type.Object(
          { active: Type.Optional(Type.Boolean()), bank_code: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(CollectionAccount) }), ...errors },
      },
    },
    async (req) => ({ data: await accounts.listCollectionAccounts(db, scopeOf(req), req.query) }),
  );

  app.get(
    '/v1/collection-accounts/:id',
    { schema: { tags, summary: 'Get a collection account', params: AccountRefParams, response: { 200: CollectionAccount, ...errors } } },
    async (req) => accounts.getCollectionAccount(db, scopeOf(req), req.params.id),
  );

  app.patch(
    '/v1/collection-accounts/:id',
    {
      schema: {
        tags,
        summary: 'Update a collection account',
        description:
          'The bank agreement (bank, agency, account, carteira, convênio…) is fixed once boletos were issued on the account (409).',
        params: AccountRefParams,
        body: CollectionAccountPatch,
        response: { 200: CollectionAccount, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => accounts.updateCollectionAccount(tx, scopeOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/v1/collection-accounts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a collection account no boleto refers to',
        description:
          'An account with boletos or bank files is kept (409 in_use): deactivate it instead. Deleting the default makes the oldest other account the default.',
        params: AccountRefParams,
        response: { 200: CollectionAccount, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => accounts.deleteCollectionAccount(tx, scopeOf(req), req.params.id)),
  );
}
