// QR code modules for the PIX "copia e cola" payload, drawn as vectors (crisp at any zoom, tiny files).
import type BwipJs from 'bwip-js';

let bwipjs: typeof BwipJs | undefined;
/** Loads the encoder (bwip-js) on first use; qrMatrix needs it loaded. */
export async function loadQrEncoder(): Promise<void> {
  bwipjs ??= (await import('bwip-js')).default;
}

export interface QrMatrix {
  size: number;
  /** Row-major, 1 = dark module. */
  modules: number[];
}

export function qrMatrix(payload: string): QrMatrix {
  // Error correction M, as the BCB "Manual de Padrões para Iniciação do Pix" recommends for static codes.
  if (!bwipjs) throw new Error('call loadQrEncoder() before qrMatrix()');
  const [symbol] = bwipjs.raw('qrcode', payload, 'eclevel=M') as Array<{ pixs: number[]; pixx: number; pixy: number }>;
  if (!symbol || symbol.pixx !== symbol.pixy) throw new Error('unexpected QR symbol shape');
  return { size: symbol.pixx, modules: symbol.pixs };
}
