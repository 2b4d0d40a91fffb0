// The canonical input schemas (types, lengths, formats, no unknown fields) applied to data that did
// not arrive through /v1's own request validation: the compatibility dialects map their bodies to
// these shapes and check them here, so the same limits hold whatever the entry point.
import type { Static, TSchema } from 'typebox';
import { DomainError } from '../platform/errors.ts';
import { validationDetails } from '../platform/http/api-error.ts';
import { validatorCompiler } from '../platform/http/validation.ts';
import { AddressInput, CustomerCreate, CustomerPatch, EmailInput } from './schemas.ts';

type Check<T> = (input: unknown) => T;

function checker<S extends TSchema>(schema: S): Check<Static<S>> {
  const validate = validatorCompiler({ schema, httpPart: 'body' }) as ((v: unknown) => boolean) & { errors?: unknown[] | null };
  return (input) => {
    if (!validate(input)) {
      const details = validationDetails((validate.errors ?? []) as Parameters<typeof validationDetails>[0], 'body');
      throw new DomainError(
        'validation_failed',
        'The customer is invalid: ' + details.map((d) => `${d.field} ${d.issue}`).join('; '),
        details,
      );
    }
    return input as Static<S>;
  };
}

export const checkCustomerCreate = checker(CustomerCreate);
export const checkCustomerPatch = checker(CustomerPatch);
export const checkAddressInput = checker(AddressInput);
export const checkEmailInput = checker(EmailInput);
