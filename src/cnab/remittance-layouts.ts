// The remittance layouts Cobre writes, by the id a collection account names in
// `remittance_layout` (and a remittance keeps in `format`). Each says which banks take it, which
// movements its bank offers (with the bank's own code and text), and how many titles a file holds.
import { FEBRABAN_240_MOVEMENTS, type MovementKind } from './movements.ts';
import type { RemittanceLayout, TextLengths } from './remittance-layout.ts';
import { buildRemessa240 } from './remessa240.ts';
import { caixaSigcbLayout } from './remessa240-caixa.ts';
import { sicrediLayout } from './remessa240-sicredi.ts';
import { sicoobLayout } from './remessa240-sicoob.ts';
import { santanderLayout } from './remessa240-santander.ts';
import { bb240Layout } from './remessa240-bb.ts';
import { bb400Layout } from './remessa400-bb.ts';
import { bradesco400Layout } from './remessa400-bradesco.ts';
import { itau400Layout } from './remessa400-itau.ts';
import { santander400Layout } from './remessa400-santander.ts';
import { sicoob400Layout } from './remessa400-sicoob.ts';
import { banrisul400Layout } from './remessa400-banrisul.ts';

export type { RemittanceLayout, TextLengths } from './remittance-layout.ts';

export const FEBRABAN_TEXT_LENGTHS: TextLengths = { documentNumber: 15, payerName: 40, payerAddress: 40, payerDistrict: 15, payerCity: 15 };

export const textLengthsOf = (layout: RemittanceLayout): TextLengths => ({ ...FEBRABAN_TEXT_LENGTHS, ...layout.textLengths });

export const DEFAULT_REMITTANCE_LAYOUT = 'cnab240';

const LAYOUTS: readonly RemittanceLayout[] = [
  {
    id: 'cnab240',
    name: 'CNAB 240 FEBRABAN (v10.7)',
    recordLength: 240,
    movements: FEBRABAN_240_MOVEMENTS,
    // One batch numbers its records in 5 digits: 3 per title plus header and trailer.
    maxTitles: 30_000,
    build: buildRemessa240,
  },
  caixaSigcbLayout,
  sicrediLayout,
  sicoobLayout,
  santanderLayout,
  bb240Layout,
  itau400Layout,
  bradesco400Layout,
  bb400Layout,
  santander400Layout,
  sicoob400Layout,
  banrisul400Layout,
];

const BY_ID = new Map(LAYOUTS.map((l) => [l.id, l]));

export function remittanceLayout(id: string): RemittanceLayout | undefined {
  return BY_ID.get(id);
}

export function allRemittanceLayouts(): readonly RemittanceLayout[] {
  return LAYOUTS;
}

/** The layouts an account of `bankCode` may choose. */
export function layoutsForBank(bankCode: string): RemittanceLayout[] {
  return LAYOUTS.filter((l) => l.banks === undefined || l.banks.includes(bankCode));
}

export function offersMovement(layout: RemittanceLayout, kind: MovementKind): boolean {
  return Object.hasOwn(layout.movements, kind);
}
