// Pix BR Code: build/parse "copia e cola" payloads, validate keys, render the QR code.

export { buildDynamicPix, buildStaticPix, parsePix, toPixText, MAX_PIX_AMOUNT_CENTS } from './brCode.ts';
export type { DynamicPixInput, ParsedPix, StaticPixInput } from './brCode.ts';
export { crc16CcittFalse } from './crc16.ts';
export { validatePixKey } from './pixKey.ts';
export type { PixKeyType } from './pixKey.ts';
export { pixQrPng } from './qr.ts';
