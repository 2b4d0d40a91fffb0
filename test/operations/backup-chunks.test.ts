// Backups and moves read big tables in chunks (by key ranges, or by page ranges): every row once,
// none twice, whatever the chunk size, on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/platform/db/types.ts';
import { readCatalog, type TableInfo } from '../../src/platform/backup/catalog.ts';
import { chunkQueries, pageChunkQueries, sliceWhere } from '../../src/platform/backup/rows.ts';
import { openTestDb } from '../support/app.ts';

const A = '0193a000-0000-7000-8000-00000000000a';
const B = '0193b000-0000-7000-8000-00000000000b';
let db: Db;
let table: TableInfo;

beforeAll(async () => {
  db = await openTestDb();
  await db.exec(`CREATE TABLE chunk_probe (tenant_id uuid NOT NULL, id int NOT NULL, note text, PRIMARY KEY (tenant_id, id))`);
  // Interleaved companies, a value with a tab and a newline (escaped by COPY), a NULL.
  await db.query(
    `INSERT INTO chunk_probe SELECT CASE WHEN g % 3 = 0 THEN $1::uuid ELSE $2::uuid END, g,
            CASE WHEN g % 97 = 0 THEN NULL ELSE 'linha ' || g || E'\\tcom\\nquebra' END
       FROM generate_series(1, 2500) g`,
    [A, B],
  );
  await db.exec(`DELETE FROM chunk_probe WHERE id % 11 = 0`); // holes in the pages
  table = (await readCatalog(db)).find((t) => t.name === 'chunk_probe')!;
});
afterAll(() => db.close());

async function read(queries: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const q of queries) lines.push(...(await db.copyOut(q)).toString('utf8').split('\n').filter(Boolean));
  return lines.sort();
}

describe('reading a table in chunks', () => {
  it('by key ranges and by page ranges gives every row of the slice exactly once', async () => {
    const all = await read([`COPY (SELECT tenant_id, id, note FROM chunk_probe) TO STDOUT`]);
    expect(all).toHaveLength(2500 - 227);
    const onlyB = all.filter((l) => l.startsWith(B));
    const whereB = sliceWhere(table, { kind: 'tenants', ids: [B] })!;
    for (const size of [100, 333, 5000]) {
      const byKey = await chunkQueries(db, table, 'true', all.length, size);
      const byPage = await pageChunkQueries(db, table, 'true', all.length, size);
      if (size < all.length) {
        expect(byKey.length).toBeGreaterThan(1);
        expect(byPage.length).toBeGreaterThan(1);
      }
      expect(await read(byKey)).toEqual(all);
      expect(await read(byPage)).toEqual(all);
      expect(await read(await chunkQueries(db, table, whereB, onlyB.length, size))).toEqual(onlyB);
      expect(await read(await pageChunkQueries(db, table, whereB, onlyB.length, size))).toEqual(onlyB);
    }
  });
});
