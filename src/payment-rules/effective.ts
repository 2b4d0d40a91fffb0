// Read-only views of what governs a customer, a contract or a service: the effective payment rules
// (after precedence) and the late-charge policy per level, plus the late-policy writes.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { LEVEL_PRECEDENCE, selectApplicableRules, validateLatePolicy } from './calculate/index.ts';
import * as q from './queries.ts';
import { latePolicyFromApi, latePolicyFromRow, latePolicyToApi, latePolicyValues, presentRule } from './present.ts';
import type { EffectiveRules, LatePolicyInput, LatePolicyView } from './schemas.ts';
import { loadRuleCandidates, resolveStoredLatePolicy, type TermsTarget } from './terms.ts';

async function effectiveRules(db: Queryable, scope: Scope, target: TermsTarget, associate: boolean): Promise<EffectiveRules> {
  const { candidates, rows } = await loadRuleCandidates(db, scope.tenantId, target);
  const selected = selectApplicableRules(candidates, associate);
  if (!selected.length) return { associate, data: [] };
  const { rows: full } = await db.query<q.RuleRow>(
    `SELECT ${q.RULE_SELECT} FROM payment_rules r WHERE r.tenant_id = $1 AND r.id = ANY($2::uuid[])`,
    [scope.tenantId, selected.map((r) => r.id)],
  );
  const byId = new Map(full.map((r) => [r.id, r]));
  const rank = (level: string) => LEVEL_PRECEDENCE.indexOf(level as never);
  return {
    associate,
    data: selected.map((rule) => {
      // The most specific attachment is the one that made the rule apply.
      const link = rows.filter((r) => r.id === rule.id).sort((a, b) => rank(a.level) - rank(b.level))[0];
      return { level: link.level, link_id: link.link_id, rule: presentRule(byId.get(rule.id)!) };
    }),
  };
}

export async function customerRules(db: Queryable, scope: Scope, ref: string): Promise<EffectiveRules> {
  const c = await q.findCustomerRef(db, scope.tenantId, ref);
  if (!c) throw notFound('Customer');
  return effectiveRules(db, scope, { customerId: c.id, contractId: null, serviceIds: [] }, c.associate);
}

/** A contract's rules: its own, its customer's, those of the services of its items, the tenant's. */
export async function contractRules(db: Queryable, scope: Scope, ref: string): Promise<EffectiveRules> {
  const k = await q.findContractRef(db, scope.tenantId, ref);
  if (!k) throw notFound('Contract');
  return effectiveRules(db, scope, { customerId: k.customer_id, contractId: k.id, serviceIds: k.service_ids }, k.associate);
}

export async function serviceRules(db: Queryable, scope: Scope, ref: string, associate: boolean): Promise<EffectiveRules> {
  const s = await q.findServiceRef(db, scope.tenantId, ref);
  if (!s) throw notFound('Service');
  return effectiveRules(db, scope, { customerId: null, contractId: null, serviceIds: [s.id] }, associate);
}

// ---- late-charge policies ----

export type PolicyLevel = 'tenant' | 'customer' | 'contract';

async function resolveTarget(
  db: Queryable,
  scope: Scope,
  level: PolicyLevel,
  ref: string | null,
): Promise<{ targetId: string | null; customerId: string | null; contractId: string | null }> {
  if (level === 'tenant') return { targetId: null, customerId: null, contractId: null };
  if (level === 'customer') {
    const c = await q.findCustomerRef(db, scope.tenantId, ref ?? '');
    if (!c) throw notFound('Customer');
    return { targetId: c.id, customerId: c.id, contractId: null };
  }
  const k = await q.findContractRef(db, scope.tenantId, ref ?? '');
  if (!k) throw notFound('Contract');
  return { targetId: k.id, customerId: k.customer_id, contractId: k.id };
}

async function view(
  db: Queryable,
  scope: Scope,
  level: PolicyLevel,
  t: Awaited<ReturnType<typeof resolveTarget>>,
): Promise<LatePolicyView> {
  const rows = await q.latePoliciesFor(db, scope.tenantId, t.customerId, t.contractId);
  const own = rows.find((r) => r.level === level && (r.customer_id ?? r.contract_id ?? null) === t.targetId) ?? null;
  const effective = await resolveStoredLatePolicy(db, scope.tenantId, t.customerId, t.contractId);
  return {
    level,
    target_id: t.targetId,
    policy: own ? latePolicyToApi(latePolicyFromRow(own)) : null,
    updated_at: own?.updated_at ?? null,
    effective: { level: effective?.level ?? null, policy: effective ? latePolicyToApi(effective.policy) : null },
  };
}

export async function getLatePolicy(db: Queryable, scope: Scope, level: PolicyLevel, ref: string | null): Promise<LatePolicyView> {
  return view(db, scope, level, await resolveTarget(db, scope, level, ref));
}

/** Sets this level's policy (replacing it whole). A policy with neither fine nor interest means "none here". */
export async function putLatePolicy(
  tx: Tx,
  scope: Scope,
  level: PolicyLevel,
  ref: string | null,
  input: LatePolicyInput,
): Promise<LatePolicyView> {
  const t = await resolveTarget(tx, scope, level, ref);
  const policy = latePolicyFromApi(input);
  const issues = validateLatePolicy(policy, '').map((d) => ({ ...d, field: apiField(d.field ?? '') }));
  if (issues.length) {
    throw new DomainError(
      'validation_failed',
      'The late-charge policy is invalid: ' + issues.map((i) => `${i.field} ${i.issue}`).join('; '),
      issues,
    );
  }
  const before = await view(tx, scope, level, t);
  await q.upsertLatePolicy(tx, scope.tenantId, uuidv7(), level, t.targetId, latePolicyValues(policy), scope.now);
  const after = await view(tx, scope, level, t);
  await recordEvent(tx, scope, {
    type: 'late_charge_policy.updated',
    resourceType: 'late_charge_policy',
    resourceId: `${level}:${t.targetId ?? scope.tenantId}`,
    before: before.policy,
    after: after.policy,
  });
  return after;
}

/** Removes this level's policy: charges here inherit the next level's. */
export async function deleteLatePolicy(tx: Tx, scope: Scope, level: PolicyLevel, ref: string | null): Promise<LatePolicyView> {
  const t = await resolveTarget(tx, scope, level, ref);
  const removed = await q.deleteLatePolicy(tx, scope.tenantId, level, t.targetId);
  if (!removed) throw notFound('Late-charge policy');
  await recordEvent(tx, scope, {
    type: 'late_charge_policy.deleted',
    resourceType: 'late_charge_policy',
    resourceId: `${level}:${t.targetId ?? scope.tenantId}`,
    before: latePolicyToApi(latePolicyFromRow(removed)),
  });
  return view(tx, scope, level, t);
}

/** The engine names fields in camelCase; the API in snake_case. */
function apiField(f: string): string {
  return f.replace('graceDays', 'grace_days').replace('capPercent', 'cap_percent').replace('monthlyPercent', 'monthly_percent');
}
