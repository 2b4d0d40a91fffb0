// Spreadsheet routes: import templates, uploads (stored, then run by the 'import' job), their
// state and error reports, and the XLSX exports of customers and consumption.
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, IdParams } from '../platform/http/common-schemas.ts';
import { validatorCompiler } from '../platform/http/validation.ts';
import { DomainError } from '../platform/errors.ts';
import { PagingQuerySchema, pageSchema, parseSortParam, type Filter } from '../platform/search.ts';
import { listCustomers, searchCustomersText } from '../customers/customers.ts';
import type { Customer } from '../customers/schemas.ts';
import { iterateUsage } from '../usage/index.ts';
import type { UsageRecord } from '../usage/schemas.ts';
import { UsageFilterQuery, usageFilters } from '../usage/routes.ts';
import { writeTemplate, writeWorkbook, type ColumnSpec } from '../platform/spreadsheet/index.ts';
import {
  COLUMNS_BY_ENTITY,
  CONSUMPTION_EXPORT_COLUMNS,
  CUSTOMER_COLUMNS,
  ERROR_COLUMNS,
  IMPORT_ENTITIES,
  type ImportEntity,
} from './columns.ts';
import * as imports from './imports.ts';
import { usageLabels } from './queries.ts';
import { Import, ImportErrorPage } from './schemas.ts';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = [XLSX_TYPE, 'text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

/**
 * The raw upload. Its JSON form (what sendWrite hashes for Idempotency-Key) is a digest plus the
 * query, never the bytes: a 50 MB file must not become a 200 MB JSON string.
 */
export class UploadedFile {
  readonly sha256: string;
  constructor(
    readonly content: Buffer,
    readonly query: unknown,
  ) {
    this.sha256 = createHash('sha256').update(content).digest('hex');
  }
  toJSON() {
    return { sha256: this.sha256, size: this.content.length, query: this.query };
  }
}

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
  422: ErrorSchema,
};
const EXAMPLE_ROWS: Record<ImportEntity, Record<string, string>[]> = {
  customers: [
    {
      person_type: 'PJ',
      name: 'Empresa Exemplo Ltda',
      trading_name: 'Exemplo',
      document: '58.009.342/0001-52',
      email: 'financeiro@exemplo.com.br',
      phone: '(54) 99999-9999',
      postal_code: '95720-000',
      street: 'Rua João Pessoa',
      street_number: '17',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
    },
    { person_type: 'PF', name: 'Maria da Silva', document: '008.578.930-50', birth_date: '06/02/1995', email: 'maria@example.com' },
  ],
  consumption: [
    {
      contract: '1001',
      service_code: 'ENERGIA',
      quantity: '1.234,5',
      reference_date: '05/11/2026',
      description: 'Leitura de novembro',
      external_id: 'leitura-2026-11-0001',
    },
  ],
};

async function streamWorkbook<T extends object>(
  reply: FastifyReply,
  filename: string,
  columns: ColumnSpec[],
  rows: AsyncIterable<T>,
  sheetName?: string,
) {
  const out = new PassThrough();
  reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store');
  writeWorkbook(columns, rows, out, { sheetName }).catch((err) => reply.log.error({ err }, 'export failed'));
  return reply.send(out);
}

function customerExportRow(c: Customer) {
  const a = c.addresses.find((x) => x.is_primary) ?? c.addresses[0];
  return {
    number: c.number,
    person_type: c.person_type,
    name: c.name,
    trading_name: c.trading_name,
    document: c.document_formatted ?? c.document,
    state_registration: c.state_registration,
    municipal_registration: c.municipal_registration,
    birth_date: c.birth_date,
    email: c.primary_email,
    phone: c.phones[0]?.formatted ?? null,
    postal_code: a?.postal_code_formatted ?? null,
    street: a?.street ?? null,
    street_number: a?.street_number ?? null,
    complement: a?.complement ?? null,
    district: a?.district ?? null,
    city: a?.city ?? null,
    state: a?.state ?? null,
    country: c.country,
    external_code: c.external_code,
    associate: c.associate,
    notes: c.notes,
    active: c.active,
  };
}

export async function importRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.ctx;
  const tags = ['Imports and exports'];

  // Scoped to this plugin: the upload route stores the raw body.
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (req, body, done) => {
    done(null, new UploadedFile(body as Buffer, (req as FastifyRequest).query));
  });

  app.get(
    '/v1/imports/templates/:file',
    {
      schema: {
        tags,
        summary: 'Download the import template (XLSX with Portuguese headers, examples and an instructions sheet)',
        params: Type.Object({ file: Type.Union([Type.Literal('customers.xlsx'), Type.Literal('consumption.xlsx')]) }),
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const entity = req.params.file.replace('.xlsx', '') as ImportEntity;
      const out = new PassThrough();
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', `attachment; filename="modelo-${entity === 'customers' ? 'clientes' : 'consumos'}.xlsx"`);
      writeTemplate(COLUMNS_BY_ENTITY[entity], out, {
        sheetName: entity === 'customers' ? 'Clientes' : 'Consumos',
        exampleRows: EXAMPLE_ROWS[entity],
      }).catch((err) => out.destroy(err));
      return reply.send(out);
    },
  );

  app.post(
    '/v1/imports',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      // The body is the raw file (an UploadedFile), described for OpenAPI but not JSON-validated.
      validatorCompiler: (ctx: { schema: object; httpPart?: string }) => (ctx.httpPart === 'body' ? () => true : validatorCompiler(ctx)),
      schema: {
        tags,
        summary: 'Upload a spreadsheet (XLSX or CSV) to import customers or consumption',
        description:
          'Send the file itself as the body (Content-Type: XLSX, text/csv or application/octet-stream; at most 50 MB). ' +
          'Answers 202 with the import; a background job validates every row with the API rules and writes them. ' +
          'Poll GET /v1/imports/{id} for progress and the report. mode=all_or_nothing (default) writes nothing if any row is bad; ' +
          'valid_rows writes the good rows. dry_run=true validates only.',
        querystring: Type.Object(
          {
            entity: Type.Union(IMPORT_ENTITIES.map((e) => Type.Literal(e))),
            mode: Type.Optional(Type.Union([Type.Literal('all_or_nothing'), Type.Literal('valid_rows')], { default: 'all_or_nothing' })),
            dry_run: Type.Optional(Type.Boolean({ default: false })),
            filename: Type.Optional(Type.String({ maxLength: 255, description: 'The original file name (for messages)' })),
          },
          { additionalProperties: false },
        ),
        body: Type.Unsafe({ type: 'string', format: 'binary', description: 'The XLSX or CSV file' }),
        response: { 202: Import, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body as unknown;
      if (!(body instanceof UploadedFile)) {
        throw new DomainError(
          'unsupported_media_type',
          `Send the file itself as the body with Content-Type ${XLSX_TYPE}, text/csv or application/octet-stream`,
        );
      }
      const { entity, mode, dry_run, filename } = req.query;
      const scope = scopeOf(req);
      return sendWrite(db, scope, req, reply, 202, (tx) =>
        imports.createImport(tx, scope, {
          entity,
          mode: mode ?? 'all_or_nothing',
          dryRun: dry_run ?? false,
          filename: filename ?? null,
          contentType: (req.headers['content-type'] ?? '').split(';')[0] || null,
          content: body.content,
        }),
      );
    },
  );

  app.get(
    '/v1/imports',
    {
      schema: {
        tags,
        summary: 'Imports, newest first (the dashboard shows the latest)',
        querystring: Type.Object(
          {
            ...PagingQuerySchema,
            entity: Type.Optional(Type.Union(IMPORT_ENTITIES.map((e) => Type.Literal(e)))),
            status: Type.Optional(
              Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema(Import), ...errors },
      },
    },
    async (req) => {
      const { entity, status, sort, ...paging } = req.query;
      const filters: Filter[] = [];
      if (entity) filters.push({ field: 'entity', op: 'eq', value: entity });
      if (status) filters.push({ field: 'status', op: 'eq', value: status });
      return imports.listImports(db, scopeOf(req), { ...paging, sort: parseSortParam(sort), filters });
    },
  );

  app.get(
    '/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import: status, progress (processed/total), counts, failure and the first errors',
        params: IdParams,
        response: { 200: Import, ...errors },
      },
    },
    async (req) => imports.getImport(db, scopeOf(req), req.params.id),
  );

  app.get(
    '/v1/imports/:id/errors',
    {
      schema: {
        tags,
        summary: 'The error report of an import, one line per problem (row, column, message), paged',
        params: IdParams,
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
            page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ImportErrorPage, ...errors },
      },
    },
    async (req) => imports.listImportErrors(db, scopeOf(req), req.params.id, req.query.page ?? 1, req.query.page_size ?? 100),
  );

  app.get(
    '/v1/imports/:id/errors.xlsx',
    {
      schema: {
        tags,
        summary: 'The error report as XLSX (Linha, Coluna, Mensagem, Valor)',
        params: IdParams,
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      await imports.getImport(db, scopeOf(req), req.params.id); // 404 before any byte is sent
      return streamWorkbook(
        reply,
        `erros-importacao-${req.params.id}.xlsx`,
        ERROR_COLUMNS,
        imports.iterateImportErrors(db, scopeOf(req), req.params.id),
        'Erros',
      );
    },
  );

  app.get(
    '/v1/customers/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Export customers to XLSX (same filters as GET /v1/customers; every match, streamed)',
        description: 'The columns are those of the import template, so the file can be edited and uploaded back to update the customers.',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            active: Type.Optional(Type.Boolean()),
            person_type: Type.Optional(Type.Union([Type.Literal('PF'), Type.Literal('PJ')])),
            external_code: Type.Optional(Type.String({ maxLength: 64 })),
            document: Type.Optional(Type.String({ maxLength: 32 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const { q, active, person_type, external_code, document } = req.query;
      const filters: Filter[] = [];
      if (active !== undefined) filters.push({ field: 'active', op: 'eq', value: active });
      if (person_type) filters.push({ field: 'person_type', op: 'eq', value: person_type });
      if (external_code) filters.push({ field: 'external_code', op: 'eq', value: external_code });
      if (document) filters.push({ field: 'document', op: 'eq', value: document });
      const scope = scopeOf(req);
      // Validate the filters before the first byte goes out.
      await listCustomers(db, scope, { filters, limit: 1 });
      async function* rows() {
        let cursor: string | undefined;
        for (;;) {
          const request = { filters, limit: 1000, cursor };
          const page = q ? await searchCustomersText(db, scope, q, request) : await listCustomers(db, scope, request);
          for (const c of page.data) yield customerExportRow(c);
          if (!page.next_cursor) return;
          cursor = page.next_cursor;
        }
      }
      return streamWorkbook(reply, 'clientes.xlsx', CUSTOMER_COLUMNS, rows(), 'Clientes');
    },
  );

  app.get(
    '/v1/consumption/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Export consumption to XLSX (same filters as GET /v1/consumption; every match, streamed)',
        querystring: Type.Object(
          {
            ...UsageFilterQuery,
            sort: Type.Optional(Type.String({ maxLength: 200, description: 'Ignored: exports follow creation order' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (req, reply) => {
      const { sort: _ignored, ...query } = req.query;
      const scope = scopeOf(req);
      const filters = usageFilters(query);
      async function* rows() {
        let buffer: UsageRecord[] = [];
        const flush = async function* () {
          const labels = await usageLabels(
            db,
            scope.tenantId,
            [...new Set(buffer.map((r) => r.contract_id))],
            [...new Set(buffer.map((r) => r.customer_id))],
            [...new Set(buffer.map((r) => r.service_id))],
          );
          for (const r of buffer) {
            yield {
              contract: labels.contracts.get(r.contract_id) ?? r.contract_id,
              customer: labels.customers.get(r.customer_id) ?? null,
              service_code: labels.services.get(r.service_id) ?? null,
              quantity: r.quantity,
              reference_date: r.reference_date,
              description: r.description,
              external_id: r.external_id,
              billed: r.billed,
              id: r.id,
              contract_item_id: r.contract_item_id,
            };
          }
          buffer = [];
        };
        for await (const r of iterateUsage(db, scope, filters)) {
          buffer.push(r);
          if (buffer.length >= 1000) yield* flush();
        }
        yield* flush();
      }
      return streamWorkbook(reply, 'consumos.xlsx', CONSUMPTION_EXPORT_COLUMNS, rows(), 'Consumos');
    },
  );
}
