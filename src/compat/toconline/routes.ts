// The TOConline API (seed 001) under /toconline: JSON:API customers, addresses, contacts, e-mail
// addresses and countries over Cobre's customers. Integer ids are the per-tenant numbers.
// Lists take the JSON:API parameters real clients send (jsonapi.ts): page[number]/page[size],
// sort, fields[<type>], include and filter[<attribute>].
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../platform/http/request-scope.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Queryable } from '../../platform/db/types.ts';
import type { Scope } from '../../platform/scope.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import { emptyTolerantJsonParser } from '../../platform/http/validation.ts';
import type { Filter, Sort } from '../../platform/search.ts';
import * as customers from '../../customers/customers.ts';
import * as contacts from '../../customers/customer-contacts.ts';
import type { Customer } from '../../customers/schemas.ts';
import { checkCustomerCreate, checkCustomerPatch } from '../../customers/check-input.ts';
import { normalizeCustomer } from '../../customers/normalize-customer.ts';
import { normalizeEmail } from '../../customers/contact.ts';
import { countryByCode } from '../../customers/countries.ts';
import {
  checkCustomerType,
  countryById,
  countryByTocId,
  countryOfAttribute,
  intId,
  presentAddress,
  presentContact,
  presentCountry,
  presentCustomer,
  presentEmail,
  relId,
  TOC_COUNTRIES,
  toAddressFields,
  toCreate,
  toPatch,
  UNKNOWN_COUNTRY,
} from './mapping.ts';
import { forKind, pointerContextOf, renderToconlineError } from './errors.ts';
import { checkCanonical, schemaProblems, usable, type Problems } from './problems.ts';
import {
  checkFilters,
  filtersOf,
  included,
  includesOf,
  links,
  listInMemory,
  listQuery,
  oneQuery,
  paging,
  sortOf,
  sparse,
  type Query,
  type Resource,
} from './jsonapi.ts';
import {
  AddressDocIn,
  AddressResource,
  ContactDocIn,
  ContactResource,
  CountryResource,
  CustomerDocIn,
  CustomerResource,
  DeletedMeta,
  EmailDocIn,
  EmailResource,
  JsonApiErrors,
  many,
  one,
} from './schemas.ts';
import type {
  AddressDocIn as AddressDocInT,
  ContactDocIn as ContactDocInT,
  CustomerDocIn as CustomerDocInT,
  EmailDocIn as EmailDocInT,
} from './schemas.ts';

export const JSON_API = 'application/vnd.api+json';

const errors = {
  400: JsonApiErrors,
  401: JsonApiErrors,
  403: JsonApiErrors,
  404: JsonApiErrors,
  409: JsonApiErrors,
  413: JsonApiErrors,
  415: JsonApiErrors,
  422: JsonApiErrors,
  500: JsonApiErrors,
};
const IdParams = Type.Object({ id: Type.String({ maxLength: 20, description: 'Integer id' }) });

function pathId(raw: string): string {
  if (!/^[1-9]\d{0,14}$/.test(raw))
    throw new DomainError('validation_failed', 'The id must be a positive integer', [
      { field: 'params.id', issue: 'must be a positive integer' },
    ]);
  return raw;
}

function bodyId(raw: unknown, pathRaw?: string): number {
  if (pathRaw !== undefined) {
    const fromPath = Number(pathId(pathRaw));
    if (raw !== undefined && raw !== null && intId(raw, '/data/id') !== fromPath) {
      throw new DomainError('conflict', 'data.id does not match the id in the URL', [
        { field: '/data/id', issue: 'does not match the id in the URL' },
      ]);
    }
    return fromPath;
  }
  if (raw === undefined || raw === null)
    throw new DomainError('validation_failed', 'data.id is required', [{ field: '/data/id', issue: 'is required' }]);
  return intId(raw, '/data/id');
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
  if (opts.hidden) {
    sub.addHook('onRoute', (route) => {
      route.schema = { ...(route.schema ?? {}), hide: true };
    });
  }
  const app = sub.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const today = () => ({ today: clock.today() });
  const tags = ['Compat: TOConline'];

  // JSON:API bodies are JSON; accepted here only (this plugin's scope), as well as plain JSON.
  // An empty body is no body: TOConline's own curl examples send the content type on DELETE.
  sub.addContentTypeParser(
    JSON_API,
    { parseAs: 'string' },
    emptyTolerantJsonParser(sub.getDefaultJsonParser('error', 'error') as Parameters<typeof emptyTolerantJsonParser>[0]),
  );
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

  /** filter[attribute] → the domain's list filter (the customer list is paged by the database). */
  const CUSTOMER_FILTERS: Record<string, (v: string) => Filter> = {
    id: (v) => ({ field: 'number', op: 'eq', value: intId(v, 'querystring.filter[id]') }),
    tax_registration_number: (v) => ({ field: 'document', op: 'eq', value: v }),
    // E concatenates the address into the URL unencoded: a '+' arrives as a space, which no e-mail address has.
    email: (v) => ({ field: 'email', op: 'eq', value: v.replace(/ /g, '+') }),
    business_name: (v) => ({ field: 'name', op: 'contains', value: v }),
    country_iso_alpha_2: (v) => ({ field: 'country', op: 'eq', value: v.toUpperCase() }),
  };
  const CUSTOMER_SORTS: Record<string, string> = {
    id: 'number',
    business_name: 'name',
    tax_registration_number: 'document',
    country_iso_alpha_2: 'country',
  };

  /** `include` on customers: their addresses and e-mail addresses (as e-mail addresses or as contacts). */
  const customerIncludes = (list: Customer[], q: Query): Resource[] | undefined => {
    const want = includesOf(q);
    const out: Resource[] = [];
    for (const c of list) {
      if (want.has('addresses')) out.push(...c.addresses.map((a) => presentAddress(a, c.number)));
      else if (want.has('main_address')) out.push(...c.addresses.filter((a) => a.is_primary).map((a) => presentAddress(a, c.number)));
      if (want.has('email_addresses')) out.push(...c.emails.map((e) => presentEmail(e, c.number)));
      else if (want.has('main_email_address')) out.push(...c.emails.filter((e) => e.is_primary).map((e) => presentEmail(e, c.number)));
      if (want.has('contacts')) out.push(...c.emails.map((e) => presentContact(e, c.number)));
    }
    return included(out, q);
  };
  const withIncluded = <T extends object>(body: T, inc: Resource[] | undefined) => (inc ? { ...body, included: inc } : body);

  app.get(
    '/customers',
    {
      config: customerCfg,
      schema: {
        tags,
        summary: 'List customers (all of them by default, 1000 per page); JSON:API sort, fields, include, filter',
        querystring: listQuery('customers', {
          id: 'Equal',
          tax_registration_number: 'Equal',
          email: 'Equal (any of the customer e-mail addresses)',
          business_name: 'Contains, ignoring case and accents',
          country_iso_alpha_2: 'Equal',
        }),
        response: { 200: many(CustomerResource), ...errors },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const q = req.query as Query;
      const { page, size } = paging(q);
      const wanted = filtersOf(q);
      checkFilters(wanted, Object.keys(CUSTOMER_FILTERS));
      const filters = [...wanted].map(([k, v]) => CUSTOMER_FILTERS[k](v));
      const sort: Sort[] = sortOf(q, Object.keys(CUSTOMER_SORTS)).map((k) => ({
        field: CUSTOMER_SORTS[k.field],
        direction: k.desc ? 'desc' : 'asc',
      }));
      if (!sort.some((s) => s.field === 'number')) sort.push({ field: 'number', direction: 'asc' });
      const result = await customers.listCustomers(db, scope, { page, page_size: size, filters, sort, include_total: true });
      return withIncluded(
        {
          data: result.data.map((c) => sparse(presentCustomer(c, scope.accountId), q)),
          meta: { total: result.total ?? result.data.length, page, page_size: size },
          links: links(req, page, size, result.has_more),
        },
        customerIncludes(result.data, q),
      );
    },
  );

  app.get(
    '/customers/:id',
    {
      config: customerCfg,
      schema: {
        tags,
        summary: 'Get a customer (fields and include accepted)',
        params: IdParams,
        querystring: oneQuery('customers'),
        response: { 200: one(CustomerResource), ...errors },
      },
    },
    async (req) => {
      const q = req.query as Query;
      const c = await customers.getCustomer(db, scopeOf(req), pathId(req.params.id));
      return withIncluded({ data: sparse(presentCustomer(c, scopeOf(req).accountId), q) }, customerIncludes([c], q));
    },
  );

  app.post(
    '/customers',
    {
      ...collect,
      config: customerCfg,
      schema: {
        tags,
        summary: 'Create a customer (200, as the document says)',
        description:
          'PF/PJ is inferred: PT from the NIF first digit (1, 2, 3, 45, 8 → individual), BR from CPF/CNPJ length, elsewhere a tax id means a company.',
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

  const patchCustomer = async (
    req: FastifyRequest<{ Body: CustomerDocInT; Params: { id?: string } }>,
    reply: Parameters<typeof sendWrite>[3],
  ) => {
    const scope = scopeOf(req);
    const { problems: p, badAttributes } = schemaProblems(req, { kind: 'customers', phoneAttrs: [] });
    const ref = String(idOrRefuse(p, () => bodyId(req.body.data.id, req.params.id)));
    return sendWrite(db, scope, req, reply, 200, async (tx) => {
      const stored = await customers.getCustomer(tx, scope, ref);
      const { input, phoneAttrs } = toPatch(usable(req.body.data.attributes, badAttributes), stored, p);
      useContext(req, p, { kind: 'customers', phoneAttrs });
      const { checked, rest } = checkCanonical(p, checkCustomerPatch, input);
      if (!p.any)
        return { data: presentCustomer(await customers.updateCustomer(tx, scope, stored.id, checked!, today()), scope.accountId) };
      await p.trial(() => customers.updateCustomer(tx, scope, stored.id, rest, today()));
      throw p.error();
    });
  };

  app.patch(
    '/customers',
    {
      ...collect,
      config: customerCfg,
      schema: {
        tags,
        summary: 'Update a customer (data.id), only the attributes sent',
        body: CustomerDocIn,
        response: { 200: one(CustomerResource), ...errors },
      },
    },
    async (req, reply) => patchCustomer(req as never, reply),
  );
  app.patch(
    '/customers/:id',
    {
      ...collect,
      config: customerCfg,
      schema: {
        tags,
        summary: 'Update a customer (only the attributes sent)',
        params: IdParams,
        body: CustomerDocIn,
        response: { 200: one(CustomerResource), ...errors },
      },
    },
    async (req, reply) => patchCustomer(req as never, reply),
  );

  app.delete(
    '/customers/:id',
    {
      config: customerCfg,
      schema: {
        tags,
        summary: 'Delete a customer (irreversible; refused with 409 when it has financial history)',
        params: IdParams,
        response: { 200: DeletedMeta, ...errors },
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

  /** The country of an address write: relationships.country or the country_id attribute (undefined: not sent). */
  const addressCountry = (body: AddressDocInT, p: Problems): string | undefined => {
    const fromRel = p.run(() => relId(body.data.relationships?.country, '/data/relationships/country'), undefined);
    if (fromRel !== undefined) return p.run(() => countryById(fromRel).iso_alpha_2, UNKNOWN_COUNTRY);
    const attr = body.data.attributes?.country_id;
    if (attr === undefined || attr === null) return p.names('/data/relationships/country/data/id') ? UNKNOWN_COUNTRY : undefined;
    return p.run(() => countryOfAttribute(attr, '/data/attributes/country_id').iso_alpha_2, UNKNOWN_COUNTRY);
  };

  /** The customer of a write: `relationships.<rel>` or the `<attr>_id` attribute (they must agree); its `<attr>_type` must be Customer. */
  const ownerOf = (
    p: Problems,
    relPointer: string,
    rel: Parameters<typeof relId>[0],
    attr: 'addressable' | 'contactable',
    attrs: Record<string, unknown> | undefined,
  ): number | undefined => {
    checkCustomerType(attrs?.[`${attr}_type`] as string | null | undefined, `/data/attributes/${attr}_type`);
    const fromRel = p.run(() => relId(rel, relPointer), undefined);
    const raw = attrs?.[`${attr}_id`];
    const fromAttr = raw === undefined || raw === null ? undefined : p.run(() => intId(raw, `/data/attributes/${attr}_id`), undefined);
    if (fromRel !== undefined && fromAttr !== undefined && fromRel !== fromAttr) {
      throw new DomainError('conflict', `${attr}_id does not match ${relPointer}`, [
        { field: `/data/attributes/${attr}_id`, issue: `does not match ${relPointer.slice('/data/'.length)}` },
      ]);
    }
    return fromRel ?? fromAttr;
  };

  app.get(
    '/addresses/:id',
    {
      config: addressCfg,
      schema: {
        tags,
        summary: 'Get an address',
        params: IdParams,
        querystring: oneQuery('addresses'),
        response: { 200: one(AddressResource), ...errors },
      },
    },
    async (req) => {
      const q = req.query as Query;
      const { customer, address } = await contacts.getCustomerAddress(db, scopeOf(req), pathId(req.params.id));
      return withIncluded({ data: sparse(presentAddress(address, customer.number), q) }, addressIncludes([address], q));
    },
  );

  const ADDRESS_FILTERS = [
    'id',
    'customer_id',
    'addressable_id',
    'addressable_type',
    'country_id',
    'is_primary',
    'address_detail',
    'city',
    'postcode',
    'region',
    'name',
    'for_charge',
    'for_discharge',
  ];
  const ADDRESS_SORTS = ['id', 'is_primary', 'address_detail', 'city', 'postcode', 'region', 'name'];
  const addressIncludes = (list: { country: string }[], q: Query) =>
    includesOf(q).has('country')
      ? included(
          list
            .map((a) => countryByCode(a.country))
            .filter((c) => c !== undefined)
            .map(presentCountry),
          q,
        )
      : undefined;

  /** An addresses list from the customers given, with the JSON:API parameters applied in memory. */
  const addressList = (req: FastifyRequest, owners: Customer[]) => {
    const q = { ...(req.query as Query) };
    const typeFilter = filtersOf(q).get('addressable_type');
    delete q['filter[addressable_type]'];
    const all =
      typeFilter === undefined || /^customers?$/i.test(typeFilter)
        ? owners.flatMap((c) => c.addresses.map((a) => ({ a, r: presentAddress(a, c.number) })))
        : [];
    const res = listInMemory(
      all.map((x) => x.r),
      q,
      { filters: ADDRESS_FILTERS.filter((f) => f !== 'addressable_type'), sorts: ADDRESS_SORTS, alias: { addressable_id: 'customer_id' } },
    );
    const byId = new Map(all.map((x) => [x.r.id, x.a]));
    return withIncluded(
      {
        data: res.page.map((r) => sparse(r, q)),
        meta: { total: res.total, page: res.page_number, page_size: res.size },
        links: links(req, res.page_number, res.size, res.page_number * res.size < res.total),
      },
      addressIncludes(
        res.page.map((r) => byId.get(r.id)!),
        q,
      ),
    );
  };

  app.get(
    '/addresses',
    {
      config: addressCfg,
      schema: {
        tags,
        summary: "List the customers' addresses; filter[customer_id] (or filter[addressable_id]) for one customer's",
        querystring: listQuery('addresses', {
          customer_id: 'The customer id',
          addressable_id: 'The customer id',
          city: 'Equal',
          postcode: 'Equal',
          is_primary: 'true or false',
        }),
        response: { 200: many(AddressResource), ...errors },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const f = filtersOf(req.query as Query);
      const owner = f.get('customer_id') ?? f.get('addressable_id');
      let owners: Customer[];
      if (owner !== undefined) {
        const n = intId(owner, `querystring.filter[${f.has('customer_id') ? 'customer_id' : 'addressable_id'}]`);
        owners = await customers.getCustomer(db, scope, String(n)).then(
          (c) => [c],
          (err) => {
            if (err instanceof DomainError && err.code === 'not_found') return [];
            throw err;
          },
        );
      } else owners = await allCustomers(db, scope);
      return addressList(req, owners);
    },
  );

  app.get(
    '/customers/:id/addresses',
    {
      config: addressCfg,
      schema: {
        tags,
        summary: "A customer's addresses (the live product's nested route)",
        params: IdParams,
        querystring: listQuery('addresses', {}),
        response: { 200: many(AddressResource), ...errors },
      },
    },
    async (req) => addressList(req, [await customers.getCustomer(db, scopeOf(req), pathId(req.params.id))]),
  );

  app.post(
    '/addresses',
    {
      ...collect,
      config: addressCfg,
      schema: {
        tags,
        summary:
          'Add an address to a customer (relationships.customer or addressable_id), country by relationship or country_id (default PT)',
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
          throw new DomainError('unprocessable', `Addresses of ${other}s are not managed by Cobre`, [
            { field: `/data/relationships/${other}`, issue: 'is not supported: only customer addresses' },
          ]);
        }
      }
      const attrs = usable(req.body.data.attributes, badAttributes);
      const customerNumber = ownerOf(p, '/data/relationships/customer', rels.customer, 'addressable', attrs);
      if (customerNumber === undefined && !p.names('/data/relationships/customer/data/id') && !p.names('/data/attributes/addressable_id'))
        p.add('/data/relationships/customer/data/id', 'is required (or attributes.addressable_id)');
      const country = addressCountry(req.body, p) ?? 'PT';
      const fields = toAddressFields(attrs, country);
      if (p.any) {
        // The domain's address rules on what is left, the customer aside, in the same response.
        p.run(
          () => normalizeCustomer({ person_type: 'PF', name: '-', country: 'PT', addresses: [fields as contacts.AddressFields] }, today()),
          undefined,
        );
        p.throwIfAny();
      }
      return sendWrite(db, scope, req, reply, 200, async (tx) => {
        const { customer, address } = await contacts.addCustomerAddress(
          tx,
          scope,
          String(customerNumber),
          fields as contacts.AddressFields,
          today(),
        );
        return { data: presentAddress(address, customer.number) };
      });
    },
  );

  const patchAddress = async (
    req: FastifyRequest<{ Body: AddressDocInT; Params: { id?: string } }>,
    reply: Parameters<typeof sendWrite>[3],
  ) => {
    const scope = scopeOf(req);
    const { problems: p, badAttributes } = schemaProblems(req, { kind: 'addresses' });
    pointerContextOf.set(req, p.ctx);
    const id = idOrRefuse(p, () => bodyId(req.body.data.id, req.params.id));
    const attrs = usable(req.body.data.attributes, badAttributes);
    checkCustomerType(attrs.addressable_type, '/data/attributes/addressable_type');
    const country = addressCountry(req.body, p);
    return sendWrite(db, scope, req, reply, 200, async (tx) => {
      const current = await contacts.getCustomerAddress(tx, scope, id);
      const newOwner = ownerOf(p, '/data/relationships/customer', req.body.data.relationships?.customer, 'addressable', attrs);
      if (newOwner !== undefined && newOwner !== current.customer.number) {
        throw new DomainError('unprocessable', 'An address cannot move to another customer', [
          { field: '/data/relationships/customer', issue: 'cannot be changed' },
        ]);
      }
      const fields = toAddressFields(attrs, country, current.address);
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
      schema: {
        tags,
        summary: 'Update an address (data.id), only the attributes sent',
        body: AddressDocIn,
        response: { 200: one(AddressResource), ...errors },
      },
    },
    async (req, reply) => patchAddress(req as never, reply),
  );
  app.patch(
    '/addresses/:id',
    {
      ...collect,
      config: addressCfg,
      schema: {
        tags,
        summary: 'Update an address, only the attributes sent',
        params: IdParams,
        body: AddressDocIn,
        response: { 200: one(AddressResource), ...errors },
      },
    },
    async (req, reply) => patchAddress(req as never, reply),
  );

  app.delete(
    '/addresses/:id',
    {
      config: addressCfg,
      schema: {
        tags,
        summary: 'Remove an address from its customer (the next one becomes primary if it was)',
        params: IdParams,
        response: { 200: DeletedMeta, ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const id = pathId(req.params.id);
      return sendWrite(db, scope, req, reply, 200, async (tx) => {
        const { address } = await contacts.removeCustomerAddress(tx, scope, id, today());
        return { meta: { deleted: true, id: address.number } };
      });
    },
  );

  // ---- e-mail addresses ----

  /** Every e-mail address of the tenant (or of one customer), read page by page. */
  const allEmails = async (scope: Scope, customerRef?: string, email?: string) => {
    const out: contacts.EmailListItem[] = [];
    for (let page = 1; ; page++) {
      const r = await contacts.listCustomerEmails(db, scope, { customerRef, email, page, page_size: 1000 });
      out.push(...r.data);
      if (out.length >= r.total || r.data.length === 0) return out;
    }
  };

  const EMAIL_FILTERS = ['id', 'customer_id', 'email', 'is_primary'];
  const customerFilter = (q: Query, name: string) => {
    const v = filtersOf(q).get(name);
    if (v !== undefined && !/^[1-9]\d{0,14}$/.test(v)) {
      throw new DomainError('validation_failed', `filter[${name}] must be a customer id`, [
        { field: `querystring.filter[${name}]`, issue: 'must be a positive integer' },
      ]);
    }
    return v;
  };

  app.get(
    '/email_addresses',
    {
      config: emailCfg,
      schema: {
        tags,
        summary: "List the customers' e-mail addresses",
        querystring: listQuery('email_addresses', { customer_id: 'The customer id', email: 'Equal' }),
        response: { 200: many(EmailResource), ...errors },
      },
    },
    async (req) => {
      const q = req.query as Query;
      const f = filtersOf(q);
      const rows = await allEmails(scopeOf(req), customerFilter(q, 'customer_id'), f.get('email')?.replace(/ /g, '+'));
      const res = listInMemory(
        rows.map((e) => presentEmail(e, e.customer_number)),
        { ...q, 'filter[email]': undefined },
        { filters: EMAIL_FILTERS, sorts: ['id', 'email', 'is_primary'] },
      );
      return {
        data: res.page.map((r) => sparse(r, q)),
        meta: { total: res.total, page: res.page_number, page_size: res.size },
        links: links(req, res.page_number, res.size, res.page_number * res.size < res.total),
      };
    },
  );

  app.get(
    '/email_addresses/:id',
    {
      config: emailCfg,
      schema: {
        tags,
        summary: 'Get an e-mail address',
        params: IdParams,
        querystring: oneQuery('email_addresses'),
        response: { 200: one(EmailResource), ...errors },
      },
    },
    async (req) => {
      const { customer, email } = await contacts.getCustomerEmail(db, scopeOf(req), pathId(req.params.id));
      return { data: sparse(presentEmail(email, customer.number), req.query as Query) };
    },
  );

  app.post(
    '/email_addresses',
    {
      ...collect,
      config: emailCfg,
      schema: {
        tags,
        summary: 'Add an e-mail address to a customer (relationships.customer)',
        body: EmailDocIn,
        response: { 200: one(EmailResource), ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { problems: p, badAttributes } = schemaProblems(req, { kind: 'email_addresses' });
      pointerContextOf.set(req, p.ctx);
      const customerNumber = p.run(() => relId(req.body.data.relationships?.customer, '/data/relationships/customer'), undefined);
      if (customerNumber === undefined && !p.names('/data/relationships/customer/data/id'))
        p.add('/data/relationships/customer/data/id', 'is required');
      const attrs = usable(req.body.data.attributes, badAttributes);
      checkEmailAttribute(p, attrs.email, badAttributes);
      p.throwIfAny();
      return sendWrite(db, scope, req, reply, 200, async (tx) => {
        const { customer, email } = await contacts.addCustomerEmail(
          tx,
          scope,
          String(customerNumber),
          { email: attrs.email!, is_primary: attrs.is_primary },
          today(),
        );
        return { data: presentEmail(email, customer.number) };
      });
    },
  );

  const patchEmail = async (
    req: FastifyRequest<{ Body: EmailDocInT; Params: { id?: string } }>,
    reply: Parameters<typeof sendWrite>[3],
  ) => {
    const scope = scopeOf(req);
    const { problems: p, badAttributes } = schemaProblems(req, { kind: 'email_addresses' });
    pointerContextOf.set(req, p.ctx);
    const id = idOrRefuse(p, () => bodyId(req.body.data.id, req.params.id));
    const attrs = usable(req.body.data.attributes, badAttributes);
    checkEmailAttribute(p, attrs.email, badAttributes);
    p.throwIfAny();
    return sendWrite(db, scope, req, reply, 200, async (tx) => {
      const { customer, email } = await contacts.updateCustomerEmail(
        tx,
        scope,
        id,
        { email: attrs.email!, ...(attrs.is_primary !== undefined ? { is_primary: attrs.is_primary } : {}) },
        today(),
      );
      return { data: presentEmail(email, customer.number) };
    });
  };

  app.patch(
    '/email_addresses',
    {
      ...collect,
      config: emailCfg,
      schema: {
        tags,
        summary: 'Change an e-mail address (data.id; email required)',
        body: EmailDocIn,
        response: { 200: one(EmailResource), ...errors },
      },
    },
    async (req, reply) => patchEmail(req as never, reply),
  );
  app.patch(
    '/email_addresses/:id',
    {
      ...collect,
      config: emailCfg,
      schema: {
        tags,
        summary: 'Change an e-mail address (email required)',
        params: IdParams,
        body: EmailDocIn,
        response: { 200: one(EmailResource), ...errors },
      },
    },
    async (req, reply) => patchEmail(req as never, reply),
  );

  /** Removes one e-mail address (a contact) from its customer; the next one becomes primary if it was. */
  const deleteEmail = (req: FastifyRequest<{ Params: { id: string } }>, reply: Parameters<typeof sendWrite>[3]) => {
    const scope = scopeOf(req);
    const id = pathId(req.params.id);
    return sendWrite(db, scope, req, reply, 200, async (tx) => {
      const { email } = await contacts.removeCustomerEmail(tx, scope, id, today());
      return { meta: { deleted: true, id: email.number } };
    });
  };

  app.delete(
    '/email_addresses/:id',
    {
      config: emailCfg,
      schema: { tags, summary: 'Remove an e-mail address from its customer', params: IdParams, response: { 200: DeletedMeta, ...errors } },
    },
    async (req, reply) => deleteEmail(req, reply),
  );

  // ---- contacts: the live product's resource for a customer's e-mail addresses ----
  // A contact is one of the customer's e-mail addresses (the same ids as /email_addresses): `email`,
  // `is_primary`, and `name` as the e-mail's label are kept; `position`, `phone_number`,
  // `mobile_number` and `categories` are accepted and not kept (returned as null).

  const contactCfg = { renderError: forKind('email_addresses') };
  const CONTACT_FILTERS = ['id', 'customer_id', 'contactable_id', 'email', 'name', 'is_primary'];

  const contactList = async (req: FastifyRequest, customerRef?: string) => {
    const q = { ...(req.query as Query) };
    const f = filtersOf(q);
    const typeFilter = f.get('contactable_type');
    delete q['filter[contactable_type]'];
    const supplier = f.get('supplier_id');
    delete q['filter[supplier_id]'];
    // Cobre has no suppliers: their contacts, and contacts of any other type, are none.
    const none = supplier !== undefined || (typeFilter !== undefined && !/^customers?$/i.test(typeFilter));
    const ref = customerRef ?? customerFilter(q, f.has('customer_id') ? 'customer_id' : 'contactable_id');
    // A filter naming an unknown customer matches nothing (a path naming one is a 404).
    const rows = none
      ? []
      : await allEmails(scopeOf(req), ref, f.get('email')?.replace(/ /g, '+')).catch((err: unknown) => {
          if (customerRef === undefined && err instanceof DomainError && err.code === 'not_found') return [];
          throw err;
        });
    const res = listInMemory(
      rows.map((e) => presentContact(e, e.customer_number)),
      { ...q, 'filter[email]': undefined },
      { filters: CONTACT_FILTERS, sorts: ['id', 'email', 'name', 'is_primary'], alias: { customer_id: 'contactable_id' } },
    );
    return {
      data: res.page.map((r) => sparse(r, q)),
      meta: { total: res.total, page: res.page_number, page_size: res.size },
      links: links(req, res.page_number, res.size, res.page_number * res.size < res.total),
    };
  };

  app.get(
    '/contacts',
    {
      config: contactCfg,
      schema: {
        tags,
        summary: "List the customers' contacts (their e-mail addresses); filter[customer_id] or filter[contactable_id] for one customer's",
        querystring: listQuery('contacts', {
          customer_id: 'The customer id',
          contactable_id: 'The customer id',
          supplier_id: 'Always empty: Cobre has no suppliers',
          email: 'Equal',
        }),
        response: { 200: many(ContactResource), ...errors },
      },
    },
    async (req) => contactList(req),
  );

  app.get(
    '/customers/:id/contacts',
    {
      config: contactCfg,
      schema: {
        tags,
        summary: "A customer's contacts",
        params: IdParams,
        querystring: listQuery('contacts', {}),
        response: { 200: many(ContactResource), ...errors },
      },
    },
    async (req) => contactList(req, pathId(req.params.id)),
  );

  app.get(
    '/contacts/:id',
    {
      config: contactCfg,
      schema: {
        tags,
        summary: 'Get a contact',
        params: IdParams,
        querystring: oneQuery('contacts'),
        response: { 200: one(ContactResource), ...errors },
      },
    },
    async (req) => {
      const { customer, email } = await contacts.getCustomerEmail(db, scopeOf(req), pathId(req.params.id));
      return { data: sparse(presentContact(email, customer.number), req.query as Query) };
    },
  );

  app.post(
    '/contacts',
    {
      ...collect,
      config: contactCfg,
      schema: {
        tags,
        summary: 'Add a contact (an e-mail address) to a customer: contactable_id or relationships.customer; email required',
        body: ContactDocIn,
        response: { 200: one(ContactResource), ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const { problems: p, badAttributes } = schemaProblems(req, { kind: 'email_addresses' });
      pointerContextOf.set(req, p.ctx);
      const attrs = usable(req.body.data.attributes, badAttributes);
      const rels = req.body.data.relationships ?? {};
      const customerNumber = ownerOf(p, '/data/relationships/customer', rels.customer ?? rels.contactable, 'contactable', attrs);
      if (customerNumber === undefined && !p.names('/data/attributes/contactable_id') && !p.names('/data/relationships/customer/data/id'))
        p.add('/data/attributes/contactable_id', 'is required (or relationships.customer)');
      checkEmailAttribute(p, attrs.email ?? undefined, badAttributes);
      p.throwIfAny();
      return sendWrite(db, scope, req, reply, 200, async (tx) => {
        const { customer, email } = await contacts.addCustomerEmail(
          tx,
          scope,
          String(customerNumber),
          { email: attrs.email!, is_primary: attrs.is_primary, ...(attrs.name !== undefined ? { label: attrs.name } : {}) },
          today(),
        );
        return { data: presentContact(email, customer.number) };
      });
    },
  );

  const patchContact = async (
    req: FastifyRequest<{ Body: ContactDocInT; Params: { id?: string } }>,
    reply: Parameters<typeof sendWrite>[3],
  ) => {
    const scope = scopeOf(req);
    const { problems: p, badAttributes } = schemaProblems(req, { kind: 'email_addresses' });
    pointerContextOf.set(req, p.ctx);
    const id = idOrRefuse(p, () => bodyId(req.body.data.id, req.params.id));
    const attrs = usable(req.body.data.attributes, badAttributes);
    if (attrs.email === null) p.add('/data/attributes/email', 'cannot be removed: delete the contact instead');
    else if (attrs.email !== undefined && !badAttributes.has('email')) p.run(() => normalizeEmail(attrs.email!, 'email'), undefined);
    const rels = req.body.data.relationships ?? {};
    return sendWrite(db, scope, req, reply, 200, async (tx) => {
      const current = await contacts.getCustomerEmail(tx, scope, id);
      const owner = ownerOf(p, '/data/relationships/customer', rels.customer ?? rels.contactable, 'contactable', attrs);
      if (owner !== undefined && owner !== current.customer.number) {
        throw new DomainError('unprocessable', 'A contact cannot move to another customer', [
          { field: '/data/attributes/contactable_id', issue: 'cannot be changed' },
        ]);
      }
      p.throwIfAny();
      const patch = {
        ...(attrs.email ? { email: attrs.email } : {}),
        ...(attrs.is_primary !== undefined ? { is_primary: attrs.is_primary } : {}),
        ...(attrs.name !== undefined ? { label: attrs.name } : {}),
      };
      const { customer, email } = await contacts.updateCustomerEmail(tx, scope, id, patch, today());
      return { data: presentContact(email, customer.number) };
    });
  };

  app.patch(
    '/contacts',
    {
      ...collect,
      config: contactCfg,
      schema: {
        tags,
        summary: 'Change a contact (data.id), only the attributes sent',
        body: ContactDocIn,
        response: { 200: one(ContactResource), ...errors },
      },
    },
    async (req, reply) => patchContact(req as never, reply),
  );
  app.patch(
    '/contacts/:id',
    {
      ...collect,
      config: contactCfg,
      schema: {
        tags,
        summary: 'Change a contact, only the attributes sent',
        params: IdParams,
        body: ContactDocIn,
        response: { 200: one(ContactResource), ...errors },
      },
    },
    async (req, reply) => patchContact(req as never, reply),
  );
  app.delete(
    '/contacts/:id',
    {
      config: contactCfg,
      schema: {
        tags,
        summary: 'Remove a contact (an e-mail address) from its customer',
        params: IdParams,
        response: { 200: DeletedMeta, ...errors },
      },
    },
    async (req, reply) => deleteEmail(req, reply),
  );

  // ---- countries ----

  app.get(
    '/countries',
    {
      config: otherCfg,
      schema: {
        tags,
        summary: "Countries with TOConline's ids (1 = PT, 2 = PT-MA, 3 = PT-AC); filter[iso_alpha_2]=PT (several separated by |)",
        querystring: listQuery('countries', { iso_alpha_2: 'Equal; several separated by |', tax_country_region: 'Equal' }),
        response: { 200: many(CountryResource), ...errors },
      },
    },
    async (req) => {
      const q = { ...(req.query as Query) };
      const codes = filtersOf(q).get('iso_alpha_2');
      delete q['filter[iso_alpha_2]'];
      const list =
        codes === undefined
          ? TOC_COUNTRIES
          : codes
              .split('|')
              .map((c) => countryByCode(c))
              .filter((c) => c !== undefined);
      const paged = q['page[number]'] !== undefined || q['page[size]'] !== undefined;
      const res = listInMemory(list.map(presentCountry), q, {
        filters: ['id', 'iso_alpha_2', 'tax_country_region', 'default_name', 'name'],
        sorts: ['id', 'iso_alpha_2', 'default_name', 'name', 'name_en'],
      });
      const data = res.page.map((r) => sparse(r, q));
      // Unpaged, as the product answers it: {data:[...]} only.
      return paged
        ? {
            data,
            meta: { total: res.total, page: res.page_number, page_size: res.size },
            links: links(req, res.page_number, res.size, res.page_number * res.size < res.total),
          }
        : { data };
    },
  );

  app.get(
    '/countries/:id',
    {
      config: otherCfg,
      schema: {
        tags,
        summary: 'Get a country by id',
        params: IdParams,
        querystring: oneQuery('countries'),
        response: { 200: one(CountryResource), ...errors },
      },
    },
    async (req) => {
      const c = countryByTocId(Number(pathId(req.params.id)));
      if (!c) throw new DomainError('not_found', 'Country not found');
      return { data: sparse(presentCountry(c), req.query as Query) };
    },
  );
}

/** Every customer of the tenant, read in pages (the flat address list has no use case of its own). */
async function allCustomers(db: Queryable, scope: Scope): Promise<Customer[]> {
  const out: Customer[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await customers.listCustomers(db, scope, { limit: 1000, ...(cursor ? { cursor } : {}) });
    out.push(...page.data);
    if (!page.has_more || !page.next_cursor) return out;
    cursor = page.next_cursor;
  }
}
