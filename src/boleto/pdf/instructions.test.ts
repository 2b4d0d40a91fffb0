// The Instruções box: lines wrapped at word boundaries, the font reduced to fit, and whole lines
// left out (never cut) when even the smallest size cannot hold them.
import { describe, expect, it } from 'vitest';
import { planInstructions } from './render.ts';

describe('planInstructions', async () => {
  const PDFDocument = (await import('pdfkit')).default;
  const pdf = new PDFDocument({ size: 'A4', autoFirstPage: false });
  const WIDTH = 300;

  it('wraps a line too long for the box at a word boundary, never inside a word', () => {
    const long =
      'Após o vencimento cobrar multa de 2,00% (R$ 20,00) e juros de mora de R$ 0,33 por dia de atraso contados do vencimento da cobrança';
    const plan = planInstructions(pdf, [long, 'Curta.'], WIDTH, 200, 8);
    expect(plan.size).toBe(8);
    expect(plan.rows.length).toBeGreaterThan(2);
    expect(plan.rows.join(' ')).toBe(`${long} Curta.`);
    const words = new Set(long.split(' '));
    for (const row of plan.rows.slice(0, -1)) for (const w of row.split(' ')) expect(words.has(w)).toBe(true);
    pdf.font('Helvetica').fontSize(plan.size);
    for (const row of plan.rows) expect(pdf.widthOfString(row)).toBeLessThanOrEqual(WIDTH);
  });

  it('reduces the font before leaving anything out, then leaves out whole lines from the end', () => {
    const lines = Array.from({ length: 8 }, (_, i) => `Instrução número ${i + 1} da conta de cobrança`);
    const shrunk = planInstructions(pdf, lines, WIDTH, 8 * 7.2, 8);
    expect(shrunk.size).toBeLessThan(8);
    expect(shrunk.omitted).toBe(0);
    expect(shrunk.rows).toEqual(lines);
    const cut = planInstructions(pdf, lines, WIDTH, 4 * 7.2, 8);
    expect(cut.size).toBe(6);
    expect(cut.rows).toEqual(lines.slice(0, cut.rows.length));
    expect(cut.omitted).toBe(lines.length - cut.rows.length);
  });
});
