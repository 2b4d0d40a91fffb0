import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../platform/http/request-scope.ts';
import { sendWrite } from '../platform/http/idempotency.ts';
import { ErrorSchema, Nullable } from '../platform/http/common-schemas.ts';
import { DomainError } from '../platform/errors.ts';
import { AccountRefParams } from '../boleto/accounts/routes.ts';
import { MOVEMENT_KINDS } from '../cnab/movements.ts';
import { allRemittanceLayouts, layoutsForBank } from '../cnab/remittance-layouts.ts';
import { createRemittance, generateRemittance, getRemittanceFile, listRemittances, previewRemittance } from './remittance.ts';
import { listBankReturns, previewReturnFile, processReturnFile } from './returns.ts';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
  422: ErrorSchema,
};
const textResponse = {
  description: 'CNAB 240 file (ASCII, CRLF lines of 240 characters)',
  content: { 'text/plain': { schema: { type: 'string' } } },
};
export const MAX_RETURN_FILE_BYTES = 20 * 1024 * 1024;

const EntryRef = {
  line: Type.Integer(),
  nosso_numero: Type.String(),
  occurrence_code: Type.String(),
  occurrence_text: Type.Optional(
    Nullable(
      Type.String({
        description:
          "The bank's text of the occurrence code (pt-BR, as the bank's manual writes it); null: a code not in the bank's table. Absent from results stored before it existed.",
      }),
    ),
  ),
  kind: Type.String({
    description:
      'liquidation, liquidation_in_registry (liquidação em cartório; registered as a payment), entry_confirmed, entry_rejected, write_off; fee, protest, change_confirmed, change_rejected and other are only listed',
  }),
  amount_cents: Nullable(Type.Integer()),
  reason_texts: Type.Optional(
    Type.Array(Type.Object({ code: Type.String(), text: Nullable(Type.String()) }), {
      description:
        "The entry's motive codes (e.g. why an entry was rejected) with the bank's text of each; text null when not in the occurrence's motive table. Absent from results stored before it existed.",
    }),
  ),
};
const ReturnResult = Type.Object({
  bank_return_id: Type.String({ format: 'uuid' }),
  already_processed: Type.Boolean({
    description: 'true: this very file was processed before; this is the first result and nothing was registered now',
  }),
  format: Type.String(),
  bank_code: Type.String(),
  entry_count: Type.Integer(),
  payments: Type.Array(
    Type.Object({
      ...EntryRef,
      charge_id: Type.String(),
      boleto_id: Type.String(),
      payment_id: Type.String(),
      paid_on: Type.String({ format: 'date' }),
      paid_cents: Type.Integer(),
      fee_cents: Type.Integer(),
      created: Type.Boolean({ description: 'false: this liquidation had already been registered (by an earlier file)' }),
      charge_status: Type.String(),
    }),
  ),
  paid_total_cents: Type.Integer(),
  fee_total_cents: Type.Integer(),
  registered: Type.Array(Type.Object({ ...EntryRef, boleto_id: Type.String() })),
  rejected: Type.Array(Type.Object({ ...EntryRef, boleto_id: Nullable(Type.String()), reasons: Type.Array(Type.String()) })),
  written_off: Type.Array(Type.Object({ ...EntryRef, boleto_id: Nullable(Type.String()) })),
  unmatched: Type.Array(Type.Object(EntryRef), { description: 'Entries whose nosso número matches no boleto of this account' }),
  not_applied: Type.Array(Type.Object({ ...EntryRef, charge_id: Type.String(), reason: Type.String(), message: Type.String() })),
  other_count: Type.Integer(),
  other: Type.Optional(
    Type.Array(Type.Object(EntryRef), {
      description:
        'Entries of other occurrences (e.g. 28 tarifas): nothing is done with them. Absent from results stored before it existed.',
    }),
  ),
  preview: Type.Optional(Type.Boolean({ description: 'true: a dry run (?preview=true); nothing was written' })),
  charges: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object({
        number: Type.Integer(),
        customer_id: Type.String(),
        customer_name: Type.String(),
        status: Type.String(),
        amount_cents: Type.Integer(),
        paid_cents: Type.Integer(),
        due_date: Type.String({ format: 'date' }),
      }),
      { description: 'Preview only: the charges the entries touch (by id), as they stand before the file' },
    ),
  ),
  line_report: Type.Optional(
    Type.Object(
      {
        record_count: Type.Integer({ description: 'Records read (blank lines aside)' }),
        padded_lines: Type.String({
          description:
            'Lines shorter than the record length (240 or 400), padded with spaces, as ranges of line numbers: "1-4, 7"; empty when none',
        }),
        padded_count: Type.Integer(),
        skipped_lines: Type.String({
          description: 'Blank lines (and a line holding only the Ctrl-Z end-of-file mark), ignored, as ranges',
        }),
        skipped_count: Type.Integer(),
      },
      { description: 'How the lines of the file were read. Absent from results of files processed before this report existed.' },
    ),
  ),
  processed_at: Type.String(),
});

const Remittance = Type.Object({
  id: Type.String({ format: 'uuid' }),
  collection_account_id: Type.String({ format: 'uuid' }),
  file_sequence: Type.Integer({ description: 'NSA: 1, 2, 3… per account, never repeated nor skipped' }),
  format: Type.String({ description: 'The remittance layout the file is written in (GET /v1/remittance-layouts)' }),
  boleto_count: Type.Integer({ description: 'New boletos the file registers (movement 01)' }),
  movement_count: Type.Integer({
    description: 'Instructions about boletos the bank already has (write-offs, due-date and amount changes, abatimento, protest…)',
  }),
  total_cents: Type.Integer({ description: 'Sum of the new boletos' }),
  file_name: Type.String(),
  file_url: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
});

const TermValue = Type.Integer({ description: 'cents, or basis points for percentages' });
const RemittancePreview = Type.Object({
  collection_account_id: Type.String({ format: 'uuid' }),
  file_name: Type.String(),
  file_sequence: Type.Integer({ description: 'The sequence the file will carry (taken only when it is generated)' }),
  format: Type.String({ description: 'The remittance layout the file is written in (GET /v1/remittance-layouts)' }),
  boleto_count: Type.Integer({ description: 'New boletos (movement 01)' }),
  movement_count: Type.Integer({
    description: 'Instructions about boletos the bank already has (write-offs, due-date and amount changes, abatimento, protest…)',
  }),
  total_cents: Type.Integer({ description: 'Sum of the new boletos: instructions move no money' }),
  boletos: Type.Array(
    Type.Object({
      boleto_id: Type.String({ format: 'uuid' }),
      charge_id: Type.String({ format: 'uuid' }),
      charge_number: Type.Integer(),
      customer_id: Type.String({ format: 'uuid' }),
      customer_name: Type.String(),
      nosso_numero: Type.String(),
      movement: Type.Enum([...MOVEMENT_KINDS], {
        description: 'What the bank is asked to do: entry registers the boleto, the others change a boleto the bank has',
      }),
      movement_code: Type.String({
        description:
          "The layout's code for the movement (FEBRABAN 240 C004: 01 entrada, 02 baixa, 06 alteração de vencimento, 47 alteração do valor…)",
      }),
      movement_text: Type.String({ description: "The bank manual's text of the movement code (pt-BR)" }),
      issue_date: Type.String({ format: 'date' }),
      due_date: Type.String({ format: 'date' }),
      amount_cents: Type.Integer(),
      discount: Nullable(Type.Object({ kind: Type.String(), value: TermValue, untilDate: Type.String() })),
      interest: Nullable(Type.Object({ kind: Type.String(), value: TermValue, fromDate: Type.String() })),
      fine: Nullable(Type.Object({ kind: Type.String(), value: TermValue, fromDate: Type.String() })),
    }),
  ),
});

const BankReturn = Type.Object({
  id: Type.String({ format: 'uuid' }),
  file_name: Nullable(Type.String()),
  file_sha256: Type.String(),
  format: Type.String(),
  entry_count: Type.Integer(),
  liquidation_count: Type.Integer(),
  paid_total_cents: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
});

const RemittanceLayoutSchema = Type.Object(
  {
    id: Type.String({ description: 'What a collection account names in remittance_layout' }),
    name: Type.String(),
    record_length: Type.Integer({ description: '240 or 400 characters per record' }),
    bank_codes: Nullable(Type.Array(Type.String(), { description: 'The banks that take it; null: every bank (FEBRABAN)' })),
    max_titles: Type.Integer({ description: 'Titles one file holds' }),
    movements: Type.Array(
      Type.Object({
        movement: Type.String({ description: 'entry, write_off, due_date_change, amount_change, rebate_grant, protest…' }),
        code: Type.String({ description: "The bank's code" }),
        text: Type.String({ description: "The bank manual's text (pt-BR)" }),
      }),
    ),
  },
  { title: 'RemittanceLayout' },
);

export async function bankFileRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['Bank files (CNAB)'];

  // Return files are uploaded as the raw bytes of the file (any of these content types).
  app.addContentTypeParser(
    ['application/octet-stream', 'text/plain'],
    { parseAs: 'buffer', bodyLimit: MAX_RETURN_FILE_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/v1/remittance-layouts',
    {
      schema: {
        tags,
        summary: 'The remittance layouts Cobre writes, and the movements each bank offers in them',
        description:
          'With `bank_code`, only the layouts an account of that bank may choose. A change the layout has no movement for (e.g. an amount change in a bank without one) is refused when asked, with 409 `movement_not_offered`.',
        querystring: Type.Object({ bank_code: Type.Optional(Type.String({ pattern: '^[0-9]{3}$' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ data: Type.Array(RemittanceLayoutSchema) }), ...errors },
      },
    },
    async (req) => ({
      data: (req.query.bank_code ? layoutsForBank(req.query.bank_code) : allRemittanceLayouts()).map((l) => ({
        id: l.id,
        name: l.name,
        record_length: l.recordLength,
        bank_codes: l.banks ? [...l.banks] : null,
        max_titles: l.maxTitles,
        movements: MOVEMENT_KINDS.flatMap((k) => {
          const m = l.movements[k];
          return m ? [{ movement: k, code: m.code, text: m.text }] : [];
        }),
      })),
    }),
  );

  app.get(
    '/v1/collection-accounts/:id/remittance',
    {
      schema: {
        tags,
        summary: 'CNAB 240 remittance of what is waiting to be sent to the bank (the file itself)',
        description:
          'Same as POST /v1/collection-accounts/{id}/remittances, answering with the file instead of JSON: marks the boletos issued and not yet sent and the pending ' +
          'write-offs with a new remittance (file sequence +1) and keeps the file (GET /v1/remittances/{id}/file); `?preview=true` builds the same file and marks nothing. ' +
          '409 `conflict` reason nothing_to_remit when nothing is waiting. Headers: x-remittance-id, x-file-sequence, x-boleto-count, x-movement-count. ' +
          'Kept for existing integrations; new ones POST, which a retry with the same Idempotency-Key cannot repeat.',
        params: AccountRefParams,
        querystring: Type.Object({ preview: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: textResponse, ...errors },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const r = await db.transaction((tx) =>
        generateRemittance(tx, scope, req.params.id, { preview: req.query.preview === true, today: clock.today(), now: clock.now() }),
      );
      if (r.remittance_id) reply.header('x-remittance-id', r.remittance_id);
      return reply
        .type('text/plain; charset=us-ascii')
        .header('content-disposition', `attachment; filename="${r.file_name}"`)
        .header('x-file-sequence', String(r.file_sequence))
        .header('x-boleto-count', String(r.boleto_count))
        .header('x-movement-count', String(r.movement_count))
        .header('x-total-cents', String(r.total_cents))
        .header('x-preview', String(r.preview))
        .send(r.content);
    },
  );

  app.post(
    '/v1/collection-accounts/:id/remittances',
    {
      schema: {
        tags,
        summary: 'Make the next CNAB 240 remittance: new boletos (01) and pending write-offs (02)',
        description:
          'Takes the next file sequence (NSA) of the account, marks every boleto issued and not yet sent and every pending instruction with the remittance ' +
          '(no later file repeats them) and keeps the file: download it from `file_url`. All or nothing. ' +
          '409 `conflict` reason nothing_to_remit when nothing is waiting. GET …/remittance/preview shows first what it will contain. ' +
          'Send an Idempotency-Key: a retry with the same key answers the same remittance instead of making another.',
        params: AccountRefParams,
        response: { 201: Remittance, ...errors },
      },
    },
    async (req, reply) =>
      sendWrite(db, scopeOf(req), req, reply, 201, (tx) =>
        createRemittance(tx, scopeOf(req), req.params.id, { today: clock.today(), now: clock.now() }),
      ),
  );

  app.get(
    '/v1/collection-accounts/:id/remittance/preview',
    {
      schema: {
        tags,
        summary: 'What the next remittance would contain, title by title (JSON); marks nothing',
        description:
          "New boletos first (movement entry), then the instructions in the order they were asked (write-offs of boletos cancelled after they were sent, due-date and amount changes, abatimento, protest…), each with the code of the account's layout. " +
          '409 `conflict` reason nothing_to_remit when nothing is waiting. POST …/remittances then makes the file.',
        params: AccountRefParams,
        response: { 200: RemittancePreview, ...errors },
      },
    },
    async (req) => db.transaction((tx) => previewRemittance(tx, scopeOf(req), req.params.id)),
  );

  app.get(
    '/v1/collection-accounts/:id/remittances',
    {
      schema: {
        tags,
        summary: 'Remittances sent for the account (latest 100)',
        params: AccountRefParams,
        response: { 200: Type.Object({ data: Type.Array(Remittance) }), ...errors },
      },
    },
    async (req) => ({ data: await listRemittances(db, scopeOf(req), req.params.id) }),
  );

  app.get(
    '/v1/remittances/:id/file',
    {
      schema: {
        tags,
        summary: 'Download a remittance file again',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: textResponse, ...errors },
      },
    },
    async (req, reply) => {
      const f = await getRemittanceFile(db, scopeOf(req), req.params.id);
      return reply
        .type('text/plain; charset=us-ascii')
        .header('content-disposition', `attachment; filename="${f.file_name}"`)
        .send(f.content);
    },
  );

  app.post(
    '/v1/collection-accounts/:id/returns',
    {
      schema: {
        tags,
        summary: 'Upload a bank return file (CNAB 240 or 400, raw body): registers the liquidations as payments',
        description:
          'Send the file as the body (Content-Type application/octet-stream or text/plain). One transaction per file. A malformed line rejects the whole file: ' +
          '400 `invalid_return_file` with one detail per line ("line N"). Lines shorter than the record length (trailing blanks trimmed) are padded with spaces, ' +
          'blank lines and a final Ctrl-Z are skipped, CRLF/LF/CR may be mixed; `line_report` says which lines were padded or skipped. A line longer than the record is an error. ' +
          'The same file again answers 200 with the first result and already_processed=true. ' +
          'Liquidations of nossos números that match no boleto are listed in `unmatched`. ' +
          '`?preview=true` is a dry run: the same parsing and rules, the same result (with `preview: true` and `charges`, the touched charges as they stand), nothing written.',
        params: AccountRefParams,
        querystring: Type.Object(
          { file_name: Type.Optional(Type.String({ maxLength: 200 })), preview: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: ReturnResult, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body)) {
        throw new DomainError(
          'unsupported_media_type',
          'Send the return file as the raw body with Content-Type application/octet-stream or text/plain',
        );
      }
      if (req.query.preview === true)
        return previewReturnFile(db, scopeOf(req), req.params.id, body, { today: clock.today(), fileName: req.query.file_name });
      return sendWrite(db, scopeOf(req), req, reply, 200, (tx) =>
        processReturnFile(tx, scopeOf(req), req.params.id, body, { today: clock.today(), fileName: req.query.file_name }),
      );
    },
  );

  app.get(
    '/v1/collection-accounts/:id/returns',
    {
      schema: {
        tags,
        summary: 'Return files processed for the account (latest 100)',
        params: AccountRefParams,
        response: { 200: Type.Object({ data: Type.Array(BankReturn) }), ...errors },
      },
    },
    async (req) => ({ data: await listBankReturns(db, scopeOf(req), req.params.id) }),
  );
}
