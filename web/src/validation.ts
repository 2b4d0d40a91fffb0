// What the console can check as the clerk types, before asking the API: CPF/CNPJ (with the check
// digits they should have), CEP and its UF, e-mail, phone, and the faixas of a tiered/volume price.
// Pure functions returning a pt-BR sentence (what is wrong and how to fix it) or null when fine.
// The API checks everything again; these only spare the clerk a round trip and say more.
import { rangesOfUf, ufOfCep, UFS } from './cep-ranges.ts';

const digitsOf = (s: string) => s.replace(/\D/g, '');

// ---- CPF ----

/** The two check digits of a CPF's first nine digits (Receita Federal's mod-11 rule). */
export function cpfCheckDigits(nine: string): string {
  const dv = (ds: number[]) => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const base = nine.split('').map(Number);
  const d1 = dv(base);
  return `${d1}${dv([...base, d1])}`;
}

export function formatCpf(d: string): string {
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9, 11)}`;
}

/** Null when the CPF is valid; else what is wrong, with the expected check digits when that is it. */
export function checkCpf(text: string): string | null {
  const t = text.trim();
  if (!/^[\d.\-\s]*$/.test(t)) return 'CPF inválido: use só números (os pontos e o hífen são opcionais), como 123.456.789-09.';
  const d = digitsOf(t);
  if (d.length !== 11) return `O CPF tem 11 dígitos; foram digitados ${d.length}.`;
  if (/^(\d)\1{10}$/.test(d)) return 'CPF inválido: um CPF não tem todos os dígitos iguais.';
  const expected = cpfCheckDigits(d.slice(0, 9));
  if (d.slice(9) !== expected)
    return `CPF inválido: os dígitos verificadores deveriam ser ${expected} (${formatCpf(d.slice(0, 9) + expected)}), não ${d.slice(9)}. Confira os números digitados.`;
  return null;
}

// ---- CNPJ (numeric and, from July 2026, alphanumeric: value of a character = its code − 48) ----

/** The two check digits of a CNPJ's first twelve characters (digits or uppercase letters). */
export function cnpjCheckDigits(twelve: string): string {
  const val = (c: string) => c.charCodeAt(0) - 48;
  const dv = (cs: number[]) => {
    const weights = cs.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const r = cs.reduce((acc, v, i) => acc + v * weights[i], 0) % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const base = twelve.split('').map(val);
  const d1 = dv(base);
  return `${d1}${dv([...base, d1])}`;
}

export function formatCnpj(c: string): string {
  return `${c.slice(0, 2)}.${c.slice(2, 5)}.${c.slice(5, 8)}/${c.slice(8, 12)}-${c.slice(12, 14)}`;
}

export function checkCnpj(text: string): string | null {
  const t = text.trim().toUpperCase();
  if (!/^[0-9A-Z.\-/\s]*$/.test(t))
    return 'CNPJ inválido: use números (e letras, no CNPJ alfanumérico), com ou sem pontos, barra e hífen, como 11.222.333/0001-81.';
  const c = t.replace(/[^0-9A-Z]/g, '');
  if (c.length !== 14) return `O CNPJ tem 14 caracteres; foram digitados ${c.length}.`;
  if (!/^[0-9A-Z]{12}\d{2}$/.test(c)) return 'CNPJ inválido: os dois últimos caracteres (dígitos verificadores) são números.';
  if (/^(\d)\1{13}$/.test(c)) return 'CNPJ inválido: um CNPJ não tem todos os dígitos iguais.';
  const expected = cnpjCheckDigits(c.slice(0, 12));
  if (c.slice(12) !== expected)
    return `CNPJ inválido: os dígitos verificadores deveriam ser ${expected} (${formatCnpj(c.slice(0, 12) + expected)}), não ${c.slice(12)}. Confira os caracteres digitados.`;
  return null;
}

/** The document field of a customer: CPF for PF, CNPJ for PJ; empty is allowed (the API decides). */
export function checkDocument(text: string, personType: 'PF' | 'PJ'): string | null {
  if (!text.trim()) return null;
  return personType === 'PF' ? checkCpf(text) : checkCnpj(text);
}

// ---- CEP and UF ----

export function formatCep(d: string): string {
  return `${d.slice(0, 5)}-${d.slice(5, 8)}`;
}

export function checkCep(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (!/^[\d.\-\s]*$/.test(t)) return 'CEP inválido: use 8 números, como 01310-100.';
  const d = digitsOf(t);
  if (d.length !== 8) return `O CEP tem 8 dígitos; foram digitados ${d.length}. Exemplo: 01310-100.`;
  if (Number(d.slice(0, 5)) < 1000) return 'CEP inválido: os CEPs começam em 01000-000.';
  return null;
}

export function checkUf(text: string): string | null {
  const t = text.trim().toUpperCase();
  if (!t) return null;
  if (!UFS.includes(t))
    return `UF inválida: use a sigla do estado com 2 letras (por exemplo SP, RJ, RS)${/^[A-Z]{2}$/.test(t) ? `; "${t}" não é um estado` : ''}.`;
  return null;
}

/** Whether the CEP belongs to the UF (Correios' ranges); null when consistent or either is not yet valid. */
export function checkCepUf(cep: string, uf: string): string | null {
  if (checkCep(cep) || checkUf(uf) || !cep.trim() || !uf.trim()) return null;
  const d = digitsOf(cep);
  const of = ufOfCep(d);
  const u = uf.trim().toUpperCase();
  // A CEP outside every published range (a gap such as 78900-000 to 78999-999) is left to the API.
  if (!of || of === u) return null;
  return `A UF não confere com o CEP: o CEP ${formatCep(d)} é de ${of}, não de ${u} (CEPs de ${u}: ${rangesOfUf(u).join(' e ')}). Corrija o CEP ou a UF.`;
}

// ---- e-mail and phone ----

export function checkEmail(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (/\s/.test(t)) return 'E-mail inválido: não pode ter espaços.';
  if (!/^[^@]+@[^@]+$/.test(t)) return 'E-mail inválido: falta o @ (formato nome@empresa.com.br).';
  const domain = t.split('@')[1];
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain) || /(^-|-\.|\.-|-$)/.test(domain))
    return `E-mail inválido: o domínio "${domain}" não está completo (formato nome@empresa.com.br).`;
  return null;
}

const BR_DDDS = new Set(
  '11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99'.split(
    ' ',
  ),
);

/** A Brazilian phone with DDD, or an international one starting with +. */
export function checkPhone(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (!/^\+?[\d\s().-]+$/.test(t)) return 'Telefone inválido: use números, como (11) 99999-9999.';
  let d = digitsOf(t);
  if (t.startsWith('+')) {
    if (!d.startsWith('55'))
      return d.length < 8 || d.length > 15 ? 'Telefone internacional: + código do país e de 8 a 15 dígitos no total.' : null;
    d = d.slice(2);
  }
  if (d.length !== 10 && d.length !== 11)
    return `Telefone: informe o DDD e o número (10 ou 11 dígitos, como (11) 99999-9999); foram digitados ${d.length}.`;
  if (!BR_DDDS.has(d.slice(0, 2))) return `Telefone: ${d.slice(0, 2)} não é um DDD do Brasil.`;
  if (d.length === 11 && d[2] !== '9') return 'Telefone: um celular de 9 dígitos começa com 9, como (11) 99999-9999.';
  if (d.length === 10 && !/[2-5]/.test(d[2]))
    return 'Telefone: um fixo de 8 dígitos começa com 2, 3, 4 ou 5; um celular tem 9 dígitos começando com 9.';
  return null;
}

// ---- the faixas of a tiered ("Faixas progressivas") or volume ("Faixa por volume") price ----

export interface TierRow {
  /** "até" in pt-BR decimal text; empty on the last row (no upper limit). */
  upTo: string;
  /** Price per unit in reais (pt-BR text, up to 8 places). */
  unitPrice: string;
  /** Fixed fee in reais charged once when the faixa is used (optional). */
  flatFee: string;
}

export interface TierIssue {
  field: string;
  issue: string;
}

/** A pt-BR decimal ("1.234,5" / "1234.5") as a number-free canonical string, or null. */
function decimal(text: string): string | null {
  let t = text.trim().replace(/\s/g, '');
  if (!t) return null;
  if (t.includes(',')) t = t.replace(/\./g, '').replace(',', '.');
  return /^\d+(\.\d+)?$/.test(t) ? t : null;
}

function compareDecimal(a: string, b: string): number {
  const [ai, af = ''] = a.split('.');
  const [bi, bf = ''] = b.split('.');
  const n = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(n, '0'));
  const y = BigInt(bi + bf.padEnd(n, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The faixas as the catalog API wants them (src/catalog/normalize-service.ts): ascending "até",
 * each above the previous one (so they are contiguous: a faixa starts where the previous ended),
 * only the last without a limit, a price per unit in each, the fixed fee in whole cents.
 * Fields are named as the API names them (tiers[i].up_to…) so the errors land on the same inputs.
 */
export function checkTiers(rows: TierRow[]): TierIssue[] {
  const out: TierIssue[] = [];
  if (rows.length === 0) return [{ field: 'tiers', issue: 'Inclua pelo menos uma faixa.' }];
  let previous: string | null = '0';
  rows.forEach((r, i) => {
    const last = i === rows.length - 1;
    const f = `tiers[${i}]`;
    if (last) {
      if (r.upTo.trim())
        out.push({
          field: `${f}.up_to`,
          issue: 'A última faixa não tem limite: deixe "Até" em branco (ou inclua outra faixa depois desta).',
        });
    } else {
      const up = decimal(r.upTo);
      if (!r.upTo.trim())
        out.push({ field: `${f}.up_to`, issue: 'Informe até que quantidade vai esta faixa (só a última fica em branco).' });
      else if (up === null) out.push({ field: `${f}.up_to`, issue: 'Quantidade inválida: use um número, como 100 ou 100,5.' });
      else if (previous !== null && compareDecimal(up, previous) <= 0)
        out.push({
          field: `${f}.up_to`,
          issue: `Cada faixa termina acima da anterior: "Até" deve ser maior que ${previous.replace('.', ',')}.`,
        });
      previous = up ?? null;
    }
    if (!r.unitPrice.trim()) out.push({ field: `${f}.unit_price_cents`, issue: 'Informe o preço por unidade (pode ser 0,00).' });
    else if (
      decimal(r.unitPrice.replace(/R\$/i, '')) === null ||
      (decimal(r.unitPrice.replace(/R\$/i, ''))!.split('.')[1] ?? '').length > 8
    ) {
      out.push({ field: `${f}.unit_price_cents`, issue: 'Preço inválido: use reais com vírgula, como 0,85 (até 8 casas).' });
    }
    if (r.flatFee.trim()) {
      const fee = decimal(r.flatFee.replace(/R\$/i, ''));
      if (fee === null || (fee.split('.')[1] ?? '').length > 2)
        out.push({ field: `${f}.flat_fee_cents`, issue: 'Taxa fixa inválida: use reais com até 2 casas, como 10,00.' });
    }
  });
  return out;
}

/** Where each faixa starts ("de"): 0 for the first, the previous "até" for the others. */
export function tierStarts(rows: TierRow[]): string[] {
  return rows.map((_, i) => (i === 0 ? '0' : rows[i - 1].upTo.trim() || '?'));
}
