// A SIGKILL right after a committed write must lose nothing (embedded PGlite: its transaction()
// skips the post-commit sync, see pglite issue #1065, so the db layer syncs after every commit).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cpfFrom } from '../support/app.ts';

const root = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'cobre-durability-'));
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const env = { ...process.env, COBRE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', COBRE_RUN_WORKERS: 'false' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'bin/cobre.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const poll = setInterval(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (r.ok) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve({ child, output: () => out });
        }
      } catch {
        /* not yet */
      }
    }, 200);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (code !== null && code !== 0) reject(new Error(`server exited ${code}:\n${out}`));
    });
  });
}

describe('embedded durability', () => {
  it('keeps every committed write across a SIGKILL, and prints the demo tenant key on first start only', async () => {
    const port = 39000 + Math.floor(Math.random() * 1000);
    const first = await startServer(port);
    const key = /test: (ck_test_\S+)/.exec(first.output())?.[1];
    expect(key, first.output()).toBeTruthy();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ person_type: 'PF', name: `Durável ${i}`, document: cpfFrom(900 + i), emails: [{ email: `d${i}@x.com` }] }),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startServer(port + 1);
    expect(second.output()).not.toContain('ck_test_');
    for (const id of ids) {
      const res = await fetch(`http://127.0.0.1:${port + 1}/v1/customers/${id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
    }
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', r));
    expect(code).toBe(0);
  });
});
