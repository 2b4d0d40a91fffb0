import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../app.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema } from '../platform/http/common-schemas.ts';
import type { Db } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError } from '../platform/errors.ts';
import { bankName, parseBoleto, formatLinhaDigitavel } from './febraban/index.ts';
import { renderBoletoPdf, type BoletoDocument } from './pdf/index.ts';
import { pixQrPng } from '../pix/index.ts';
import * as boletos from './boletos.ts';
import { chargeBoletoPage } from './charge-pdf.ts';
import { chargePix } from './charge-pix.ts';
import { chargeBoletoDocuments } from './document.ts';
import { Boleto, CarneBody, ChargePix, IssueBoletoBody, MAX_CARNE, ParseBoletoBody, ParsedBoleto } from './schemas.ts';
import { collectionAccountRoutes } from './accounts/routes.ts';
import { bankFileRoutes } from '../bank-files/routes.ts';
import { onChargeCancelled } from '../charges/charges.ts';

const ChargeRefParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The charge UUID or its per-tenant number' }) });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const pdfResponse = { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };
const pngResponse = { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } };

/** Streams the documents as one PDF; nothing is sent before the first page is ready (errors stay JSON). */
async function sendPdf(reply: FastifyReply, docs: AsyncIterable<BoletoDocument> | Iterable<BoletoDocument>, fileName: string): Promise<FastifyReply> {
  const iterator = Symbol.asyncIterator in docs ? docs[Symbol.asyncIterator]() : (docs as Iterable<BoletoDocument>)[Symbol.iterator]();
  const first = await iterator.next(); // fails here, before any byte, when the first boleto cannot be built
  if (first.done) throw new DomainError('validation_failed', 'No boleto to render', [{ field: 'charge_ids', issue: 'empty' }]);
  async function* all(): AsyncGenerator<BoletoDocument> {
    yield first.value;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  }
  const out = new PassThrough();
  renderBoletoPdf(all(), out).catch((err) => {
    reply.log.error({ err }, 'boleto PDF rendering failed mid-stream');
    out.destroy(err as Error);
  });
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(out);
}

/** Ensures every charge has its boleto (all or nothing, every problem reported), in one transaction. */
async function ensureAll(db: Db, scope: Scope, chargeIds: string[], today: string): Promise<void> {
  await db.transaction((tx) => boletos.ensureChargeBoletos(tx, scope, chargeIds, { today }));
}


export async function boletoRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Boletos'];

  onChargeCancelled(boletos.cancelBoletoOfCancelledCharge);
  await app.register(collectionAccountRoutes);
  await app.register(bankFileRoutes);

  app.post(
    '/v1/charges/:id/boleto',
    {
      schema: {
        tags,
        summary: 'Issue the boleto of a charge (idempotent: returns the live one if it exists)',
        description:
          'Allocates the next nosso número of the collection account (the default one unless given). 409 `conflict` with `reason`: ' +
          'no_collection_account, collection_account_inactive, charge_cancelled, charge_paid, charge_not_payable_by_boleto, payer_incomplete, nosso_numero_exhausted.',
        params: ChargeRefParams,
        body: IssueBoletoBody,
        response: { 200: Type.Intersect([Boleto, Type.Object({ created: Type.Boolean({ description: 'false: the charge already had this live boleto' }) })]), ...errors },
      },
      // The body is optional: an empty POST issues on the default account.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        boletos.issueChargeBoleto(tx, scopeOf(req), req.params.id, { today: clock.today(), accountId: req.body?.collection_account_id }),
      ),
  );

  app.get(
    '/v1/charges/:id/boleto',
    {
      schema: {
        tags,
        summary: 'The boleto of a charge (issued on first request when the charge is payable by boleto)',
        params: ChargeRefParams,
        response: { 200: Boleto, ...errors },
      },
    },
    async (req) => {
      const r = await db.transaction((tx) => boletos.ensureChargeBoleto(tx, scopeOf(req), req.params.id, { today: clock.today() }));
      return boletos.presentBoleto(r.boleto, r.account.bank_code);
    },
  );

  app.delete(
    '/v1/charges/:id/boleto',
    {
      schema: {
        tags,
        summary: 'Cancel the live boleto of a charge (a new one can then be issued)',
        description: 'A boleto already registered at the bank also needs a write-off (baixa) at the bank. A paid boleto cannot be cancelled (409).',
        params: ChargeRefParams,
        response: { 200: Boleto, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => boletos.cancelChargeBoleto(tx, scopeOf(req), req.params.id)),
  );

  app.get(
    '/v1/charges/:id/boleto.pdf',
    { schema: { tags, summary: 'The boleto PDF of a charge (recibo do pagador + ficha de compensação; Pix QR when the account has a Pix key)', params: ChargeRefParams, response: { 200: pdfResponse, ...errors } } },
    async (req, reply) => {
      const page = await chargeBoletoPage(db, scopeOf(req), req.params.id, clock.today());
      return sendPdf(reply, [page.doc], `boleto-${page.charge.number}.pdf`);
    },
  );

  app.post(
    '/v1/boletos/carne',
    {
      schema: {
        tags,
        summary: `One PDF with the boletos of up to ${MAX_CARNE.toLocaleString('en')} charges (carnê), in the order given`,
        description:
          'Issues the missing boletos first, all or nothing (409 `conflict`, reason carne_incomplete, listing each charge that cannot have one), then streams the PDF. ' +
          'Repeating the request returns the same boletos, so it needs no Idempotency-Key.',
        body: CarneBody,
        response: { 200: pdfResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const ids = req.body.charge_ids;
      await ensureAll(db, scope, ids, clock.today());
      return sendPdf(reply, chargeBoletoDocuments(db, scope, ids, clock.today()), 'carne.pdf');
    },
  );

  app.get(
    '/v1/boletos/carne.pdf',
    {
      schema: {
        tags,
        summary: 'Carnê of a few charges (comma-separated ids; for long lists use POST /v1/boletos/carne)',
        querystring: Type.Object({ charge_ids: Type.String({ minLength: 36, maxLength: 3700, description: 'Up to 100 comma-separated charge UUIDs' }) }, { additionalProperties: false }),
        response: { 200: pdfResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const ids = [...new Set(req.query.charge_ids.split(',').map((s) => s.trim()).filter(Boolean))];
      const bad = ids.findIndex((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
      if (bad >= 0 || ids.length > 100) {
        throw new DomainError('validation_failed', 'charge_ids must be up to 100 comma-separated UUIDs', [{ field: 'charge_ids', issue: bad >= 0 ? `item ${bad} is not a UUID` : 'more than 100' }]);
      }
      await ensureAll(db, scope, ids, clock.today());
      return sendPdf(reply, chargeBoletoDocuments(db, scope, ids, clock.today()), 'carne.pdf');
    },
  );

  app.get(
    '/v1/boletos/:id',
    { schema: { tags, summary: 'Get a boleto', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: Boleto, ...errors } } },
    async (req) => boletos.getBoleto(db, scopeOf(req), req.params.id),
  );

  app.post(
    '/v1/boletos/parse',
    {
      schema: {
        tags,
        summary: 'Read a linha digitável or barcode: bank, amount, due date (every check digit verified)',
        description: '400 `invalid_boleto` names the check digit that failed (details[].issue: field1_check_digit … general_check_digit, length, non_numeric).',
        body: ParseBoletoBody,
        response: { 200: ParsedBoleto, ...errors },
      },
    },
    async (req) => {
      const p = parseBoleto(req.body.code, { today: clock.today() });
      return {
        bank_code: p.bankCode,
        bank_name: p.bankName ?? bankName(p.bankCode) ?? null,
        amount_cents: p.amountCents,
        due_date: p.dueDate,
        due_date_factor: p.dueDateFactor,
        barcode: p.barcode,
        linha_digitavel: p.linhaDigitavel,
        linha_digitavel_formatted: formatLinhaDigitavel(p.linhaDigitavel),
        free_field: p.freeField,
      };
    },
  );

  app.get(
    '/v1/charges/:id/pix',
    {
      schema: {
        tags: ['Pix'],
        summary: 'Pix "copia e cola" and QR code of a charge',
        description: 'Static BR Code with the amount due and txid COBRE<charge number>, on the Pix key of the boleto\'s (or the default) collection account; 409 `conflict` reason no_pix_key without one.',
        params: ChargeRefParams,
        response: { 200: ChargePix, ...errors },
      },
    },
    async (req) => {
      const pix = await chargePix(db, scopeOf(req), req.params.id);
      const png = await pixQrPng(pix.payload);
      return { ...pix, qr_png_base64: png.toString('base64'), qr_png_url: `/v1/charges/${pix.charge_id}/pix.png` };
    },
  );

  app.get(
    '/v1/charges/:id/pix.png',
    { schema: { tags: ['Pix'], summary: 'The Pix QR code of a charge, as PNG', params: ChargeRefParams, response: { 200: pngResponse, ...errors } } },
    async (req, reply) => {
      const pix = await chargePix(db, scopeOf(req), req.params.id);
      return reply.type('image/png').send(await pixQrPng(pix.payload, { scale: 6 }));
    },
  );
}
