import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../platform/http/request-scope.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import { ErrorSchema } from '../../platform/http/common-schemas.ts';
import { DomainError } from '../../platform/errors.ts';
import { PagingQuerySchema, pageSchema, runList, type ResourceDef } from '../../platform/search.ts';
import * as runs from './billing-runs.ts';
import { BillingRun, PreviewSkippedContract, SkippedContract } from './schemas.ts';
import { tickTenant } from './scheduler.ts';
import type { BillingRunRow } from './queries.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

const PreviewLine = Type.Object({
  contract_item_id: Type.String(),
  service_id: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  quantity: Type.String(),
  unit_price_cents: Type.String(),
  amount_cents: Type.Integer(),
  billable_days: Type.Integer(),
  period_days: Type.Integer(),
});
const label = { contract_number: Type.Integer(), customer_id: Type.String(), customer_name: Type.String(), billing_day: Type.Integer() };
const Preview = Type.Object({
  reference_date: Type.String(),
  catch_up: Type.Boolean(),
  contracts_examined: Type.Integer(),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
  total_cents: Type.Integer({ description: 'Total of the charges not billed yet' }),
  charges_count: Type.Integer({ description: 'Charges the run would create (not billed yet)' }),
  contracts_billed: Type.Integer({ description: 'Contracts that would get at least one new charge' }),
  charges: Type.Array(
    Type.Object({
      contract_id: Type.String(),
      ...label,
      period_key: Type.String(),
      period_start: Type.String(),
      period_end: Type.String(),
      billing_date: Type.String({ description: 'When the period became billable; before reference_date for a catch-up charge' }),
      catch_up: Type.Boolean({ description: 'Billed only because of catch_up (its billing date passed)' }),
      issue_date: Type.String(),
      due_date: Type.String(),
      total_cents: Type.Integer(),
      already_billed: Type.Boolean(),
      lines: Type.Array(PreviewLine),
    }),
  ),
  skipped: Type.Integer(),
  skipped_by_reason: Type.Record(Type.String(), Type.Integer()),
  skipped_contracts: Type.Array(PreviewSkippedContract, { description: 'Every contract of this page that would get no charge, with why' }),
  unbilled_past: Type.Object(
    { contracts: Type.Integer(), periods: Type.Integer(), total_cents: Type.Integer() },
    {
      description:
        'Periods with a billing date before reference_date and no charge, which this run would leave unbilled: catch_up bills them (0 when catch_up is set)',
    },
  ),
  errors: Type.Array(Type.Object({ contract_id: Type.String(), ...label, code: Type.String(), message: Type.String() })),
});

const catchUpField = Type.Optional(
  Type.Boolean({
    description:
      'Also bill every period whose billing date is on or before reference_date (looking back to the 1st of the month 12 months earlier) and that has no charge yet. Each such charge is issued on reference_date and falls due due_days later. Default false.',
  }),
);

const runResource: ResourceDef = {
  name: 'billing_runs',
  alias: 'br',
  defaultSort: [{ field: 'number', direction: 'desc' }],
  fields: [
    { name: 'number', type: 'integer', filterable: true, sortable: true, unique: true },
    { name: 'reference_date', type: 'date', filterable: true, sortable: true },
    { name: 'status', type: 'enum', enum: ['queued', 'running', 'finished', 'failed'], filterable: true },
  ],
};

export async function billingRunRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Billing runs'];

  app.post(
    '/v1/billing-runs',
    {
      schema: {
        tags,
        summary: 'Start a billing run for a reference date (background; follow its progress with GET)',
        description:
          'Every contract whose billing day falls due on the date gets exactly one charge for its period. Running again, or twice at once, never bills a period twice.',
        body: Type.Object(
          {
            reference_date: Type.Optional(Type.String({ format: 'date', description: 'Default: today (America/Sao_Paulo)' })),
            trigger: Type.Optional(Type.Union([Type.Literal('api'), Type.Literal('cli'), Type.Literal('console')])),
            catch_up: catchUpField,
          },
          { additionalProperties: false },
        ),
        response: { 202: BillingRun, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 202, async (tx) => {
        const run = await runs.createBillingRun(tx, scopeOf(req), {
          reference_date: req.body?.reference_date ?? clock.today(),
          trigger: req.body?.trigger ?? 'api',
          catch_up: req.body?.catch_up ?? false,
        });
        return run!;
      }),
  );

  app.post(
    '/v1/billing-runs/preview',
    {
      schema: {
        tags,
        summary: 'Dry run: what a run on the date would bill and skip (with why), without writing anything',
        body: Type.Object(
          {
            reference_date: Type.Optional(Type.String({ format: 'date' })),
            catch_up: catchUpField,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'Contracts examined per page (default 100)' })),
            cursor: Type.Optional(Type.String({ format: 'uuid', description: 'next_cursor of the previous page' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Preview, ...errors },
      },
    },
    async (req) =>
      runs.previewBilling(db, scopeOf(req), {
        reference_date: req.body?.reference_date ?? clock.today(),
        catch_up: req.body?.catch_up ?? false,
        after: req.body?.cursor,
        limit: req.body?.limit ?? 100,
      }),
  );

  app.post(
    '/v1/billing-runs/tick',
    {
      schema: {
        tags,
        summary:
          "Run the daily tick for this tenant now: resume contracts whose planned suspension ended, today's billing run (once per day) and the overdue sweep",
        body: Type.Object({ date: Type.Optional(Type.String({ format: 'date' })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            run_id: Type.Union([Type.String(), Type.Null()]),
            overdue: Type.Integer(),
            resumed: Type.Integer(),
            steps: Type.Record(Type.String(), Type.Record(Type.String(), Type.Integer()), {
              description: 'Counts of the other steps of the tick, by step (dunning: steps taken, messages queued, contracts suspended…)',
            }),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const date = req.body?.date ?? clock.today();
      if (date > clock.today())
        throw new DomainError('validation_failed', 'The tick cannot run for a future date', [{ field: 'date', issue: 'in the future' }]);
      return tickTenant(db, scopeOf(req).tenantId, date, scopeOf(req).now, scopeOf(req).actor);
    },
  );

  app.get(
    '/v1/billing-runs',
    {
      schema: {
        tags,
        summary: 'List billing runs, newest first',
        querystring: Type.Object({ ...PagingQuerySchema }, { additionalProperties: false }),
        response: { 200: pageSchema(BillingRun), ...errors },
      },
    },
    async (req) => {
      const { sort: _sort, ...paging } = req.query;
      const page = await runList<BillingRunRow>(
        db,
        runResource,
        { select: 'br.*', from: 'billing_runs br', scopeWhere: 'br.tenant_id = $1', scopeParams: [scopeOf(req).tenantId], idSql: 'br.id' },
        paging,
      );
      return { ...page, data: page.data.map(runs.presentRun) };
    },
  );

  app.get(
    '/v1/billing-runs/:id',
    {
      schema: {
        tags,
        summary: 'A billing run and its progress (processed/total, errors)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: BillingRun, ...errors },
      },
    },
    async (req) => runs.getBillingRun(db, scopeOf(req), req.params.id),
  );

  app.get(
    '/v1/billing-runs/:id/errors',
    {
      schema: {
        tags,
        summary: 'Contracts that failed to bill in the run (bad data), with the reason',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Object({
            data: Type.Array(
              Type.Object({ contract_id: Type.String(), code: Type.String(), message: Type.String(), created_at: Type.String() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({ data: await runs.billingRunErrors(db, scopeOf(req), req.params.id) }),
  );

  app.get(
    '/v1/billing-runs/:id/skipped',
    {
      schema: {
        tags,
        summary: 'Contracts the run did not bill, with the reason (a scheduler run lists only those needing attention)',
        description:
          'One row per skipped contract, ordered by contract number (page-number paging) or by contract id (cursor paging). The daily scheduler run counts the routine reasons (not_billing_day, ended) in skipped_by_reason without listing them.',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object(
          {
            reason: Type.Optional(Type.Union(runs.SKIP_REASONS.map((r) => Type.Literal(r)))),
            page: PagingQuerySchema.page,
            page_size: PagingQuerySchema.page_size,
            limit: PagingQuerySchema.limit,
            cursor: PagingQuerySchema.cursor,
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema(SkippedContract), ...errors },
      },
    },
    async (req) => runs.billingRunSkips(db, scopeOf(req), req.params.id, req.query),
  );
}
