// One owner per table (docs/architecture.md#layers): the SQL that inserts into, updates or deletes
// from a table lives in one capability folder; others call that capability's use cases. Read from the
// source: every `INSERT INTO t`, `UPDATE t`, `DELETE FROM t` of src/, by folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT, repoFiles } from '../support/source-files.ts';

/**
 * Writers besides the owner that are known and kept, each with its reason: none. The audit trail
 * (events) is written by platform/events.ts only — a single-statement create takes its INSERT from
 * insertEventPerRowSql there. A capability that writes many rows of another's table at once calls a
 * bulk use case of the owner that takes arrays (a billing run: charges/bulk-create.ts, usage's
 * freezeUsageInBulk), not SQL of its own.
 */
const SHARED: Record<string, string[]> = {};

const WRITE = /\b(?:INSERT\s+INTO|(?<!FOR\s+(?:NO\s+KEY\s+)?)UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)\b/g;

function writers(): Map<string, Set<string>> {
  const byTable = new Map<string, Set<string>>();
  for (const file of repoFiles('src', (name) => /\.ts$/.test(name) && !/\.test\.ts$/.test(name))) {
    const folder = /^src\/(compat\/[^/]+|[^/]+)\//.exec(file)?.[1];
    if (!folder) continue;
    for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(WRITE)) {
      const table = m[1];
      if (['set', 'skip', 'of', 'on', 'the', 'a'].includes(table)) continue;
      byTable.set(table, (byTable.get(table) ?? new Set()).add(folder));
    }
  }
  return byTable;
}

describe('one owner per table', () => {
  const byTable = writers();

  it('reads the writes of src/', () => {
    expect(byTable.get('customers')).toEqual(new Set(['customers']));
    expect(byTable.get('boletos')).toEqual(new Set(['boleto']));
    expect(byTable.get('events')).toEqual(new Set(['platform']));
    expect(byTable.size).toBeGreaterThan(40);
  });

  it('every table is written from one capability folder (the known shared ones aside)', () => {
    const shared = [...byTable]
      .filter(([table, folders]) => folders.size > 1 && JSON.stringify([...folders].sort()) !== JSON.stringify(SHARED[table]))
      .map(([table, folders]) => `${table}: ${[...folders].sort().join(', ')}`);
    expect(shared).toEqual([]);
  });

  it('the known shared writers are still shared (drop the entry once one is gone)', () => {
    for (const [table, folders] of Object.entries(SHARED)) expect([...(byTable.get(table) ?? [])].sort(), table).toEqual(folders);
  });
});
