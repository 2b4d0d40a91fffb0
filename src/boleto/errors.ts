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
  | 'movement_not_offered'
  | 'boleto_not_at_bank'
  | 'nothing_to_stop'
  | 'nothing_to_remit'
  | 'boleto_not_cancellable';

export function conflict(
  reason: BoletoConflict,
  message: string,
  details: ErrorDetail[] = [],
  meta: Record<string, unknown> = {},
): DomainError {
  return new DomainError('conflict', message, details, { reason, ...meta });
}

/**
 * 409 `charge_not_payable`: a paid or cancelled charge offers no boleto (its receipt instead:
 * GET /v1/charges/{id}/receipt.pdf). `reason` and the detail say which: `paid` or `cancelled`.
 */
export function chargeNotPayable(charge: { id: string; number: number | string; status: string }): DomainError {
  const reason = charge.status === 'cancelled' ? 'cancelled' : 'paid';
  const message =
    reason === 'paid'
      ? `Charge #${charge.number} is paid: it has no boleto to print; print its receipt (GET /v1/charges/${charge.id}/receipt.pdf)`
      : `Charge #${charge.number} is cancelled: it has no boleto to print`;
  return new DomainError('charge_not_payable', message, [{ field: 'status', issue: reason }], {
    reason,
    charge_id: charge.id,
    status: charge.status,
    ...(reason === 'paid' ? { receipt_url: `/v1/charges/${charge.id}/receipt.pdf` } : {}),
  });
}
