// Conflicts of boletos and bank files. They use the platform's 409 code `conflict` and say which
// conflict in `reason` (a stable snake_case value, rendered as error.reason in the envelope).
import { DomainError, type ErrorDetail } from '../platform/errors.ts';

export type BoletoConflict =
  | 'no_collection_account'
  | 'collection_account_inactive'
  | 'collection_account_in_use'
  | 'duplicate_collection_account'
  | 'default_collection_account'
  | 'charge_cancelled'
  | 'charge_paid'
  | 'charge_not_payable_by_boleto'
  | 'payer_incomplete'
  | 'nosso_numero_exhausted'
  | 'amount_out_of_range'
  | 'no_pix_key'
  | 'nothing_to_remit'
  | 'boleto_not_cancellable';

export function conflict(reason: BoletoConflict, message: string, details: ErrorDetail[] = [], meta: Record<string, unknown> = {}): DomainError {
  return new DomainError('conflict', message, details, { reason, ...meta });
}
