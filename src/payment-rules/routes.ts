import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema } from '../platform/http/common-schemas.ts';
import {
  MetadataSchema,
  PagingQuerySchema,
  SearchBodySchema,
  metadataOf,
  pageSchema,
  parseSortParam,
  type Filter,
} from '../platform/search.ts';
import * as rules from './rules.ts';
import * as effective from './effective.ts';
import { ruleResource } from './rule-resource.ts';
import {
  EffectiveRules,
  LatePolicyInput,
  LatePolicyListItem,
  LatePolicyPreviewInput,
  LatePolicyView,
  Link,
  LinkInput,
  PaymentRule,
  PaymentRuleCreate,
  PaymentRulePatch,
  PreviewResult,
  RulePreviewInput,
  TARGET_TYPES,
} from './schemas.ts';
import * as preview from './preview.ts';
import { RULE_CODE_LISTS, RULE_RATE_FIELDS } from './rule-codes.ts';

const RuleRef = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The rule UUID or its codigo' }) });
const Ref = (what: string) =>
  Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: `The ${what} UUID or its per-tenant number` }) });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

const CodeList = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), meaning: Type.String() }));
const CodesResponse = Type.Object({
  codes: Type.Record(Type.String(), CodeList),
  rate_fields: Type.Array(
    Type.Object({ name: Type.String(), type: Type.String(), required: Type.String(), constraints: Type.String(), meaning: Type.String() }),
  ),
});

export async function paymentRuleRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Payment rules'];
  const lateTags = ['Late-charge policies'];
  const now = () => ({ now: clock.now() });

  app.post(
    '/v1/payment-rules',
    {
      schema: {
        tags,
        summary: 'Create a payment rule (early-payment discount or surcharge; the CRM\'s "desconto pontualidade")',
        description:
          'Only `descricao` is required; the codes default to D, D, N, S, S, AOV, S, N. The rate fields follow docs/payment-rules.md. A new rule applies nowhere until it is attached (POST …/links).',
        body: PaymentRuleCreate,
        response: { 201: PaymentRule, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => rules.createRule(tx, scopeOf(req), req.body, now())),
  );

  app.get(
    '/v1/payment-rules',
    {
      schema: {
        tags,
        summary: 'List payment rules (page-number or cursor paging)',
        querystring: Type.Object(
          {
            ...PagingQuerySchema,
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Contains, on descricao' })),
            ativo: Type.Optional(Type.Boolean()),
            acrescimo_desconto: Type.Optional(Type.Union([Type.Literal('A'), Type.Literal('D')])),
            codigo_externo: Type.Optional(Type.String({ maxLength: 64 })),
            target_type: Type.Optional(
              Type.Union(
                TARGET_TYPES.map((t) => Type.Literal(t)),
                { description: 'Only the rules attached to this target (with target_id, except for tenant).' },
              ),
            ),
            target_id: Type.Optional(Type.String({ format: 'uuid', description: 'The service, customer or contract of target_type.' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema(PaymentRule), ...errors },
      },
    },
    async (req) => {
      const { q, ativo, acrescimo_desconto, codigo_externo, sort, target_type, target_id, ...paging } = req.query;
      const filters: Filter[] = [];
      if (q) filters.push({ field: 'descricao', op: 'contains', value: q });
      if (ativo !== undefined) filters.push({ field: 'ativo', op: 'eq', value: ativo });
      if (acrescimo_desconto) filters.push({ field: 'acrescimo_desconto', op: 'eq', value: acrescimo_desconto });
      if (codigo_externo) filters.push({ field: 'codigo_externo', op: 'eq', value: codigo_externo });
      return rules.listRules(db, scopeOf(req), { ...paging, sort: parseSortParam(sort), filters }, rules.linkedTo(target_type, target_id));
    },
  );

  app.post(
    '/v1/payment-rules/search',
    {
      schema: {
        tags,
        summary: 'Search payment rules with filters, sorting and paging',
        body: SearchBodySchema,
        response: { 200: pageSchema(PaymentRule), ...errors },
      },
    },
    async (req) => rules.listRules(db, scopeOf(req), req.body),
  );

  app.get(
    '/v1/payment-rules/metadata',
    {
      schema: { tags, summary: 'Payment-rule fields: type, max length, required, filterable, sortable', response: { 200: MetadataSchema } },
    },
    async () => metadataOf(ruleResource),
  );

  app.get(
    '/v1/payment-rules/codes',
    {
      schema: {
        tags,
        summary: 'Every code of every coded field, with its pt-BR label and exact meaning; the rate fields Cobre adds',
        response: { 200: CodesResponse },
      },
    },
    async () => ({
      codes: Object.fromEntries(
        Object.entries(RULE_CODE_LISTS).map(([k, list]) => [k, list.map((o) => ({ value: o.value, label: o.label, meaning: o.meaning }))]),
      ),
      rate_fields: RULE_RATE_FIELDS.map((f) => ({ ...f })),
    }),
  );

  app.post(
    '/v1/payment-rules/preview',
    {
      schema: {
        tags,
        summary: 'Compute an unsaved rule on an example charge (nothing is stored)',
        description:
          'The body is the create body plus `example` (amount, issue and due dates, the payment dates to compute). ' +
          'Each date is computed by the amount-due engine with this rule alone (no fine nor interest); an invalid rule gets the same 400 details as create.',
        body: RulePreviewInput,
        response: { 200: PreviewResult, ...errors },
      },
    },
    async (req) => preview.previewRule(req.body),
  );

  app.get(
    '/v1/payment-rules/by-external-code/:code',
    {
      schema: {
        tags,
        summary: 'Get a payment rule by its codigo_externo',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: PaymentRule, ...errors },
      },
    },
    async (req) => rules.getRuleByExternalCode(db, scopeOf(req), req.params.code),
  );

  app.get(
    '/v1/payment-rules/:id',
    { schema: { tags, summary: 'Get a payment rule by UUID or codigo', params: RuleRef, response: { 200: PaymentRule, ...errors } } },
    async (req) => rules.getRule(db, scopeOf(req), req.params.id),
  );

  app.patch(
    '/v1/payment-rules/:id',
    {
      schema: {
        tags,
        summary: 'Update a payment rule (only the fields sent; null clears an optional field)',
        description:
          'The whole rule is validated after the change: switching tipo_calculo_valor from N to V needs `percentual: null` and a `valor_fixo_centavos`.',
        params: RuleRef,
        body: PaymentRulePatch,
        response: { 200: PaymentRule, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => rules.updateRule(tx, scopeOf(req), req.params.id, req.body, now())),
  );

  app.delete(
    '/v1/payment-rules/:id',
    { schema: { tags, summary: 'Delete a payment rule and its links', params: RuleRef, response: { 200: PaymentRule, ...errors } } },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => rules.deleteRuleByRef(tx, scopeOf(req), req.params.id)),
  );

  app.get(
    '/v1/payment-rules/:id/links',
    {
      schema: {
        tags,
        summary: 'Where a payment rule is attached',
        params: RuleRef,
        response: { 200: Type.Object({ data: Type.Array(Link) }), ...errors },
      },
    },
    async (req) => ({ data: (await rules.getRule(db, scopeOf(req), req.params.id)).links }),
  );

  app.post(
    '/v1/payment-rules/:id/links',
    {
      schema: {
        tags,
        summary: 'Attach a payment rule to the tenant (default), a service, a customer or a contract',
        description:
          'Precedence when several levels have rules: contract > customer > service > tenant (docs/payment-rules.md). Already attached → 409 conflict.',
        params: RuleRef,
        body: LinkInput,
        response: { 201: Link, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => rules.addLink(tx, scopeOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/v1/payment-rules/:id/links/:linkId',
    {
      schema: {
        tags,
        summary: 'Detach a payment rule',
        params: Type.Object({ id: RuleRef.properties.id, linkId: Type.String({ format: 'uuid' }) }),
        response: { 200: Link, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => rules.removeLink(tx, scopeOf(req), req.params.id, req.params.linkId)),
  );

  // ---- effective rules (read only) ----

  app.get(
    '/v1/customers/:id/payment-rules',
    {
      schema: {
        tags,
        summary: "The payment rules a customer's charges get (customer and tenant levels, after precedence)",
        params: Ref('customer'),
        response: { 200: EffectiveRules, ...errors },
      },
    },
    async (req) => effective.customerRules(db, scopeOf(req), req.params.id),
  );

  app.get(
    '/v1/contracts/:id/payment-rules',
    {
      schema: {
        tags,
        summary: "The payment rules a contract's charges get (contract, customer, its services, tenant; after precedence)",
        params: Ref('contract'),
        response: { 200: EffectiveRules, ...errors },
      },
    },
    async (req) => effective.contractRules(db, scopeOf(req), req.params.id),
  );

  app.get(
    '/v1/services/:id/payment-rules',
    {
      schema: {
        tags,
        summary: 'The payment rules a charge of this service gets without customer or contract rules (service and tenant levels)',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The service UUID, number or code' }) }),
        querystring: Type.Object(
          {
            associate: Type.Optional(
              Type.Boolean({ description: 'Select for an associate (tipo_pessoa A) or a third party (T, the default).' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: EffectiveRules, ...errors },
      },
    },
    async (req) => effective.serviceRules(db, scopeOf(req), req.params.id, req.query.associate ?? false),
  );

  // ---- late-charge policies ----

  const lateRoutes = (path: string, level: effective.PolicyLevel, what: string) => {
    const params = level === 'tenant' ? undefined : Ref(level);
    const refOf = (req: { params: unknown }) => (level === 'tenant' ? null : (req.params as { id: string }).id);
    app.get(
      path,
      {
        schema: {
          tags: lateTags,
          summary: `The late-charge policy of ${what}, and the effective one`,
          ...(params ? { params } : {}),
          response: { 200: LatePolicyView, ...errors },
        },
      },
      async (req) => effective.getLatePolicy(db, scopeOf(req), level, refOf(req)),
    );
    app.put(
      path,
      {
        schema: {
          tags: lateTags,
          summary: `Set the late-charge policy (fine, interest, grace) of ${what}`,
          description:
            "Replaces this level's policy whole. Precedence: charge > contract > customer > tenant; the most specific policy that exists applies entirely. Send `{}` (no fine, no interest) to charge nothing at this level.",
          ...(params ? { params } : {}),
          body: LatePolicyInput,
          response: { 200: LatePolicyView, ...errors },
        },
      },
      async (req, reply) =>
        sendWrite(db, scopeOf(req), req, reply, 200, (tx) => effective.putLatePolicy(tx, scopeOf(req), level, refOf(req), req.body)),
    );
    app.delete(
      path,
      {
        schema: {
          tags: lateTags,
          summary: `Remove the late-charge policy of ${what} (inherit the next level)`,
          ...(params ? { params } : {}),
          response: { 200: LatePolicyView, ...errors },
        },
      },
      async (req, reply) =>
        sendWrite(db, scopeOf(req), req, reply, 200, (tx) => effective.deleteLatePolicy(tx, scopeOf(req), level, refOf(req))),
    );
  };
  app.post(
    '/v1/late-charge-policy/preview',
    {
      schema: {
        tags: lateTags,
        summary: 'Compute an unsaved late-charge policy on an example charge (nothing is stored)',
        description:
          'The body is the PUT body plus `example`; each payment date is computed by the amount-due engine with this policy alone (no payment rules).',
        body: LatePolicyPreviewInput,
        response: { 200: PreviewResult, ...errors },
      },
    },
    async (req) => preview.previewLatePolicy(req.body),
  );

  app.get(
    '/v1/late-charge-policies',
    {
      schema: {
        tags: lateTags,
        summary: "Every stored late-charge policy: the tenant's, then those of customers and contracts (with whom they belong to)",
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
            page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ data: Type.Array(LatePolicyListItem), has_more: Type.Boolean() }), ...errors },
      },
    },
    async (req) => preview.listLatePolicies(db, scopeOf(req), req.query.page ?? 1, req.query.page_size ?? 50),
  );

  lateRoutes('/v1/late-charge-policy', 'tenant', 'the tenant (the default)');
  lateRoutes('/v1/customers/:id/late-charge-policy', 'customer', 'a customer');
  lateRoutes('/v1/contracts/:id/late-charge-policy', 'contract', 'a contract');
}
