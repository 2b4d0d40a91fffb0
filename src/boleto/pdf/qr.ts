// QR code modules for the PIX "copia e cola" payload, drawn as vectors (crisp at any zoom, tiny files).
import bwipjs from 'bwip-js';

export interface QrMatrix {
  size: number;
  /** Row-major, 1 = dark module. */
  modules: number[];
}

export function qrMatrix(payload: string): QrMatrix {
  // Error correction M, as the BCB "Manual de Padrões para Iniciação do Pix" recommends for static codes.
  const [symbol] = bwipjs.raw('qrcode', payload, 'eclevel=M') as Array<{ pixs: number[]; pixx: number; pixy: number }>;
  if (!symbol || symbol.pixx !== symbol.pixy) throw new Error('unexpected QR symbol shape');
  return { size: symbol.pixx, modules: symbol.pixs };
}
