// What governs a charge: the payment rules attached to its contract, customer, services and tenant
// (after precedence, docs/payment-rules.md) and the late-charge policy (charge > contract >
// customer > tenant). The charges capability calls resolvePaymentTerms for the amount due, boleto
// instructions, remittances and payment reconciliation.
import type { Queryable } from '../platform/db/types.ts';
import { selectApplicableRules, type LateChargePolicy, type PaymentRuleData, type RuleCandidates, type RuleLevel } from './calculate/index.ts';
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
    const row = rows.find((r) => r.level === level && (level !== 'contract' || r.contract_id === contractId) && (level !== 'customer' || r.customer_id === customerId));
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
