// One clock: every rule that reads time takes it from the injected Clock (docs/architecture.md#time).
// The far-date runs of the suite (COBRE_TEST_NOW) catch a rule that reads another clock only where a
// test happens to look; this check reads the source and names every place that could.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT, repoFiles } from '../support/source-files.ts';

/** SQL's clocks: now(), CURRENT_TIMESTAMP, CURRENT_DATE, LOCALTIMESTAMP, clock_timestamp() … */
const SQL_CLOCK =
  /(?<![\w.$])(now\s*\(\s*\)|current_timestamp|current_date|current_time|localtimestamp|localtime|clock_timestamp\s*\(|statement_timestamp\s*\(|transaction_timestamp\s*\(|timeofday\s*\()/i;
/** String literals that hold SQL (a keyword of a statement inside quotes or backticks). */
const SQL_LITERAL = /(`[^`]*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/g;
const SQL_WORD = /\b(SELECT|INSERT|UPDATE|DELETE|WHERE|SET|VALUES|DEFAULT)\b/;

/** The machine's clock in JS: allowed only where it is not business time. */
const JS_CLOCK = /\bnew Date\(\s*\)|\bDate\.now\b/;
const JS_CLOCK_ALLOWED = new Set([
  'src/platform/clock.ts', // the system clock itself
  'src/platform/ids.ts', // UUIDv7 embeds the moment an id was drawn: ordering, not business time
  'src/imports/cli-import.ts', // how often the CLI prints progress
  'src/webhooks/signature.ts', // verifySignature's default for receivers, who check against their own clock
]);

describe('one clock', () => {
  const code = (name: string) => /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name);
  const files = [...repoFiles('src', code), ...repoFiles('web/src', code)];

  it('no SQL in src reads the database clock', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(SQL_LITERAL)) {
        if (SQL_WORD.test(m[0]) && SQL_CLOCK.test(m[0])) {
          const line = text.slice(0, m.index).split('\n').length;
          offenders.push(`${file}:${line}: ${SQL_CLOCK.exec(m[0])![0]}`);
        }
      }
    }
    // The migrations runner stamps schema_migrations.applied_at with the server's clock: it records
    // when the database changed, and no rule reads it.
    expect(offenders.filter((o) => !o.startsWith('src/platform/db/migrate.ts:'))).toEqual([]);
  });

  it('no code in src reads the machine clock for business time', () => {
    const offenders = files
      .filter((f) => !JS_CLOCK_ALLOWED.has(f))
      .flatMap((f) =>
        readFileSync(join(ROOT, f), 'utf8')
          .split('\n')
          .map((l, i) => (JS_CLOCK.test(l) && !l.trim().startsWith('//') ? `${f}:${i + 1}: ${l.trim()}` : null))
          .filter((x): x is string => x !== null),
      );
    expect(offenders).toEqual([]);
  });

  it('the check finds what it looks for', () => {
    expect(SQL_CLOCK.test('UPDATE t SET updated_at = now() WHERE id = $1')).toBe(true);
    expect(SQL_CLOCK.test('SELECT CURRENT_DATE')).toBe(true);
    expect(SQL_CLOCK.test('UPDATE t SET updated_at = $3 WHERE id = $1')).toBe(false);
    expect(SQL_CLOCK.test('clock.now()')).toBe(false);
    expect(JS_CLOCK.test('const t = new Date();')).toBe(true);
    expect(JS_CLOCK.test('const t = new Date(at);')).toBe(false);
  });
});
