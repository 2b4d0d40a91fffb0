// The only file of boletos that speaks SQL. Every statement is scoped by tenant_id.
//
// Charges are read here with small queries of our own against the charges table (schema fixed by
// migrations/0200_charges.sql) because the charges capability did not export readers yet when
// this was written; swap them for its functions when they exist.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type ChargeRow = Pick<
  Database['charges'],
  | 'id'
  | 'number'
  | 'customer_id'
  | 'contract_id'
  | 'description'
  | 'amount_cents'
  | 'paid_cents'
  | 'issue_date'
  | 'due_date'
  | 'status'
  | 'payment_method'
  | 'late_policy'
  | 'external_code'
>;

const CHARGE_COLUMNS = `id, number, customer_id, contract_id, description, amount_cents, paid_cents, issue_date, due_date, status,
  payment_method, late_policy, external_code`;

export async function findCharge(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ChargeRow | null> {
  const { rows } = await q.query<ChargeRow>(
    `SELECT ${CHARGE_COLUMNS} FROM charges WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function findChargeIdByNumber(q: Queryable, tenantId: string, number: number): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM charges WHERE tenant_id = $1 AND number = $2', [tenantId, number]);
  return rows[0]?.id ?? null;
}

/** These charges (those that exist), in no particular order; no lock. */
export async function chargesByIds(q: Queryable, tenantId: string, ids: string[]): Promise<ChargeRow[]> {
  if (!ids.length) return [];
  const { rows } = await q.query<ChargeRow>(`SELECT ${CHARGE_COLUMNS} FROM charges WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [
    tenantId,
    ids,
  ]);
  return rows;
}

/** The tenant's legal identity, the issuer of a receipt when it has no collection account. */
export async function tenantParty(
  q: Queryable,
  tenantId: string,
): Promise<{ legal_name: string; trading_name: string | null; document_kind: string | null; document: string | null } | null> {
  const { rows } = await q.query<{
    legal_name: string;
    trading_name: string | null;
    document_kind: string | null;
    document: string | null;
  }>('SELECT legal_name, trading_name, document_kind, document FROM tenants WHERE id = $1', [tenantId]);
  return rows[0] ?? null;
}

/** The charges among `ids` that exist in the tenant. */
export async function existingChargeIds(q: Queryable, tenantId: string, ids: string[]): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM charges WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenantId, ids]);
  return new Set(rows.map((r) => r.id));
}

export type BoletoRow = Omit<Database['boletos'], 'match_keys'>;

export async function findLiveBoleto(q: Queryable, tenantId: string, chargeId: string): Promise<BoletoRow | null> {
  const { rows } = await q.query<BoletoRow>(`SELECT * FROM boletos WHERE tenant_id = $1 AND charge_id = $2 AND status <> 'cancelled'`, [
    tenantId,
    chargeId,
  ]);
  return rows[0] ?? null;
}

/** Bolepix: the PSP's dynamic code on the live boleto of each charge, where the amounts agree. */
export async function setLivePixPayloads(
  q: Queryable,
  tenantId: string,
  rows: { chargeId: string; payload: string; amountCents: number }[],
): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `UPDATE boletos b SET pix_payload = u.payload
     FROM unnest($2::uuid[], $3::text[], $4::bigint[]) AS u(charge_id, payload, amount)
     WHERE b.tenant_id = $1 AND b.charge_id = u.charge_id AND b.status <> 'cancelled' AND b.amount_cents = u.amount`,
    [tenantId, rows.map((r) => r.chargeId), rows.map((r) => r.payload), rows.map((r) => r.amountCents)],
  );
}

/** The live boletos of these charges that print one of these Pix codes (with what a static code needs). */
export async function liveBoletosPrinting(
  q: Queryable,
  tenantId: string,
  chargeIds: string[],
  payloads: string[],
): Promise<{ id: string; charge_number: number; collection_account_id: string; amount_cents: number }[]> {
  if (!chargeIds.length) return [];
  const { rows } = await q.query<{ id: string; charge_number: number; collection_account_id: string; amount_cents: number }>(
    `SELECT b.id, c.number::int AS charge_number, b.collection_account_id, b.amount_cents::int AS amount_cents
     FROM boletos b JOIN charges c ON c.tenant_id = b.tenant_id AND c.id = b.charge_id
     WHERE b.tenant_id = $1 AND b.charge_id = ANY($2::uuid[]) AND b.status <> 'cancelled' AND b.pix_payload = ANY($3::text[])`,
    [tenantId, chargeIds, payloads],
  );
  return rows;
}

export async function setBoletoPixPayload(q: Queryable, tenantId: string, id: string, payload: string | null): Promise<void> {
  await q.query(`UPDATE boletos SET pix_payload = $3 WHERE tenant_id = $1 AND id = $2`, [tenantId, id, payload]);
}

export async function findBoleto(q: Queryable, tenantId: string, id: string): Promise<BoletoRow | null> {
  const { rows } = await q.query<BoletoRow>('SELECT * FROM boletos WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows[0] ?? null;
}

/** Live boletos of these charges, in the order of `chargeIds`. */
export async function liveBoletosOf(q: Queryable, tenantId: string, chargeIds: string[]): Promise<BoletoRow[]> {
  const { rows } = await q.query<BoletoRow>(
    `SELECT b.* FROM unnest($2::uuid[]) WITH ORDINALITY AS c(id, ord)
     JOIN boletos b ON b.tenant_id = $1 AND b.charge_id = c.id AND b.status <> 'cancelled' ORDER BY c.ord`,
    [tenantId, chargeIds],
  );
  return rows;
}

export async function insertBoleto(
  tx: Tx,
  b: Omit<BoletoRow, 'remittance_id' | 'registered_at' | 'paid_at' | 'cancelled_at' | 'created_at' | 'updated_at'> & {
    match_keys: string[];
  },
  now: Date,
): Promise<BoletoRow> {
  const { rows } = await tx.query<BoletoRow>(
    `INSERT INTO boletos (tenant_id, id, charge_id, collection_account_id, sequence, nosso_numero, nosso_numero_digits, match_keys, barcode,
       linha_digitavel, amount_cents, issue_date, due_date, pix_payload, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING *`,
    [
      b.tenant_id,
      b.id,
      b.charge_id,
      b.collection_account_id,
      b.sequence,
      b.nosso_numero,
      b.nosso_numero_digits,
      b.match_keys,
      b.barcode,
      b.linha_digitavel,
      b.amount_cents,
      b.issue_date,
      b.due_date,
      b.pix_payload,
      b.status,
      now.toISOString(),
    ],
  );
  return rows[0];
}

/** The boleto of a charge whose due date or amount changed: the same nosso número, new numbers. */
export async function setBoletoTerms(
  tx: Tx,
  tenantId: string,
  id: string,
  t: Pick<BoletoRow, 'due_date' | 'amount_cents' | 'barcode' | 'linha_digitavel' | 'pix_payload'>,
  now: Date,
): Promise<BoletoRow> {
  const { rows } = await tx.query<BoletoRow>(
    `UPDATE boletos SET due_date = $3, amount_cents = $4, barcode = $5, linha_digitavel = $6, pix_payload = $7, updated_at = $8
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, t.due_date, t.amount_cents, t.barcode, t.linha_digitavel, t.pix_payload, now.toISOString()],
  );
  return rows[0];
}

/** Many boletos whose charges were paid, in one statement (the paid ones stay as they are). */
export async function setBoletosPaid(tx: Tx, tenantId: string, ids: string[], now: Date): Promise<void> {
  if (!ids.length) return;
  await tx.query(
    `UPDATE boletos SET status = 'paid', paid_at = coalesce(paid_at, $3), updated_at = $3
     WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status <> 'paid'`,
    [tenantId, ids, now.toISOString()],
  );
}

export async function setBoletoStatus(tx: Tx, tenantId: string, id: string, status: BoletoRow['status'], now: Date): Promise<BoletoRow> {
  const stamp = { cancelled: 'cancelled_at', paid: 'paid_at', registered: 'registered_at', issued: null }[status];
  const { rows } = await tx.query<BoletoRow>(
    `UPDATE boletos SET status = $3, updated_at = $4${stamp ? `, ${stamp} = coalesce(${stamp}, $4)` : ''}
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, status, now.toISOString()],
  );
  return rows[0];
}

// ---------------------------------------------------------------- set-based reads and writes
// The carnê and the PDFs work on batches of charges (a few hundred at a time): one statement per
// batch for each kind of row instead of one per charge.

/** Charges among `ids`, locked FOR UPDATE in id order (every locker takes them in the same order: no deadlock). */
export async function lockCharges(tx: Tx, tenantId: string, ids: string[]): Promise<ChargeRow[]> {
  const { rows } = await tx.query<ChargeRow>(
    `SELECT ${CHARGE_COLUMNS} FROM charges WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
    [tenantId, ids],
  );
  return rows;
}

/** The live boleto of each of these charges that has one, by charge id. */
export async function liveBoletosByCharge(q: Queryable, tenantId: string, chargeIds: string[]): Promise<Map<string, BoletoRow>> {
  const { rows } = await q.query<BoletoRow>(
    `SELECT * FROM boletos WHERE tenant_id = $1 AND charge_id = ANY($2::uuid[]) AND status <> 'cancelled'`,
    [tenantId, chargeIds],
  );
  return new Map(rows.map((r) => [r.charge_id, r]));
}

/** What a boleto needs of its payer (addresses in the customer's own order: primary first, then by number). */
export type PayerRow = Pick<
  Database['customers'],
  'id' | 'number' | 'name' | 'person_type' | 'document' | 'document_kind' | 'associate'
> & {
  addresses: Pick<
    Database['customer_addresses'],
    'is_primary' | 'for_billing' | 'street' | 'street_number' | 'complement' | 'district' | 'city' | 'state' | 'postal_code' | 'country'
  >[];
};

const PAYER_ADDRESSES = `coalesce((SELECT json_agg(json_build_object('is_primary', a.is_primary, 'for_billing', a.for_billing, 'street', a.street,
       'street_number', a.street_number, 'complement', a.complement, 'district', a.district, 'city', a.city, 'state', a.state,
       'postal_code', a.postal_code, 'country', a.country) ORDER BY a.is_primary DESC, a.number)
     FROM customer_addresses a WHERE a.tenant_id = cu.tenant_id AND a.customer_id = cu.id), '[]')`;

const PAYER_JSON = `json_build_object('id', cu.id, 'number', cu.number, 'name', cu.name, 'person_type', cu.person_type, 'document', cu.document,
     'document_kind', cu.document_kind, 'associate', cu.associate, 'addresses', ${PAYER_ADDRESSES})`;

export async function payersOf(q: Queryable, tenantId: string, customerIds: string[]): Promise<Map<string, PayerRow>> {
  const { rows } = await q.query<{ payer: PayerRow }>(
    `SELECT ${PAYER_JSON} AS payer FROM customers cu WHERE cu.tenant_id = $1 AND cu.id = ANY($2::uuid[])`,
    [tenantId, customerIds],
    { prepare: 'boleto_payers' },
  );
  return new Map(rows.map((r) => [r.payer.id, r.payer]));
}

/** A live boleto with its charge, its payer and the services of the charge's lines: everything of one printed page but the account and terms. */
export interface PrintRow {
  boleto: BoletoRow;
  charge: ChargeRow;
  payer: PayerRow;
  service_ids: string[];
}

const PRINT_ROWS_SQL = `SELECT b.*, ${CHARGE_COLUMNS.split(',')
  .map((c) => `c.${c.trim()} AS c_${c.trim()}`)
  .join(', ')},
       (SELECT array_agg(DISTINCT l.service_id) FROM charge_lines l
         WHERE l.tenant_id = c.tenant_id AND l.charge_id = c.id AND l.service_id IS NOT NULL) AS service_ids,
       ${PAYER_JSON} AS payer
     FROM unnest($2::uuid[]) WITH ORDINALITY AS r(id, ord)
     JOIN charges c ON c.tenant_id = $1 AND c.id = r.id
     JOIN boletos b ON b.tenant_id = $1 AND b.charge_id = c.id AND b.status <> 'cancelled'
     JOIN customers cu ON cu.tenant_id = $1 AND cu.id = c.customer_id
     ORDER BY r.ord`;

/**
 * The live boletos of these charges with their charges, payers and line services, in the order of
 * `chargeIds` (charges without a live boleto are left out). One statement.
 */
export async function printRows(q: Queryable, tenantId: string, chargeIds: string[]): Promise<PrintRow[]> {
  const { rows } = await q.query<BoletoRow & { [k: `c_${string}`]: unknown; service_ids: string[] | null; payer: PayerRow }>(
    PRINT_ROWS_SQL,
    [tenantId, chargeIds],
    {
      prepare: 'boleto_print_rows',
    },
  );
  return rows.map((r) => {
    const boleto: Record<string, unknown> = {};
    const charge: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k === 'service_ids' || k === 'payer') continue;
      if (k.startsWith('c_')) charge[k.slice(2)] = v;
      else boleto[k] = v;
    }
    // (cast: the two rows are split from one joined row by column prefix; each holds its table's columns)
    return {
      boleto: boleto as unknown as BoletoRow,
      charge: charge as unknown as ChargeRow,
      payer: r.payer,
      service_ids: r.service_ids ?? [],
    };
  });
}

/**
 * Takes `count` consecutive nosso-número sequences of the account in the caller's transaction and
 * returns the first. Like takeSequence (accounts/queries.ts), the row lock this UPDATE holds until
 * commit serialises concurrent issuers on the account; a rollback gives the block back.
 */
export async function takeSequences(tx: Tx, tenantId: string, accountId: string, count: number): Promise<number> {
  const { rows } = await tx.query<{ first: string | number }>(
    'UPDATE collection_accounts SET next_sequence = next_sequence + $3 WHERE tenant_id = $1 AND id = $2 RETURNING next_sequence - $3 AS first',
    [tenantId, accountId, count],
  );
  return Number(rows[0].first);
}

export type NewBoleto = Omit<BoletoRow, 'remittance_id' | 'registered_at' | 'paid_at' | 'cancelled_at' | 'created_at' | 'updated_at'> & {
  match_keys: string[];
};

/** Inserts many boletos in one statement; returns them in the given order. */
export async function insertBoletos(tx: Tx, tenantId: string, boletos: NewBoleto[], now: Date): Promise<BoletoRow[]> {
  if (!boletos.length) return [];
  const col = <K extends keyof NewBoleto>(k: K) => boletos.map((b) => b[k]);
  const { rows } = await tx.query<BoletoRow>(
    `INSERT INTO boletos (tenant_id, id, charge_id, collection_account_id, sequence, nosso_numero, nosso_numero_digits, match_keys, barcode,
       linha_digitavel, amount_cents, issue_date, due_date, pix_payload, status, created_at, updated_at)
     SELECT $1, u.id, u.charge_id, u.account_id, u.sequence, u.nosso_numero, u.digits, ARRAY(SELECT jsonb_array_elements_text(u.match_keys::jsonb)),
       u.barcode, u.linha, u.amount, u.issue_date, u.due_date, u.pix, u.status, $16::timestamptz, $16::timestamptz
     FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[],
       $12::date[], $13::date[], $14::text[], $15::text[]) WITH ORDINALITY
       AS u(id, charge_id, account_id, sequence, nosso_numero, digits, match_keys, barcode, linha, amount, issue_date, due_date, pix, status, ord)
     ORDER BY u.ord
     RETURNING *`,
    [
      tenantId,
      col('id'),
      col('charge_id'),
      col('collection_account_id'),
      col('sequence'),
      col('nosso_numero'),
      col('nosso_numero_digits'),
      boletos.map((b) => JSON.stringify(b.match_keys)),
      col('barcode'),
      col('linha_digitavel'),
      col('amount_cents'),
      col('issue_date'),
      col('due_date'),
      col('pix_payload'),
      col('status'),
      now.toISOString(),
    ],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return boletos.map((b) => byId.get(b.id)!);
}

/** A collection account as a boleto needs it: without the boleto count the accounts API shows. */
export type AccountRow = Omit<import('./accounts/queries.ts').CollectionAccountRow, 'boleto_count'>;

function fixAccount(row: AccountRow): AccountRow {
  return {
    ...row,
    number: Number(row.number),
    next_sequence: Number(row.next_sequence),
    next_file_sequence: Number(row.next_file_sequence),
  };
}

export async function findAccountLean(q: Queryable, tenantId: string, id: string): Promise<AccountRow | null> {
  const { rows } = await q.query<AccountRow>('SELECT * FROM collection_accounts WHERE tenant_id = $1 AND id = $2', [tenantId, id], {
    prepare: 'boleto_account_lean',
  });
  return rows[0] ? fixAccount(rows[0]) : null;
}

export async function findDefaultAccountLean(q: Queryable, tenantId: string): Promise<AccountRow | null> {
  const { rows } = await q.query<AccountRow>('SELECT * FROM collection_accounts WHERE tenant_id = $1 AND is_default', [tenantId], {
    prepare: 'boleto_default_account_lean',
  });
  return rows[0] ? fixAccount(rows[0]) : null;
}

/**
 * The account a charge is collected on: its live boleto's, else its contract's, else the tenant's
 * default. The Pix of a charge without a boleto and its receipt name the same beneficiary the
 * boleto would.
 */
export async function chargeAccountLean(q: Queryable, tenantId: string, chargeId: string): Promise<AccountRow | null> {
  const { rows } = await q.query<AccountRow>(
    `SELECT a.* FROM collection_accounts a
      WHERE a.tenant_id = $1
        AND a.id = COALESCE(
          (SELECT b.collection_account_id FROM boletos b WHERE b.tenant_id = $1 AND b.charge_id = $2 AND b.status <> 'cancelled' LIMIT 1),
          (SELECT c.collection_account_id FROM charges ch JOIN contracts c ON c.tenant_id = ch.tenant_id AND c.id = ch.contract_id
            WHERE ch.tenant_id = $1 AND ch.id = $2),
          (SELECT d.id FROM collection_accounts d WHERE d.tenant_id = $1 AND d.is_default))`,
    [tenantId, chargeId],
    { prepare: 'boleto_charge_account_lean' },
  );
  return rows[0] ? fixAccount(rows[0]) : null;
}

/** Accounts by id (a carnê's boletos are usually on one or two). */
export async function accountsByIds(q: Queryable, tenantId: string, ids: string[]): Promise<AccountRow[]> {
  const { rows } = await q.query<AccountRow>(
    'SELECT * FROM collection_accounts WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
    [tenantId, ids],
    {
      prepare: 'boleto_accounts_by_ids',
    },
  );
  return rows.map(fixAccount);
}

/**
 * The collection account each charge's contract names (charges without a contract, or whose
 * contract names none, are absent: they go on the default account). Read only: contracts own it.
 */
export async function contractAccountsOfCharges(
  q: Queryable,
  tenantId: string,
  chargeIds: string[],
): Promise<Map<string, { accountId: string; contractNumber: number }>> {
  if (!chargeIds.length) return new Map();
  const { rows } = await q.query<{ charge_id: string; collection_account_id: string; contract_number: number }>(
    `SELECT ch.id AS charge_id, c.collection_account_id, c.number::int AS contract_number
       FROM charges ch JOIN contracts c ON c.tenant_id = ch.tenant_id AND c.id = ch.contract_id
      WHERE ch.tenant_id = $1 AND ch.id = ANY($2::uuid[]) AND c.collection_account_id IS NOT NULL`,
    [tenantId, chargeIds],
  );
  return new Map(rows.map((r) => [r.charge_id, { accountId: r.collection_account_id, contractNumber: r.contract_number }]));
}

export async function setBoletosRemittance(tx: Tx, tenantId: string, remittanceId: string, boletoIds: string[], now: Date): Promise<void> {
  await tx.query('UPDATE boletos SET remittance_id = $2, updated_at = $4 WHERE tenant_id = $1 AND id = ANY($3::uuid[])', [
    tenantId,
    remittanceId,
    boletoIds,
    now.toISOString(),
  ]);
}

/**
 * Queues an instruction to the bank about a boleto it has; a second request of the same kind while
 * one is pending is the same request (the partial unique index), so it is not queued twice.
 */
export async function insertMovement(
  tx: Tx,
  tenantId: string,
  m: Pick<Database['boleto_movements'], 'id' | 'collection_account_id' | 'boleto_id' | 'kind'> &
    Partial<Pick<Database['boleto_movements'], 'rebate_cents' | 'protest_days'>>,
  now: Date,
): Promise<void> {
  // One pending instruction of a kind per boleto: asked again before it is sent, it is sent once,
  // with the latest abatimento or protest days (due dates and amounts are read from the boleto).
  await tx.query(
    `INSERT INTO boleto_movements (tenant_id, id, collection_account_id, boleto_id, kind, rebate_cents, protest_days, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, boleto_id, kind) WHERE remittance_id IS NULL
     DO UPDATE SET rebate_cents = EXCLUDED.rebate_cents, protest_days = EXCLUDED.protest_days`,
    [tenantId, m.id, m.collection_account_id, m.boleto_id, m.kind, m.rebate_cents ?? null, m.protest_days ?? null, now.toISOString()],
  );
}

export type MovementRow = Database['boleto_movements'] & { remittance_file_sequence: number | null };

/** Every instruction about the boletos of a charge, oldest first, with the file that carried each. */
export async function movementsOfCharge(q: Queryable, tenantId: string, chargeId: string): Promise<MovementRow[]> {
  const { rows } = await q.query<MovementRow>(
    `SELECT m.*, r.file_sequence::int AS remittance_file_sequence
       FROM boleto_movements m
       JOIN boletos b ON b.tenant_id = m.tenant_id AND b.id = m.boleto_id
       LEFT JOIN remittances r ON r.tenant_id = m.tenant_id AND r.id = m.remittance_id
      WHERE m.tenant_id = $1 AND b.charge_id = $2
      ORDER BY m.created_at, m.id`,
    [tenantId, chargeId],
  );
  return rows;
}

/** Takes back an instruction not sent yet; returns whether there was one. */
export async function deletePendingMovement(tx: Tx, tenantId: string, boletoId: string, kind: string): Promise<boolean> {
  const { rows } = await tx.query(
    'DELETE FROM boleto_movements WHERE tenant_id = $1 AND boleto_id = $2 AND kind = $3 AND remittance_id IS NULL RETURNING id',
    [tenantId, boletoId, kind],
  );
  return rows.length > 0;
}

/** Takes back every instruction about the boleto not sent yet (it is being written off). */
export async function deletePendingMovements(tx: Tx, tenantId: string, boletoId: string): Promise<void> {
  await tx.query('DELETE FROM boleto_movements WHERE tenant_id = $1 AND boleto_id = $2 AND remittance_id IS NULL', [tenantId, boletoId]);
}

/** Whether an instruction of `kind` about the boleto already went to the bank. */
export async function movementSent(q: Queryable, tenantId: string, boletoId: string, kind: string): Promise<boolean> {
  const { rows } = await q.query(
    'SELECT 1 FROM boleto_movements WHERE tenant_id = $1 AND boleto_id = $2 AND kind = $3 AND remittance_id IS NOT NULL LIMIT 1',
    [tenantId, boletoId, kind],
  );
  return rows.length > 0;
}

/** The movements a remittance file carries, as sent: they never go in another file. */
export async function setMovementsRemittance(tx: Tx, tenantId: string, remittanceId: string, movementIds: string[]): Promise<void> {
  await tx.query('UPDATE boleto_movements SET remittance_id = $2 WHERE tenant_id = $1 AND id = ANY($3::uuid[]) AND remittance_id IS NULL', [
    tenantId,
    remittanceId,
    movementIds,
  ]);
}
