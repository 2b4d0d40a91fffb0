import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, unknownVariables } from './engine.ts';

describe('message templates', () => {
  it('lists variables in order and renders them', () => {
    const t = 'Olá {{pagador.nome}}, {{ cobranca.valor }} vence em {{cobranca.vencimento}}. {{pagador.nome}}';
    expect(parseTemplate(t)).toEqual({ variables: ['pagador.nome', 'cobranca.valor', 'cobranca.vencimento'], problems: [] });
    expect(renderTemplate(t, { 'pagador.nome': 'Ana', 'cobranca.valor': 'R$ 10,00', 'cobranca.vencimento': '05/12/2026' })).toBe(
      'Olá Ana, R$ 10,00 vence em 05/12/2026. Ana',
    );
  });
  it('escapes values in HTML, not the template itself', () => {
    expect(renderTemplate('<b>{{pagador.nome}}</b>', { 'pagador.nome': '<script>&' }, { html: true })).toBe('<b>&lt;script&gt;&amp;</b>');
  });
  it('names unknown variables and syntax problems', () => {
    expect(unknownVariables('{{pagador.nome}} {{cobranca.valr}}', new Set(['pagador.nome']))).toEqual(['cobranca.valr']);
    expect(parseTemplate('Olá {{pagador.nome').problems[0]).toMatch(/unclosed/);
    expect(parseTemplate('Olá {{Pagador Nome}}').problems[0]).toMatch(/invalid placeholder/);
    expect(parseTemplate('}} a').problems[0]).toMatch(/without/);
  });
});
