// Interleaved 2 of 5, the symbology of the boleto barcode (FEBRABAN / BACEN): digits are taken in
// pairs, the first encoded in the bars and the second in the spaces; each digit is 5 elements, 2 wide.

const PATTERNS = ['nnwwn', 'wnnnw', 'nwnnw', 'wwnnn', 'nnwnw', 'wnwnn', 'nwwnn', 'nnnww', 'wnnwn', 'nwnwn'];

/**
 * Element widths in narrow modules, alternating bar, space, bar, …, starting and ending with a bar:
 * start (4 narrow), the pairs, stop (wide bar, narrow space, narrow bar).
 */
export function i2of5Widths(digits: string, wide = 3): number[] {
  if (!/^\d*$/.test(digits) || digits.length % 2 !== 0) {
    throw new RangeError('Interleaved 2 of 5 needs an even number of digits');
  }
  const w = (c: string) => (c === 'w' ? wide : 1);
  const out = [1, 1, 1, 1];
  for (let i = 0; i < digits.length; i += 2) {
    const bars = PATTERNS[Number(digits[i])];
    const spaces = PATTERNS[Number(digits[i + 1])];
    for (let k = 0; k < 5; k++) out.push(w(bars[k]), w(spaces[k]));
  }
  out.push(wide, 1, 1);
  return out;
}
