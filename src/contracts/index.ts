// What other capabilities (billing, usage, imports) may call.
export { resolveContractItem, type ContractItemRef, type ResolvedContractItem } from './resolve-item.ts';
export { loadContractSnapshot, listBillableContractIds } from './snapshot.ts';
export { allowedActions, nextStatus, CONTRACT_ACTIONS, CONTRACT_STATUSES, TRANSITIONS } from './state-machine.ts';
