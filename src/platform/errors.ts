// Errors are typed values with a stable snake_case code. The HTTP status of each code lives in one
// table (httpStatusFor) so that domain code never speaks HTTP.

export interface ErrorDetail {
  field?: string;
  issue: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** Extra machine-readable data for the client (e.g. the allowed actions of a state machine). */
  readonly meta?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], meta?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    this.meta = meta;
  }
}

/** Shorthand for the most common case: one bad field. */
export function invalidField(field: string, issue: string, code: ErrorCode = 'validation_failed'): DomainError {
  return new DomainError(code, `Invalid value for ${field}: ${issue}`, [{ field, issue }]);
}

export function notFound(resource: string): DomainError {
  return new DomainError('not_found', `${resource} not found`);
}

/** Every error code the API answers with, and its HTTP status: the one table (a new code is added here). */
const STATUS_BY_CODE = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_document: 400,
  invalid_filter: 400,
  invalid_sort: 400,
  invalid_cursor: 400,
  invalid_request: 400,
  invalid_url: 400,
  invalid_token: 400,
  invalid_file: 400,
  empty_file: 400,
  invalid_header: 400,
  invalid_encoding: 400,
  sheet_not_found: 400,
  invalid_return_file: 400,
  invalid_boleto: 400,
  unsupported_boleto: 400,
  invalid_pix: 400,
  amount_out_of_range: 400,
  payer_incomplete: 400,
  ambiguous_contract_item: 400,
  unauthorized: 401,
  invalid_client: 401,
  // OAuth 2.0 (RFC 6749 §5.2): the token endpoint's own codes.
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  request_timeout: 408,
  conflict: 409,
  duplicate_document: 409,
  duplicate_external_code: 409,
  duplicate_external_id: 409,
  in_use: 409,
  customer_has_history: 409,
  customer_inactive: 409,
  charge_cancelled: 409,
  charge_not_payable: 409,
  charge_has_no_payments: 409,
  nothing_to_print: 409,
  invalid_state_transition: 409,
  frozen: 409,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  too_many_rows: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unsupported_format: 415,
  idempotency_key_reused: 422,
  unprocessable: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(STATUS_BY_CODE, code);
}

export function httpStatusFor(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}
