// Pix keys ("chaves"): CPF, CNPJ, e-mail, phone (+55…) or random EVP (UUID). Returns the key in the
// canonical form the DICT stores (digits only, lowercase e-mail/UUID, E.164 phone).

import { cnpj, cpf } from 'cpf-cnpj-validator';
import { DomainError } from '../platform/errors.ts';

export type PixKeyType = 'cpf' | 'cnpj' | 'email' | 'phone' | 'evp';

const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// The DICT accepts e-mails of up to 77 characters.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const PHONE = /^\+55[1-9]{2}9?\d{8}$/;

function invalid(issue: string): DomainError {
  return new DomainError('validation_failed', `invalid Pix key: ${issue.replace(/_/g, ' ')}`, [{ field: 'key', issue }]);
}

export function validatePixKey(key: string): { type: PixKeyType; value: string } {
  if (typeof key !== 'string') throw invalid('not_a_string');
  const trimmed = key.trim();
  if (trimmed === '') throw invalid('empty');

  if (trimmed.includes('@')) {
    const email = trimmed.toLowerCase();
    if (email.length > 77 || !EMAIL.test(email)) throw invalid('invalid_email');
    return { type: 'email', value: email };
  }
  if (trimmed.startsWith('+')) {
    const phone = '+' + trimmed.slice(1).replace(/[\s().-]/g, '');
    if (!PHONE.test(phone)) throw invalid('invalid_phone');
    return { type: 'phone', value: phone };
  }
  const lower = trimmed.toLowerCase();
  if (EVP.test(lower)) return { type: 'evp', value: lower };

  const compact = trimmed.replace(/[.\-/\s]/g, '').toUpperCase();
  if (/^\d{11}$/.test(compact)) {
    if (!cpf.isValid(compact)) throw invalid('invalid_cpf');
    return { type: 'cpf', value: compact };
  }
  if (/^[0-9A-Z]{12}\d{2}$/.test(compact)) {
    if (!cnpj.isValid(compact)) throw invalid('invalid_cnpj');
    return { type: 'cnpj', value: compact };
  }
  throw invalid('unrecognized_key');
}
