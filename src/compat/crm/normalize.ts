// What an integrator of the CRM plausibly sends, brought to the one form the /crm schemas validate
// (docs/compat.md, "Accepted and ignored"). Runs as each route's preValidation hook, so the strict
// TypeBox schemas still check every value (ranges, lengths, codes) and name the field when it is
// wrong; a value not recognised here is left as sent and refused there. Translation only: no
// business rule, no defaults.
import type { FastifyRequest } from 'fastify';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The coded fields of the record ("D", "VCE", "S"…): matched without regard to case or surrounding blanks. */
const CODED = [
  'acrescimo_desconto',
  'tipo_aplicacao_calculo',
  'tipo_calculo_valor',
  'tipo_juros',
  'tipo_saldo',
  'tipo_prazo_pagamento',
  'tipo_pessoa',
  'desconto_extra',
] as const;
export const CRM_CODED_FIELDS: ReadonlySet<string> = new Set(CODED);

/** Integer fields of the record that may arrive as digit strings ("1"). */
const INTEGERS = ['codigo', 'dias', 'valor_fixo_centavos', 'teto_centavos'] as const;

const DIGITS = /^\s*\d{1,15}\s*$/;

/** "S"/"N" (the vendor's boolean style), "true"/"false", 1/0, in any case → a boolean; anything else unchanged. */
export function crmBoolean(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v !== 'string') return v;
  const s = v.trim().toUpperCase();
  if (s === 'S' || s === 'SIM' || s === 'TRUE' || s === '1') return true;
  if (s === 'N' || s === 'NAO' || s === 'NÃO' || s === 'FALSE' || s === '0') return false;
  return v;
}

/** A digit string → its number; anything else unchanged. */
export function crmInteger(v: unknown): unknown {
  return typeof v === 'string' && DIGITS.test(v) ? Number(v.trim()) : v;
}

/** A Brazilian decimal ("2,5") → "2.5"; a JSON number or any other text unchanged (the domain checks it). */
export function crmDecimal(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  return /^\d{1,3},\d{1,4}$/.test(s) ? s.replace(',', '.') : s;
}

/** The doc's Campos list spells the key `data_alteração`; any Unicode form of it. */
const isAccentedDataAlteracao = (k: string) => k !== 'data_alteracao' && k.normalize('NFC') === 'data_alteração';

/** One item of POST /desconto-pontualidade. */
export function normalizeItem(item: unknown): unknown {
  if (!isObject(item)) return item;
  const out: Json = {};
  for (const [k, v] of Object.entries(item)) {
    if (isAccentedDataAlteracao(k)) {
      out.data_alteração = v; // accepted and ignored, like data_alteracao
      continue;
    }
    out[k] = v;
  }
  // codigo "" (a form's empty field) means "no codigo": create.
  if (out.codigo === '' || (typeof out.codigo === 'string' && out.codigo.trim() === '')) out.codigo = null;
  for (const k of INTEGERS) if (k in out) out[k] = crmInteger(out[k]);
  for (const k of CODED) if (typeof out[k] === 'string') out[k] = (out[k] as string).trim().toUpperCase();
  if ('ativo' in out) out.ativo = crmBoolean(out.ativo);
  if (typeof out.codigo_externo === 'number' && Number.isSafeInteger(out.codigo_externo)) out.codigo_externo = String(out.codigo_externo);
  for (const k of ['percentual', 'teto_percentual'] as const) if (k in out) out[k] = crmDecimal(out[k]);
  return out;
}

/** POST /desconto-pontualidade: a single object is a batch of one. */
export function normalizeBatch(req: FastifyRequest): void {
  const body = req.body;
  if (isObject(body)) req.body = [normalizeItem(body)];
  else if (Array.isArray(body)) req.body = body.map(normalizeItem);
}

/** Query strings: an empty value (`codigoInterno=&codigoExterno=X`) is an absent parameter. */
export function dropEmptyQueryValues(req: FastifyRequest): void {
  const query = req.query as Json | undefined;
  if (!query || typeof query !== 'object') return;
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v.trim() === '') delete query[k];
}

/** The code parameters of GET/DELETE, also accepted in a JSON body (DELETE): empty/null = absent. */
export function normalizeCodeParams(params: Json): Json {
  const out: Json = { ...params };
  for (const k of ['codigoInterno', 'codigoExterno']) {
    const v = out[k];
    if (v === null || (typeof v === 'string' && v.trim() === '')) delete out[k];
  }
  if ('codigoInterno' in out) out.codigoInterno = crmInteger(out.codigoInterno);
  if (typeof out.codigoExterno === 'number' && Number.isSafeInteger(out.codigoExterno)) out.codigoExterno = String(out.codigoExterno);
  return out;
}

/** DELETE /desconto-pontualidade: no body is an empty one; a JSON object carries the codes. */
export function normalizeDeleteBody(req: FastifyRequest): void {
  if (req.body === undefined || req.body === null || req.body === '') req.body = {};
  else if (isObject(req.body)) req.body = normalizeCodeParams(req.body);
}

/** POST /desconto-pontualidade/pesquisa: no body = every record, default paging; digit strings and lower-case comparisons. */
export function normalizeSearch(req: FastifyRequest): void {
  if (req.body === undefined || req.body === null || req.body === '') {
    req.body = {};
    return;
  }
  if (!isObject(req.body)) return;
  const body: Json = { ...req.body };
  for (const k of ['pagina', 'quantidadeRegistros']) if (k in body) body[k] = crmInteger(body[k]);
  if (Array.isArray(body.filtros)) {
    body.filtros = body.filtros.map((f) =>
      isObject(f) && typeof f.comparacao === 'string' ? { ...f, comparacao: f.comparacao.trim().toUpperCase() } : f,
    );
  }
  if (Array.isArray(body.ordenacao)) {
    body.ordenacao = body.ordenacao.map((o) =>
      isObject(o) && typeof o.ordenacao === 'string' ? { ...o, ordenacao: o.ordenacao.trim().toUpperCase() } : o,
    );
  }
  req.body = body;
}
