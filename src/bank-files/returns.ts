// Return files from the bank (CNAB 240 segments T/U, CNAB 400 of Bradesco, Itaú and Banco do
// Brasil), processed in one transaction per file:
// - a malformed line rejects the whole file (400 invalid_return_file, each line number named), so
//   nothing of a rejected file is ever half-applied;
// - the same bytes again (same SHA-256 on the account) are recognised and answered with the first
//   result (already_processed: true), registering nothing;
// - each liquidation registers a payment on the charge of the matching boleto with the charges
//   capability's registerPaymentsInBulk (batches of PAYMENT_BATCH, the same rules as one payment),
//   external_id cnab:<bank>:<nosso número>:<payment date>, so a liquidation that comes again in
//   another file is not counted twice;
// - entries whose nosso número matches no boleto of the account are reported, not guessed;
// - lines whose trailing blanks were trimmed are padded back and blank lines skipped, and the result
//   says which (line_report), so what was read is never a guess either.
import { createHash } from 'node:crypto';
import type { Db, Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { recordEvent } from '../platform/events.ts';
import { RECORDED_ONLY_KINDS } from '../cnab/occurrences.ts';
import { lineRanges, parseReturnFile, type ReasonInfo, type ReturnEntry } from '../cnab/retorno.ts';
import { registerPaymentsInBulk } from '../charges/bulk-payments.ts';
import { resolveAccount } from '../boleto/accounts/collection-accounts.ts';
import { recordBankConfirmation, recordBoletosPaidByBank } from '../boleto/boletos.ts';
import type { BoletoRow } from '../boleto/queries.ts';
import { entryMatchKey } from '../boleto/match-keys.ts';
import * as q from './queries.ts';

/** Liquidations registered per set of statements. */
const PAYMENT_BATCH = 1000;

export interface EntryRef {
  line: number;
  nosso_numero: string;
  occurrence_code: string;
  /** The bank's text of the code, null when not in its table (absent from results stored before it existed). */
  occurrence_text?: string | null;
  kind: ReturnEntry['kind'];
  amount_cents: number | null;
  /** The entry's motive codes with the bank's text of each (absent from results stored before it existed). */
  reason_texts?: ReasonInfo[];
}

export interface ReturnResult {
  bank_return_id: string;
  already_processed: boolean;
  format: 'cnab240' | 'cnab400';
  bank_code: string;
  entry_count: number;
  payments: (EntryRef & {
    charge_id: string;
    boleto_id: string;
    payment_id: string;
    paid_on: string;
    paid_cents: number;
    fee_cents: number;
    created: boolean;
    charge_status: string;
  })[];
  paid_total_cents: number;
  fee_total_cents: number;
  registered: (EntryRef & { boleto_id: string })[];
  rejected: (EntryRef & { boleto_id: string | null; reasons: string[] })[];
  written_off: (EntryRef & { boleto_id: string | null })[];
  unmatched: EntryRef[];
  not_applied: (EntryRef & { charge_id: string; reason: string; message: string })[];
  other_count: number;
  /** Entries of other occurrences (tarifas, instruções confirmadas…): counted and listed, nothing done. */
  other?: EntryRef[];
  /** Preview only: nothing was written; the result says what processing the file would do. */
  preview?: boolean;
  /** Preview only: the charges the entries touch, as they stand before the file. */
  charges?: Record<string, ChargeBefore>;
  /** How the file's lines were read (absent from results stored before it existed). */
  line_report?: LineReport;
  processed_at: string;
}

export interface ChargeBefore {
  number: number;
  customer_id: string;
  customer_name: string;
  status: string;
  amount_cents: number;
  paid_cents: number;
  due_date: string;
}

export interface LineReport {
  record_count: number;
  /** Lines shorter than the record length, padded with spaces: "1-4, 7" (line numbers in the file). */
  padded_lines: string;
  padded_count: number;
  /** Blank lines and a line holding only the end-of-file mark (Ctrl-Z), ignored. */
  skipped_lines: string;
  skipped_count: number;
}

const ref = (e: ReturnEntry): EntryRef => ({
  line: e.line,
  nosso_numero: e.nossoNumero.trim(),
  occurrence_code: e.occurrenceCode,
  occurrence_text: e.occurrenceText,
  kind: e.kind,
  amount_cents: e.paidAmountCents ?? e.amountCents ?? null,
  reason_texts: e.reasonTexts ?? [],
});

export function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function processReturnFile(
  tx: Tx,
  scope: Scope,
  accountRef: string,
  content: Buffer,
  opts: { today: string; fileName?: string; preview?: boolean },
): Promise<ReturnResult> {
  const account = await resolveAccount(tx, scope, accountRef, { forUpdate: true });
  const hash = sha256(content);
  const seen = await q.findBankReturnByHash(tx, scope.tenantId, account.id, hash);
  // (cast: the stored result is the ReturnResult this function wrote as jsonb on the first processing)
  if (seen) return { ...(seen.result as unknown as ReturnResult), already_processed: true };

  const parsed = parseReturnFile(content);
  if (parsed.errors.length > 0) {
    throw new DomainError(
      'invalid_return_file',
      `The return file has ${parsed.errors.length} malformed line(s); nothing was applied. First: line ${parsed.errors[0].line}: ${parsed.errors[0].message}`,
      parsed.errors.slice(0, 100).map((e) => ({ field: `line ${e.line}`, issue: e.message })),
      { line_errors: parsed.errors.length, first_error_line: parsed.errors[0].line },
    );
  }
  if (parsed.bankCode !== account.bank_code) {
    throw new DomainError(
      'invalid_return_file',
      `This return file is from bank ${parsed.bankCode}, the collection account is with bank ${account.bank_code}`,
      [{ field: 'line 1', issue: `bank code ${parsed.bankCode} ≠ ${account.bank_code}` }],
    );
  }

  const result: ReturnResult = {
    ...(opts.preview ? { preview: true, charges: {} } : {}),
    bank_return_id: uuidv7(),
    already_processed: false,
    format: parsed.format,
    bank_code: parsed.bankCode,
    entry_count: parsed.entries.length,
    payments: [],
    paid_total_cents: 0,
    fee_total_cents: 0,
    registered: [],
    rejected: [],
    written_off: [],
    unmatched: [],
    not_applied: [],
    other_count: 0,
    other: [],
    line_report: {
      record_count: parsed.recordCount,
      padded_lines: lineRanges(parsed.padded),
      padded_count: parsed.padded.length,
      skipped_lines: lineRanges(parsed.skipped),
      skipped_count: parsed.skipped.length,
    },
    processed_at: scope.now.toISOString(),
  };

  // Boletos are matched in one statement; liquidations are registered in batches (one set of
  // statements per batch, registerPaymentsInBulk), after the other entries of the file.
  const keys = parsed.entries.map((e) =>
    RECORDED_ONLY_KINDS.has(e.kind) ? null : entryMatchKey(parsed.format, parsed.bankCode, e.nossoNumero),
  );
  const matched = await q.findBoletosByKeys(tx, scope.tenantId, account.id, [...new Set(keys.filter((k): k is string => !!k))]);
  const liquidations: { e: ReturnEntry; boleto: BoletoRow; paid: number; paidOn: string; fee: number }[] = [];
  for (const [n, e] of parsed.entries.entries()) {
    // Tarifas, protest steps, confirmed or rejected changes and other occurrences are recorded and
    // listed with the bank's text; nothing is applied for them (yet).
    if (RECORDED_ONLY_KINDS.has(e.kind)) {
      result.other_count++;
      result.other!.push(ref(e));
      continue;
    }
    const boleto = keys[n] ? matched.get(keys[n]!) : undefined;
    if (!boleto) {
      result.unmatched.push(ref(e));
      continue;
    }
    if (opts.preview && !result.charges![boleto.charge_id])
      result.charges![boleto.charge_id] = await chargeBefore(tx, scope.tenantId, boleto.charge_id);
    if (e.kind === 'entry_confirmed') {
      await recordBankConfirmation(tx, scope, boleto, 'entry_confirmed');
      result.registered.push({ ...ref(e), boleto_id: boleto.id });
    } else if (e.kind === 'entry_rejected') {
      result.rejected.push({ ...ref(e), boleto_id: boleto.id, reasons: e.reasons ?? [] });
    } else if (e.kind === 'write_off') {
      result.written_off.push({ ...ref(e), boleto_id: boleto.id });
    } else {
      // 'liquidation' and 'liquidation_in_registry' (liquidação em cartório): a payment either way.
      const paid = e.paidAmountCents ?? e.amountCents ?? 0;
      if (paid <= 0) {
        result.not_applied.push({
          ...ref(e),
          charge_id: boleto.charge_id,
          reason: 'no_amount',
          message: 'The liquidation carries no paid amount',
        });
        continue;
      }
      liquidations.push({ e, boleto, paid, paidOn: e.paymentDate ?? e.creditDate ?? opts.today, fee: e.feeCents ?? 0 });
    }
  }

  for (let i = 0; i < liquidations.length; i += PAYMENT_BATCH) {
    const batch = liquidations.slice(i, i + PAYMENT_BATCH);
    const outcomes = await registerPaymentsInBulk(
      tx,
      scope,
      batch.map((l) => ({
        charge_id: l.boleto.charge_id,
        amount_cents: l.paid,
        fee_cents: l.fee,
        paid_on: l.paidOn,
        method: 'boleto',
        external_id: `cnab:${parsed.bankCode}:${l.boleto.nosso_numero_digits}:${l.paidOn}`,
      })),
      { today: opts.today, source: 'bank_return' },
    );
    const paidBoletos: string[] = [];
    batch.forEach((l, k) => {
      const r = outcomes[k];
      // A business refusal of one entry (e.g. a cancelled charge) is reported; the others go on.
      if (!r.ok) {
        result.not_applied.push({ ...ref(l.e), charge_id: l.boleto.charge_id, reason: r.code, message: r.message });
        return;
      }
      if (r.charge_status === 'paid') paidBoletos.push(l.boleto.id);
      result.payments.push({
        ...ref(l.e),
        charge_id: l.boleto.charge_id,
        boleto_id: l.boleto.id,
        payment_id: r.payment.id,
        paid_on: l.paidOn,
        paid_cents: l.paid,
        fee_cents: l.fee,
        created: r.created,
        charge_status: r.charge_status,
      });
      if (r.created) {
        result.paid_total_cents += l.paid;
        result.fee_total_cents += l.fee;
      }
    });
    await recordBoletosPaidByBank(tx, scope, paidBoletos);
  }

  await q.insertBankReturn(
    tx,
    scope.tenantId,
    {
      id: result.bank_return_id,
      collection_account_id: account.id,
      file_sha256: hash,
      file_name: opts.fileName ?? null,
      format: parsed.format,
      entry_count: parsed.entries.length,
      liquidation_count: result.payments.filter((p) => p.created).length,
      paid_total_cents: result.paid_total_cents,
      // (cast: a jsonb column takes the plain object)
      result: result as unknown as Record<string, unknown>,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
    },
    scope.now,
  );
  await recordEvent(tx, scope, {
    type: 'bank_return.processed',
    resourceType: 'bank_return',
    resourceId: result.bank_return_id,
    data: {
      collection_account_id: account.id,
      file_sha256: hash,
      payments: result.payments.filter((p) => p.created).length,
      paid_total_cents: result.paid_total_cents,
      unmatched: result.unmatched.length,
    },
  });
  return result;
}

async function chargeBefore(tx: Tx, tenantId: string, chargeId: string): Promise<ChargeBefore> {
  const c = (await q.chargeWithCustomer(tx, tenantId, chargeId))!;
  return { ...c, number: Number(c.number), amount_cents: Number(c.amount_cents), paid_cents: Number(c.paid_cents) };
}

class PreviewRollback extends Error {
  constructor(readonly result: ReturnResult) {
    super('return file preview: rolled back');
  }
}

/**
 * What processing the file would do, computed by processing it for real inside a transaction that
 * is then rolled back: the same parsing, matching and payment rules, and nothing written (no
 * payment, no bank_returns row, no event, no webhook). A file processed before answers its stored
 * result with already_processed: true.
 */
export async function previewReturnFile(
  db: Db,
  scope: Scope,
  accountRef: string,
  content: Buffer,
  opts: { today: string; fileName?: string },
): Promise<ReturnResult> {
  try {
    await db.transaction(async (tx) => {
      throw new PreviewRollback(await processReturnFile(tx, scope, accountRef, content, { ...opts, preview: true }));
    });
  } catch (err) {
    if (err instanceof PreviewRollback) return { ...err.result, preview: true };
    throw err;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

export async function listBankReturns(db: Queryable, scope: Scope, accountRef: string) {
  const account = await resolveAccount(db, scope, accountRef);
  return (await q.listBankReturns(db, scope.tenantId, account.id, 100)).map((r) => ({
    id: r.id,
    file_name: r.file_name,
    file_sha256: r.file_sha256,
    format: r.format,
    entry_count: r.entry_count,
    liquidation_count: r.liquidation_count,
    paid_total_cents: Number(r.paid_total_cents),
    created_at: r.created_at,
  }));
}
