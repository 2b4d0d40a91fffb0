// `npm run bench -- <name>` runs bench/<name>.ts. Each benchmark prints its own table, including
// the baseline it measures in the same run and the ratio to it.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(join(here, `${name}.ts`))) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
const mod = await import(pathToFileURL(join(here, `${name}.ts`)).href);
await mod.main(process.argv.slice(3));
