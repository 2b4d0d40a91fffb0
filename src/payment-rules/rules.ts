// Payment-rule use cases. Each takes a transaction (or a queryable for reads) and the scope, and
// returns plain data; the canonical routes and the CRM dialect (/crm) both call these, so the rules
// are the same whichever API writes them.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound, type ErrorDetail } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { nextNumbers } from '../platform/counters.ts';
import { runList, type ListRequest, type Page } from '../platform/search.ts';
import { validateRule, type PaymentRuleData } from './calculate/index.ts';
import * as q from './queries.ts';
import { presentRule } from './present.ts';
import { ruleResource } from './rule-resource.ts';
import { RULE_DEFAULTS, type Link, type LinkInput, type PaymentRule, type PaymentRuleCreate, type PaymentRulePatch } from './schemas.ts';

export interface WriteOpts {
  /** The instant recorded as data_alteracao (the app clock). */
  now: Date;
}

export type RuleDraft = Omit<PaymentRuleCreate, 'descricao'> & { descricao?: string };

/** A full draft (defaults applied) → column values, or the validation issues (validateRule). */
export function normalizeRule(d: RuleDraft, prefix: string): { values: q.RuleValues; issues: ErrorDetail[]; data: PaymentRuleData } {
  const values: q.RuleValues = {
    descricao: (d.descricao ?? '').trim(),
    acrescimo_desconto: d.acrescimo_desconto ?? RULE_DEFAULTS.acrescimo_desconto,
    tipo_aplicacao_calculo: d.tipo_aplicacao_calculo ?? RULE_DEFAULTS.tipo_aplicacao_calculo,
    tipo_calculo_valor: d.tipo_calculo_valor ?? RULE_DEFAULTS.tipo_calculo_valor,
    tipo_juros: d.tipo_juros ?? RULE_DEFAULTS.tipo_juros,
    tipo_saldo: d.tipo_saldo ?? RULE_DEFAULTS.tipo_saldo,
    tipo_prazo_pagamento: d.tipo_prazo_pagamento ?? RULE_DEFAULTS.tipo_prazo_pagamento,
    tipo_pessoa: d.tipo_pessoa ?? RULE_DEFAULTS.tipo_pessoa,
    desconto_extra: (d.desconto_extra ?? RULE_DEFAULTS.desconto_extra) === 'S',
    codigo_externo: d.codigo_externo?.trim() || null,
    percentual: d.percentual ?? null,
    valor_fixo_centavos: d.valor_fixo_centavos ?? null,
    dias: d.dias ?? null,
    teto_centavos: d.teto_centavos ?? null,
    teto_percentual: d.teto_percentual ?? null,
    ativo: d.ativo ?? true,
  };
  // (cast: a rule not saved yet has no timestamps; the checks below read only the fields set here)
  const data = { id: 'new', ...values } as unknown as PaymentRuleData;
  for (const k of ['codigo_externo', 'percentual', 'valor_fixo_centavos', 'dias', 'teto_centavos', 'teto_percentual'] as const) {
    if (data[k] === null) delete data[k];
  }
  return { values, issues: validateRule(data, prefix), data };
}

export function invalid(issues: ErrorDetail[]): DomainError {
  return new DomainError(
    'validation_failed',
    'The payment rule is invalid: ' + issues.map((i) => `${i.field} ${i.issue}`).join('; '),
    issues,
  );
}

function duplicateExternal(code: string, other: { id: string; codigo: number } | null, field = 'codigo_externo'): DomainError {
  return new DomainError(
    'duplicate_external_code',
    `Another payment rule already has codigo_externo ${code}${other ? `: codigo ${other.codigo} (${other.id})` : ''}`,
    [{ field, issue: 'already used by another payment rule' }],
    other ? { existing_rule_id: other.id, existing_codigo: other.codigo } : undefined,
  );
}

async function assertExternalFree(tx: Queryable, scope: Scope, code: string | null, selfId: string | null, field?: string): Promise<void> {
  if (!code) return;
  const other = await q.findIdByExternalCode(tx, scope.tenantId, code);
  if (other && other.id !== selfId) throw duplicateExternal(code, other, field);
}

/** Resolves a rule reference: its UUID or its codigo (digits). */
export async function resolveRule(db: Queryable, scope: Scope, ref: string, opts: { forUpdate?: boolean } = {}): Promise<q.RuleRow> {
  let row: q.RuleRow | null = null;
  if (isUuid(ref)) row = await q.findRule(db, scope.tenantId, 'id', ref, opts);
  else if (/^\d{1,15}$/.test(ref)) row = await q.findRule(db, scope.tenantId, 'codigo', Number(ref), opts);
  if (!row) throw notFound('Payment rule');
  return row;
}

export async function findRuleBy(
  db: Queryable,
  scope: Scope,
  by: { codigo?: number; codigo_externo?: string },
  opts: { forUpdate?: boolean } = {},
): Promise<q.RuleRow> {
  const row =
    by.codigo_externo !== undefined
      ? await q.findRule(db, scope.tenantId, 'codigo_externo', by.codigo_externo, opts)
      : by.codigo !== undefined
        ? await q.findRule(db, scope.tenantId, 'codigo', by.codigo, opts)
        : null;
  if (!row) throw notFound('Payment rule');
  return row;
}

async function insertNormalized(tx: Tx, scope: Scope, values: q.RuleValues, opts: WriteOpts, field?: string): Promise<PaymentRule> {
  await assertExternalFree(tx, scope, values.codigo_externo, null, field);
  const id = uuidv7();
  const codigo = await nextNumbers(tx, scope.tenantId, 'payment_rule');
  if (!(await q.insertRule(tx, scope.tenantId, id, codigo, values, opts.now))) {
    throw duplicateExternal(values.codigo_externo ?? '', null, field);
  }
  const created = presentRule((await q.findRule(tx, scope.tenantId, 'id', id))!);
  await recordEvent(tx, scope, { type: 'payment_rule.created', resourceType: 'payment_rule', resourceId: id, after: created });
  return created;
}

async function updateNormalized(
  tx: Tx,
  scope: Scope,
  row: q.RuleRow,
  values: q.RuleValues,
  opts: WriteOpts,
  field?: string,
): Promise<PaymentRule> {
  const before = presentRule(row);
  await assertExternalFree(tx, scope, values.codigo_externo, row.id, field);
  await q.updateRule(tx, scope.tenantId, row.id, values, opts.now);
  const after = presentRule((await q.findRule(tx, scope.tenantId, 'id', row.id))!);
  await recordEvent(tx, scope, { type: 'payment_rule.updated', resourceType: 'payment_rule', resourceId: row.id, before, after });
  return after;
}

/** The editable fields of a stored rule, in input shape (for merging an update). */
function ruleToDraft(r: PaymentRule): RuleDraft {
  return {
    descricao: r.descricao,
    acrescimo_desconto: r.acrescimo_desconto as 'A',
    tipo_aplicacao_calculo: r.tipo_aplicacao_calculo as 'D',
    tipo_calculo_valor: r.tipo_calculo_valor as 'N',
    tipo_juros: r.tipo_juros as 'S',
    tipo_saldo: r.tipo_saldo as 'S',
    tipo_prazo_pagamento: r.tipo_prazo_pagamento as 'S',
    tipo_pessoa: r.tipo_pessoa as 'S',
    desconto_extra: r.desconto_extra as 'S',
    codigo_externo: r.codigo_externo,
    percentual: r.percentual,
    valor_fixo_centavos: r.valor_fixo_centavos,
    dias: r.dias,
    teto_centavos: r.teto_centavos,
    teto_percentual: r.teto_percentual,
    ativo: r.ativo,
  };
}

export async function createRule(tx: Tx, scope: Scope, input: PaymentRuleCreate, opts: WriteOpts): Promise<PaymentRule> {
  const { values, issues } = normalizeRule(input, '');
  if (issues.length) throw invalid(issues);
  return insertNormalized(tx, scope, values, opts);
}

export async function getRule(db: Queryable, scope: Scope, ref: string): Promise<PaymentRule> {
  return presentRule(await resolveRule(db, scope, ref));
}

export async function getRuleByExternalCode(db: Queryable, scope: Scope, code: string): Promise<PaymentRule> {
  return presentRule(await findRuleBy(db, scope, { codigo_externo: code }));
}

/** Changes only the fields sent (null clears an optional one), then validates the whole rule. */
export async function updateRule(tx: Tx, scope: Scope, ref: string, patch: PaymentRulePatch, opts: WriteOpts): Promise<PaymentRule> {
  const row = await resolveRule(tx, scope, ref, { forUpdate: true });
  const { values, issues } = normalizeRule({ ...ruleToDraft(presentRule(row)), ...patch }, '');
  if (issues.length) throw invalid(issues);
  return updateNormalized(tx, scope, row, values, opts);
}

/** Deletes a rule and its links (links are configuration; amounts already paid are history in payments). */
export async function deleteRule(tx: Tx, scope: Scope, row: q.RuleRow): Promise<PaymentRule> {
  const before = presentRule(row);
  await q.deleteRule(tx, scope.tenantId, row.id);
  await recordEvent(tx, scope, { type: 'payment_rule.deleted', resourceType: 'payment_rule', resourceId: row.id, before });
  return before;
}

export async function deleteRuleByRef(tx: Tx, scope: Scope, ref: string): Promise<PaymentRule> {
  return deleteRule(tx, scope, await resolveRule(tx, scope, ref, { forUpdate: true }));
}

export async function listRules(
  db: Queryable,
  scope: Scope,
  req: ListRequest,
  extra: { where?: string; params?: unknown[] } = {},
): Promise<Page<PaymentRule>> {
  const page = await runList<q.RuleRow>(
    db,
    ruleResource,
    {
      select: q.RULE_SELECT,
      from: 'payment_rules r',
      scopeWhere: 'r.tenant_id = $1' + (extra.where ?? ''),
      scopeParams: [scope.tenantId, ...(extra.params ?? [])],
      idSql: 'r.id',
    },
    req,
  );
  return { ...page, data: page.data.map(presentRule) };
}

/** The list's extra predicate for `?target_type=&target_id=` (the rules attached there), validated. */
export function linkedTo(targetType: string | undefined, targetId: string | undefined): { where?: string; params?: unknown[] } {
  if (targetType === undefined) {
    if (targetId !== undefined)
      throw new DomainError('validation_failed', 'target_id goes with target_type', [
        { field: 'target_type', issue: 'is required with target_id' },
      ]);
    return {};
  }
  if (targetType === 'tenant') {
    if (targetId !== undefined)
      throw new DomainError('validation_failed', 'A tenant link has no target_id', [
        { field: 'target_id', issue: 'must be absent for tenant' },
      ]);
  } else if (targetId === undefined) {
    throw new DomainError('validation_failed', `target_id is required for ${targetType}`, [{ field: 'target_id', issue: 'is required' }]);
  }
  return { where: q.LINKED_TO_WHERE, params: [targetType, targetId ?? null] };
}

// ---- batch save (the CRM's POST of up to 20: no codigo → create, codigo → edit) ----

export interface BatchItem {
  /** Present: edit the rule with this codigo (only the fields given change). */
  codigo?: number;
  fields: Partial<PaymentRuleCreate>;
}

export const MAX_BATCH = 20;

/**
 * Creates or edits up to MAX_BATCH rules in the caller's transaction: every item is validated first
 * (all issues reported at once, fields prefixed `[i].`), then written; any failure throws and the
 * route's transaction rolls everything back.
 */
export async function saveRules(tx: Tx, scope: Scope, items: BatchItem[], opts: WriteOpts): Promise<PaymentRule[]> {
  if (items.length > MAX_BATCH) {
    throw new DomainError('validation_failed', `At most ${MAX_BATCH} items per request`, [
      { field: '(body)', issue: `at most ${MAX_BATCH} items` },
    ]);
  }
  const issues: ErrorDetail[] = [];
  const planned: { row: q.RuleRow | null; values: q.RuleValues }[] = [];
  const seenCodigo = new Map<number, number>();
  const seenExternal = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    let row: q.RuleRow | null = null;
    if (item.codigo !== undefined) {
      if (seenCodigo.has(item.codigo)) issues.push({ field: `[${i}].codigo`, issue: `same codigo as item ${seenCodigo.get(item.codigo)}` });
      seenCodigo.set(item.codigo, i);
      row = await q.findRule(tx, scope.tenantId, 'codigo', item.codigo, { forUpdate: true });
      if (!row) {
        issues.push({ field: `[${i}].codigo`, issue: `no payment rule with codigo ${item.codigo}` });
        continue;
      }
    }
    const draft = row ? { ...ruleToDraft(presentRule(row)), ...item.fields } : item.fields;
    const { values, issues: its } = normalizeRule(draft, `[${i}].`);
    issues.push(...its);
    if (values.codigo_externo) {
      if (seenExternal.has(values.codigo_externo)) {
        issues.push({ field: `[${i}].codigo_externo`, issue: `same codigo_externo as item ${seenExternal.get(values.codigo_externo)}` });
      }
      seenExternal.set(values.codigo_externo, i);
    }
    planned.push({ row, values });
  }
  if (issues.length) {
    const missing = issues.every((x) => /^no payment rule/.test(x.issue));
    if (missing) throw new DomainError('not_found', 'Payment rule not found: ' + issues.map((x) => x.field).join(', '), issues);
    throw invalid(issues);
  }
  const results: PaymentRule[] = [];
  for (const [i, { row, values }] of planned.entries()) {
    results.push(
      row
        ? await updateNormalized(tx, scope, row, values, opts, `[${i}].codigo_externo`)
        : await insertNormalized(tx, scope, values, opts, `[${i}].codigo_externo`),
    );
  }
  return results;
}

// ---- links ----

export async function addLink(tx: Tx, scope: Scope, ref: string, input: LinkInput): Promise<Link> {
  const rule = await resolveRule(tx, scope, ref, { forUpdate: true });
  const targetId = input.target_id ?? null;
  if (input.target_type === 'tenant') {
    if (targetId !== null)
      throw new DomainError('validation_failed', 'A tenant link has no target_id', [
        { field: 'target_id', issue: 'must be absent or null for tenant' },
      ]);
  } else {
    if (targetId === null)
      throw new DomainError('validation_failed', `target_id is required for ${input.target_type}`, [
        { field: 'target_id', issue: 'is required' },
      ]);
    if (!(await q.targetExists(tx, scope.tenantId, input.target_type, targetId))) {
      throw new DomainError('validation_failed', `No ${input.target_type} ${targetId} in this tenant`, [
        { field: 'target_id', issue: `no such ${input.target_type}` },
      ]);
    }
  }
  const link = await q.insertLink(tx, scope.tenantId, uuidv7(), rule.id, input.target_type, targetId, scope.now);
  if (!link) {
    const existing = await q.findLinkTo(tx, scope.tenantId, rule.id, input.target_type, targetId);
    throw new DomainError('conflict', 'The rule is already attached to this target', [{ field: 'target_id', issue: 'already attached' }], {
      existing_link_id: existing?.id ?? null,
    });
  }
  const out = { ...link, created_at: new Date(link.created_at).toISOString() };
  await recordEvent(tx, scope, { type: 'payment_rule.linked', resourceType: 'payment_rule', resourceId: rule.id, after: out });
  return out;
}

export async function removeLink(tx: Tx, scope: Scope, ref: string, linkId: string): Promise<Link> {
  const rule = await resolveRule(tx, scope, ref, { forUpdate: true });
  const link = await q.deleteLink(tx, scope.tenantId, rule.id, linkId);
  if (!link) throw notFound('Link');
  const out = { ...link, created_at: new Date(link.created_at).toISOString() };
  await recordEvent(tx, scope, { type: 'payment_rule.unlinked', resourceType: 'payment_rule', resourceId: rule.id, before: out });
  return out;
}

/** Every rule of the tenant, by codigo (the CRM's "todos"). Rules are configuration: a few per tenant. */
export async function listAllRules(db: Queryable, scope: Scope): Promise<PaymentRule[]> {
  const { rows } = await db.query<q.RuleRow>(`SELECT ${q.RULE_SELECT} FROM payment_rules r WHERE r.tenant_id = $1 ORDER BY r.codigo`, [
    scope.tenantId,
  ]);
  return rows.map(presentRule);
}
