// Secrets stored encrypted at rest (a tenant's SMTP password, SMS and WhatsApp tokens): AES-256-GCM
// under one key from the environment, so a copy of the database alone does not give them away.
//
// COBRE_SECRET_KEY holds 32 random bytes, written either
//   - as base64 (44 characters, standard or URL-safe alphabet, padding optional):
//       openssl rand -base64 32
//       node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"
//   - or as 64 hexadecimal characters:  openssl rand -hex 32
//
// The stored text is versioned: v1:<base64 iv>:<base64 tag>:<base64 ciphertext>, with a random
// 12-byte IV per encryption and GCM's 16-byte tag, so a tampered text or a wrong key is refused
// rather than decrypted into garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SECRET_KEY_ENV = 'COBRE_SECRET_KEY';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Parses a key written as 64 hex characters or as base64 of 32 bytes; null when it is neither. */
function parseKey(text: string): Buffer | null {
  const t = text.trim();
  if (HEX_KEY.test(t)) return Buffer.from(t, 'hex');
  if (!BASE64_KEY.test(t)) return null;
  const bytes = Buffer.from(t.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
  return bytes.length === KEY_BYTES ? bytes : null;
}

/**
 * The key from COBRE_SECRET_KEY, or null when the variable is not set (or empty). A value that is
 * set but is not 32 bytes in base64 or 64 hex characters throws, naming the variable.
 */
export function secretKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const raw = env[SECRET_KEY_ENV];
  if (raw === undefined || raw.trim() === '') return null;
  const key = parseKey(raw);
  if (!key) {
    throw new Error(
      `${SECRET_KEY_ENV} is malformed: it must be 32 random bytes written as base64 (44 characters) ` +
        `or as 64 hexadecimal characters; generate one with: openssl rand -base64 32`,
    );
  }
  return key;
}

/** The key from COBRE_SECRET_KEY; throws when it is not set (or malformed). */
export function requireSecretKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const key = secretKeyFromEnv(env);
  if (!key) {
    throw new Error(
      `${SECRET_KEY_ENV} is not set: secrets (SMTP passwords, SMS and WhatsApp tokens) are stored encrypted ` +
        `and need a 32-byte key; generate one with: openssl rand -base64 32`,
    );
  }
  return key;
}

function checkKey(key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new Error(`secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return key;
}

/** Encrypts `plain` with AES-256-GCM; the key defaults to COBRE_SECRET_KEY. */
export function encryptSecret(plain: string, key: Buffer = requireSecretKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', checkKey(key), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

/** Whether `text` looks like the output of encryptSecret (it does not check the key or the tag). */
export function isEncryptedSecret(text: string): boolean {
  return /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/.test(text);
}

/**
 * Decrypts a text made by encryptSecret. Throws a readable Error when the text is not in that
 * format, when the key is missing, or when the key is wrong or the text was altered (GCM tag check).
 */
export function decryptSecret(text: string, key?: Buffer): string {
  const parts = text.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new Error(`cannot decrypt secret: not an encrypted secret (expected "${VERSION}:<iv>:<tag>:<ciphertext>")`);
  }
  const [, ivB64, tagB64, dataB64] = parts;
  const iv = Buffer.from(ivB64, 'base64');
  const tag = Buffer.from(tagB64, 'base64');
  const data = Buffer.from(dataB64, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new Error('cannot decrypt secret: the stored text is damaged (bad IV or tag length)');
  }
  const k = checkKey(key ?? requireSecretKey());
  try {
    const decipher = createDecipheriv('aes-256-gcm', k, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`cannot decrypt secret: wrong key or altered text (was ${SECRET_KEY_ENV} changed since the secret was saved?)`);
  }
}
