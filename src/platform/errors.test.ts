// Error codes are a closed set with their HTTP status in one table: a code that is not in the table
// does not compile (the @ts-expect-error lines below fail `npm run typecheck` if it ever does).
import { describe, expect, it } from 'vitest';
import { DomainError, httpStatusFor, invalidField, isErrorCode } from './errors.ts';

describe('error codes', () => {
  it('each code has its status; the OAuth codes are RFC 6749 statuses', () => {
    expect(httpStatusFor('validation_failed')).toBe(400);
    expect(httpStatusFor('unauthorized')).toBe(401);
    expect(httpStatusFor('invalid_client')).toBe(401);
    expect(httpStatusFor('invalid_grant')).toBe(400);
    expect(httpStatusFor('not_found')).toBe(404);
    expect(httpStatusFor('customer_has_history')).toBe(409);
    expect(httpStatusFor('unprocessable')).toBe(422);
    expect(httpStatusFor('internal_error')).toBe(500);
  });

  it('a code outside the table is not one (and does not compile as one)', () => {
    expect(isErrorCode('made_up_code')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('frozen')).toBe(true);
    // @ts-expect-error: not an ErrorCode
    expect(() => new DomainError('made_up_code', 'x')).not.toThrow();
    // @ts-expect-error: not an ErrorCode
    expect(invalidField('x', 'y', 'invalid_whatever').details).toEqual([{ field: 'x', issue: 'y' }]);
  });
});
