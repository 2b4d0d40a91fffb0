// Opening the input (a path or a stream) and peeking at its first bytes without losing them or the
// stream's backpressure: the peeked chunks are replayed, then the same iterator keeps pulling.

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface ByteSource {
  head: Buffer;
  /** The whole input again, head included. Destroying it releases the underlying input. */
  stream: Readable;
  /** Releases the input (destroys it) even if `stream` was never read. */
  release(): Promise<void>;
}

function toBuffer(chunk: unknown): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
}

export async function openByteSource(input: NodeJS.ReadableStream | string, headBytes: number): Promise<ByteSource> {
  const readable = typeof input === 'string' ? createReadStream(input) : input instanceof Readable ? input : new Readable().wrap(input);
  const iterator = readable[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const peeked: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < headBytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const buf = toBuffer(next.value);
    peeked.push(buf);
    size += buf.length;
  }
  const head = Buffer.concat(peeked).subarray(0, headBytes);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* peeked.splice(0);
      while (!done) {
        const next = await iterator.next();
        if (next.done) break;
        yield toBuffer(next.value);
      }
    } finally {
      await iterator.return?.(); // destroys the input when the consumer stops early
    }
  }
  const stream = Readable.from(replay(), { objectMode: false });
  const release = async (): Promise<void> => {
    stream.destroy();
    await iterator.return?.();
  };
  return { head, stream, release };
}
