import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, isEncryptedSecret, requireSecretKey, secretKeyFromEnv } from './secrets.ts';

const key = randomBytes(32);

describe('encryptSecret / decryptSecret', () => {
  it('round-trips text, including non-ASCII and the empty string', () => {
    for (const plain of ['s3nha!', 'pão de açúcar ✓', '', 'x'.repeat(10_000)]) {
      const enc = encryptSecret(plain, key);
      expect(enc).toMatch(/^v1:[^:]+:[^:]+:[^:]*$/);
      expect(isEncryptedSecret(enc)).toBe(true);
      expect(enc).not.toContain(plain || '\u0000');
      expect(decryptSecret(enc, key)).toBe(plain);
    }
  });

  it('draws a new IV each time: the same secret encrypts to different texts', () => {
    const a = encryptSecret('same', key);
    const b = encryptSecret('same', key);
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
    expect(Buffer.from(a.split(':')[1], 'base64')).toHaveLength(12);
  });

  it('refuses a wrong key', () => {
    const enc = encryptSecret('secret', key);
    expect(() => decryptSecret(enc, randomBytes(32))).toThrow(/wrong key or altered text/);
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const enc = encryptSecret('a secret long enough', key);
    const [v, iv, tag, data] = enc.split(':');
    const flip = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      b[0] ^= 1;
      return b.toString('base64');
    };
    expect(() => decryptSecret([v, iv, tag, flip(data)].join(':'), key)).toThrow(/wrong key or altered text/);
    expect(() => decryptSecret([v, iv, flip(tag), data].join(':'), key)).toThrow(/wrong key or altered text/);
    expect(() => decryptSecret([v, flip(iv), tag, data].join(':'), key)).toThrow(/wrong key or altered text/);
  });

  it('refuses text that is not an encrypted secret', () => {
    expect(() => decryptSecret('plain password', key)).toThrow(/not an encrypted secret/);
    expect(() => decryptSecret('v2:a:b:c', key)).toThrow(/not an encrypted secret/);
    expect(() => decryptSecret('v1:AAAA:AAAA:AAAA', key)).toThrow(/damaged/);
    expect(isEncryptedSecret('plain password')).toBe(false);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => encryptSecret('x', randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('COBRE_SECRET_KEY', () => {
  it('accepts base64 (standard, URL-safe, unpadded) and 64 hex characters', () => {
    const raw = randomBytes(32);
    expect(secretKeyFromEnv({ COBRE_SECRET_KEY: raw.toString('base64') })).toEqual(raw);
    expect(secretKeyFromEnv({ COBRE_SECRET_KEY: raw.toString('base64url') })).toEqual(raw);
    expect(secretKeyFromEnv({ COBRE_SECRET_KEY: raw.toString('base64').replace(/=+$/, '') })).toEqual(raw);
    expect(secretKeyFromEnv({ COBRE_SECRET_KEY: raw.toString('hex') })).toEqual(raw);
    expect(secretKeyFromEnv({ COBRE_SECRET_KEY: raw.toString('hex').toUpperCase() })).toEqual(raw);
    expect(secretKeyFromEnv({ COBRE_SECRET_KEY: `  ${raw.toString('base64')}\n` })).toEqual(raw);
  });

  it('a key from the environment encrypts and decrypts', () => {
    const env = { COBRE_SECRET_KEY: randomBytes(32).toString('base64') };
    const k = requireSecretKey(env);
    expect(decryptSecret(encryptSecret('tok', k), k)).toBe('tok');
  });

  it('is null when unset or empty', () => {
    expect(secretKeyFromEnv({})).toBeNull();
    expect(secretKeyFromEnv({ COBRE_SECRET_KEY: '' })).toBeNull();
  });

  it('throws on a malformed value, naming the variable', () => {
    for (const bad of [
      'not a key',
      randomBytes(16).toString('base64'), // 16 bytes
      randomBytes(33).toString('base64'), // 33 bytes
      randomBytes(31).toString('hex'), // 62 hex chars
      'g'.repeat(64),
    ]) {
      expect(() => secretKeyFromEnv({ COBRE_SECRET_KEY: bad })).toThrow(/COBRE_SECRET_KEY is malformed/);
    }
  });

  it('requireSecretKey throws a clear error when unset', () => {
    expect(() => requireSecretKey({})).toThrow(/^COBRE_SECRET_KEY is not set: /);
  });
});
