import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { matchesEventType, normalizeEventTypes, PING_EVENT_TYPE } from './event-types.ts';
import { normalizeWebhookUrl } from './url.ts';
import { newWebhookSecret, signatureHeader, verifySignature } from './signature.ts';
import { retryDelaySeconds } from './send.ts';
import { EventHorizon } from './dispatch.ts';
import type { Db } from '../platform/db/types.ts';

describe('event type patterns', () => {
  it('matches exact types, prefixes and *', () => {
    expect(matchesEventType(['*'], 'charge.paid')).toBe(true);
    expect(matchesEventType(['customer.*'], 'customer.created')).toBe(true);
    expect(matchesEventType(['customer.*'], 'customer_group.created')).toBe(false);
    expect(matchesEventType(['customer.*'], 'customer')).toBe(false);
    expect(matchesEventType(['charge.paid'], 'charge.paid')).toBe(true);
    expect(matchesEventType(['charge.paid'], 'charge.partially_paid')).toBe(false);
    expect(matchesEventType(['*', 'webhook.*'], PING_EVENT_TYPE)).toBe(false);
  });
  it('normalizes and refuses malformed patterns', () => {
    expect(normalizeEventTypes([' Customer.* ', 'customer.*', 'charge.paid'])).toEqual(['customer.*', 'charge.paid']);
    for (const bad of ['', 'customer.', '*.created', 'customer.*.x', 'a b', 'customer**']) {
      expect(() => normalizeEventTypes([bad]), bad).toThrow(/Invalid event type/);
    }
  });
});

describe('webhook URLs', () => {
  it('accepts http(s) and refuses other schemes, credentials and fragments', () => {
    expect(normalizeWebhookUrl(' https://example.com/hooks?x=1 ')).toBe('https://example.com/hooks?x=1');
    expect(normalizeWebhookUrl('http://127.0.0.1:8080/h')).toBe('http://127.0.0.1:8080/h');
    expect(() => normalizeWebhookUrl('ftp://example.com/')).toThrow(/https/);
    expect(() => normalizeWebhookUrl('https://user:pw@example.com/')).toThrow(/credentials/);
    expect(() => normalizeWebhookUrl('https://user@example.com/')).toThrow(/credentials/);
    expect(() => normalizeWebhookUrl('/relative')).toThrow(/absolute/);
    expect(() => normalizeWebhookUrl('https://example.com/#frag')).toThrow(/fragment/);
  });
});

describe('signature', () => {
  it('is the hex HMAC-SHA256 of "timestamp.body", one v1= per secret, verified in constant time', () => {
    const secret = newWebhookSecret();
    const other = newWebhookSecret();
    const body = '{"id":"x","type":"charge.paid"}';
    const header = signatureHeader([secret, other], 1_800_000_000, body);
    const expected = createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex');
    expect(header.split(' ')[0]).toBe(`v1=${expected}`);
    const ok = (s: string, b = body, ts = '1800000000') =>
      verifySignature(s, { timestamp: ts, signature: header }, b, { nowSeconds: 1_800_000_010 });
    expect(ok(secret)).toBe(true);
    expect(ok(other)).toBe(true);
    expect(ok(newWebhookSecret())).toBe(false);
    expect(ok(secret, body + ' ')).toBe(false);
    expect(verifySignature(secret, { timestamp: '1800000000', signature: header }, body, { nowSeconds: 1_800_001_000 })).toBe(false); // too old
  });
});

describe('retry schedule', () => {
  it('doubles from 30 s and caps at one hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 30].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });
});

describe('event horizon', () => {
  /** A database whose sequence head and event writers are scripted. */
  function fakeDb(script: { seq: number; writers: string[] }[]): Db {
    let step = 0;
    return {
      async query(sql: string) {
        const s = script[Math.min(step, script.length - 1)];
        if (sql.includes('pg_sequence_last_value')) return { rows: [{ l: s.seq }], rowCount: 1 };
        step++;
        return { rows: s.writers.map((vxid) => ({ vxid })), rowCount: s.writers.length };
      },
    } as unknown as Db;
  }

  it('reads up to a sequence head only once every transaction writing events at that time has ended', async () => {
    const db = fakeDb([
      { seq: 10, writers: [] }, // nobody writing: 10 is safe at once
      { seq: 15, writers: ['3/7'] }, // 3/7 may hold seq 11..15
      { seq: 20, writers: ['3/7', '4/2'] }, // still running
      { seq: 22, writers: ['4/2'] }, // 3/7 ended: 15 is safe, 20 waits for 4/2
      { seq: 22, writers: [] }, // all ended
    ]);
    const h = new EventHorizon();
    expect(await h.advance(db)).toBe(10);
    expect(await h.advance(db)).toBe(10);
    expect(await h.advance(db)).toBe(10);
    expect(await h.advance(db)).toBe(15);
    expect(await h.advance(db)).toBe(22);
  });
});
