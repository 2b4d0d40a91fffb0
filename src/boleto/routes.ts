import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema } from '../platform/http/common-schemas.ts';
import type { Db } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError } from '../platform/errors.ts';
import { bankName, parseBoleto, formatLinhaDigitavel } from '../febraban/index.ts';
import { renderBoletoPdf, renderReceiptPdf, type BoletoDocument, type BoletoLayout } from './pdf/index.ts';
import { pixQrPng } from '../pix/index.ts';
import * as boletos from './boletos.ts';
import { chargeBoletoPage } from './charge-pdf.ts';
import { chargePix } from './charge-pix.ts';
import { chargeBoletoDocuments, type PrintedBoleto } from './document.ts';
import {
  Boleto,
  BoletoInstruction,
  BoletoInstructionBody,
  CarneBody,
  CarnePlan,
  ChargePix,
  IssueBoletoBody,
  MAX_CARNE,
  ParseBoletoBody,
  ParsedBoleto,
  PlanBody,
  SecondCopyBody,
  SecondCopyPlan,
  SecondCopyPlanBody,
} from './schemas.ts';
import {
  chargeReceipt,
  installments,
  nothingToPrint,
  planPrint,
  secondCopyAmounts,
  secondCopyDocument,
  skippedHeaders,
  type PrintPlan,
  type SecondCopyAmount,
} from './printing.ts';
import { formatBRL, formatDateBR } from './pdf/format.ts';
import { onChargeCancelled, onChargeChanged } from '../charges/charges.ts';

const ChargeRefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The charge UUID or its per-tenant number' }),
});
const errors = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const skippedHeaderDocs = {
  'cobre-skipped-count': {
    type: 'string',
    description: 'How many of the charges asked for were skipped (paid, cancelled, Pix only, unknown)',
  },
  'cobre-skipped': {
    type: 'string',
    description: 'The skipped charges: comma-separated charge numbers (the id as given for an unknown charge)',
  },
};

function checkSecondCopyDate(dueDate: string, today: string): void {
  if (dueDate < today) {
    throw new DomainError('validation_failed', `due_date ${dueDate} is before today (${today}): a 2ª via is due today or later`, [
      { field: 'due_date', issue: `must not be before ${today}` },
    ]);
  }
}
const pdfResponse = { description: 'PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };
const pngResponse = { description: 'PNG', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } };

/** Streams the documents as one PDF; nothing is sent before the first page is ready (errors stay JSON). */
async function sendPdf(
  reply: FastifyReply,
  docs: AsyncIterable<BoletoDocument> | Iterable<BoletoDocument>,
  fileName: string,
  layout: BoletoLayout = 'page',
): Promise<FastifyReply> {
  const iterator = Symbol.asyncIterator in docs ? docs[Symbol.asyncIterator]() : (docs as Iterable<BoletoDocument>)[Symbol.iterator]();
  const first = await iterator.next(); // fails here, before any byte, when the first boleto cannot be built
  if (first.done) throw new DomainError('validation_failed', 'No boleto to render', [{ field: 'charge_ids', issue: 'empty' }]);
  async function* all(): AsyncGenerator<BoletoDocument> {
    yield first.value;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  }
  const out = new PassThrough();
  renderBoletoPdf(all(), out, { layout }).catch((err) => {
    reply.log.error({ err }, 'boleto PDF rendering failed mid-stream');
    out.destroy(err as Error);
  });
  return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(out);
}

/**
 * Ensures every charge has its boleto (all or nothing, every problem reported), in one transaction.
 * The 409's details name each charge by its place in `asked` (the request's charge_ids).
 */
async function ensureAll(db: Db, scope: Scope, chargeIds: string[], today: string, asked: readonly string[] = chargeIds): Promise<void> {
  try {
    await db.transaction((tx) => boletos.ensureChargeBoletos(tx, scope, chargeIds, { today }));
  } catch (err) {
    if (!(err instanceof DomainError) || err.meta?.reason !== 'carne_incomplete' || asked === chargeIds) throw err;
    const position = new Map(asked.map((id, i) => [id.toLowerCase(), i] as const).reverse());
    const details = err.details.map((d) => {
      const i = /^charge_ids\[(\d+)\]$/.exec(d.field ?? '')?.[1];
      return i === undefined ? d : { ...d, field: `charge_ids[${position.get(chargeIds[Number(i)]) ?? i}]` };
    });
    throw new DomainError(err.code, err.message, details, err.meta);
  }
}

const brDate = (iso: string) => formatDateBR(iso);

/** The Instruções of a 2ª via: what the updated amount is made of, then what still holds after its due date. */
function secondCopyLines(page: PrintedBoleto, a: SecondCopyAmount): string[] {
  const parts = [`Valor original ${formatBRL(a.original_cents)}`];
  if (a.paid_cents > 0) parts.push(`pago ${formatBRL(a.paid_cents)}`);
  if (a.discount_cents > 0) parts.push(`desconto ${formatBRL(a.discount_cents)}`);
  if (a.surcharge_cents > 0) parts.push(`acréscimo ${formatBRL(a.surcharge_cents)}`);
  if (a.fine_cents > 0) parts.push(`multa ${formatBRL(a.fine_cents)}`);
  if (a.interest_cents > 0) parts.push(`juros ${formatBRL(a.interest_cents)}`);
  const lines = [`${parts.join('; ')}; total em ${brDate(a.due_date)}: ${formatBRL(a.amount_cents)}`];
  lines.push(`Substitui o boleto de vencimento ${brDate(page.boleto.due_date)}: pague somente um deles`);
  const original = page.doc.instructions;
  if (original.some((l) => /cobrar multa|Juros de mora/.test(l)))
    lines.push(`Após ${brDate(a.due_date)}, multa e juros conforme as condições da cobrança`);
  lines.push(...original.filter((l) => l.startsWith('Não receber após')));
  lines.push(...(page.account.instructions ?? []));
  return lines;
}

export async function boletoRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Boletos'];

  onChargeCancelled(boletos.cancelBoletoOfCancelledCharge);
  onChargeChanged(boletos.followChargeChange);

  /** The carnê of a plan: the skipped ones in the headers, the rest issued (all or nothing) and streamed. */
  async function sendCarne(
    scope: Scope,
    asked: string[],
    plan: PrintPlan,
    reply: FastifyReply,
    layout: BoletoLayout,
  ): Promise<FastifyReply> {
    if (!plan.included.length) throw nothingToPrint(asked, plan.skipped);
    const ids = plan.included.map((c) => c.id);
    const today = clock.today();
    await ensureAll(db, scope, ids, today, asked);
    const parcels = installments(plan.included);
    reply.headers(skippedHeaders(plan.skipped));
    return sendPdf(
      reply,
      chargeBoletoDocuments(db, scope, ids, today, undefined, (p) => ({ ...p.doc, installment: parcels.get(p.charge.id) })),
      'carne.pdf',
      layout,
    );
  }

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
        response: {
          200: Type.Intersect([
            Boleto,
            Type.Object({ created: Type.Boolean({ description: 'false: the charge already had this live boleto' }) }),
          ]),
          ...errors,
        },
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
    '/v1/charges/:id/boleto/instructions',
    {
      schema: {
        tags,
        summary: "Instructions to the bank about the charge's boletos (write-offs, due-date and amount changes, protest…), pending or sent",
        params: ChargeRefParams,
        response: { 200: Type.Object({ data: Type.Array(BoletoInstruction) }), ...errors },
      },
    },
    async (req) => ({ data: await boletos.listBoletoInstructions(db, scopeOf(req), req.params.id) }),
  );

  app.post(
    '/v1/charges/:id/boleto/instructions',
    {
      schema: {
        tags,
        summary: 'Ask the bank to protest or negativate the boleto, or to stop either (next remittance)',
        description:
          "Queued in the code of the account's remittance layout and sent once in the next remittance. A stop while the protest / negativation is still pending takes it back (nothing is sent). " +
          '409 `conflict` with `reason`: boleto_not_at_bank (not yet sent in a remittance), movement_not_offered (the layout has no such movement), nothing_to_stop, charge_paid. ' +
          "protest and negativation need `days` (after the due date). Answers the charge's instructions after the request.",
        params: ChargeRefParams,
        body: BoletoInstructionBody,
        response: { 200: Type.Object({ data: Type.Array(BoletoInstruction) }), ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => ({
        data: await boletos.requestBoletoInstruction(tx, scopeOf(req), req.params.id, req.body),
      })),
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
        description:
          'A boleto already registered at the bank also needs a write-off (baixa) at the bank. A paid boleto cannot be cancelled (409).',
        params: ChargeRefParams,
        response: { 200: Boleto, ...errors },
      },
    },
    async (req, reply) => sendWrite(db, scopeOf(req), req, reply, 200, (tx) => boletos.cancelChargeBoleto(tx, scopeOf(req), req.params.id)),
  );

  app.get(
    '/v1/charges/:id/boleto.pdf',
    {
      schema: {
        tags,
        summary: 'The boleto PDF of a charge (recibo do pagador + ficha de compensação; Pix QR when the account has a Pix key)',
        description:
          'A paid or cancelled charge has no boleto: 409 `charge_not_payable` with `reason` paid or cancelled (details[0] {field: status, issue: paid|cancelled}; ' +
          'a paid one gives `receipt_url`). Other 409s as POST /v1/charges/{id}/boleto.',
        params: ChargeRefParams,
        response: { 200: pdfResponse, ...errors },
      },
    },
    async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const page = await chargeBoletoPage(db, scopeOf(req), req.params.id, clock.today());
      return sendPdf(reply, [page.doc], `boleto-${page.charge.number}.pdf`);
    },
  );

  app.get(
    '/v1/charges/:id/receipt.pdf',
    {
      schema: {
        tags,
        summary: 'Receipt ("Recibo") of a paid or partially paid charge, as PDF',
        description:
          'Payer, charge number and description, each payment not reversed (date, method, amount), total paid, what is still open (partial payment) and the issuer ' +
          "(the default collection account's beneficiary, else the tenant). 409 `charge_has_no_payments` when no payment stands.",
        params: ChargeRefParams,
        response: { 200: pdfResponse, ...errors },
      },
    },
    async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const receipt = await chargeReceipt(db, scopeOf(req), req.params.id, clock.today());
      const out = new PassThrough();
      renderReceiptPdf(receipt, out).catch((err) => {
        reply.log.error({ err }, 'receipt PDF rendering failed mid-stream');
        out.destroy(err as Error);
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="recibo-${receipt.charge.number}.pdf"`)
        .send(out);
    },
  );

  app.post(
    '/v1/boletos/carne',
    {
      schema: {
        tags,
        summary: `One PDF with the boletos of up to ${MAX_CARNE.toLocaleString('en')} charges (carnê), in the order given`,
        description:
          'Skips paid, cancelled, Pix-only and unknown charges (POST /v1/boletos/carne/plan says which beforehand) and says so in the headers `Cobre-Skipped-Count` and ' +
          '`Cobre-Skipped` (comma-separated charge numbers; the id for an unknown one); when nothing is left, 409 `nothing_to_print` (details: each charge and its reason; `skipped`: the list). ' +
          'Issues the missing boletos of the rest first, all or nothing (409 `conflict`, reason carne_incomplete, listing each charge that cannot have one), then streams the PDF ' +
          "in the `layout` asked ('page' default, or 'booklet': three slips per page with the payer's stub). " +
          'Repeating the request returns the same boletos, so it needs no Idempotency-Key.',
        body: CarneBody,
        response: { 200: { ...pdfResponse, headers: skippedHeaderDocs }, ...errors },
      },
    },
    async (req: FastifyRequest<{ Body: { charge_ids: string[]; layout?: BoletoLayout } }>, reply) => {
      const scope = scopeOf(req);
      const plan = await planPrint(db, scope, req.body.charge_ids);
      return sendCarne(scope, req.body.charge_ids, plan, reply, req.body.layout ?? 'page');
    },
  );

  app.post(
    '/v1/boletos/carne/plan',
    {
      schema: {
        tags,
        summary: 'Which charges a carnê would print and which it would skip (and why), without printing or issuing anything',
        description: 'Skip reasons: paid, cancelled, not_boleto (Pix only), not_found. `amount_cents` is what is still open on the charge.',
        body: PlanBody,
        response: { 200: CarnePlan, ...errors },
      },
    },
    async (req) => {
      const plan = await planPrint(db, scopeOf(req), req.body.charge_ids);
      return {
        included: plan.included.map((c) => ({
          charge_id: c.id,
          number: Number(c.number),
          amount_cents: Number(c.amount_cents) - Number(c.paid_cents),
          due_date: c.due_date,
        })),
        skipped: plan.skipped,
      };
    },
  );

  app.post(
    '/v1/boletos/second-copy',
    {
      schema: {
        tags,
        summary: '2ª via: the boletos of open charges with the amount due on a new due date (one PDF)',
        description:
          "Each open charge's boleto shows the amount due on `due_date` (the payment-rules engine: the same total as GET /v1/charges/{id}/amount-due?date=), that due date, " +
          'and the barcode and linha digitável recomputed for them with the same nosso número; marked "2ª via - valor atualizado para dd/mm/aaaa". ' +
          'A document only: the stored boleto is not changed (docs/boletos.md, "2ª via"). Skips as the carnê does (same headers, same 409 `nothing_to_print`). ' +
          '`due_date` before the business today → 400.',
        body: SecondCopyBody,
        response: { 200: { ...pdfResponse, headers: skippedHeaderDocs }, ...errors },
      },
    },
    async (req: FastifyRequest<{ Body: { charge_ids: string[]; due_date: string; layout?: BoletoLayout } }>, reply) => {
      const scope = scopeOf(req);
      const today = clock.today();
      checkSecondCopyDate(req.body.due_date, today);
      const plan = await planPrint(db, scope, req.body.charge_ids);
      if (!plan.included.length) throw nothingToPrint(req.body.charge_ids, plan.skipped);
      const ids = plan.included.map((c) => c.id);
      await ensureAll(db, scope, ids, today, req.body.charge_ids);
      const amounts = await secondCopyAmounts(db, scope, plan.included, req.body.due_date);
      const parcels = installments(plan.included);
      const docs = chargeBoletoDocuments(db, scope, ids, today, undefined, (page) => {
        const a = amounts.get(page.charge.id)!;
        return { ...secondCopyDocument(page, page.account, a, secondCopyLines(page, a)), installment: parcels.get(page.charge.id) };
      });
      reply.headers(skippedHeaders(plan.skipped));
      return sendPdf(reply, docs, `2a-via-${req.body.due_date}.pdf`, req.body.layout ?? 'page');
    },
  );

  app.post(
    '/v1/boletos/second-copy/plan',
    {
      schema: {
        tags,
        summary: 'Which charges a 2ª via would print, with the updated amount of each on due_date, and which it would skip (and why)',
        body: SecondCopyPlanBody,
        response: { 200: SecondCopyPlan, ...errors },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      checkSecondCopyDate(req.body.due_date, clock.today());
      const plan = await planPrint(db, scope, req.body.charge_ids);
      const amounts = await secondCopyAmounts(db, scope, plan.included, req.body.due_date);
      return {
        included: plan.included.map((c) => {
          const a = amounts.get(c.id)!;
          return {
            charge_id: a.charge_id,
            number: a.number,
            original_cents: a.original_cents,
            amount_cents: a.amount_cents,
            due_date: a.due_date,
          };
        }),
        skipped: plan.skipped,
      };
    },
  );

  app.get(
    '/v1/boletos/carne.pdf',
    {
      schema: {
        tags,
        summary: 'Carnê of a few charges (comma-separated ids; for long lists use POST /v1/boletos/carne)',
        description: 'Skips paid, cancelled, Pix-only and unknown charges as POST /v1/boletos/carne does (same headers, same 409).',
        querystring: Type.Object(
          { charge_ids: Type.String({ minLength: 36, maxLength: 3700, description: 'Up to 100 comma-separated charge UUIDs' }) },
          { additionalProperties: false },
        ),
        response: { 200: { ...pdfResponse, headers: skippedHeaderDocs }, ...errors },
      },
    },
    async (req: FastifyRequest<{ Querystring: { charge_ids: string } }>, reply) => {
      const scope = scopeOf(req);
      const ids = [
        ...new Set(
          req.query.charge_ids
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      const bad = ids.findIndex((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
      if (bad >= 0 || ids.length > 100) {
        throw new DomainError('validation_failed', 'charge_ids must be up to 100 comma-separated UUIDs', [
          { field: 'charge_ids', issue: bad >= 0 ? `item ${bad} is not a UUID` : 'more than 100' },
        ]);
      }
      return sendCarne(scope, ids, await planPrint(db, scope, ids), reply, 'page');
    },
  );

  app.get(
    '/v1/boletos/:id',
    {
      schema: {
        tags,
        summary: 'Get a boleto',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Boleto, ...errors },
      },
    },
    async (req) => boletos.getBoleto(db, scopeOf(req), req.params.id),
  );

  app.post(
    '/v1/boletos/parse',
    {
      schema: {
        tags,
        summary: 'Read a linha digitável or barcode: bank, amount, due date (every check digit verified)',
        description:
          '400 `invalid_boleto` names the check digit that failed (details[].issue: field1_check_digit … general_check_digit, length, non_numeric). `reference_date` (default today) picks the 9000-day cycle the due-date factor is read in, so an old boleto is decoded in its own cycle.',
        body: ParseBoletoBody,
        response: { 200: ParsedBoleto, ...errors },
      },
    },
    async (req) => {
      const p = parseBoleto(req.body.code, { today: req.body.reference_date ?? clock.today() });
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
        description:
          "Static BR Code with the amount due and txid COBRE<charge number>, on the Pix key of the boleto's (or the default) collection account; 409 `conflict` reason no_pix_key without one.",
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
    {
      schema: {
        tags: ['Pix'],
        summary: 'The Pix QR code of a charge, as PNG',
        params: ChargeRefParams,
        response: { 200: pngResponse, ...errors },
      },
    },
    async (req, reply) => {
      const pix = await chargePix(db, scopeOf(req), req.params.id);
      return reply.type('image/png').send(await pixQrPng(pix.payload, { scale: 6 }));
    },
  );
}
