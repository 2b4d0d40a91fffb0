// Row types from the schema: migrates a fresh in-memory PGlite with migrations/, reads the catalog
// and writes src/platform/db/schema.generated.ts (`npm run db:types`). test/invariants/db-types.test.ts
// regenerates it in memory and fails when the checked-in file is stale.
//
// Each PostgreSQL type maps to what the query layer returns at runtime on BOTH engines (the shared
// parsers of src/platform/db/parsers.ts plus each driver's defaults). A type the two drivers return
// differently (arrays of int8, numeric, date, …) is refused here rather than typed wrongly.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPglite } from '../src/platform/db/pglite.ts';

export const GENERATED_PATH = join(dirname(fileURLToPath(import.meta.url)), '../src/platform/db/schema.generated.ts');

// The migration runner's own tables: not part of migrations/, and no capability reads them as rows.
const RUNNER_TABLES = new Set(['schema_migrations', 'schema_migration_checksums']);

const SCALARS: Record<string, string> = {
  bool: 'boolean',
  int2: 'number',
  int4: 'number',
  int8: 'number', // parseInt8: a safe integer or an error (money is cents)
  float4: 'number',
  float8: 'number',
  numeric: 'string', // exact decimals stay text
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  uuid: 'string',
  citext: 'string',
  date: 'string', // 'YYYY-MM-DD': a business date has no time zone
  time: 'string', // 'HH:MM:SS'
  timestamp: 'string',
  timestamptz: 'string', // ISO 8601 UTC ('…Z'), parseTimestamptz
  json: 'unknown',
  jsonb: 'unknown',
  bytea: 'Uint8Array', // a Uint8Array on PGlite, a Buffer (a Uint8Array) on node-postgres
};

// Arrays whose elements both drivers return as the same strings.
const STRING_ARRAYS = new Set(['_text', '_varchar', '_uuid', '_bpchar', '_citext']);

interface Column {
  table: string;
  column: string;
  type: string;
  not_null: boolean;
}

interface Check {
  table: string;
  column: string;
  def: string;
}

const pascal = (name: string) => name.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());

/**
 * The literals of a CHECK that only lists a column's values, as PostgreSQL prints it back
 * (`col IN ('a', 'b')` becomes `CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))`; `col = 'a'`
 * stays); null for any other CHECK.
 */
export function checkLiterals(def: string, column: string): string[] | null {
  const lit = `'(?:[^']|'')*'::text`;
  const col = `"?${column.replace(/[^\w]/g, '')}"?`;
  const m =
    new RegExp(`^CHECK \\(\\(${col} = ANY \\(ARRAY\\[(${lit}(?:, ${lit})*)\\]\\)\\)\\)$`).exec(def) ??
    new RegExp(`^CHECK \\(\\(${col} = (${lit})\\)\\)$`).exec(def);
  return m ? [...m[1].matchAll(/'((?:[^']|'')*)'::text/g)].map((x) => x[1].replace(/''/g, "'")) : null;
}

function tsType(c: Column, literals: string[] | undefined): string {
  let t: string;
  if (literals) t = literals.map((l) => `'${l.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(' | ');
  else if (SCALARS[c.type]) t = SCALARS[c.type];
  else if (STRING_ARRAYS.has(c.type)) t = 'string[]';
  else throw new Error(`${c.table}.${c.column}: no TypeScript mapping for PostgreSQL type ${c.type} (add one to scripts/gen-db-types.ts)`);
  return c.not_null || t === 'unknown' ? t : `${t} | null`;
}

/** The text of schema.generated.ts for the migrations in migrations/. */
export async function generateDbTypes(): Promise<string> {
  const db = await openPglite();
  try {
    await migrate(db);
    const { rows: columns } = await db.query<Column>(`
      SELECT c.relname AS table, a.attname AS column, t.typname AS type, a.attnotnull AS not_null
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, a.attnum`);
    const { rows: checks } = await db.query<Check>(`
      SELECT c.relname AS table, a.attname AS column, pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
      WHERE n.nspname = current_schema() AND k.contype = 'c' AND cardinality(k.conkey) = 1
      ORDER BY c.relname, a.attname, k.conname`);
    const literals = new Map<string, string[]>();
    for (const k of checks) {
      const lits = checkLiterals(k.def, k.column);
      const key = `${k.table}.${k.column}`;
      const before = literals.get(key);
      // Two such CHECKs on one column: only the values both allow.
      if (lits) literals.set(key, before ? before.filter((l) => lits.includes(l)) : lits);
    }
    const tables = new Map<string, Column[]>();
    for (const c of columns) {
      if (RUNNER_TABLES.has(c.table)) continue;
      tables.set(c.table, [...(tables.get(c.table) ?? []), c]);
    }
    const out = [
      '// Row types of every table, generated by npm run db:types from migrations/ — do not edit.',
      '// Types are what the query layer returns on both engines (src/platform/db/parsers.ts): int8 → number,',
      "// numeric → string, date → 'YYYY-MM-DD', timestamptz → ISO string, json(b) → unknown, bytea → Uint8Array.",
      '',
      'export interface Database {',
      ...[...tables.keys()].map((t) => `  ${t}: ${pascal(t)}Table;`),
      '}',
    ];
    for (const [table, cols] of tables) {
      out.push('', `export interface ${pascal(table)}Table {`);
      for (const c of cols) {
        const t = tsType(c, literals.get(`${table}.${c.column}`));
        const line = `  ${c.column}: ${t};`;
        // A long union goes one member a line, as Biome would print it.
        out.push(
          line.length <= 140
            ? line
            : `  ${c.column}:\n${t
                .split(' | ')
                .map((m) => `    | ${m}`)
                .join('\n')};`,
        );
      }
      out.push('}');
    }
    return `${out.join('\n')}\n`;
  } finally {
    await db.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED_PATH, await generateDbTypes());
  console.log(`wrote ${GENERATED_PATH}`);
}
