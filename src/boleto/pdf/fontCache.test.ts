import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { memoiseCurrentFont } from './fontCache.ts';

describe('memoiseCurrentFont', () => {
  it('property: memoised width and encoding equal pdfkit’s own, at any size', () => {
    const plain = new PDFDocument({ autoFirstPage: false });
    const memo = new PDFDocument({ autoFirstPage: false });
    for (const name of ['Helvetica', 'Helvetica-Bold']) {
      plain.font(name);
      memoiseCurrentFont(memo.font(name));
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), fc.integer({ min: 4, max: 20 }), (text, size) => {
          plain.fontSize(size);
          memo.fontSize(size);
          expect(memo.widthOfString(text)).toBeCloseTo(plain.widthOfString(text), 9);
          const font = (d: PDFKit.PDFDocument) => (d as unknown as { _font: { encode(t: string): unknown } })._font;
          expect(font(memo).encode(text)).toEqual(font(plain).encode(text));
          // Asked twice, the cached answer is still right.
          expect(memo.widthOfString(text)).toBeCloseTo(plain.widthOfString(text), 9);
        }),
        { numRuns: 200 },
      );
    }
  });
});
