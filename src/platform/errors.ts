// Errors are typed values with a stable snake_case code. The HTTP status of each code lives in one
// table (httpStatusFor) so that domain code never speaks HTTP.

export interface ErrorDetail {
  field?: string;
  issue: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Extra machine-readable data for the client (e.g. the allowed actions of a state machine). */
  readonly meta?: Record<string, unknown>;

  constructor(code: string, message: string, details: ErrorDetail[] = [], meta?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    this.meta = meta;
  }
}

/** Shorthand for the most common case: one bad field. */
export function invalidField(field: string, issue: string, code = 'validation_failed'): DomainError {
  return new DomainError(code, `Invalid value for ${field}: ${issue}`, [{ field, issue }]);
}

export function notFound(resource: string): DomainError {
  return new DomainError('not_found', `${resource} not found`);
}

const STATUS_BY_CODE: Record<string, number> = {
  validation_failed: 400,
  invalid_json: 400,
  invalid_document: 400,
  invalid_filter: 400,
  invalid_sort: 400,
  invalid_cursor: 400,
  invalid_request: 400,
  invalid_url: 400,
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
};

export function httpStatusFor(code: string): number {
  return STATUS_BY_CODE[code] ?? (code.startsWith('invalid_') ? 400 : 400);
}
