// Translation between the CRM's "Desconto Pontualidade" JSON and Cobre's payment rules. No business
// rule lives here: validation, defaults and precedence are the domain's (src/payment-rules).
import { DomainError, type ErrorCode } from '../../platform/errors.ts';
import { operatorsFor, type Filter, type FilterOp, type ListRequest, type Sort } from '../../platform/search.ts';
import type { BatchItem } from '../../payment-rules/rules.ts';
import { ruleResource } from '../../payment-rules/rule-resource.ts';
import { RULE_CODE_LISTS } from '../../payment-rules/rule-codes.ts';
import type { PaymentRule, PaymentRuleCreate } from '../../payment-rules/schemas.ts';
import type { Comparacao, CrmRule, CrmRuleInput, CrmSearchBody } from './schemas.ts';
import { CRM_CODED_FIELDS, crmBoolean, crmDecimal } from './normalize.ts';

const TZ = 'America/Sao_Paulo';
const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** ISO instant → 'dd/MM/yyyy HH:mm' in America/Sao_Paulo (the CRM's format). */
export function formatCrmDateTime(iso: string): string {
  const p = Object.fromEntries(dateTimeParts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Offset of São Paulo from UTC at an instant, in minutes (−180 today; the zone had DST until 2019). */
function offsetMinutes(instant: Date): number {
  const p = Object.fromEntries(dateTimeParts.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * 'dd/MM/yyyy' or 'dd/MM/yyyy HH:mm' (São Paulo) → the instant it starts and the instant after its
 * precision (a day or a minute). null when malformed.
 */
export function parseCrmDateTime(text: string): { start: Date; end: Date } | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [, dd, mm, yyyy, hh, mi] = m;
  const wall = Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd), Number(hh ?? 0), Number(mi ?? 0));
  const check = new Date(wall);
  if (check.getUTCDate() !== Number(dd) || check.getUTCMonth() !== Number(mm) - 1 || Number(hh ?? 0) > 23 || Number(mi ?? 0) > 59)
    return null;
  // Wall time → instant: subtract the zone's offset (looked up twice to settle around a transition).
  let t = wall - offsetMinutes(new Date(wall)) * 60_000;
  t = wall - offsetMinutes(new Date(t)) * 60_000;
  return { start: new Date(t), end: new Date(t + (hh === undefined ? 86_400_000 : 60_000)) };
}

export function toCrm(r: PaymentRule): CrmRule {
  return {
    codigo: r.codigo,
    descricao: r.descricao,
    acrescimo_desconto: r.acrescimo_desconto,
    tipo_aplicacao_calculo: r.tipo_aplicacao_calculo,
    tipo_calculo_valor: r.tipo_calculo_valor,
    tipo_juros: r.tipo_juros,
    tipo_saldo: r.tipo_saldo,
    tipo_prazo_pagamento: r.tipo_prazo_pagamento,
    tipo_pessoa: r.tipo_pessoa,
    desconto_extra: r.desconto_extra,
    codigo_externo: r.codigo_externo,
    data_alteracao: formatCrmDateTime(r.data_alteracao),
    percentual: r.percentual,
    valor_fixo_centavos: r.valor_fixo_centavos,
    dias: r.dias,
    teto_centavos: r.teto_centavos,
    teto_percentual: r.teto_percentual,
    ativo: r.ativo,
  };
}

/** A JSON number percent → its decimal string (2.5 → "2.5"); strings pass through for the domain to check. */
function percentIn(v: string | number | null | undefined): string | null | undefined {
  return typeof v === 'number' ? String(v) : v;
}

/** A CRM item (normalize.ts has run) → the domain's batch item. `data_alteracao` (either spelling) is dropped: the system sets it. */
export function fromCrm(item: CrmRuleInput): BatchItem {
  const { codigo, data_alteracao: _ignored, data_alteração: _ignoredToo, codigo_externo, percentual, teto_percentual, ...rest } = item;
  const fields: Partial<PaymentRuleCreate> = { ...rest };
  if (codigo_externo !== undefined) fields.codigo_externo = codigo_externo === null || codigo_externo.trim() === '' ? null : codigo_externo;
  if (percentual !== undefined) fields.percentual = percentIn(percentual);
  if (teto_percentual !== undefined) fields.teto_percentual = percentIn(teto_percentual);
  return codigo === undefined || codigo === null ? { fields } : { codigo, fields };
}

// ---- metadata ----

/** The fields the CRM record shows, in its order. */
export const CRM_FIELDS = [
  'codigo',
  'descricao',
  'acrescimo_desconto',
  'tipo_aplicacao_calculo',
  'tipo_calculo_valor',
  'tipo_juros',
  'tipo_saldo',
  'tipo_prazo_pagamento',
  'tipo_pessoa',
  'desconto_extra',
  'codigo_externo',
  'data_alteracao',
  'percentual',
  'valor_fixo_centavos',
  'dias',
  'teto_centavos',
  'teto_percentual',
  'ativo',
] as const;

const TIPO: Record<string, string> = {
  string: 'Texto',
  integer: 'Inteiro',
  money: 'Inteiro',
  decimal: 'Decimal',
  datetime: 'DataHora',
  boolean: 'Booleano',
  enum: 'Texto',
};

const OP_TO_COMPARACOES: Record<FilterOp, Comparacao[]> = {
  eq: ['IGUAL'],
  neq: ['DIFERENTE'],
  contains: ['CONTEM', 'NAO_CONTEM'],
  starts_with: ['INICIA_COM', 'TERMINA_COM'],
  gt: ['MAIOR'],
  gte: ['MAIOR_IGUAL'],
  lt: ['MENOR'],
  lte: ['MENOR_IGUAL'],
  in: ['EM'],
  is_null: ['NULO', 'NAO_NULO'],
};

const DESCRICAO: Record<string, string> = {
  codigo: 'Código do desconto no CRM (código interno), atribuído pelo sistema',
  descricao: 'Descrição do desconto de pontualidade',
  codigo_externo: 'Código do desconto no sistema integrado; único',
  data_alteracao: 'Data da última alteração (dd/MM/yyyy HH:mm), preenchida pelo sistema; ignorada se enviada',
  percentual: 'Percentual (0 a 100, até 4 casas) para tipo_calculo_valor N; por dia quando P',
  valor_fixo_centavos: 'Valor em centavos: V o valor (por dia quando P), M o montante alvo',
  dias: 'ADV: dias mínimos antes do vencimento (padrão 1); VCE: carência após o vencimento',
  teto_centavos: 'Teto do valor da regra, em centavos',
  teto_percentual: 'Teto do valor da regra, em % da base',
  ativo: 'Regra inativa não é aplicada (extensão do Cobre)',
};

export function crmMetadata() {
  const byName = new Map(ruleResource.fields.map((f) => [f.name, f]));
  return CRM_FIELDS.map((name) => {
    const f = byName.get(name)!;
    const list = (RULE_CODE_LISTS as Record<string, readonly { value: string; label: string }[]>)[name];
    return {
      campo: name,
      tipo: TIPO[f.type] ?? 'Texto',
      tamanhoMaximo: f.maxLength ?? (list ? Math.max(...list.map((o) => o.value.length)) : null),
      obrigatorio: name === 'descricao',
      filtravel: !!f.filterable,
      ordenavel: !!f.sortable,
      comparacoes: operatorsFor(f)
        .flatMap((op) => OP_TO_COMPARACOES[op])
        .filter((c) => f.type === 'string' || (c !== 'NAO_CONTEM' && c !== 'TERMINA_COM')),
      valores: list ? list.map((o) => ({ valor: o.value, descricao: o.label })) : null,
      descricao: DESCRICAO[name] ?? (list ? `Valores: ${list.map((o) => `(${o.value}) ${o.label}`).join(', ')}` : name),
    };
  });
}

// ---- search ----

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function bad(field: string, issue: string, code: ErrorCode = 'invalid_filter'): DomainError {
  return new DomainError(code, issue, [{ field, issue }]);
}

/**
 * Filter values arrive as the CRM sends them: numbers as strings, decimals with a comma ("2,5"), codes
 * in any case, booleans as "S"/"N", dates as dd/MM/yyyy HH:mm.
 */
function valueFor(type: string, v: unknown, where: string, campo: string): unknown {
  if (type === 'integer' || type === 'money') {
    if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
    return v;
  }
  if (type === 'decimal') return typeof v === 'number' ? String(v) : crmDecimal(v);
  if (type === 'boolean') return crmBoolean(v);
  if (CRM_CODED_FIELDS.has(campo) && typeof v === 'string') return v.trim().toUpperCase();
  if (type === 'datetime') {
    if (typeof v !== 'string') throw bad(where, 'data_alteracao takes dd/MM/yyyy or dd/MM/yyyy HH:mm');
    const parsed = parseCrmDateTime(v);
    if (!parsed) throw bad(where, 'data_alteracao takes dd/MM/yyyy or dd/MM/yyyy HH:mm');
    return parsed;
  }
  return v;
}

export interface CrmListRequest {
  list: ListRequest;
  /** Predicates search.ts has no operator for (TERMINA_COM, NAO_CONTEM), already as SQL on $2… */
  where: string;
  params: unknown[];
}

const SIMPLE: Partial<Record<Comparacao, FilterOp>> = {
  IGUAL: 'eq',
  DIFERENTE: 'neq',
  CONTEM: 'contains',
  INICIA_COM: 'starts_with',
  MAIOR: 'gt',
  MAIOR_IGUAL: 'gte',
  MENOR: 'lt',
  MENOR_IGUAL: 'lte',
  EM: 'in',
};

export function toListRequest(body: CrmSearchBody): CrmListRequest {
  const byName = new Map(ruleResource.fields.map((f) => [f.name, f]));
  const visible = new Set<string>(CRM_FIELDS);
  const filters: Filter[] = [];
  const params: unknown[] = [];
  let where = '';
  (body.filtros ?? []).forEach((f, i) => {
    const at = `filtros[${i}]`;
    const def = byName.get(f.campo);
    if (!def || !visible.has(f.campo) || !def.filterable) throw bad(`${at}.campo`, `${f.campo} não é um campo filtrável`);
    const c = f.comparacao;
    if (c === 'NULO' || c === 'NAO_NULO') {
      filters.push({ field: f.campo, op: 'is_null', value: c === 'NULO' });
      return;
    }
    if (f.valor === undefined || f.valor === null) throw bad(`${at}.valor`, `${c} precisa de um valor`);
    if (c === 'TERMINA_COM' || c === 'NAO_CONTEM') {
      if (def.type !== 'string') throw bad(`${at}.comparacao`, `${c} só se aplica a campos de texto`);
      if ((typeof f.valor !== 'string' && typeof f.valor !== 'number') || String(f.valor) === '' || String(f.valor).length > 200) {
        throw bad(`${at}.valor`, `${c} precisa de um texto de 1 a 200 caracteres`);
      }
      params.push(c === 'TERMINA_COM' ? `%${escapeLike(String(f.valor))}` : `%${escapeLike(String(f.valor))}%`);
      const col = `r.${def.name}`;
      where +=
        c === 'TERMINA_COM' ? ` AND ${col} ILIKE $${params.length + 1}` : ` AND (${col} IS NULL OR ${col} NOT ILIKE $${params.length + 1})`;
      return;
    }
    const op = SIMPLE[c]!;
    if (def.type === 'datetime') {
      // A CRM date has minute (or day) precision: IGUAL means "within that minute/day".
      if (op === 'in' || op === 'contains' || op === 'starts_with') throw bad(`${at}.comparacao`, `${c} não se aplica a data_alteracao`);
      const { start, end } = valueFor('datetime', f.valor, `${at}.valor`, f.campo) as { start: Date; end: Date };
      if (op === 'eq') {
        filters.push({ field: f.campo, op: 'gte', value: start.toISOString() }, { field: f.campo, op: 'lt', value: end.toISOString() });
      } else if (op === 'neq') {
        params.push(start.toISOString(), end.toISOString());
        where += ` AND NOT (r.data_alteracao >= $${params.length} AND r.data_alteracao < $${params.length + 1})`;
      } else {
        const value = op === 'gt' || op === 'lte' ? end : start;
        filters.push({ field: f.campo, op: op === 'gt' ? 'gte' : op === 'lte' ? 'lt' : op, value: value.toISOString() });
      }
      return;
    }
    const value =
      op === 'in'
        ? Array.isArray(f.valor)
          ? f.valor.map((v) => valueFor(def.type, v, `${at}.valor`, f.campo))
          : f.valor
        : valueFor(def.type, f.valor, `${at}.valor`, f.campo);
    filters.push({ field: f.campo, op, value });
  });
  const sort: Sort[] = (body.ordenacao ?? []).map((o, i) => {
    if (!visible.has(o.campo) || !byName.get(o.campo)?.sortable)
      throw bad(`ordenacao[${i}].campo`, `${o.campo} não é um campo ordenável`, 'invalid_sort');
    return { field: o.campo, direction: (o.ordenacao ?? 'ASC').toUpperCase() === 'DESC' ? 'desc' : 'asc' };
  });
  return {
    list: { filters, sort, page: body.pagina ?? 1, page_size: body.quantidadeRegistros ?? 20, include_total: true },
    where,
    params,
  };
}
