// What other capabilities (billing, imports) may call.
export { freezeUsage, freezeUsageInBulk, unfreezeUsage, usageTotalsForPeriod, type FreezeInput } from './billing-marker.ts';
export { prepareUsage, type PreparedUsage, type UsageError } from './prepare-usage.ts';
export { writePreparedUsage, createUsageBatch, iterateUsage, usageErrors } from './usage.ts';
export type { UsageDraft } from './normalize-usage.ts';
