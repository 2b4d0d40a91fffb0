import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import { hashPassword, validatePassword, verifyPassword } from './customer-password.ts';

describe('customer password hashing (scrypt)', () => {
  it('hashes with a random salt into a self-describing string and verifies only the right password', async () => {
    const a = await hashPassword('senha_exemplo');
    const b = await hashPassword('senha_exemplo');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('senha_exemplo');
    expect(await verifyPassword('senha_exemplo', a)).toBe(true);
    expect(await verifyPassword('senha_exemplo', b)).toBe(true);
    expect(await verifyPassword('senha_exemplO', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats composed and decomposed Unicode the same (NFC)', async () => {
    const h = await hashPassword('coração123');
    expect(await verifyPassword('corac\u0327a\u0303o123', h)).toBe(true);
  });

  it('rejects malformed stored hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$1$2$3', 'bcrypt$16384$8$1$AAAA$BBBB', 'scrypt$x$8$1$AAAA$BBBB', 'scrypt$16384$8$1$AAAA$']) {
      expect(await verifyPassword('whatever', bad)).toBe(false);
    }
  });

  it('enforces 8..128 characters, not only spaces', () => {
    expect(() => validatePassword('1234567')).toThrow(DomainError);
    expect(() => validatePassword('        ')).toThrow(DomainError);
    expect(() => validatePassword('x'.repeat(129))).toThrow(DomainError);
    expect(() => validatePassword('12345678')).not.toThrow();
    expect(() => validatePassword('x'.repeat(128))).not.toThrow();
    try {
      validatePassword('curta');
    } catch (e) {
      expect((e as DomainError).details).toEqual([{ field: 'password', issue: 'must have 8 to 128 characters' }]);
    }
  });
});
