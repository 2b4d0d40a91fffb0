// The dunning-schedule API ("régua de cobrança"): schedules, per-customer/contract assignment and
// pause, a charge's steps, the bulk manual send and the protest / credit-bureau flags (docs/dunning.md).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../platform/http/request-scope.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import { ErrorSchema } from '../../platform/http/common-schemas.ts';
import * as schedules from './schedules.ts';
import * as send from './send.ts';
import {
  AssignmentInput,
  AssignmentView,
  ChargeDunning,
  FlagsPage,
  FlagsQuery,
  Schedule,
  ScheduleBody,
  ScheduleCreate,
  SchedulePatch,
  SendInput,
  SendResult,
} from './schemas.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The UUID' }) });
const ChargeRef = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The charge UUID or its per-tenant number' }),
});

export async function dunningRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Dunning'];

  app.get(
    '/v1/dunning-schedules',
    {
      schema: {
        tags,
        summary: "The tenant's dunning schedules (régua de cobrança), the default first",
        response: { 200: Type.Object({ data: Type.Array(Schedule) }), ...errors },
      },
    },
    async (req) => schedules.listSchedules(db, scopeOf(req)),
  );

  app.get(
    '/v1/dunning-schedules/default-template',
    {
      schema: {
        tags,
        summary: 'The built-in schedule, used when the tenant has no default schedule',
        description:
          'Messages only (−5 reminder, 0 due today, +1 and +7 overdue), calendar days, quiet 20:00–08:00. Suspension and protest steps are turned on in a schedule of the tenant.',
        response: { 200: ScheduleBody, ...errors },
      },
    },
    async () => schedules.defaultTemplate(),
  );

  app.post(
    '/v1/dunning-schedules',
    {
      schema: {
        tags,
        summary: 'Create a dunning schedule',
        description:
          'Steps relative to the due date (−60…365), each notify (event + channels), suspend_contract (optional contract_suspended notice) or flag_protest; at most 20, one per offset and action. `is_default: true` makes it the tenant default (the previous default stops being one).',
        body: ScheduleCreate,
        response: { 201: Schedule, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 201, (tx) => schedules.createSchedule(tx, scopeOf(req), req.body)),
  );

  app.get(
    '/v1/dunning-schedules/:id',
    { schema: { tags, summary: 'Get a dunning schedule', params: IdParam, response: { 200: Schedule, ...errors } } },
    async (req) => schedules.getSchedule(db, scopeOf(req), req.params.id),
  );

  app.patch(
    '/v1/dunning-schedules/:id',
    {
      schema: {
        tags,
        summary: 'Update a dunning schedule (the fields sent; `steps` replaces the list)',
        description:
          'A step is taken once per charge and key (offset + action), so editing channels or adding steps never repeats a step already taken.',
        params: IdParam,
        body: SchedulePatch,
        response: { 200: Schedule, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) => schedules.updateSchedule(tx, scopeOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/v1/dunning-schedules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a dunning schedule (customers and contracts assigned to it fall back to the next level)',
        params: IdParam,
        response: { 200: Schedule, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => schedules.deleteSchedule(tx, scopeOf(req), req.params.id)),
  );

  for (const type of ['customer', 'contract'] as const) {
    const path = `/v1/${type}s/:id/dunning`;
    app.get(
      path,
      {
        schema: {
          tags,
          summary: `The ${type}'s own dunning schedule and pause, and the schedule that applies (and from where)`,
          params: IdParam,
          response: { 200: AssignmentView, ...errors },
        },
      },
      async (req) => schedules.getAssignment(db, scopeOf(req), type, req.params.id),
    );
    app.put(
      path,
      {
        schema: {
          tags,
          summary: `Set the ${type}'s dunning schedule and/or pause it`,
          description:
            'Fields not sent keep their value; `schedule_id: null` inherits (contract > customer > tenant default > built-in). A pause stops every step of the schedule (manual sends still go).',
          params: IdParam,
          body: AssignmentInput,
          response: { 200: AssignmentView, ...errors },
        },
      },
      async (req, reply) =>
        sendWrite(db, scopeOf(req), req, reply, 200, (tx) => schedules.setAssignment(tx, scopeOf(req), type, req.params.id, req.body)),
    );
  }

  app.post(
    '/v1/dunning/send',
    {
      schema: {
        tags,
        summary: 'Send a message now to chosen charges (bulk)',
        description:
          "One message per charge and channel, now (quiet hours do not apply to a clerk's send). Paid, cancelled and unknown charges are listed with their problem; the others go. Reminders honour the payer's unsubscribe; charge_created does not.",
        body: SendInput,
        response: { 200: SendResult, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => send.sendStepNow(tx, scopeOf(req), req.body)),
  );

  app.get(
    '/v1/charges/:id/dunning',
    {
      schema: {
        tags,
        summary: "A charge's dunning: the steps taken, the schedule that applies and the steps to come with their dates",
        params: ChargeRef,
        response: { 200: ChargeDunning, ...errors },
      },
    },
    async (req) => send.chargeDunning(db, scopeOf(req), req.params.id, clock.today()),
  );

  app.get(
    '/v1/dunning/flags',
    {
      schema: {
        tags,
        summary: 'Open charges flagged for protest / credit-bureau export by the schedule, newest flag first',
        querystring: FlagsQuery,
        response: { 200: FlagsPage, ...errors },
      },
    },
    async (req) => send.listFlags(db, scopeOf(req), req.query),
  );

  app.get(
    '/v1/dunning/flags.csv',
    {
      schema: {
        tags,
        summary: 'The flagged charges as CSV (";" separator, pt-BR headers and amounts) for a credit bureau or cartório',
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'CSV file' }), ...errors },
      },
    },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cobrancas-protesto-${clock.today()}.csv"`)
        .send(await send.flagsCsv(db, scopeOf(req))),
  );
}
