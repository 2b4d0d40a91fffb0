// FEBRABAN CNAB 240 "cobrança" record tables (Layout Padrão FEBRABAN 240, v10.x, service 01).
// Positions are 1-based, inclusive, as in the manual. Amounts are N(13,2) = 15 digits in cents.
import { checkLayout, type FieldSpec, field as f, filler, type Layout } from './record.ts';

export const CNAB240_LENGTH = 240;

/**
 * A bank's record table as the FEBRABAN one with some positions changed: every base field that
 * overlaps a replacement is dropped and the replacements are put in its place. The replacements
 * must cover what they drop (checkLayout refuses a gap or an overlap), so the result is a complete
 * table and each bank module lists exactly the positions its manual changes.
 */
export function patch240(base: Layout, replacements: readonly FieldSpec[]): Layout {
  const overlaps = (a: FieldSpec, b: FieldSpec) => a.start <= b.end && b.start <= a.end;
  const kept = base.filter((x) => !replacements.some((r) => overlaps(x, r)));
  return checkLayout(
    [...kept, ...replacements].sort((a, b) => a.start - b.start),
    CNAB240_LENGTH,
  );
}

const control = (recordType: string): Layout => [f('bankCode', 1, 3, 'N'), f('batch', 4, 7, 'N'), f('recordType', 8, 8, 'N', recordType)];

/** Detail records share 1-17: control, sequence in batch, segment code, movement code. */
const detailControl = (segment: string): Layout => [
  ...control('3'),
  f('sequence', 9, 13, 'N'),
  f('segment', 14, 14, 'A', segment),
  filler(15, 15),
  f('movementCode', 16, 17, 'N'),
];

/** Segments P and T identify the title the same way: the beneficiary's agency/account and the nosso número. */
const titleAccount: Layout = [
  f('agency', 18, 22, 'N'),
  f('agencyDigit', 23, 23, 'A'),
  f('account', 24, 35, 'N'),
  f('accountDigit', 36, 36, 'A'),
  f('agencyAccountDigit', 37, 37, 'A'),
  f('nossoNumero', 38, 57, 'A'),
];

export const FILE_HEADER = checkLayout(
  [
    ...control('0'),
    filler(9, 17),
    f('documentKind', 18, 18, 'N'), // 1 = CPF, 2 = CNPJ
    f('document', 19, 32, 'N'),
    f('convenio', 33, 52, 'A'),
    f('agency', 53, 57, 'N'),
    f('agencyDigit', 58, 58, 'A'),
    f('account', 59, 70, 'N'),
    f('accountDigit', 71, 71, 'A'),
    f('agencyAccountDigit', 72, 72, 'A'),
    f('companyName', 73, 102, 'A'),
    f('bankName', 103, 132, 'A'),
    filler(133, 142),
    f('fileKind', 143, 143, 'N'), // 1 = remessa, 2 = retorno
    f('generationDate', 144, 151, 'N'), // DDMMAAAA
    f('generationTime', 152, 157, 'N'), // HHMMSS
    f('fileSequence', 158, 163, 'N'),
    f('layoutVersion', 164, 166, 'N'),
    f('density', 167, 171, 'N', '0'),
    f('bankReserved', 172, 191, 'A', ''),
    f('companyReserved', 192, 211, 'A', ''),
    filler(212, 240),
  ],
  CNAB240_LENGTH,
);

export const BATCH_HEADER = checkLayout(
  [
    ...control('1'),
    f('operation', 9, 9, 'A'), // R = remessa, T = retorno
    f('service', 10, 11, 'N', '01'), // 01 = cobrança
    filler(12, 13),
    f('layoutVersion', 14, 16, 'N'),
    filler(17, 17),
    f('documentKind', 18, 18, 'N'),
    f('document', 19, 33, 'N'),
    f('convenio', 34, 53, 'A'),
    f('agency', 54, 58, 'N'),
    f('agencyDigit', 59, 59, 'A'),
    f('account', 60, 71, 'N'),
    f('accountDigit', 72, 72, 'A'),
    f('agencyAccountDigit', 73, 73, 'A'),
    f('companyName', 74, 103, 'A'),
    f('message1', 104, 143, 'A'),
    f('message2', 144, 183, 'A'),
    f('fileSequence', 184, 191, 'N'), // número remessa/retorno
    f('recordingDate', 192, 199, 'N'),
    f('creditDate', 200, 207, 'N', '0'),
    filler(208, 240),
  ],
  CNAB240_LENGTH,
);

export const SEGMENT_P = checkLayout(
  [
    ...detailControl('P'),
    ...titleAccount,
    f('carteiraCode', 58, 58, 'N'), // 1 = cobrança simples
    f('registration', 59, 59, 'N', '1'), // 1 = com cadastramento (registered)
    f('documentType', 60, 60, 'A', '1'), // 1 = tradicional
    f('issuer', 61, 61, 'N', '2'), // 2 = beneficiary prints the boleto
    f('distribution', 62, 62, 'A', '2'), // 2 = beneficiary distributes
    f('documentNumber', 63, 77, 'A'), // seu número
    f('dueDate', 78, 85, 'N'),
    f('amount', 86, 100, 'N'),
    f('collectingAgency', 101, 105, 'N', '0'),
    f('collectingAgencyDigit', 106, 106, 'A', ''),
    f('species', 107, 108, 'N', '02'), // 02 = DM (duplicata mercantil)
    f('acceptance', 109, 109, 'A', 'N'),
    f('issueDate', 110, 117, 'N'),
    f('interestCode', 118, 118, 'N'), // 1 = valor por dia, 2 = taxa mensal, 3 = isento
    f('interestDate', 119, 126, 'N'),
    f('interestValue', 127, 141, 'N'),
    f('discountCode', 142, 142, 'N'), // 0 = sem desconto, 1 = valor fixo até a data, 2 = percentual até a data
    f('discountDate', 143, 150, 'N'),
    f('discountValue', 151, 165, 'N'),
    f('iof', 166, 180, 'N', '0'),
    f('rebate', 181, 195, 'N'), // valor do abatimento
    f('companyReference', 196, 220, 'A'), // identificação do título na empresa
    f('protestCode', 221, 221, 'N'), // 1 = protestar dias corridos, 3 = não protestar, 8 = negativação sem protesto
    f('protestDays', 222, 223, 'N'),
    f('writeOffCode', 224, 224, 'N', '2'), // 2 = não baixar/não devolver (write-off is the platform's decision)
    f('writeOffDays', 225, 227, 'A', ''),
    f('currency', 228, 229, 'N', '09'), // 09 = Real
    f('contract', 230, 239, 'N', '0'),
    filler(240, 240),
  ],
  CNAB240_LENGTH,
);

export const SEGMENT_Q = checkLayout(
  [
    ...detailControl('Q'),
    f('payerDocumentKind', 18, 18, 'N'),
    f('payerDocument', 19, 33, 'N'),
    f('payerName', 34, 73, 'A'),
    f('payerAddress', 74, 113, 'A'),
    f('payerDistrict', 114, 128, 'A'),
    f('payerPostalCode', 129, 133, 'N'),
    f('payerPostalSuffix', 134, 136, 'N'),
    f('payerCity', 137, 151, 'A'),
    f('payerState', 152, 153, 'A'),
    f('guarantorDocumentKind', 154, 154, 'N', '0'),
    f('guarantorDocument', 155, 169, 'N', '0'),
    f('guarantorName', 170, 209, 'A', ''),
    f('correspondentBank', 210, 212, 'N', '0'),
    f('correspondentNossoNumero', 213, 232, 'A', ''),
    filler(233, 240),
  ],
  CNAB240_LENGTH,
);

export const SEGMENT_R = checkLayout(
  [
    ...detailControl('R'),
    f('discount2Code', 18, 18, 'N', '0'),
    f('discount2Date', 19, 26, 'N', '0'),
    f('discount2Value', 27, 41, 'N', '0'),
    f('discount3Code', 42, 42, 'N', '0'),
    f('discount3Date', 43, 50, 'N', '0'),
    f('discount3Value', 51, 65, 'N', '0'),
    f('fineCode', 66, 66, 'A'), // 0 = sem multa, 1 = valor fixo, 2 = percentual
    f('fineDate', 67, 74, 'N'),
    f('fineValue', 75, 89, 'N'),
    f('payerInfo', 90, 99, 'A', ''),
    f('message3', 100, 139, 'A'),
    f('message4', 140, 179, 'A'),
    filler(180, 199),
    f('payerOccurrence', 200, 207, 'N', '0'),
    f('debitBank', 208, 210, 'N', '0'),
    f('debitAgency', 211, 215, 'N', '0'),
    f('debitAgencyDigit', 216, 216, 'A', ''),
    f('debitAccount', 217, 228, 'N', '0'),
    f('debitAccountDigit', 229, 229, 'A', ''),
    f('debitAgencyAccountDigit', 230, 230, 'A', ''),
    f('debitNotice', 231, 231, 'N', '0'),
    filler(232, 240),
  ],
  CNAB240_LENGTH,
);

export const BATCH_TRAILER = checkLayout(
  [
    ...control('5'),
    filler(9, 17),
    f('recordCount', 18, 23, 'N'), // batch header + details + batch trailer
    f('simpleCount', 24, 29, 'N'),
    f('simpleTotal', 30, 46, 'N'),
    f('linkedCount', 47, 52, 'N', '0'),
    f('linkedTotal', 53, 69, 'N', '0'),
    f('pledgedCount', 70, 75, 'N', '0'),
    f('pledgedTotal', 76, 92, 'N', '0'),
    f('discountedCount', 93, 98, 'N', '0'),
    f('discountedTotal', 99, 115, 'N', '0'),
    f('noticeNumber', 116, 123, 'A', ''),
    filler(124, 240),
  ],
  CNAB240_LENGTH,
);

export const FILE_TRAILER = checkLayout(
  [
    ...control('9'),
    filler(9, 17),
    f('batchCount', 18, 23, 'N'),
    f('recordCount', 24, 29, 'N'), // every record of the file, headers and trailers included
    f('accountCount', 30, 35, 'N', '0'),
    filler(36, 240),
  ],
  CNAB240_LENGTH,
);

/** Return segment T: the title (nosso número, occurrence, nominal value, tariff). */
export const SEGMENT_T = checkLayout(
  [
    ...detailControl('T'),
    ...titleAccount,
    f('carteiraCode', 58, 58, 'N'),
    f('documentNumber', 59, 73, 'A'),
    f('dueDate', 74, 81, 'N'),
    f('amount', 82, 96, 'N'),
    f('collectingBank', 97, 99, 'N'),
    f('collectingAgency', 100, 104, 'N'),
    f('collectingAgencyDigit', 105, 105, 'A'),
    f('companyReference', 106, 130, 'A'),
    f('currency', 131, 132, 'N'),
    f('payerDocumentKind', 133, 133, 'N'),
    f('payerDocument', 134, 148, 'N'),
    f('payerName', 149, 188, 'A'),
    f('contract', 189, 198, 'N'),
    f('fee', 199, 213, 'N'), // valor da tarifa / custas
    f('reasons', 214, 223, 'A'), // motivo da ocorrência: up to five 2-char codes
    filler(224, 240),
  ],
  CNAB240_LENGTH,
);

/** Return segment U: what was paid and credited. */
export const SEGMENT_U = checkLayout(
  [
    ...detailControl('U'),
    f('interest', 18, 32, 'N'), // juros / multa / encargos
    f('discount', 33, 47, 'N'),
    f('rebate', 48, 62, 'N'), // abatimento
    f('iof', 63, 77, 'N'),
    f('paid', 78, 92, 'N'), // valor pago pelo pagador
    f('credited', 93, 107, 'N'), // valor líquido a ser creditado
    f('otherExpenses', 108, 122, 'N'),
    f('otherCredits', 123, 137, 'N'),
    f('occurrenceDate', 138, 145, 'N'),
    f('creditDate', 146, 153, 'N'),
    f('payerOccurrenceCode', 154, 157, 'A'),
    f('payerOccurrenceDate', 158, 165, 'N'),
    f('payerOccurrenceValue', 166, 180, 'N'),
    f('payerOccurrenceText', 181, 210, 'A'),
    f('correspondentBank', 211, 213, 'N'),
    f('correspondentNossoNumero', 214, 233, 'N'),
    filler(234, 240),
  ],
  CNAB240_LENGTH,
);
