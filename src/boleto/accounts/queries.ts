// The only file of collection accounts that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { Database } from '../../platform/db/schema.generated.ts';

export type CollectionAccountRow = Omit<Database['collection_accounts'], 'beneficiary_address' | 'instructions'> & {
  // narrower than the jsonb column: the shape this capability writes
  beneficiary_address: {
    street: string;
    number: string | null;
    complement: string | null;
    district: string | null;
    city: string;
    state: string;
    postal_code: string;
  };
  // narrower than the jsonb column: the shape this capability writes
  instructions: string[];
  boleto_count: number;
};

export const WRITABLE_COLUMNS = [
  'label',
  'bank_code',
  'agency',
  'agency_digit',
  'account',
  'account_digit',
  'carteira',
  'convenio',
  'beneficiary_code',
  'variation',
  'post',
  'byte_idt',
  'iof',
  'nosso_numero_17',
  'remittance_layout',
  'beneficiary_name',
  'beneficiary_document_kind',
  'beneficiary_document',
  'beneficiary_address',
  'instructions',
  'pix_key',
  'pix_key_type',
  'active',
] as const;
export type AccountValues = { [K in (typeof WRITABLE_COLUMNS)[number]]: unknown };

const SELECT = `a.*, (SELECT count(*)::int FROM boletos b WHERE b.tenant_id = a.tenant_id AND b.collection_account_id = a.id) AS boleto_count`;

function values(v: AccountValues): unknown[] {
  return WRITABLE_COLUMNS.map((k) => (k === 'beneficiary_address' || k === 'instructions' ? JSON.stringify(v[k]) : v[k]));
}

function fix(row: CollectionAccountRow): CollectionAccountRow {
  return {
    ...row,
    number: Number(row.number),
    next_sequence: Number(row.next_sequence),
    next_file_sequence: Number(row.next_file_sequence),
  };
}

export async function findAccount(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CollectionAccountRow | null> {
  if (opts.forUpdate) await q.query('SELECT 1 FROM collection_accounts WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, id]);
  const { rows } = await q.query<CollectionAccountRow>(`SELECT ${SELECT} FROM collection_accounts a WHERE a.tenant_id = $1 AND a.id = $2`, [
    tenantId,
    id,
  ]);
  return rows[0] ? fix(rows[0]) : null;
}

export async function findAccountByNumber(q: Queryable, tenantId: string, number: number): Promise<CollectionAccountRow | null> {
  const { rows } = await q.query<CollectionAccountRow>(
    `SELECT ${SELECT} FROM collection_accounts a WHERE a.tenant_id = $1 AND a.number = $2`,
    [tenantId, number],
  );
  return rows[0] ? fix(rows[0]) : null;
}

export async function findDefaultAccount(q: Queryable, tenantId: string): Promise<CollectionAccountRow | null> {
  const { rows } = await q.query<CollectionAccountRow>(
    `SELECT ${SELECT} FROM collection_accounts a WHERE a.tenant_id = $1 AND a.is_default`,
    [tenantId],
  );
  return rows[0] ? fix(rows[0]) : null;
}

export async function listAccounts(
  q: Queryable,
  tenantId: string,
  filter: { active?: boolean; bankCode?: string },
): Promise<CollectionAccountRow[]> {
  const params: unknown[] = [tenantId];
  let where = 'a.tenant_id = $1';
  if (filter.active !== undefined) {
    params.push(filter.active);
    where += ` AND a.active = $${params.length}`;
  }
  if (filter.bankCode) {
    params.push(filter.bankCode);
    where += ` AND a.bank_code = $${params.length}`;
  }
  const { rows } = await q.query<CollectionAccountRow>(
    `SELECT ${SELECT} FROM collection_accounts a WHERE ${where} ORDER BY a.number`,
    params,
  );
  return rows.map(fix);
}

export async function countAccounts(q: Queryable, tenantId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM collection_accounts WHERE tenant_id = $1', [tenantId]);
  return rows[0].n;
}

/** Inserts unless the bank agreement is already registered (then null). */
export async function insertAccount(
  tx: Tx,
  tenantId: string,
  id: string,
  number: number,
  v: AccountValues,
  isDefault: boolean,
  nextSequence: number,
  now: Date,
): Promise<boolean> {
  const cols = ['tenant_id', 'id', 'number', ...WRITABLE_COLUMNS, 'is_default', 'next_sequence', 'created_at', 'updated_at'];
  const { rowCount } = await tx.query(
    `INSERT INTO collection_accounts (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
    [tenantId, id, number, ...values(v), isDefault, nextSequence, now.toISOString(), now.toISOString()],
  );
  return rowCount > 0;
}

export async function updateAccount(
  tx: Tx,
  tenantId: string,
  id: string,
  v: AccountValues,
  nextSequence: number,
  now: Date,
): Promise<void> {
  const sets = WRITABLE_COLUMNS.map((k, i) => `${k} = $${i + 4}`).join(', ');
  await tx.query(
    `UPDATE collection_accounts SET ${sets}, next_sequence = greatest(next_sequence, $${WRITABLE_COLUMNS.length + 4}), updated_at = $3
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, now.toISOString(), ...values(v), nextSequence],
  );
}

/** Another account with the same bank agreement, if any. */
export async function findSameAgreement(
  q: Queryable,
  tenantId: string,
  v: AccountValues,
  selfId?: string,
): Promise<{ id: string; number: number } | null> {
  const { rows } = await q.query<{ id: string; number: number }>(
    `SELECT id, number FROM collection_accounts WHERE tenant_id = $1 AND bank_code = $2 AND agency = $3 AND account = $4 AND carteira = $5
       AND coalesce(convenio, '') = coalesce($6, '') AND coalesce(beneficiary_code, '') = coalesce($7, '') AND coalesce(post, '') = coalesce($8, '')
       AND ($9::uuid IS NULL OR id <> $9)`,
    [tenantId, v.bank_code, v.agency, v.account, v.carteira, v.convenio, v.beneficiary_code, v.post, selfId ?? null],
  );
  return rows[0] ? { id: rows[0].id, number: Number(rows[0].number) } : null;
}

export async function clearDefault(tx: Tx, tenantId: string, now: Date): Promise<void> {
  await tx.query('UPDATE collection_accounts SET is_default = false, updated_at = $2 WHERE tenant_id = $1 AND is_default', [
    tenantId,
    now.toISOString(),
  ]);
}

export async function setDefault(tx: Tx, tenantId: string, id: string, now: Date): Promise<void> {
  await tx.query('UPDATE collection_accounts SET is_default = true, updated_at = $3 WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    id,
    now.toISOString(),
  ]);
}

/** The oldest other active account: the next default when the default goes away. */
export async function successorOf(tx: Tx, tenantId: string, id: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM collection_accounts WHERE tenant_id = $1 AND id <> $2 ORDER BY active DESC, number LIMIT 1',
    [tenantId, id],
  );
  return rows[0]?.id ?? null;
}

export async function deleteAccount(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM collection_accounts WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
}

/**
 * Takes the next nosso-número sequence of the account in the caller's transaction. The row lock
 * this UPDATE holds until commit is what makes concurrent issues get distinct numbers.
 */
export async function takeSequence(tx: Tx, tenantId: string, id: string): Promise<number> {
  const { rows } = await tx.query<{ seq: string | number }>(
    'UPDATE collection_accounts SET next_sequence = next_sequence + 1 WHERE tenant_id = $1 AND id = $2 RETURNING next_sequence - 1 AS seq',
    [tenantId, id],
  );
  return Number(rows[0].seq);
}

export async function takeFileSequence(tx: Tx, tenantId: string, id: string): Promise<number> {
  const { rows } = await tx.query<{ seq: string | number }>(
    'UPDATE collection_accounts SET next_file_sequence = next_file_sequence + 1 WHERE tenant_id = $1 AND id = $2 RETURNING next_file_sequence - 1 AS seq',
    [tenantId, id],
  );
  return Number(rows[0].seq);
}
