import { describe, expect, it } from 'vitest';
import { buildStaticPix } from './brCode.ts';
import { pixQrPng } from './qr.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const width = (png: Buffer) => png.readUInt32BE(16); // IHDR width

describe('pixQrPng', () => {
  it('renders a square PNG whose size follows the scale', async () => {
    const payload = buildStaticPix({ key: 'fulano@example.com', merchantName: 'Fulano', merchantCity: 'Brasilia', amountCents: 1000 });
    const small = await pixQrPng(payload, { scale: 2 });
    const large = await pixQrPng(payload, { scale: 4 });
    expect(small.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(width(small)).toBe(small.readUInt32BE(20));
    expect(width(large)).toBe(2 * width(small));
  });

  it('refuses an unusable scale or payload', async () => {
    await expect(pixQrPng('x', { scale: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(pixQrPng('')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
