// A SIGKILL right after a committed write must lose nothing (embedded PGlite: its transaction()
// skips the post-commit sync, see pglite issue #1065, so the db layer syncs after every commit).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess } from '../support/server-process.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { cpfFrom } from '../support/app.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cobre-durability-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer() {
  return startServerProcess({ dataDir, track: children, env: { COBRE_RUN_WORKERS: 'false' } });
}

describe('embedded durability', () => {
  it('keeps every committed write across a SIGKILL, and prints the demo tenant key on first start only', async () => {
    const first = await startServer();
    const port = first.port;
    const key = /test API key:\s+(ck_test_\S+)/.exec(first.output())?.[1];
    expect(key, first.output()).toBeTruthy();
    // The printed console login works.
    const [, email, password] = /console login: (\S+) \/ (\S+)/.exec(first.output()) ?? [];
    const login = await fetch(`http://127.0.0.1:${port}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cobre-csrf': '1' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    expect(login.headers.get('set-cookie')).toContain('HttpOnly');
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

    const second = await startServer();
    expect(second.output()).not.toContain('ck_test_');
    for (const id of ids) {
      const res = await fetch(`http://127.0.0.1:${second.port}/v1/customers/${id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
    }
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', r));
    expect(code).toBe(0);
  });
});
