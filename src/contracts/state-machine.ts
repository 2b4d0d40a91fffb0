// The contract state machine as a pure table: which action moves a contract from which status to
// which. Every endpoint POST /v1/contracts/{id}/<action> goes through nextStatus; an action not in
// the table for the current status is a 409 invalid_state_transition listing the allowed actions.
import { DomainError } from '../platform/errors.ts';

export const CONTRACT_STATUSES = ['pending', 'active', 'inactive', 'suspended', 'cancelled'] as const;
export type ContractStatusName = (typeof CONTRACT_STATUSES)[number];

export const CONTRACT_ACTIONS = ['activate', 'deactivate', 'suspend', 'resume', 'cancel'] as const;
export type ContractAction = (typeof CONTRACT_ACTIONS)[number];

export const TRANSITIONS: Readonly<Record<ContractStatusName, Readonly<Partial<Record<ContractAction, ContractStatusName>>>>> =
  Object.freeze({
    pending: { activate: 'active', cancel: 'cancelled' },
    active: { deactivate: 'inactive', suspend: 'suspended', cancel: 'cancelled' },
    inactive: { activate: 'active', cancel: 'cancelled' },
    suspended: { resume: 'active', cancel: 'cancelled' },
    cancelled: {},
  });

/** The actions allowed from a status, in the order of CONTRACT_ACTIONS. */
export function allowedActions(status: ContractStatusName): ContractAction[] {
  return CONTRACT_ACTIONS.filter((a) => TRANSITIONS[status]?.[a] !== undefined);
}

/** The status an action leads to, or a 409 invalid_state_transition naming the allowed actions. */
export function nextStatus(status: ContractStatusName, action: ContractAction): ContractStatusName {
  const to = TRANSITIONS[status]?.[action];
  if (to === undefined) {
    const allowed = allowedActions(status);
    throw new DomainError(
      'invalid_state_transition',
      `Cannot ${action} a contract that is ${status}` +
        (allowed.length ? `; allowed: ${allowed.join(', ')}` : '; a cancelled contract is final'),
      [{ field: 'status', issue: `${action} is not allowed from ${status}` }],
      { current_status: status, allowed_actions: allowed },
    );
  }
  return to;
}
