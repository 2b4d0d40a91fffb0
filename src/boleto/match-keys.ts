// Matching a return-file entry to the boleto it speaks of. Banks write the nosso número in
// different shapes: CNAB 240 echoes what our remittance sent (the digits with the check digit);
// Bradesco's CNAB 400 has the number without the carteira, with its DV; Itaú's has it without
// carteira and DAC; Banco do Brasil's CBR643 has convênio + sequence (no DV); Santander's has the last 7
// digits of the number and its DV (the DV of the 12 digits, leading zeros weighing nothing), i.e.
// the whole number with DV when the sequence fits in 7 digits, as CNAB 400 requires. Each boleto stores
// one key per shape, tagged with the shape, so a key only ever meets keys of the same width on the
// same account and leading zeros can be dropped safely.

const clean = (s: string) => s.replace(/[\s./-]/g, '').toUpperCase();
const strip0 = (s: string) => s.replace(/^0+(?=.)/, '');

export type KeyShape = 'n' | 'f' | 's' | 'sn';

/** The keys of a boleto, from the nosso número as printed (e.g. '09/00000000012-P', '109/00000001-8', '12345670000000001'). */
export function boletoMatchKeys(nossoNumeroPrinted: string): string[] {
  const printed = nossoNumeroPrinted.trim();
  const withoutDv = (s: string) => (s.includes('-') ? s.slice(0, s.lastIndexOf('-')) : s);
  const afterSlash = printed.includes('/') ? printed.slice(printed.indexOf('/') + 1) : printed;
  const keys = new Set([
    `n:${strip0(clean(printed))}`,
    `f:${strip0(clean(withoutDv(printed)))}`,
    `s:${strip0(clean(afterSlash))}`,
    `sn:${strip0(clean(withoutDv(afterSlash)))}`,
  ]);
  return [...keys];
}

/** The one key a return entry is looked up by, or null when its nosso número is blank. */
export function entryMatchKey(format: 'cnab240' | 'cnab400', bankCode: string, rawNossoNumero: string): string | null {
  const raw = clean(rawNossoNumero);
  if (raw === '' || /^0+$/.test(raw)) return null;
  const shape: KeyShape = format === 'cnab400' ? (CNAB400_SHAPE[bankCode] ?? 'f') : 'n';
  return `${shape}:${strip0(raw)}`;
}

/** The shape of the nosso número in each bank's CNAB 400 return ('f', without DV, when not listed). */
const CNAB400_SHAPE: Record<string, KeyShape> = {
  '237': 's', // Bradesco 71-82: 11 digits + DV, without the carteira
  '341': 'sn', // Itaú 63-70: 8 digits, without carteira and DAC
  '033': 'n', // Santander 63-70: 7 digits + DV
  '756': 'f', // Sicoob 63-73: zeros + the 7-digit number, its DV apart at 74
  '041': 'n', // Banrisul 63-72: 8 digits + NC (2)
  '748': 'n', // Sicredi 48-62: the 9 digits AA B XXXXX D, unedited
  '104': 'f', // Caixa 57-73: the 17 digits without the DV
  '070': 'n', // BRB 71-82: the 12 digits MSSSSSS070dd as printed (its "dígitos" included)
  '004': 'n', // Banco do Nordeste 63-70: 7 digits + DV
  '422': 'n', // Safra 63-71: 8 digits + DV
  '136': 'n', // Unicred 46-62: zeros + 10 digits + DV
};
