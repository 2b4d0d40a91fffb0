// Saved filters: a console user's named query strings of a list screen (Contas a Receber, …).
// They belong to the user, so only a console session has them: an API key gets 403.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import * as q from './queries.ts';

export const SCREEN_PATTERN = '^[a-z0-9][a-z0-9-]{0,59}$';
/** Enough for any clerk; a bound so one user cannot grow the table without limit. */
export const MAX_FILTERS_PER_SCREEN = 100;

export interface SavedFilter {
  id: string;
  screen: string;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
}

const present = (r: q.SavedFilterRow): SavedFilter => ({
  id: r.id,
  screen: r.screen,
  name: r.name,
  query: r.query,
  created_at: r.created_at,
  updated_at: r.updated_at,
});

function userOf(scope: Scope): { accountId: string; userId: string } {
  if (scope.actor.type !== 'user' || !scope.actor.id) {
    throw new DomainError(
      'forbidden',
      'Saved filters belong to a console user: log in to the console (POST /v1/session); API keys and tokens have none',
    );
  }
  return { accountId: scope.accountId, userId: scope.actor.id };
}

function checkScreen(screen: string): string {
  if (!new RegExp(SCREEN_PATTERN).test(screen))
    throw new DomainError('validation_failed', 'screen must be a screen name such as contas-a-receber', [
      { field: 'screen', issue: 'must be lowercase letters, digits and hyphens' },
    ]);
  return screen;
}

/** The query string without its leading "?", keys in order; the page and cursor are not part of a filter. */
export function normalizeQuery(query: string): string {
  const params = new URLSearchParams(query.trim().replace(/^\?/, ''));
  for (const k of ['page', 'pagina', 'cursor']) params.delete(k);
  const entries = [...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(entries).toString();
}

export async function listSavedFilters(db: Queryable, scope: Scope, screen: string): Promise<SavedFilter[]> {
  const { accountId, userId } = userOf(scope);
  return (await q.listSavedFilters(db, accountId, userId, checkScreen(screen))).map(present);
}

export async function saveFilter(
  tx: Tx,
  scope: Scope,
  input: { screen: string; name: string; query: string },
): Promise<SavedFilter & { created: boolean }> {
  const { accountId, userId } = userOf(scope);
  const screen = checkScreen(input.screen);
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) throw new DomainError('validation_failed', 'name cannot be blank', [{ field: 'name', issue: 'cannot be blank' }]);
  if (
    (await q.countSavedFilters(tx, accountId, userId, screen)) >= MAX_FILTERS_PER_SCREEN &&
    !(await q.listSavedFilters(tx, accountId, userId, screen)).some((f) => f.name.toLowerCase() === name.toLowerCase())
  ) {
    throw new DomainError('conflict', `A user keeps at most ${MAX_FILTERS_PER_SCREEN} saved filters per screen: delete one first`, [
      { field: 'name', issue: `at most ${MAX_FILTERS_PER_SCREEN} per screen` },
    ]);
  }
  const row = await q.upsertSavedFilter(
    tx,
    { tenant_id: accountId, id: uuidv7(), user_id: userId, screen, name, query: normalizeQuery(input.query) },
    scope.now,
  );
  const { inserted, ...rest } = row;
  const filter = present(rest);
  await recordEvent(
    tx,
    { ...scope, tenantId: accountId },
    {
      type: inserted ? 'saved_filter.created' : 'saved_filter.updated',
      resourceType: 'saved_filter',
      resourceId: filter.id,
      after: filter,
    },
  );
  return { ...filter, created: inserted };
}

export async function deleteSavedFilter(tx: Tx, scope: Scope, id: string): Promise<SavedFilter> {
  const { accountId, userId } = userOf(scope);
  // Another user's filter is as unknown as a missing one.
  const row = await q.deleteSavedFilter(tx, accountId, userId, id);
  if (!row) throw notFound('Saved filter');
  const filter = present(row);
  await recordEvent(
    tx,
    { ...scope, tenantId: accountId },
    { type: 'saved_filter.deleted', resourceType: 'saved_filter', resourceId: id, before: filter },
  );
  return filter;
}
