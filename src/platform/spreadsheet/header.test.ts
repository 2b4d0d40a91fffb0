import { describe, it, expect } from 'vitest';
import { matchHeader, normalizeHeader } from './header.ts';
import type { ColumnSpec } from './types.ts';

const columns: ColumnSpec[] = [
  { key: 'document', header: 'CPF/CNPJ', aliases: ['Documento'], type: 'string', required: true },
  { key: 'name', header: 'Nome', type: 'string', required: true },
  { key: 'referenceDate', header: 'Data de referência', type: 'date' },
];

describe('normalizeHeader', () => {
  it('ignores case, accents and whitespace', () => {
    expect(normalizeHeader(' Data  de\u00a0REFERÊNCIA ')).toBe('datadereferencia');
    expect(normalizeHeader('CPF / CNPJ')).toBe(normalizeHeader('cpf/cnpj'));
  });
});

describe('matchHeader', () => {
  it('maps columns in any order, by alias too, ignoring blank header cells', () => {
    const m = matchHeader(columns, ['data de referencia', null, 'documento', ' NOME ']);
    expect(m.specs.map((s) => s?.key ?? null)).toEqual(['referenceDate', null, 'document', 'name']);
    expect(m.columns).toEqual(['data de referencia', '', 'documento', 'NOME']);
  });

  it('lists every problem: unknown, repeated and missing required columns', () => {
    try {
      matchHeader(columns, ['Nome', 'Telefone', 'nome']);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'invalid_header',
        message: 'Cabeçalho inválido',
        details: [
          { field: 'Telefone', issue: 'Coluna desconhecida' },
          { field: 'nome', issue: 'Coluna repetida (Nome)' },
          { field: 'CPF/CNPJ', issue: 'Coluna obrigatória ausente' },
        ],
      });
    }
  });
});
