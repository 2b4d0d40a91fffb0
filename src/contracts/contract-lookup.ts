// Reading one contract by its UUID or per-tenant number, shared by the contract use cases and the
// state transitions (both import it; neither imports the other back).
import type { Queryable } from '../platform/db/types.ts';
import { notFound } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import * as q from './queries.ts';
import { presentContract } from './present-contract.ts';
import type { Contract } from './schemas.ts';

export interface Opts {
  today: string;
}

/** Resolves a contract reference: its UUID or its per-tenant number. */
export async function resolveContract(
  db: Queryable,
  scope: Scope,
  ref: string,
  today: string,
  opts: { forUpdate?: boolean } = {},
): Promise<q.ContractRow> {
  let row: q.ContractRow | null = null;
  if (isUuid(ref)) row = await q.findContract(db, scope.tenantId, 'id', ref, today, opts);
  else if (/^\d{1,15}$/.test(ref)) row = await q.findContract(db, scope.tenantId, 'number', Number(ref), today, opts);
  if (!row) throw notFound('Contract');
  return row;
}

export async function reload(db: Queryable, scope: Scope, id: string, today: string): Promise<Contract> {
  return presentContract((await q.findContract(db, scope.tenantId, 'id', id, today))!, today);
}
