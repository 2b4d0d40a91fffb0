// The house's import rules (docs/architecture.md#layers), read from the source: every import and
// re-export specifier of src/ (type-only ones too), resolved to files. A loop between files or
// between capability folders, platform/ importing a capability, a capability importing the files
// that assemble the app, or a capability importing a compatibility dialect fails here, naming it.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT, repoFiles } from '../support/source-files.ts';

const TOP = new Set(['src/app.ts', 'src/server.ts', 'src/cli.ts', 'src/workers.ts', 'src/shutdown.ts']);

/** `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')` with a relative specifier. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The import graph of src/: file → the src files it imports. */
function importGraph(): Map<string, Set<string>> {
  const files = repoFiles('src', (name) => /\.(ts|mts|mjs)$/.test(name) && !/\.test\.ts$|test-fixtures\.ts$/.test(name));
  const known = new Set(files);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const deps = new Set<string>();
    for (const m of text.matchAll(SPECIFIER)) {
      const target = normalize(join(dirname(file), m[1]));
      if (known.has(target)) deps.add(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** The strongly connected components with more than one node (Tarjan): the loops. */
function loops(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** A file's capability: its folder under src/ (a dialect under compat/ is one of its own); null for the top files. */
function capabilityOf(file: string): string | null {
  const m = /^src\/(compat\/[^/]+|[^/]+)\//.exec(file);
  return m ? m[1] : null;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, tos]) => [...tos].map((to) => ({ from, to })));

describe('imports run one way', () => {
  it('reads the whole of src/', () => {
    expect(graph.size).toBeGreaterThan(300);
    expect(edges.length).toBeGreaterThan(1000);
    expect(graph.get('src/app.ts')!.has('src/customers/routes.ts')).toBe(true);
  });

  it('no file imports itself back through others', () => {
    expect(loops(graph)).toEqual([]);
  });

  it('no capability folder imports itself back through others', () => {
    const folders = new Map<string, Set<string>>();
    for (const { from, to } of edges) {
      const a = capabilityOf(from);
      const b = capabilityOf(to);
      if (a && b && a !== b) folders.set(a, (folders.get(a) ?? new Set()).add(b));
    }
    const found = loops(folders);
    // Name one file-level arrow per pair in a loop, to say where to cut.
    const where = found.flatMap((loop) =>
      edges
        .filter(
          (e) => loop.includes(capabilityOf(e.from)!) && loop.includes(capabilityOf(e.to)!) && capabilityOf(e.from) !== capabilityOf(e.to),
        )
        .map((e) => `${e.from} → ${e.to}`),
    );
    expect(where).toEqual([]);
  });

  it('platform/ imports no capability; no capability imports the files that assemble the app; only the top imports a dialect', () => {
    const wrong = edges
      .filter(({ from, to }) => {
        if (from.startsWith('src/platform/')) return !to.startsWith('src/platform/');
        if (TOP.has(to)) return !TOP.has(from);
        const dialect = /^src\/compat\/[^/]+\//.exec(to)?.[0];
        if (dialect) return !TOP.has(from) && !from.startsWith(dialect);
        return false;
      })
      .map(({ from, to }) => `${from} → ${to}`);
    expect(wrong).toEqual([]);
  });
});
