import { randomBytes, randomFillSync } from 'node:crypto';

// UUIDv7: time-ordered, so primary-key order is creation order (cursor paging and index locality).
const buf = Buffer.alloc(16);
let lastMs = 0;
let seq = 0;
// Random bytes are drawn from the kernel in batches: one syscall per 400 ids instead of one each.
const pool = Buffer.alloc(4000);
let poolAt = pool.length;

export function uuidv7(now = Date.now()): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  pool.copy(buf, 6, poolAt, poolAt + 10);
  poolAt += 10;
  if (now === lastMs) {
    seq = (seq + 1) & 0xfff;
  } else {
    lastMs = now;
    seq = buf.readUInt16BE(6) & 0xfff;
  }
  buf.writeUIntBE(now, 0, 6);
  buf[6] = 0x70 | (seq >> 8);
  buf[7] = seq & 0xff;
  buf[8] = (buf[8] & 0x3f) | 0x80;
  const h = buf.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}
