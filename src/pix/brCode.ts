// The Pix BR Code ("copia e cola"): EMV QRCPS merchant-presented payload as specified by the BCB
// "Manual de Padrões para Iniciação do Pix". Written here rather than taken from pix-utils because
// that library takes amounts as floats, counts field lengths without validating the alphabet, and
// its parser accepts malformed payloads (see docs/boleto-numbers.md, "PIX").

import { DomainError } from '../platform/errors.ts';
import { crc16CcittFalse } from './crc16.ts';
import { emvField, parseEmvFields, type EmvField } from './emv.ts';
import { validatePixKey } from './pixKey.ts';

const GUI = 'br.gov.bcb.pix';
export const MERCHANT_NAME_MAX = 25;
export const MERCHANT_CITY_MAX = 15;
export const TXID_MAX = 25;
/** Field 54 holds at most 13 characters: '9999999999.99'. */
export const MAX_PIX_AMOUNT_CENTS = 999_999_999_999;

export interface StaticPixInput {
  key: string;
  merchantName: string;
  merchantCity: string;
  amountCents?: number;
  txid?: string;
  description?: string;
}

export interface DynamicPixInput {
  /** Payload location without the scheme, e.g. 'pix.example.com/qr/v2/9d36b84f…'. */
  url: string;
  merchantName: string;
  merchantCity: string;
  amountCents?: number;
}

export interface ParsedPix {
  type: 'static' | 'dynamic';
  key?: string;
  url?: string;
  amountCents?: number;
  merchantName: string;
  merchantCity: string;
  txid?: string;
  description?: string;
}

function validation(field: string, issue: string, message: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, issue }]);
}

/** Accents removed, printable ASCII only (the BR Code alphabet), spaces collapsed. */
export function toPixText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Merchant name/city: normalized, uppercased and cut to the field's maximum. */
export function normalizeMerchantText(text: string, max: number, field: string): string {
  const normalized = toPixText(typeof text === 'string' ? text : '')
    .toUpperCase()
    .slice(0, max)
    .trimEnd();
  if (normalized === '') throw validation(field, 'required', `${field} is required`);
  return normalized;
}

function formatAmount(amountCents: number): string {
  if (!Number.isSafeInteger(amountCents) || amountCents < 1 || amountCents > MAX_PIX_AMOUNT_CENTS) {
    throw validation('amountCents', 'amount_out_of_range', 'amountCents must be whole cents from 0.01 to 9,999,999,999.99');
  }
  return `${Math.floor(amountCents / 100)}.${String(amountCents % 100).padStart(2, '0')}`;
}

function payload(fields: string[]): string {
  const body = fields.join('') + '6304';
  return body + crc16CcittFalse(body);
}

function commonTail(merchantName: string, merchantCity: string, amountCents: number | undefined, txid: string): string[] {
  return [
    emvField('52', '0000'),
    emvField('53', '986'),
    ...(amountCents === undefined ? [] : [emvField('54', formatAmount(amountCents))]),
    emvField('58', 'BR'),
    emvField('59', normalizeMerchantText(merchantName, MERCHANT_NAME_MAX, 'merchantName')),
    emvField('60', normalizeMerchantText(merchantCity, MERCHANT_CITY_MAX, 'merchantCity')),
    emvField('62', emvField('05', txid)),
  ];
}

export function buildStaticPix(input: StaticPixInput): string {
  const key = validatePixKey(input.key).value;
  const txid = input.txid ?? '***';
  if (txid !== '***' && !new RegExp(`^[A-Za-z0-9]{1,${TXID_MAX}}$`).test(txid)) {
    throw validation('txid', 'invalid_txid', 'txid must be 1 to 25 letters/digits (or *** for none)');
  }
  let account = emvField('00', GUI) + emvField('01', key);
  if (input.description !== undefined && input.description !== '') {
    const description = toPixText(input.description);
    // The whole merchant-account template (field 26) must fit 99 characters.
    if (description === '' || account.length + 4 + description.length > 99) {
      throw validation(
        'description',
        'too_long',
        `description can have at most ${Math.max(0, 99 - account.length - 4)} characters with this key`,
      );
    }
    account += emvField('02', description);
  }
  return payload([
    emvField('00', '01'),
    emvField('26', account),
    ...commonTail(input.merchantName, input.merchantCity, input.amountCents, txid),
  ]);
}

export function buildDynamicPix(input: DynamicPixInput): string {
  const url = typeof input.url === 'string' ? input.url.trim() : '';
  if (url === '' || /^[a-z]+:\/\//i.test(url) || !/^[\x21-\x7e]+$/.test(url) || url.length > 77) {
    throw validation('url', 'invalid_url', 'url must be the payload location without https://, at most 77 printable characters');
  }
  // 01 = 12: the code is for a single payment, as a dynamic charge is (BCB manual, dynamic example).
  return payload([
    emvField('00', '01'),
    emvField('01', '12'),
    emvField('26', emvField('00', GUI) + emvField('25', url)),
    ...commonTail(input.merchantName, input.merchantCity, input.amountCents, '***'),
  ]);
}

function invalidPix(issue: string, message: string): DomainError {
  return new DomainError('invalid_pix', message, [{ field: 'payload', issue }]);
}

function parseAmount(text: string): number {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw invalidPix('invalid_amount', 'field 54 (amount) is not a decimal amount');
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (cents === 0) throw invalidPix('invalid_amount', 'field 54 (amount) must be positive');
  return cents;
}

export function parsePix(text: string): ParsedPix {
  if (typeof text !== 'string') throw invalidPix('not_a_string', 'payload must be a string');
  const code = text.trim();
  if (!/^[\x20-\x7e]+$/.test(code)) throw invalidPix('invalid_characters', 'payload has characters outside printable ASCII');
  const crcMatch = /6304([0-9A-Fa-f]{4})$/.exec(code);
  if (!crcMatch) throw invalidPix('missing_crc', 'payload must end with the CRC field 6304XXXX');
  if (crc16CcittFalse(code.slice(0, -4)) !== crcMatch[1].toUpperCase()) throw invalidPix('crc_mismatch', 'CRC16 does not match');

  const fields = parseEmvFields(code);
  if (!fields) throw invalidPix('malformed', 'payload is not a well-formed sequence of EMV fields');
  if (fields[0]?.id !== '00' || fields[0].value !== '01') throw invalidPix('payload_format', 'payload must start with 000201');
  if (fields[fields.length - 1].id !== '63') throw invalidPix('crc_position', 'the CRC must be the last field');
  const byId = new Map<string, string>();
  for (const f of fields) {
    if (byId.has(f.id)) throw invalidPix('duplicate_field', `field ${f.id} appears twice`);
    byId.set(f.id, f.value);
  }

  // The Pix merchant account is whichever template 26..51 carries the GUI br.gov.bcb.pix.
  let account: EmvField[] | null = null;
  for (let id = 26; id <= 51 && !account; id++) {
    const sub = byId.has(String(id)) ? parseEmvFields(byId.get(String(id))!) : null;
    if (sub?.some((f) => f.id === '00' && f.value.toLowerCase() === GUI)) account = sub;
  }
  if (!account) throw invalidPix('missing_pix_account', 'no merchant account with GUI br.gov.bcb.pix');
  const sub = new Map(account.map((f) => [f.id, f.value]));

  const require = (id: string, name: string, expected?: string) => {
    const value = byId.get(id);
    if (value === undefined) throw invalidPix(`missing_${name}`, `field ${id} (${name}) is required`);
    if (expected !== undefined && value.toUpperCase() !== expected)
      throw invalidPix(`invalid_${name}`, `field ${id} (${name}) must be ${expected}`);
    return value;
  };
  require('52', 'merchant_category_code');
  require('53', 'currency', '986');
  require('58', 'country', 'BR');
  const merchantName = require('59', 'merchant_name');
  const merchantCity = require('60', 'merchant_city');
  if (merchantName.length > MERCHANT_NAME_MAX) throw invalidPix('merchant_name_too_long', 'merchant name longer than 25');
  if (merchantCity.length > MERCHANT_CITY_MAX) throw invalidPix('merchant_city_too_long', 'merchant city longer than 15');

  const key = sub.get('01');
  const url = sub.get('25');
  if ((key === undefined) === (url === undefined)) {
    throw invalidPix('ambiguous_type', 'the Pix account must have either a key (01) or a URL (25)');
  }
  let txid: string | undefined;
  if (byId.has('62')) {
    const additional = parseEmvFields(byId.get('62')!);
    if (!additional) throw invalidPix('malformed_additional_data', 'field 62 is malformed');
    txid = additional.find((f) => f.id === '05')?.value;
  }
  const amount = byId.get('54');
  const description = sub.get('02');
  return {
    type: key !== undefined ? 'static' : 'dynamic',
    ...(key !== undefined ? { key } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(amount !== undefined ? { amountCents: parseAmount(amount) } : {}),
    merchantName,
    merchantCity,
    ...(txid !== undefined ? { txid } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}
