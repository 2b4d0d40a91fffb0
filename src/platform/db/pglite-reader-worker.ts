// Worker thread of openPgliteReader: owns the embedded database and answers queries and COPY
// reads, so the WebAssembly engine runs beside the main thread instead of blocking it.
import { parentPort, workerData } from 'node:worker_threads';
import { openPglite } from './pglite.ts';

type Request =
  | { id: number; op: 'query'; sql: string; params?: unknown[] }
  | { id: number; op: 'copyOut'; sql: string }
  | { id: number; op: 'close' };

const db = await openPglite(workerData.dataDir as string);
parentPort!.on('message', async (req: Request) => {
  try {
    if (req.op === 'query') {
      const r = await db.query(req.sql, req.params);
      parentPort!.postMessage({ id: req.id, result: r });
    } else if (req.op === 'copyOut') {
      const data = await db.copyOut(req.sql);
      // Handed over, not copied: a chunk is tens of megabytes.
      const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
      const buffer = (whole ? data.buffer : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) as ArrayBuffer;
      parentPort!.postMessage({ id: req.id, result: new Uint8Array(buffer) }, [buffer]);
    } else {
      await db.close();
      parentPort!.postMessage({ id: req.id, result: null });
    }
  } catch (err) {
    const e = err as Error & Record<string, unknown>;
    parentPort!.postMessage({ id: req.id, error: { message: e.message, code: e.code, detail: e.detail } });
  }
});
parentPort!.postMessage({ ready: true });
