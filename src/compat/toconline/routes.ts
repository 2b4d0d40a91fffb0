// The TOConline API (seed 001) under /toconline: JSON:API customers, addresses, e-mail addresses
// and countries over Cobre's customers. Integer ids are the per-tenant numbers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../app.ts';
import { DomainError } from '../../platform/errors.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import { emptyTolerantJsonParser } from '../../platform/http/validation.ts';
import type { Filter } from '../../platform/search.ts';
import * as customers from '../../customers/customers.ts';
import * as contacts from '../../customers/customer-contacts.ts';
import { checkCustomerCreate, checkCustomerPatch } from '../../customers/check-input.ts';
import { normalizeCustomer } from '../../customers/normalize-customer.ts';
import { normalizeEmail } from '../../customers/contact.ts';
import { COUNTRIES, countryByCode } from '../../customers/countries.ts';
import { countryById, intId, presentAddress, presentCountry, presentCustomer, presentEmail, relId, toAddressFields, toCreate, toPatch, UNKNOWN_COUNTRY } from './mapping.ts';
import { forKind, pointerContextOf, renderToconlineError } from './errors.ts';
import { checkCanonical, schemaProblems, usable, type Problems } from './problems.ts';
import {
  AddressDocIn,
  AddressResource,
  CountryResource,
  CustomerDocIn,
  CustomerResource,
  EmailDocIn,
  EmailResource,
  JsonApiErrors,
  PagingQuery,
  many,
  one,
} from './schemas.ts';
import type { AddressDocIn as AddressDocInT, EmailDocIn as EmailDocInT } from './schemas.ts';

export const JSON_API = 'application/vnd.api+json';
const DEFAULT_PAGE_SIZE = 1000;

const errors = { 400: JsonApiErrors, 401: JsonApiErrors, 403: JsonApiErrors, 404: JsonApiErrors, 409: JsonApiErrors, 413: JsonApiErrors, 415: JsonApiErrors, 422: JsonApiErrors, 500: JsonApiErrors };
const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Integer id' }) });

function pathId(raw: string): string {
  if (!/^[1-9]\d{0,14}$/.test(raw)) throw new DomainError('validation_failed', 'The id must be a positive integer', [{ field: 'params.id', issue: 'must be a positive integer' }]);
  return raw;
}

function bodyId(raw: unknown, pathRaw?: string): number {
  if (pathRaw !== undefined) {
    const fromPath = Number(pathId(pathRaw));
    if (raw !== undefined && raw !== null && intId(raw, '/data/id') !== fromPath) {
      throw new DomainError('conflict', 'data.id does not match the id in the URL', [{ field: '/data/id', issue: 'does not match the id in the URL' }]);
    }
    return fromPath;
  }
  if (raw === undefined || raw === null) throw new DomainError('validation_failed', 'data.id is required', [{ field: '/data/id', issue: 'is required' }]);
  return intId(raw, '/data/id');
}

function links(req: FastifyRequest, page: number, size: number, hasMore: boolean) {
  // The path the client asked for (a host serving the dialect at its root rewrites it).
  const base = req.originalUrl.split('?')[0];
  const q = new URLSearchParams(req.query as Record<string, string>);
  q.set('page[size]', String(size));
  const at = (n: number) => {
    q.set('page[number]', String(n));
    return `${base}?${q.toString()}`;
  };
  return { self: at(page), ...(hasMore ? { next: at(page + 1) } : {}) };
}

/** The pointer context of this request's errors, for the renderer and for the problems' own merging. */
function useContext(req: FastifyRequest, p: Problems, ctx: Problems['ctx']): void {
  p.ctx = ctx;
  pointerContextOf.set(req, ctx);
}

/** The id of a PATCH; without a usable one nothing can be looked up, so the problems so far are refused with it. */
function idOrRefuse(p: Problems, id: () => number): number {
  const n = p.run(id, undefined);
  if (n === undefined) throw p.error();
  return n;
}

/** `email` is required on e-mail writes (the document marks it so); its form is the domain's. */
function checkEmailAttribute(p: Problems, email: string | undefined, bad: Set<string>): void {
  if (bad.has('email')) return;
  if (email === undefined) p.add('/data/attributes/email', 'is required');
  // Checked here only to name it with the others; the write checks it again, with uniqueness.
  else if (p.any) p.run(() => normalizeEmail(email, 'email'), undefined);
}

/**
 * The dialect at `/toconline` (the document's paths) and at `/toconline/api` (the live product's:
 * clients append `/api/customers` to the host). The second copy is hidden from /openapi.json.
 */
export async function toconlineRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(toconlineApi, { prefix: '/toconline' });
  await fastify.register(toconlineApi, { prefix: '/toconline/api', hidden: true });
}

async function toconlineApi(sub: FastifyInstance, opts: { hidden?: boolean }): Promise<void> {
  if (opts.hidden) sub.addHook('onRoute', (route) => void (route.schema = { ...(route.schema ?? {}), hide: true }));
  const app = sub.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const today = () => ({ today: clock.today() });
  const tags = ['Compat: TOConline'];

  // JSON:API bodies are JSON; accepted here only (this plugin's scope), as well as plain JSON.
  // An empty body is no body: TOConline's own curl examples send the content type on DELETE.
  sub.addContentTypeParser(JSON_API, { parseAs: 'string' }, emptyTolerantJsonParser(sub.getDefaultJsonParser('error', 'error') as Parameters<typeof emptyTolerantJsonParser>[0]));
  sub.addHook('onSend', async (_req, reply, payload) => {
    const ct = reply.getHeader('content-type');
    if (typeof ct === 'string' && ct.startsWith('application/json')) reply.header('content-type', JSON_API);
    return payload;
  });
  // Unknown paths under /toconline answer in JSON:API (a wildcard beats the console's catch-all GET).
  sub.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    config: { public: true, renderError: renderToconlineError },
    schema: { hide: true },
    handler: async (req) => {
      throw new DomainError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`);
    },
  });

  const customerCfg = { renderError: forKind('customers') };
  const addressCfg = { renderError: forKind('addresses') };
  const emailCfg = { renderError: forKind('email_addresses') };
  const otherCfg = { renderError: renderToconlineError };
  // Writes see their schema problems instead of being refused by them (schemaProblems), so one
  // response names every bad attribute: the schema's, the mapping's and the domain's.
  const collect = { attachValidation: true } as const;

  // ---- customers ----

  app.get(
    '/customers',
    {
      config: customerCfg,
      schema: {
        tags,
        summary: 'List customers (all of them by default, 1000 per page)',
        querystring: Type.Object(
          {
            ...PagingQuery,
            'filter[tax_registration_number]': Type.Optional(Type.String({ maxLength: 32 })),
            'filter[email]': Type.Optional(Type.String({ maxLength: 254 })),
            'filter[business_name]': Type.Optional(Type.String({ maxLength: 200, description: 'Contains' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: many(CustomerResource), ...errors },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const page = req.query['page[number]'] ?? 1;
      const size = req.query['page[size]'] ?? DEFAULT_PAGE_SIZE;
      const filters: Filter[] = [];
      if (req.query['filter[tax_registration_number]']) filters.push({ field: 'document', op: 'eq', value: req.query['filter[tax_registration_number]'] });
      if (req.query['filter[email]']) filters.push({ field: 'email', op: 'eq', value: req.query['filter[email]'] });
      if (req.query['filter[business_name]']) filters.push({ field: 'name', op: 'contains', value: req.query['filter[business_name]'] });
      const result = await customers.listCustomers(db, scope, { page, page_size: size, filters, sort: [{ field: 'number', direction: 'asc' }], include_total: true });
      return {
        data: result.data.map((c) => presentCustomer(c, scope.accountId)),
        meta: { total: result.total ?? result.data.length, page, page_size: size },
        links: links(req, page, size, result.has_more),
      };
    },
  );

  app.get(
    '/customers/:id',
    { config: customerCfg, schema: { tags, summary: 'Get a customer', params: IdParams, response: { 200: one(CustomerResource), ...errors } } },
    async (req) => ({ data: presentCustomer(await customers.getCustomer(db, scopeOf(req), pathId(req.params.id)), scopeOf(req).accountId) }),
  );

  app.post(
    '/customers',
    {
      ...collect,
      config: customerCfg,
      schema: {
        tags,
        summary: 'Create a customer (200, as the document says)',
        description: 'PF/PJ is inferred: PT from the NIF first digit (1, 2, 3, 45, 8 → individual), BR from CPF/CNPJ length, elsewhere a tax id means a company.',
        body: CustomerDocIn,
        response: { 200: one(CustomerResource), ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { problems: p, badAttributes } = schemaProblems(req, { kind: 'customers', phoneAttrs: [] });
      const { input, phoneAttrs } = toCreate(usable(req.body.data.attributes, badAttributes), p);
      useContext(req, p, { kind: 'customers', phoneAttrs });
      const { checked, rest } = checkCanonical(p, checkCustomerCreate, input);
      if (p.any) {
        // The domain's rules on what is left, so their problems are named in the same response.
        p.run(() => normalizeCustomer(rest, today()), undefined);
        p.throwIfAny();
      }
      return sendWrite(db, scope, req, reply, 200, async (tx) => ({
        data: presentCustomer(await customers.createCustomer(tx, scope, checked!, today()), scope.accountId),
      }));
    },
  );

  app.patch(
    '/customers/:id',
    {
      ...collect,
      config: customerCfg,
      schema: { tags, summary: 'Update a customer (only the attributes sent)', params: IdParams, body: CustomerDocIn, response: { 200: one(CustomerResource), ...errors } },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { problems: p, badAttributes } = schemaProblems(req, { kind: 'customers', phoneAttrs: [] });
      const ref = String(idOrRefuse(p, () => bodyId(req.body.data.id, req.params.id)));
      return sendWrite(db, scope, req, reply, 200, async (tx) => {
        const stored = await customers.getCustomer(tx, scope, ref);
        const { input, phoneAttrs } = toPatch(usable(req.body.data.attributes, badAttributes), stored, p);
        useContext(req, p, { kind: 'customers', phoneAttrs });
        const { checked, rest } = checkCanonical(p, checkCustomerPatch, input);
        if (!p.any) return { data: presentCustomer(await customers.updateCustomer(tx, scope, stored.id, checked!, today()), scope.accountId) };
        await p.trial(() => customers.updateCustomer(tx, scope, stored.id, rest, today()));
        throw p.error();
      });
    },
  );

  app.delete(
    '/customers/:id',
    {
      config: customerCfg,
      schema: {
        tags,
        summary: 'Delete a customer (irreversible; refused with 409 when it has financial history)',
        params: IdParams,
        response: { 200: Type.Object({ meta: Type.Object({ deleted: Type.Boolean(), id: Type.Integer() }) }), ...errors },
      },
    },
    async (req, reply) => {
      const ref = pathId(req.params.id);
      return sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => {
        const gone = await customers.deleteCustomer(tx, scopeOf(req), ref);
        return { meta: { deleted: true, id: gone.number } };
      });
    },
  );

  // ---- addresses ----

  const addressCountry = (body: { data: { relationships?: { country?: Parameters<typeof relId>[0] } } }) => {
    const id = relId(body.data.relationships?.country, '/data/relationships/country');
    return id === undefined ? undefined : countryById(id).iso_alpha_2;
  };

  app.get(
    '/addresses/:id',
    { config: addressCfg, schema: { tags, summary: 'Get an address', params: IdParams, response: { 200: one(AddressResource), ...errors } } },
    async (req) => {
      const { customer, address } = await contacts.getCustomerAddress(db, scopeOf(req), pathId(req.params.id));
      return { data: presentAddress(address, customer.number) };
    },
  );

  app.post(
    '/addresses',
    {
      ...collect,
      config: addressCfg,
      schema: {
        tags,
        summary: "Add an address to a customer (relationships.customer), country by relationship (default PT)",
        body: AddressDocIn,
        response: { 200: one(AddressResource), ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { problems: p, badAttributes } = schemaProblems(req, { kind: 'addresses' });
      pointerContextOf.set(req, p.ctx);
      const rels = req.body.data.relationships ?? {};
      for (const other of ['supplier', 'user'] as const) {
        if (p.run(() => relId(rels[other], `/data/relationships/${other}`), undefined) !== undefined) {
          throw new DomainError('unprocessable', `Addresses of ${other}s are not managed by Cobre`, [{ field: `/data/relationships/${other}`, issue: 'is not supported: only customer addresses' }]);
        }
      }
      const customerNumber = p.run(() => relId(rels.customer, '/data/relationships/customer'), undefined);
      if (customerNumber === undefined && !p.names('/data/relationships/customer/data/id')) p.add('/data/relationships/customer/data/id', 'is required');
      const country = p.run(() => addressCountry(req.body), UNKNOWN_COUNTRY) ?? 'PT';
      const fields = toAddressFields(usable(req.body.data.attributes, badAttributes), country);
      if (p.any) {
        // The domain's address rules on what is left, the customer aside, in the same response.
        p.run(() => normalizeCustomer({ person_type: 'PF', name: '-', country: 'PT', addresses: [fields as contacts.AddressFields] }, today()), undefined);
        p.throwIfAny();
      }
      return sendWrite(db, scope, req, reply, 200, async (tx) => {
        const { customer, address } = await contacts.addCustomerAddress(tx, scope, String(customerNumber), fields as contacts.AddressFields, today());
        return { data: presentAddress(address, customer.number) };
      });
    },
  );

  const patchAddress = async (req: FastifyRequest<{ Body: AddressDocInT; Params: { id?: string } }>, reply: Parameters<typeof sendWrite>[3]) => {
    const scope = scopeOf(req);
    const { problems: p, badAttributes } = schemaProblems(req, { kind: 'addresses' });
    pointerContextOf.set(req, p.ctx);
    const id = idOrRefuse(p, () => bodyId(req.body.data.id, req.params.id));
    if (req.body.data.relationships?.customer && p.run(() => relId(req.body.data.relationships!.customer, '/data/relationships/customer'), undefined) !== undefined) {
      throw new DomainError('unprocessable', 'An address cannot move to another customer', [{ field: '/data/relationships/customer', issue: 'cannot be changed' }]);
    }
    const country = p.run(() => addressCountry(req.body), UNKNOWN_COUNTRY);
    return sendWrite(db, scope, req, reply, 200, async (tx) => {
      const current = await contacts.getCustomerAddress(tx, scope, id);
      const fields = toAddressFields(usable(req.body.data.attributes, badAttributes), country, current.address);
      if (!p.any) {
        const { customer, address } = await contacts.updateCustomerAddress(tx, scope, id, fields, today());
        return { data: presentAddress(address, customer.number) };
      }
      await p.trial(() => contacts.updateCustomerAddress(tx, scope, id, fields, today()));
      throw p.error();
    });
  };

  app.patch(
    '/addresses',
    {
      ...collect,
      config: addressCfg,
      schema: { tags, summary: 'Update an address (data.id), only the attributes sent', body: AddressDocIn, response: { 200: one(AddressResource), ...errors } },
    },
    async (req, reply) => patchAddress(req as never, reply),
  );
  app.patch(
    '/addresses/:id',
    {
      ...collect,
      config: addressCfg,
      schema: { tags, summary: 'Update an address, only the attributes sent', params: IdParams, body: AddressDocIn, response: { 200: one(AddressResource), ...errors } },
    },
    async (req, reply) => patchAddress(req as never, reply),
  );

  // ---- e-mail addresses ----

  app.get(
    '/email_addresses',
    {
      config: emailCfg,
      schema: {
        tags,
        summary: "List the customers' e-mail addresses",
        querystring: Type.Object(
          { ...PagingQuery, 'filter[customer_id]': Type.Optional(Type.String({ maxLength: 20 })), 'filter[email]': Type.Optional(Type.String({ maxLength: 254 })) },
          { additionalProperties: false },
        ),
        response: { 200: many(EmailResource), ...errors },
      },
    },
    async (req) => {
      const page = req.query['page[number]'] ?? 1;
      const size = req.query['page[size]'] ?? DEFAULT_PAGE_SIZE;
      const customerId = req.query['filter[customer_id]'];
      if (customerId !== undefined && !/^[1-9]\d{0,14}$/.test(customerId)) {
        throw new DomainError('validation_failed', 'filter[customer_id] must be a customer id', [{ field: 'querystring.filter[customer_id]', issue: 'must be a positive integer' }]);
      }
      const result = await contacts.listCustomerEmails(db, scopeOf(req), { customerRef: customerId, email: req.query['filter[email]'], page, page_size: size });
      return {
        data: result.data.map((e) => presentEmail(e, e.customer_number)),
        meta: { total: result.total, page, page_size: size },
        links: links(req, page, size, page * size < result.total),
      };
    },
  );

  app.get(
    '/email_addresses/:id',
    { config: emailCfg, schema: { tags, summary: 'Get an e-mail address', params: IdParams, response: { 200: one(EmailResource), ...errors } } },
    async (req) => {
      const { customer, email } = await contacts.getCustomerEmail(db, scopeOf(req), pathId(req.params.id));
      return { data: presentEmail(email, customer.number) };
    },
  );

  app.post(
    '/email_addresses',
    { ...collect, config: emailCfg, schema: { tags, summary: 'Add an e-mail address to a customer (relationships.customer)', body: EmailDocIn, response: { 200: one(EmailResource), ...errors } } },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { problems: p, badAttributes } = schemaProblems(req, { kind: 'email_addresses' });
      pointerContextOf.set(req, p.ctx);
      const customerNumber = p.run(() => relId(req.body.data.relationships?.customer, '/data/relationships/customer'), undefined);
      if (customerNumber === undefined && !p.names('/data/relationships/customer/data/id')) p.add('/data/relationships/customer/data/id', 'is required');
      const attrs = usable(req.body.data.attributes, badAttributes);
      checkEmailAttribute(p, attrs.email, badAttributes);
      p.throwIfAny();
      return sendWrite(db, scope, req, reply, 200, async (tx) => {
        const { customer, email } = await contacts.addCustomerEmail(tx, scope, String(customerNumber), { email: attrs.email!, is_primary: attrs.is_primary }, today());
        return { data: presentEmail(email, customer.number) };
      });
    },
  );

  const patchEmail = async (req: FastifyRequest<{ Body: EmailDocInT; Params: { id?: string } }>, reply: Parameters<typeof sendWrite>[3]) => {
    const scope = scopeOf(req);
    const { problems: p, badAttributes } = schemaProblems(req, { kind: 'email_addresses' });
    pointerContextOf.set(req, p.ctx);
    const id = idOrRefuse(p, () => bodyId(req.body.data.id, req.params.id));
    const attrs = usable(req.body.data.attributes, badAttributes);
    checkEmailAttribute(p, attrs.email, badAttributes);
    p.throwIfAny();
    return sendWrite(db, scope, req, reply, 200, async (tx) => {
      const { customer, email } = await contacts.updateCustomerEmail(tx, scope, id, { email: attrs.email!, ...(attrs.is_primary !== undefined ? { is_primary: attrs.is_primary } : {}) }, today());
      return { data: presentEmail(email, customer.number) };
    });
  };

  app.patch(
    '/email_addresses',
    { ...collect, config: emailCfg, schema: { tags, summary: 'Change an e-mail address (data.id; email required)', body: EmailDocIn, response: { 200: one(EmailResource), ...errors } } },
    async (req, reply) => patchEmail(req as never, reply),
  );
  app.patch(
    '/email_addresses/:id',
    { ...collect, config: emailCfg, schema: { tags, summary: 'Change an e-mail address (email required)', params: IdParams, body: EmailDocIn, response: { 200: one(EmailResource), ...errors } } },
    async (req, reply) => patchEmail(req as never, reply),
  );

  // ---- countries ----

  app.get(
    '/countries',
    {
      config: otherCfg,
      schema: {
        tags,
        summary: 'Countries with their stable ids; filter[iso_alpha_2]=PT (several separated by |), PT-AC and PT-MA included',
        querystring: Type.Object({ 'filter[iso_alpha_2]': Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: many(CountryResource), ...errors },
      },
    },
    async (req) => {
      const filter = req.query['filter[iso_alpha_2]'];
      const list = filter === undefined ? COUNTRIES : filter.split('|').map((c) => countryByCode(c)).filter((c) => c !== undefined);
      return { data: list.map(presentCountry) };
    },
  );

  app.get(
    '/countries/:id',
    { config: otherCfg, schema: { tags, summary: 'Get a country by id', params: IdParams, response: { 200: one(CountryResource), ...errors } } },
    async (req) => {
      const c = COUNTRIES.find((x) => x.id === Number(pathId(req.params.id)));
      if (!c) throw new DomainError('not_found', 'Country not found');
      return { data: presentCountry(c) };
    },
  );
}

