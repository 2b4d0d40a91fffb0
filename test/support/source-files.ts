// The repository's source files, for the checks that read the code itself (test/invariants).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Files below `dir` (a path from the repository root) whose name `keep` accepts, as paths from the root. */
export function repoFiles(dir: string, keep: (name: string) => boolean): string[] {
  const walk = (abs: string): string[] =>
    readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
      const path = join(abs, e.name);
      if (e.isDirectory()) return walk(path);
      return keep(e.name) ? [relative(REPO_ROOT, path).replaceAll('\\', '/')] : [];
    });
  return walk(join(REPO_ROOT, dir));
}
