// pt-BR descriptions of each cell type, for the template's instructions sheet and error reports.

import type { ColumnSpec } from './types.ts';

export function formatDescription(spec: ColumnSpec): string {
  switch (spec.type) {
    case 'string':
      return spec.maxLength ? `Texto (até ${spec.maxLength} caracteres)` : 'Texto';
    case 'integer':
      return 'Número inteiro, ex.: 1500';
    case 'decimal':
      return 'Número, com vírgula para decimais, ex.: 1234,56 ou 1.234,56';
    case 'money':
      return 'Valor em reais, ex.: 1.234,56 (até 2 casas decimais)';
    case 'date':
      return 'Data dd/mm/aaaa, ex.: 31/01/2025';
    case 'boolean':
      return 'Sim ou Não';
  }
}
