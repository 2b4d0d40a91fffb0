import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { ErrorSchema } from '../platform/http/common-schemas.ts';
import { writeWorkbook, type ColumnSpec } from '../platform/spreadsheet/index.ts';
import * as S from './schemas.ts';
import * as reports from './reports.ts';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendSheet(
  req: FastifyRequest,
  reply: FastifyReply,
  columns: ColumnSpec[],
  rows: Record<string, unknown>[],
  sheetName: string,
  filename: string,
) {
  const out = new PassThrough();
  writeWorkbook(columns, rows, out, { sheetName }).catch((err) => {
    req.log.error({ err }, 'report export failed');
    out.destroy(err as Error);
  });
  // The route's 200 is typed as a binary string for /openapi.json; Fastify streams the PassThrough as is.
  return reply
    .type(XLSX)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(out as unknown as string);
}

export async function reportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.ctx;
  const tags = ['Reports'];
  const agingText =
    'Charges past due and still open on `as_of`, in buckets of days past due (1–30, 31–60, 61–90, more than 90; a charge due on `as_of` is not overdue), ' +
    'with the count and open amount per bucket and per customer. Open amount: the charge amount minus the payments made by `as_of`, net of refunds, without reversed payments.';
  const receiptsText =
    'Payments received from `from` to `to` (payment dates), net of refunds; reversed payments are left out. Per day, month or method, each split by method.';

  app.get(
    '/v1/reports/overdue-aging',
    {
      schema: {
        tags,
        summary: 'Overdue by age (inadimplência por idade)',
        description: agingText,
        querystring: S.AgingQuery,
        response: { 200: S.AgingReport, ...errors },
      },
    },
    async (req) => reports.overdueAging(db, scopeOf(req), req.query.as_of),
  );
  app.get(
    '/v1/reports/overdue-aging.xlsx',
    {
      schema: {
        tags,
        summary: 'Overdue by age, as XLSX (one row per customer and a total)',
        description: agingText,
        querystring: S.AgingQuery,
        produces: [XLSX],
        response: { 200: Type.String({ description: 'XLSX file' }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await reports.overdueAging(db, scopeOf(req), req.query.as_of);
      return sendSheet(req, reply, reports.AGING_COLUMNS, reports.agingSheetRows(r), 'Inadimplência', `inadimplencia-${r.as_of}.xlsx`);
    },
  );
  app.get(
    '/v1/reports/receipts',
    {
      schema: {
        tags,
        summary: 'Receipts by period (recebimentos)',
        description: receiptsText,
        querystring: S.ReceiptsQuery,
        response: { 200: S.ReceiptsReport, ...errors },
      },
    },
    async (req) => reports.receipts(db, scopeOf(req), req.query),
  );
  app.get(
    '/v1/reports/receipts.xlsx',
    {
      schema: {
        tags,
        summary: 'Receipts by period, as XLSX (one row per period and method, and a total)',
        description: receiptsText,
        querystring: S.ReceiptsQuery,
        produces: [XLSX],
        response: { 200: Type.String({ description: 'XLSX file' }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await reports.receipts(db, scopeOf(req), req.query);
      return sendSheet(
        req,
        reply,
        reports.RECEIPTS_COLUMNS,
        reports.receiptsSheetRows(r),
        'Recebimentos',
        `recebimentos-${r.from}-a-${r.to}.xlsx`,
      );
    },
  );
  app.get(
    '/v1/reports/onboarding',
    {
      schema: {
        tags,
        summary: 'The first steps of a new company and whether each is done (the console’s checklist)',
        description:
          'Derived from the data: a collection account, a customer, a service, a contract, a billing run or charge, an active e-mail channel, an active operator user.',
        response: { 200: S.Onboarding, ...errors },
      },
    },
    async (req) => reports.onboarding(db, scopeOf(req)),
  );
}
