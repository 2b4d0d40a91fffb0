// The embedded database read from a worker thread (`cobre move`): the engine is WebAssembly on
// the thread that calls it, so in the main thread each chunk it reads would stop the event loop,
// and with it the stream of the previous chunk to the server. In a worker, reading the next chunk
// and writing the last one overlap. Only what a reader needs: queries and COPY out.
import { Worker } from 'node:worker_threads';
import type { QueryResult, Queryable } from './types.ts';

export interface ReadSource extends Queryable {
  copyOut(sql: string): Promise<Buffer>;
  close(): Promise<void>;
}

type Reply = { id: number; result?: unknown; error?: { message: string; code?: string; detail?: string } } | { ready: true };

export async function openPgliteReader(dataDir: string): Promise<ReadSource> {
  const worker = new Worker(new URL('./pglite-reader-boot.mjs', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  const ready = new Promise<void>((ok, fail) => {
    worker.on('message', (m: Reply) => {
      if ('ready' in m) return ok();
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.fail(Object.assign(new Error(m.error.message), { code: m.error.code, detail: m.error.detail }));
      else p?.ok(m.result);
    });
    worker.once('error', (err: Error) => {
      failure = err;
      fail(err);
      for (const p of pending.values()) p.fail(err);
      pending.clear();
    });
  });
  await ready;
  const call = <T>(msg: Record<string, unknown>): Promise<T> =>
    new Promise((ok, fail) => {
      if (failure) return fail(failure);
      const id = next++;
      pending.set(id, { ok: ok as (v: unknown) => void, fail });
      worker.postMessage({ ...msg, id });
    });
  return {
    query: <R>(sql: string, params?: readonly unknown[]) => call<QueryResult<R>>({ op: 'query', sql, params }),
    copyOut: async (sql: string) => {
      const bytes = await call<Uint8Array>({ op: 'copyOut', sql });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async close() {
      if (!failure) await call({ op: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
}
