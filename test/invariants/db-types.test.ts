// The row types in src/platform/db/schema.generated.ts come from migrations/: regenerate them in
// memory and compare, so a migration that adds, drops or changes a column cannot leave them stale.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLiterals, GENERATED_PATH, generateDbTypes } from '../../scripts/gen-db-types.ts';

describe('generated row types', () => {
  it('schema.generated.ts matches the migrations', async () => {
    const fresh = await generateDbTypes();
    const checkedIn = readFileSync(GENERATED_PATH, 'utf8');
    if (fresh !== checkedIn) {
      const a = checkedIn.split('\n');
      const b = fresh.split('\n');
      const line = b.findIndex((l, i) => l !== a[i]);
      expect.fail(
        `src/platform/db/schema.generated.ts is stale: run npm run db:types and commit it ` +
          `(first difference at line ${line + 1}: checked in ${JSON.stringify(a[line])}, from the migrations ${JSON.stringify(b[line])})`,
      );
    }
  });

  it('reads value lists from CHECK constraints as PostgreSQL prints them, and nothing else', () => {
    expect(checkLiterals("CHECK ((mode = ANY (ARRAY['live'::text, 'test'::text])))", 'mode')).toEqual(['live', 'test']);
    expect(checkLiterals("CHECK ((format = 'cnab240'::text))", 'format')).toEqual(['cnab240']);
    expect(checkLiterals("CHECK ((note = ANY (ARRAY['it''s'::text])))", 'note')).toEqual(["it's"]);
    expect(checkLiterals('CHECK ((billing_day >= 1) AND (billing_day <= 28))', 'billing_day')).toBeNull();
    expect(checkLiterals("CHECK ((mode = ANY (ARRAY['live'::text])) OR (x IS NULL))", 'mode')).toBeNull();
    expect(checkLiterals("CHECK ((other = ANY (ARRAY['a'::text])))", 'mode')).toBeNull();
  });
});
