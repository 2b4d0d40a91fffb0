// The console's as-you-type checks (web/src/validation.ts), against published valid numbers.
import { describe, expect, it } from 'vitest';
import {
  checkCep,
  checkCepUf,
  checkCnpj,
  checkCpf,
  checkDocument,
  checkEmail,
  checkPhone,
  checkTiers,
  checkUf,
  cnpjCheckDigits,
  cpfCheckDigits,
  tierStarts,
} from '../../web/src/validation.ts';
import { CEP_RANGES, ufOfCep, UFS } from '../../web/src/cep-ranges.ts';
import { cnpjFrom, cpfFrom } from '../support/app.ts';

describe('CPF', () => {
  it('accepts valid CPFs, formatted or not', () => {
    // 529.982.247-25 is the example of the Receita Federal's check-digit explanation; 111.444.777-35 the classic textbook one.
    for (const v of ['529.982.247-25', '52998224725', '111.444.777-35', cpfFrom(424242), cpfFrom(7)]) expect(checkCpf(v)).toBeNull();
  });
  it('says which check digits were expected', () => {
    expect(cpfCheckDigits('111444777')).toBe('35');
    expect(cpfCheckDigits('529982247')).toBe('25');
    expect(checkCpf('111.444.777-36')).toBe(
      'CPF inválido: os dígitos verificadores deveriam ser 35 (111.444.777-35), não 36. Confira os números digitados.',
    );
    expect(checkCpf('529.982.247-52')).toContain('deveriam ser 25');
  });
  it('explains length, repeated digits and stray characters', () => {
    expect(checkCpf('529.982.247-2')).toBe('O CPF tem 11 dígitos; foram digitados 10.');
    expect(checkCpf('111.111.111-11')).toContain('todos os dígitos iguais');
    expect(checkCpf('529x98224725')).toContain('use só números');
  });
});

describe('CNPJ', () => {
  it('accepts valid CNPJs, numeric and alphanumeric', () => {
    // 11.222.333/0001-81: the usual published example; 12.ABC.345/01DE-35: the Receita Federal's example of the alphanumeric CNPJ.
    for (const v of ['11.222.333/0001-81', '11222333000181', '12.ABC.345/01DE-35', '12abc34501de35', cnpjFrom(123456)])
      expect(checkCnpj(v)).toBeNull();
  });
  it('says which check digits were expected', () => {
    expect(cnpjCheckDigits('112223330001')).toBe('81');
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
    expect(checkCnpj('11.222.333/0001-18')).toBe(
      'CNPJ inválido: os dígitos verificadores deveriam ser 81 (11.222.333/0001-81), não 18. Confira os caracteres digitados.',
    );
    expect(checkCnpj('12.ABC.345/01DE-53')).toContain('deveriam ser 35');
  });
  it('explains length and repeated digits; the person type picks CPF or CNPJ', () => {
    expect(checkCnpj('11.222.333/0001-8')).toBe('O CNPJ tem 14 caracteres; foram digitados 13.');
    expect(checkCnpj('11.111.111/1111-11')).toContain('todos os dígitos iguais');
    expect(checkDocument('529.982.247-25', 'PJ')).toContain('O CNPJ tem 14 caracteres');
    expect(checkDocument('529.982.247-25', 'PF')).toBeNull();
    expect(checkDocument('  ', 'PF')).toBeNull();
  });
});

describe('CEP and UF (Correios ranges)', () => {
  it('knows the state of well-known CEPs', () => {
    expect(ufOfCep('01310100')).toBe('SP'); // Av. Paulista
    expect(ufOfCep('20040020')).toBe('RJ'); // Centro, Rio
    expect(ufOfCep('95720000')).toBe('RS'); // Garibaldi
    expect(ufOfCep('70040010')).toBe('DF'); // Brasília
    expect(ufOfCep('72800000')).toBe('GO'); // Luziânia: GO between DF ranges
    expect(ufOfCep('69301000')).toBe('RR'); // Boa Vista: RR between AM ranges
    expect(ufOfCep('69900000')).toBe('AC');
    expect(ufOfCep('00999999')).toBeNull();
  });
  it('covers 01000-000 to 99999-999 without overlaps (one known gap), and every UF', () => {
    const sorted = [...CEP_RANGES].sort((a, b) => a.from - b.from);
    expect(sorted[0].from).toBe(1000);
    expect(sorted.at(-1)!.to).toBe(99999);
    const gaps = [];
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i].from).toBeGreaterThan(sorted[i - 1].to);
      if (sorted[i].from !== sorted[i - 1].to + 1) gaps.push(`${sorted[i - 1].to + 1}-${sorted[i].from - 1}`);
    }
    expect(gaps).toEqual(['78900-78999']);
    expect(ufOfCep('78950000')).toBeNull();
    expect(checkCepUf('78950-000', 'MT')).toBeNull();
    expect(new Set(CEP_RANGES.map((r) => r.uf))).toEqual(new Set(UFS));
  });
  it('checks the format and the consistency with the UF', () => {
    expect(checkCep('01310-100')).toBeNull();
    expect(checkCep('0131-100')).toBe('O CEP tem 8 dígitos; foram digitados 7. Exemplo: 01310-100.');
    expect(checkCep('00100-000')).toContain('começam em 01000-000');
    expect(checkUf('sp')).toBeNull();
    expect(checkUf('XX')).toContain('"XX" não é um estado');
    expect(checkUf('São Paulo')).toContain('sigla do estado com 2 letras');
    expect(checkCepUf('01310-100', 'SP')).toBeNull();
    expect(checkCepUf('01310-100', 'RJ')).toBe(
      'A UF não confere com o CEP: o CEP 01310-100 é de SP, não de RJ (CEPs de RJ: 20000-000 a 28999-999). Corrija o CEP ou a UF.',
    );
    expect(checkCepUf('70040-010', 'GO')).toContain('72800-000 a 72999-999 e 73700-000 a 76799-999');
    expect(checkCepUf('0131', 'RJ')).toBeNull(); // the CEP's own message says what is wrong first
  });
});

describe('e-mail and phone', () => {
  it('e-mail', () => {
    expect(checkEmail('financeiro@paoquente.com.br')).toBeNull();
    expect(checkEmail('financeiro.paoquente.com.br')).toContain('falta o @');
    expect(checkEmail('financeiro@paoquente')).toContain('o domínio "paoquente" não está completo');
    expect(checkEmail('fin anceiro@x.com')).toContain('espaços');
  });
  it('phone', () => {
    for (const v of ['(11) 99999-9999', '54 3462-1234', '+55 11 99999-9999', '+351 912 345 678']) expect(checkPhone(v)).toBeNull();
    expect(checkPhone('99999-9999')).toContain('informe o DDD');
    expect(checkPhone('(20) 99999-9999')).toContain('20 não é um DDD');
    expect(checkPhone('(11) 89999-9999')).toContain('começa com 9');
    expect(checkPhone('(11) 9999-9999')).toContain('fixo de 8 dígitos');
  });
});

describe('faixas (tiered / volume)', () => {
  const row = (upTo: string, unitPrice = '1,00', flatFee = '') => ({ upTo, unitPrice, flatFee });
  it('accepts ascending faixas with the last open', () => {
    const rows = [row('100', '0,50', '10,00'), row('1.000,5', '0,40'), row('', '0,30')];
    expect(checkTiers(rows)).toEqual([]);
    expect(tierStarts(rows)).toEqual(['0', '100', '1.000,5']);
  });
  it('refuses gaps in the order, a limited last faixa, an open middle one and bad prices', () => {
    expect(checkTiers([row('100'), row('100'), row('')])).toEqual([
      { field: 'tiers[1].up_to', issue: 'Cada faixa termina acima da anterior: "Até" deve ser maior que 100.' },
    ]);
    expect(checkTiers([row('100'), row('50'), row('')]).map((i) => i.field)).toEqual(['tiers[1].up_to']);
    expect(checkTiers([row('100'), row('200')]).map((i) => i.field)).toEqual(['tiers[1].up_to']);
    expect(checkTiers([row(''), row('')]).map((i) => i.field)).toEqual(['tiers[0].up_to']);
    expect(checkTiers([row('', '')]).map((i) => i.field)).toEqual(['tiers[0].unit_price_cents']);
    expect(checkTiers([row('', '1,00', '0,005')]).map((i) => i.field)).toEqual(['tiers[0].flat_fee_cents']);
    expect(checkTiers([row('0'), row('')]).map((i) => i.field)).toEqual(['tiers[0].up_to']);
    expect(checkTiers([])).toEqual([{ field: 'tiers', issue: 'Inclua pelo menos uma faixa.' }]);
  });
});
