// What other capabilities (billing, usage, imports) may call.
export { resolveContractItem, type ContractItemRef, type ResolvedContractItem } from './resolve-item.ts';
