import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

export const Boleto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  charge_id: Type.String({ format: 'uuid' }),
  collection_account_id: Type.String({ format: 'uuid' }),
  bank_code: Type.String(),
  sequence: Type.Integer({ description: 'The nosso-número sequence allocated on the collection account' }),
  nosso_numero: Type.String({ description: 'As the bank prints it, with its check digit' }),
  barcode: Type.String({ description: '44 digits' }),
  linha_digitavel: Type.String({ description: '47 digits' }),
  linha_digitavel_formatted: Type.String(),
  amount_cents: Type.Integer(),
  issue_date: Type.String({ format: 'date' }),
  due_date: Type.String({ format: 'date' }),
  pix_payload: Nullable(Type.String({ description: 'Pix "copia e cola" printed as a QR code on the boleto (bolepix)' })),
  status: Type.Union([Type.Literal('issued'), Type.Literal('registered'), Type.Literal('cancelled'), Type.Literal('paid')]),
  remittance_id: Nullable(Type.String({ format: 'uuid' })),
  registered_at: Nullable(Type.String({ format: 'date-time' })),
  paid_at: Nullable(Type.String({ format: 'date-time' })),
  cancelled_at: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  pdf_url: Type.String(),
});
export type Boleto = Static<typeof Boleto>;

export const IssueBoletoBody = Type.Object(
  {
    collection_account_id: Type.Optional(Type.String({ format: 'uuid', description: "Default: the tenant's default collection account" })),
  },
  { additionalProperties: false },
);
export type IssueBoletoBody = Static<typeof IssueBoletoBody>;

export const ParseBoletoBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 80, description: 'Linha digitável (47 digits) or barcode (44), punctuation ignored' }),
    reference_date: Type.Optional(
      Type.String({
        format: 'date',
        description:
          "The date the boleto belongs near, e.g. its issue date. The 4-digit due-date factor repeats every 9000 days (FEBRABAN restarted it at 1000 on 2025-02-22), so it is read in the cycle that puts the due date in FEBRABAN's payment window around this date (3000 days before to 5500 after; the nearest date when the factor falls in no window). Default: today.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const ParsedBoleto = Type.Object({
  bank_code: Type.String(),
  bank_name: Nullable(Type.String()),
  amount_cents: Type.Integer(),
  due_date: Nullable(Type.String({ format: 'date' })),
  due_date_factor: Type.String(),
  barcode: Type.String(),
  linha_digitavel: Type.String(),
  linha_digitavel_formatted: Type.String(),
  free_field: Type.String(),
});

export const MAX_CARNE = 10_000;
const ChargeIds = Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: MAX_CARNE, uniqueItems: true });
export const Layout = Type.Union([Type.Literal('page'), Type.Literal('booklet')], {
  description:
    "'page' (default): one boleto per A4 page (recibo do pagador + ficha). 'booklet': three slips per A4 page, the payer's stub (canhoto) beside each ficha, with cut lines.",
});

export const CarneBody = Type.Object({ charge_ids: ChargeIds, layout: Type.Optional(Layout) }, { additionalProperties: false });

export const PlanBody = Type.Object({ charge_ids: ChargeIds }, { additionalProperties: false });

export const SkipReason = Type.Union(
  [Type.Literal('paid'), Type.Literal('cancelled'), Type.Literal('not_boleto'), Type.Literal('not_found')],
  {
    description:
      'paid / cancelled: the charge is settled or void (a paid one has a receipt); not_boleto: payable by Pix only; not_found: no such charge in this tenant',
  },
);

export const SkippedCharge = Type.Object({
  charge_id: Type.String(),
  number: Nullable(Type.Integer({ description: 'null when not_found' })),
  status: Nullable(Type.String({ description: 'The charge status; null when not_found' })),
  reason: SkipReason,
});

export const CarnePlan = Type.Object({
  included: Type.Array(
    Type.Object({
      charge_id: Type.String({ format: 'uuid' }),
      number: Type.Integer(),
      amount_cents: Type.Integer({ description: 'What is still open on the charge (amount − paid), the amount its boleto carries' }),
      due_date: Type.String({ format: 'date' }),
    }),
  ),
  skipped: Type.Array(SkippedCharge),
});

export const SecondCopyBody = Type.Object(
  {
    charge_ids: ChargeIds,
    due_date: Type.String({
      format: 'date',
      description: 'The new due date (not before the business today); the amount printed is what is due on it',
    }),
    layout: Type.Optional(Layout),
  },
  { additionalProperties: false },
);

export const SecondCopyPlanBody = Type.Object(
  { charge_ids: ChargeIds, due_date: SecondCopyBody.properties.due_date, layout: Type.Optional(Layout) },
  { additionalProperties: false },
);

export const SecondCopyPlan = Type.Object({
  included: Type.Array(
    Type.Object({
      charge_id: Type.String({ format: 'uuid' }),
      number: Type.Integer(),
      original_cents: Type.Integer({ description: 'The charge amount' }),
      amount_cents: Type.Integer({
        description:
          'Due on due_date (original − discounts + fine + interest − paid): GET /v1/charges/{id}/amount-due?date=due_date total_cents',
      }),
      due_date: Type.String({ format: 'date' }),
    }),
  ),
  skipped: Type.Array(SkippedCharge),
});

export const ChargePix = Type.Object({
  charge_id: Type.String({ format: 'uuid' }),
  payload: Type.String({ description: 'Pix "copia e cola" (static BR Code with the amount and a txid derived from the charge)' }),
  txid: Type.String(),
  amount_cents: Type.Integer(),
  key: Type.String(),
  qr_png_base64: Type.String(),
  qr_png_url: Type.String(),
});

/** What a clerk may ask the bank about a boleto it has (due date and amount go through PATCH /v1/charges/{id}, the write-off through DELETE …/boleto). */
export const BOLETO_INSTRUCTIONS = ['protest', 'protest_stop_write_off', 'protest_stop_keep', 'negativation', 'negativation_stop'] as const;
export type BoletoInstructionKind = (typeof BOLETO_INSTRUCTIONS)[number];

export const BoletoInstructionBody = Type.Object(
  {
    movement: Type.Enum([...BOLETO_INSTRUCTIONS], {
      description:
        'protest (protestar), protest_stop_write_off / protest_stop_keep (sustar protesto e baixar / manter em carteira), negativation (negativação sem protesto), negativation_stop (excluir a negativação)',
    }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'protest and negativation: days after the due date' })),
  },
  { additionalProperties: false },
);

export const BoletoInstruction = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    boleto_id: Type.String({ format: 'uuid' }),
    movement: Type.String({ description: 'entry is never listed; write_off, due_date_change, amount_change, protest…' }),
    code: Nullable(Type.String({ description: "The code of the account's remittance layout (null: the layout has none any more)" })),
    text: Nullable(Type.String({ description: "The bank manual's text of the code (pt-BR)" })),
    days: Nullable(Type.Integer()),
    status: Type.Enum(['pending', 'sent'], { description: 'pending: goes in the next remittance; sent: went in remittance_file_sequence' }),
    remittance_id: Nullable(Type.String({ format: 'uuid' })),
    remittance_file_sequence: Nullable(Type.Integer()),
    created_at: Type.String({ format: 'date-time' }),
  },
  { title: 'BoletoInstruction' },
);
export type BoletoInstruction = Static<typeof BoletoInstruction>;
