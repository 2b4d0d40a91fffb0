// Which rules govern a charge when rules are attached at several levels.
//
// Precedence, most specific first: contract > customer > service > tenant. A contract is one
// agreement of one customer, so it is narrower than anything said about the customer in general;
// the service (product) level is broader than a customer, and the tenant default is the broadest.
// Precedence is decided separately for discounts and for surcharges, so a customer-level discount
// does not silently drop the tenant's late surcharge. Within a direction, the non-extra rules of the
// most specific level that has any replace those of the other levels; rules with desconto_extra
// are added on top from every level. tipo_pessoa filters before anything else.
import type { PaymentRuleData } from './types.ts';

export type RuleLevel = 'contract' | 'customer' | 'service' | 'tenant';

export const LEVEL_PRECEDENCE: readonly RuleLevel[] = ['contract', 'customer', 'service', 'tenant'];

export interface RuleCandidates {
  level: RuleLevel;
  rules: PaymentRuleData[];
}

export function appliesToPerson(rule: PaymentRuleData, customerIsAssociate: boolean): boolean {
  return rule.tipo_pessoa === 'S' || (rule.tipo_pessoa === 'A') === customerIsAssociate;
}

/**
 * The rules to evaluate, in application order: winning non-extra discounts, winning non-extra
 * surcharges, then the extra rules from the most to the least specific level. A rule attached at
 * several levels (same id) appears once.
 */
export function selectApplicableRules(candidates: readonly RuleCandidates[], customerIsAssociate: boolean): PaymentRuleData[] {
  const byLevel = LEVEL_PRECEDENCE.map((level) =>
    candidates
      .filter((c) => c.level === level)
      .flatMap((c) => c.rules)
      .filter((r) => appliesToPerson(r, customerIsAssociate)),
  );
  const winners = (direction: 'A' | 'D'): PaymentRuleData[] => {
    for (const rules of byLevel) {
      const base = rules.filter((r) => r.acrescimo_desconto === direction && !r.desconto_extra);
      if (base.length > 0) return base;
    }
    return [];
  };
  const extras = byLevel.flatMap((rules) => rules.filter((r) => r.desconto_extra));
  const seen = new Set<string>();
  const result: PaymentRuleData[] = [];
  for (const r of [...winners('D'), ...winners('A'), ...extras]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    result.push(r);
  }
  return result;
}
