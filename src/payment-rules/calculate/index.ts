// Public surface of the amount-due engine.
export type {
  AmountDueBreakdown,
  ChargeForCalculation,
  LateChargePolicy,
  PaymentRuleData,
  RuleAmount,
} from './types.ts';
export { computeAmountDue, computeTotalDue, CONSUMER_FINE_CAP_RATE } from './compute.ts';
export { compileLatePolicy, compileRules, type CompiledLatePolicy, type CompiledRules } from './compile.ts';
export { describeRulesInWords, type DescribeOptions } from './describe.ts';
export { LEVEL_PRECEDENCE, selectApplicableRules, type RuleCandidates, type RuleLevel } from './select.ts';
export { validateLatePolicy, validateRule } from './validate.ts';
export { formatBRL, formatPercent } from './format.ts';
