// A CNAB 240 return file (segments T and U) built by hand, independently of the parser's tables,
// for tests that upload one (test/http/bank-files.test.ts, the scenarios, the console's e2e tests).
import { br } from './app.ts';

/** Writes `value` at 1-based position `start` of a blank record. */
export function record(length: number, fields: Array<[number, string]>): string {
  const chars = Array.from(' '.repeat(length));
  for (const [start, value] of fields) for (let i = 0; i < value.length; i++) chars[start - 1 + i] = value[i];
  return chars.join('');
}
export const num = (n: number, size: number) => String(n).padStart(size, '0');

/** One T+U pair: occurrence code (06 liquidação, 02 entrada confirmada, 28 tarifa…), nosso número, amounts in cents, payment date DDMMAAAA. */
export interface ReturnItem {
  code: string;
  nossoNumero: string;
  amount: number;
  fee?: number;
  paid?: number;
  paymentDate?: string;
  reasons?: string;
}

export function return240(bank: string, items: ReturnItem[]): string {
  const lines: string[] = [];
  lines.push(
    record(240, [
      [1, bank],
      [4, '0000'],
      [8, '0'],
      [18, '2'],
      [19, '11222333000181'],
      [143, '2'],
      [144, br('20112026')],
    ]),
  );
  lines.push(
    record(240, [
      [1, bank],
      [4, '0001'],
      [8, '1'],
      [9, 'T'],
      [10, '01'],
    ]),
  );
  let seq = 0;
  for (const it of items) {
    lines.push(
      record(240, [
        [1, bank],
        [4, '0001'],
        [8, '3'],
        [9, num(++seq, 5)],
        [14, 'T'],
        [16, it.code],
        [38, it.nossoNumero],
        [74, br('10122026')],
        [82, num(it.amount, 15)],
        [199, num(it.fee ?? 0, 15)],
        [214, it.reasons ?? ''],
      ]),
    );
    lines.push(
      record(240, [
        [1, bank],
        [4, '0001'],
        [8, '3'],
        [9, num(++seq, 5)],
        [14, 'U'],
        [16, it.code],
        [18, num(0, 15)],
        [33, num(0, 15)],
        [48, num(0, 15)],
        [63, num(0, 15)],
        [78, num(it.paid ?? 0, 15)],
        [93, num(Math.max(0, (it.paid ?? 0) - (it.fee ?? 0)), 15)],
        [108, num(0, 30)],
        [138, it.paymentDate ?? '00000000'],
        [146, it.paymentDate ?? '00000000'],
      ]),
    );
  }
  lines.push(
    record(240, [
      [1, bank],
      [4, '0001'],
      [8, '5'],
      [18, num(seq + 2, 6)],
    ]),
  );
  lines.push(
    record(240, [
      [1, bank],
      [4, '9999'],
      [8, '9'],
      [18, '000001'],
      [24, num(seq + 4, 6)],
    ]),
  );
  return lines.join('\r\n') + '\r\n';
}

/**
 * A CNAB 400 return file: header `02RETORNO01COBRANCA` with the bank at 77-79, the given detail
 * records (each a list of [1-based position, text]; the record's sequence number is added at 395)
 * and a trailer of type 9. CRLF line ends.
 */
export function return400(bank: string, details: Array<Array<[number, string]>>): string {
  const lines = [
    record(400, [
      [1, '02RETORNO01COBRANCA'],
      [77, bank],
      [95, br('201126')],
      [395, '000001'],
    ]),
  ];
  for (const fields of details) lines.push(record(400, [...fields, [395, num(lines.length + 1, 6)]]));
  lines.push(
    record(400, [
      [1, '9201'],
      [5, bank],
      [395, num(lines.length + 1, 6)],
    ]),
  );
  return lines.join('\r\n') + '\r\n';
}

/**
 * The fields of a CNAB 400 liquidation detail (06) of `cents`, paid on 20/11, credited on 23/11, tariff
 * 1.50, at the positions most banks share (109-116, 153-301); `fields` come last and override them
 * (a bank's nosso número, its own code or date positions).
 */
export function paid400(cents: number, fields: Array<[number, string]>): Array<[number, string]> {
  return [
    [1, '1'],
    [109, '06'],
    [111, br('201126')],
    [153, num(cents, 13)],
    [176, num(150, 13)],
    [228, num(0, 13)],
    [241, num(0, 13)],
    [254, num(cents, 13)],
    [267, num(0, 13)],
    [296, br('231126')],
    ...fields,
  ];
}
