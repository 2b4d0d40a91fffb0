// Sicredi (748): nosso número (9) = year of issue (2) + byte (1; 2..9 = numbered by the beneficiary)
// + sequence (5) + DV, DV = mod 11 (2..9, >9 → 0) over cooperativa(4) posto(2) beneficiary(5) + the 8 digits.
// free = carteira/tipo de cobrança(1: 1 = com registro, 3 = sem registro) '1' (carteira simples)
//        NN(9) cooperativa(4) posto(2) beneficiary(5) valueFlag(1: 1 if an amount is printed) '0' DV(1).

import type { ErrorDetail } from '../../platform/errors.ts';
import { DomainError } from '../../platform/errors.ts';
import { mod11ZeroOnHigh } from '../checkDigits.ts';
import { dayNumber } from '../dueDateFactor.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export const sicredi: BankLayout = {
  code: '748',
  name: 'Sicredi',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'post', account.post, 2);
    checkDigits(issues, 'beneficiaryCode', account.beneficiaryCode, 5);
    if (!['1', '3'].includes(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_1_or_3' });
    if (account.byteIdt !== undefined && !/^[2-9]$/.test(account.byteIdt)) issues.push({ field: 'byteIdt', issue: 'must_be_2_to_9' });
    return issues;
  },

  maxSequence: () => 99_999,

  numbers({ account, sequence, issueDate, amountCents }) {
    if (!issueDate) {
      throw new DomainError('validation_failed', 'Sicredi needs the issue date (its nosso número starts with the year)', [
        { field: 'issueDate', issue: 'required' },
      ]);
    }
    dayNumber(issueDate, 'issueDate');
    const beneficiary = pad(account.agency, 4) + pad(account.post, 2) + pad(account.beneficiaryCode, 5);
    const nn8 = issueDate.slice(2, 4) + (account.byteIdt ?? '2') + padSequence(sequence, 5);
    const dv = mod11ZeroOnHigh(beneficiary + nn8);
    const free24 = account.carteira + '1' + nn8 + dv + beneficiary + (amountCents > 0 ? '1' : '0') + '0';
    return { nossoNumero: `${nn8.slice(0, 2)}/${nn8.slice(2)}-${dv}`, freeField: free24 + mod11ZeroOnHigh(free24) };
  },
};
