import { describe, expect, it } from 'vitest';
import { phoneToE164Digits } from './phone.ts';

describe('phoneToE164Digits', () => {
  it('Brazilian numbers as people write them', () => {
    expect(phoneToE164Digits('(11) 98765-4321', 'BR')).toBe('5511987654321');
    expect(phoneToE164Digits('11987654321', 'BR')).toBe('5511987654321');
    expect(phoneToE164Digits('11 3456-7890', 'BR')).toBe('551134567890'); // landline, 8 digits
    expect(phoneToE164Digits('(011) 98765-4321', 'BR')).toBe('5511987654321'); // trunk prefix
    expect(phoneToE164Digits('0 21 11 98765-4321', 'BR')).toBe('5511987654321'); // carrier code 21
    expect(phoneToE164Digits('0xx21 2345-6789', 'BR')).toBe('552123456789');
    expect(phoneToE164Digits('(0xx11) 98765-4321', 'BR')).toBe('5511987654321');
    expect(phoneToE164Digits('55 11 98765-4321', 'BR')).toBe('5511987654321'); // already has 55
    expect(phoneToE164Digits('+55 (11) 98765-4321', 'BR')).toBe('5511987654321');
    expect(phoneToE164Digits('+55 11 98765-4321', 'PT')).toBe('5511987654321'); // "+" wins over country
    expect(phoneToE164Digits('br', 'br')).toBeNull();
    expect(phoneToE164Digits('(11) 98765-4321', 'br')).toBe('5511987654321');
  });

  it('refuses Brazilian numbers of the wrong shape', () => {
    expect(phoneToE164Digits('98765-4321', 'BR')).toBeNull(); // no area code
    expect(phoneToE164Digits('(11) 88765-4321', 'BR')).toBeNull(); // 9 digits not starting with 9
    expect(phoneToE164Digits('(20) 98765-4321', 'BR')).toBeNull(); // no area code 20
    expect(phoneToE164Digits('(10) 98765-4321', 'BR')).toBeNull(); // no area code 10
    expect(phoneToE164Digits('+55 11 8765', 'BR')).toBeNull();
    expect(phoneToE164Digits('11 1234-5678', 'BR')).toBeNull(); // landlines start with 2..8
  });

  it('Portuguese numbers', () => {
    expect(phoneToE164Digits('+351 912 345 678', 'PT')).toBe('351912345678');
    expect(phoneToE164Digits('912 345 678', 'PT')).toBe('351912345678');
    expect(phoneToE164Digits('21 123 4567', 'PT')).toBe('351211234567');
    expect(phoneToE164Digits('00351 912345678', 'BR')).toBe('351912345678');
    expect(phoneToE164Digits('351912345678', 'PT')).toBe('351912345678');
    expect(phoneToE164Digits('91234567', 'PT')).toBeNull();
    expect(phoneToE164Digits('+351 12 345 678', 'PT')).toBeNull();
  });

  it('other countries: international form only', () => {
    expect(phoneToE164Digits('+1 (415) 555-0100', 'US')).toBe('14155550100');
    expect(phoneToE164Digits('+44 20 7946 0958', 'BR')).toBe('442079460958');
    expect(phoneToE164Digits('(415) 555-0100', 'US')).toBeNull();
    expect(phoneToE164Digits('+1234567890123456', 'US')).toBeNull(); // longer than E.164 allows
    expect(phoneToE164Digits('+123', 'US')).toBeNull();
  });

  it('refuses what is not a phone number', () => {
    expect(phoneToE164Digits('', 'BR')).toBeNull();
    expect(phoneToE164Digits('   ', 'BR')).toBeNull();
    expect(phoneToE164Digits('call me', 'BR')).toBeNull();
    expect(phoneToE164Digits('11 9876A-4321', 'BR')).toBeNull();
    expect(phoneToE164Digits('+-', 'BR')).toBeNull();
  });
});
