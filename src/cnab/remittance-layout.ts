// What a remittance layout is: the registry (remittance-layouts.ts) lists them, each bank's module
// (remessa240-*.ts, remessa400-*.ts) defines one.
import type { MovementTable } from './movements.ts';
import type { RemessaInput } from './remessa.ts';

export interface RemittanceLayout {
  id: string;
  /** How the console and the docs name it. */
  name: string;
  recordLength: 240 | 400;
  /** Banks whose accounts may use it; undefined: every bank (the FEBRABAN layout). */
  banks?: readonly string[];
  movements: MovementTable;
  /** Titles one file holds (its record numbering). */
  maxTitles: number;
  /**
   * Where the layout holds fewer characters than the FEBRABAN 240 (seu número 15, payer name and
   * address 40, district and city 15): the caller abbreviates free text to these and never cuts an
   * identifier (a seu número that does not fit is replaced by the charge number).
   */
  textLengths?: Partial<TextLengths>;
  build(input: RemessaInput): string;
}

export interface TextLengths {
  documentNumber: number;
  payerName: number;
  payerAddress: number;
  payerDistrict: number;
  payerCity: number;
}
