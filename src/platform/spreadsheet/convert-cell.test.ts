import { describe, it, expect } from 'vitest';
import { convertCell } from './convert-cell.ts';
import { parseBooleanText } from './boolean-text.ts';
import type { CellType, ColumnSpec } from './types.ts';

const col = (type: CellType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ key: 'k', header: 'K', type, ...extra });
const value = (spec: ColumnSpec, raw: Parameters<typeof convertCell>[1]) => convertCell(spec, raw);

describe('convertCell', () => {
  it('treats blank cells as null, or as an error when required', () => {
    for (const raw of [null, '', '   ', '\u00a0']) {
      expect(value(col('string'), raw)).toEqual({ ok: true, value: null });
      expect(value(col('money', { required: true }), raw)).toEqual({ ok: false, message: 'Campo obrigatório' });
    }
  });

  it('reports Excel error cells', () => {
    expect(value(col('decimal'), { error: '#N/A' })).toEqual({ ok: false, message: 'Célula com erro do Excel (#N/A)' });
  });

  it('strings: trims, enforces maxLength, renders numbers and dates without noise', () => {
    expect(value(col('string'), '  Maria da Silva ')).toEqual({ ok: true, value: 'Maria da Silva' });
    expect(value(col('string', { maxLength: 3 }), 'Joãã')).toEqual({ ok: false, message: 'Texto longo demais: máximo de 3 caracteres' });
    expect(value(col('string', { maxLength: 4 }), 'João')).toEqual({ ok: true, value: 'João' });
    expect(value(col('string'), 12345678901)).toEqual({ ok: true, value: '12345678901' });
    expect(value(col('string'), new Date(Date.UTC(2025, 0, 31)))).toEqual({ ok: true, value: '2025-01-31' });
    expect(value(col('string'), "'=SOMA(A1)")).toEqual({ ok: true, value: '=SOMA(A1)' });
  });

  it('integers', () => {
    expect(value(col('integer'), '1.234')).toEqual({ ok: true, value: '1234' });
    expect(value(col('integer'), '1500')).toEqual({ ok: true, value: '1500' });
    expect(value(col('integer'), 42)).toEqual({ ok: true, value: '42' });
    expect(value(col('integer'), '10,00')).toEqual({ ok: true, value: '10' });
    expect(value(col('integer'), '1,5')).toEqual({ ok: false, message: 'Deve ser um número inteiro, sem casas decimais' });
    expect(value(col('integer'), 2.5)).toEqual({ ok: false, message: 'Deve ser um número inteiro, sem casas decimais' });
    expect(value(col('integer'), 'dez')).toEqual({ ok: false, message: 'Número inteiro inválido: use o formato 1234' });
    expect(value(col('integer'), '99999999999999999')).toEqual({ ok: false, message: 'Número grande demais' });
  });

  it('decimals, including float noise from numeric cells', () => {
    expect(value(col('decimal'), '1.234,56')).toEqual({ ok: true, value: '1234.56' });
    expect(value(col('decimal'), 0.1 + 0.2)).toEqual({ ok: true, value: '0.3' });
    expect(value(col('decimal'), '1.234')).toMatchObject({ ok: false, message: expect.stringContaining('ambíguo') });
    expect(value(col('decimal'), true)).toEqual({ ok: false, message: 'Número inválido: use o formato 1.234,56' });
  });

  it('money → integer cents', () => {
    expect(value(col('money'), 'R$ 1.234,56')).toEqual({ ok: true, value: '123456' });
    expect(value(col('money'), '-R$ 5,00')).toEqual({ ok: true, value: '-500' });
    expect(value(col('money'), 'R$ -5,5')).toEqual({ ok: true, value: '-550' });
    expect(value(col('money'), '1234.5')).toEqual({ ok: true, value: '123450' });
    expect(value(col('money'), 19.99)).toEqual({ ok: true, value: '1999' });
    expect(value(col('money'), 1.1 * 3)).toEqual({ ok: true, value: '330' });
    expect(value(col('money'), 10.005)).toEqual({ ok: true, value: '1001' }); // numeric cell: rounded half up
    expect(value(col('money'), '10,005')).toEqual({ ok: false, message: 'Valor com mais de 2 casas decimais' });
    expect(value(col('money'), 'dez reais')).toEqual({ ok: false, message: 'Valor inválido: use o formato 1.234,56' });
    expect(value(col('money'), '1e30')).toEqual({ ok: false, message: 'Valor inválido: use o formato 1.234,56' });
    expect(value(col('money'), 1e30)).toEqual({ ok: false, message: 'Valor grande demais' });
  });

  it('dates from cells, serials and text', () => {
    expect(value(col('date'), new Date(Date.UTC(2025, 0, 31, 15, 30)))).toEqual({ ok: true, value: '2025-01-31' });
    expect(value(col('date'), 45658)).toEqual({ ok: true, value: '2025-01-01' });
    expect(value(col('date'), '31/01/2025')).toEqual({ ok: true, value: '2025-01-31' });
    expect(value(col('date'), '2025-01-31')).toEqual({ ok: true, value: '2025-01-31' });
    expect(value(col('date'), '30/02/2025')).toEqual({ ok: false, message: 'Data inexistente (confira dia, mês e ano)' });
    expect(value(col('date'), '31/01/25')).toEqual({ ok: false, message: 'Data inválida: use o formato dd/mm/aaaa' });
    expect(value(col('date'), 45658.5)).toEqual({ ok: false, message: 'Data inválida: use o formato dd/mm/aaaa' });
    expect(value(col('date'), true)).toEqual({ ok: false, message: 'Data inválida: use o formato dd/mm/aaaa' });
  });

  it('booleans', () => {
    for (const t of ['Sim', 'sim', 'S', 'true', '1', 'VERDADEIRO', 'x'])
      expect(value(col('boolean'), t)).toEqual({ ok: true, value: 'true' });
    for (const f of ['Não', 'NAO', 'n', 'false', '0', 'Falso']) expect(value(col('boolean'), f)).toEqual({ ok: true, value: 'false' });
    expect(value(col('boolean'), true)).toEqual({ ok: true, value: 'true' });
    expect(value(col('boolean'), 0)).toEqual({ ok: true, value: 'false' });
    expect(value(col('boolean'), 'talvez')).toEqual({ ok: false, message: 'Valor inválido: use Sim ou Não' });
    expect(value(col('boolean'), 2)).toEqual({ ok: false, message: 'Valor inválido: use Sim ou Não' });
  });

  it('parseBooleanText ignores accents and case', () => {
    expect(parseBooleanText(' NÃO ')).toBe(false);
    expect(parseBooleanText('')).toBeNull();
  });
});
