// PNG of the BR Code, error correction M (the BCB manual's recommendation).

import { DomainError } from '../platform/errors.ts';

export async function pixQrPng(payload: string, opts: { scale?: number } = {}): Promise<Buffer> {
  const scale = opts.scale ?? 4;
  if (!Number.isInteger(scale) || scale < 1 || scale > 20) {
    throw new DomainError('validation_failed', 'scale must be an integer from 1 to 20', [{ field: 'scale', issue: 'out_of_range' }]);
  }
  if (typeof payload !== 'string' || payload === '') {
    throw new DomainError('validation_failed', 'payload is required', [{ field: 'payload', issue: 'required' }]);
  }
  // bwip-js passes BWIPP options such as eclevel through, but its typings do not list them.
  const options = { bcid: 'qrcode', text: payload, scale, eclevel: 'M', paddingwidth: 4, paddingheight: 4 };
  const bwipjs = (await import('bwip-js')).default; // loaded on first use
  return bwipjs.toBuffer(options as Parameters<typeof bwipjs.toBuffer>[0]);
}
