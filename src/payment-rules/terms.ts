// What governs a charge: the payment rules attached to its contract, customer, services and tenant
// (after precedence, docs/payment-rules.md) and the late-charge policy (charge > contract >
// customer > tenant). The charges capability calls resolvePaymentTerms for the amount due, boleto
// instructions, remittances and payment reconciliation.
import type { Queryable } from '../platform/db/types.ts';
import {
  selectApplicableRules,
  type LateChargePolicy,
  type PaymentRuleData,
  type RuleCandidates,
  type RuleLevel,
} from './calculate/index.ts';
import * as q from './queries.ts';
import { latePolicyFromRow, ruleData } from './present.ts';

export interface TermsTarget {
  customerId: string | null;
  contractId: string | null;
  serviceIds: readonly string[];
}

export interface PaymentTermsInput extends TermsTarget {
  customerId: string;
  /** The charge's own late_policy column (null: inherit). */
  chargeLatePolicy: LateChargePolicy | null;
  customerIsAssociate: boolean;
}

export interface PaymentTerms {
  /** In application order, ready for computeAmountDue. */
  rules: PaymentRuleData[];
  /** null: no fine nor interest. */
  late: LateChargePolicy | null;
}

export type LatePolicyLevel = 'charge' | 'contract' | 'customer' | 'tenant';
export const LATE_POLICY_PRECEDENCE: readonly LatePolicyLevel[] = ['charge', 'contract', 'customer', 'tenant'];

/** The attached rules as the engine's candidates, with the link behind each (for display). */
export async function loadRuleCandidates(
  db: Queryable,
  tenantId: string,
  target: TermsTarget,
): Promise<{ candidates: RuleCandidates[]; rows: q.AttachedRuleRow[] }> {
  const rows = await q.attachedRules(db, tenantId, target);
  const byLevel = new Map<RuleLevel, PaymentRuleData[]>();
  for (const row of rows) {
    const list = byLevel.get(row.level) ?? [];
    list.push(ruleData(row));
    byLevel.set(row.level, list);
  }
  return { candidates: [...byLevel].map(([level, rules]) => ({ level, rules })), rows };
}

/** The effective late-charge policy at the stored levels (contract > customer > tenant). */
export async function resolveStoredLatePolicy(
  db: Queryable,
  tenantId: string,
  customerId: string | null,
  contractId: string | null,
): Promise<{ level: 'contract' | 'customer' | 'tenant'; policy: LateChargePolicy; row: q.LatePolicyRow } | null> {
  const rows = await q.latePoliciesFor(db, tenantId, customerId, contractId);
  for (const level of ['contract', 'customer', 'tenant'] as const) {
    const row = rows.find(
      (r) =>
        r.level === level &&
        (level !== 'contract' || r.contract_id === contractId) &&
        (level !== 'customer' || r.customer_id === customerId),
    );
    if (row) return { level, policy: latePolicyFromRow(row), row };
  }
  return null;
}

/**
 * The rules and the late-charge policy of a charge. Two indexed queries (rules with their links;
 * late policies), then pure selection: tipo_pessoa, then precedence contract > customer > service >
 * tenant per direction, extras stacked. Inactive rules are never returned. A charge's own
 * late_policy wins over every stored level.
 */
export async function resolvePaymentTerms(db: Queryable, tenantId: string, input: PaymentTermsInput): Promise<PaymentTerms> {
  const [{ candidates }, stored] = await Promise.all([
    loadRuleCandidates(db, tenantId, input),
    input.chargeLatePolicy ? Promise.resolve(null) : resolveStoredLatePolicy(db, tenantId, input.customerId, input.contractId),
  ]);
  return {
    rules: selectApplicableRules(candidates, input.customerIsAssociate),
    late: input.chargeLatePolicy ?? stored?.policy ?? null,
  };
}

/**
 * resolvePaymentTerms for many charges of one tenant (bank return files, billing runs): one query
 * in all, whatever the number of charges; the result is in the order of `inputs` and equals what
 * resolvePaymentTerms gives for each.
 */
export async function resolvePaymentTermsMany(
  db: Queryable,
  tenantId: string,
  inputs: readonly PaymentTermsInput[],
): Promise<PaymentTerms[]> {
  if (!inputs.length) return [];
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const customerIds = uniq(inputs.map((i) => i.customerId));
  const contractIds = uniq(inputs.map((i) => i.contractId));
  const serviceIds = uniq(inputs.flatMap((i) => [...i.serviceIds]));
  const needPolicies = inputs.some((i) => !i.chargeLatePolicy);
  const { rules: ruleRows, policies: policyRows } = await q.rulesAndPoliciesMany(
    db,
    tenantId,
    { customerIds, contractIds, serviceIds },
    needPolicies,
  );
  const data = new Map<string, PaymentRuleData>();
  const byTarget = new Map<string, { level: RuleLevel; rule: PaymentRuleData }[]>();
  for (const row of ruleRows) {
    let rule = data.get(row.id);
    if (!rule) {
      rule = ruleData(row);
      data.set(row.id, rule);
    }
    const key = `${row.level}:${row.target_id ?? ''}`;
    const list = byTarget.get(key) ?? [];
    list.push({ level: row.level, rule });
    byTarget.set(key, list);
  }
  const policy = new Map(policyRows.map((r) => [`${r.level}:${r.customer_id ?? r.contract_id ?? ''}`, r]));
  const tenantPolicy = policy.get('tenant:');
  return inputs.map((input) => {
    // Same order as the single query: by codigo, then link id, within each level.
    const attached = [
      ...(byTarget.get('tenant:') ?? []),
      ...(input.customerId ? (byTarget.get(`customer:${input.customerId}`) ?? []) : []),
      ...(input.contractId ? (byTarget.get(`contract:${input.contractId}`) ?? []) : []),
      ...input.serviceIds.flatMap((s) => byTarget.get(`service:${s}`) ?? []),
    ];
    const byLevel = new Map<RuleLevel, PaymentRuleData[]>();
    for (const a of attached.sort((x, y) => (x.rule.codigo ?? 0) - (y.rule.codigo ?? 0))) {
      const list = byLevel.get(a.level) ?? [];
      list.push(a.rule);
      byLevel.set(a.level, list);
    }
    const candidates: RuleCandidates[] = [...byLevel].map(([level, rules]) => ({ level, rules }));
    const stored =
      (input.contractId ? policy.get(`contract:${input.contractId}`) : undefined) ??
      (input.customerId ? policy.get(`customer:${input.customerId}`) : undefined) ??
      tenantPolicy;
    return {
      rules: selectApplicableRules(candidates, input.customerIsAssociate),
      late: input.chargeLatePolicy ?? (stored ? latePolicyFromRow(stored) : null),
    };
  });
}
