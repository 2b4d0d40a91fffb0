import { describe, expect, it } from 'vitest';
import { validatePixKey } from './pixKey.ts';

describe('validatePixKey', () => {
  it('recognizes and canonicalizes each key type', () => {
    // CPF 529.982.247-25 and CNPJ 54.550.752/0001-55 are the valid examples of cpf-cnpj-validator's docs (dist/index.d.ts).
    expect(validatePixKey('529.982.247-25')).toEqual({ type: 'cpf', value: '52998224725' });
    expect(validatePixKey('54.550.752/0001-55')).toEqual({ type: 'cnpj', value: '54550752000155' });
    expect(validatePixKey(' Fulano@Example.COM ')).toEqual({ type: 'email', value: 'fulano@example.com' });
    expect(validatePixKey('+55 (11) 94321-4321')).toEqual({ type: 'phone', value: '+5511943214321' });
    expect(validatePixKey('+556133334444')).toEqual({ type: 'phone', value: '+556133334444' });
    expect(validatePixKey('123E4567-E12B-12D1-A456-426655440000')).toEqual({ type: 'evp', value: '123e4567-e12b-12d1-a456-426655440000' });
  });

  it('refuses everything else with validation_failed and a reason', () => {
    const issue = (key: string) => {
      try {
        validatePixKey(key);
        return 'none';
      } catch (e) {
        expect(e).toMatchObject({ code: 'validation_failed' });
        return (e as { details: { field: string; issue: string }[] }).details[0].issue;
      }
    };
    expect(issue('529.982.247-26')).toBe('invalid_cpf');
    expect(issue('00000000000')).toBe('invalid_cpf');
    expect(issue('54.550.752/0001-56')).toBe('invalid_cnpj');
    expect(issue('fulano@')).toBe('invalid_email');
    expect(issue('a'.repeat(70) + '@example.com')).toBe('invalid_email');
    expect(issue('+1 202 555 0100')).toBe('invalid_phone');
    expect(issue('+55 11 4321')).toBe('invalid_phone');
    expect(issue('123e4567e12b12d1a456426655440000')).toBe('unrecognized_key');
    expect(issue('')).toBe('empty');
  });
});
