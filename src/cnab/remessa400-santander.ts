// Santander (033) CNAB 400 remittance: header (0), one "registro de movimento" (1) per title and the
// trailer (9), whose totals Santander requires.
// Source of every position and code: Santander "Layout 400 posições – Padrão Santander, CNAB 400 Com
// Registro" H7800, versão 2.17, abril/2018 (PDF `manuais/SANTANDER/novos/H7800 Layout CNAB 400 com
// registro (padrao 353) Abril 2018 v 2.pdf` in eduardokum/laravel-boleto): "Descrições dos arquivos"
// pp. 6-10 ("p. N" below) and "Notas" pp. 15-23 ("Nota N").
// Cross-checked with eduardokum/laravel-boleto `src/Cnab/Remessa/Cnab400/Banco/Santander.php` and
// kivanio/brcobranca `lib/brcobranca/remessa/cnab400/santander.rb` (fixture
// `spec/fixtures/remessa/remessa-santander-cnab400.rem`); where they differ, see docs/cnab.md.
//
// The optional records are not written: 8 (tipo de pagamento: divergent or partial payments, Notas
// 16-18) is a service Cobre does not offer, and 2, 4-7 carry messages for the receipt and the ficha de
// compensação of boletos the bank prints; Cobre prints its own.
import { mod11ZeroOnHigh } from '../febraban/checkDigits.ts';
import { type MovementTable, movementKindOf } from './movements.ts';
import { checkLayout, field as f, filler, readRecord, type RecordValues } from './record.ts';
import { cents, digitsOnly, documentFields, fail, type RemessaBoleto, type RemessaInput, saoPauloStamp } from './remessa.ts';
import { SANTANDER_CARTEIRA_KIND } from './remessa240-santander.ts';
import {
  bad400,
  CNAB400_LENGTH,
  dailyInterest,
  date6,
  fixedDiscount,
  hasDailyInterest,
  header400,
  isoOf6,
  MAX_RECORDS_400,
  movementOf,
  nextDay,
  payerDocument,
  postalCode,
  type ReadRemessa400,
  type ReadTitle400,
  readTitleFields400,
  remessa400Lines,
  Remessa400Writer,
  requestDays,
} from './remessa400.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

const NAME = 'Santander CNAB 400';

/**
 * P. 7, 109-110 "Código da ocorrência": the requests Cobre can make. Left out: 07 and 08 (they change
 * the beneficiary's own references), 47 "alteração do valor nominal do título" (Nota 10: "É permitido
 * apenas para espécie de cobrança BCC … e BDP", and Cobre's titles are duplicatas, 01), 48/49 (minimum
 * and maximum of divergent payments), 98 "não protestar" (no Cobre request cancels a protest before its
 * cycle starts); no code for a discount alone, for stopping a protest and writing the title off, nor
 * for negativação.
 */
export const SANTANDER_400_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'ENTRADA DE TÍTULO' },
  write_off: { code: '02', text: 'BAIXA DE TÍTULO' },
  rebate_grant: { code: '04', text: 'CONCESSÃO DE ABATIMENTO' },
  rebate_cancel: { code: '05', text: 'CANCELAMENTO ABATIMENTO' },
  due_date_change: { code: '06', text: 'ALTERAÇÃO DE VENCIMENTO' },
  protest: { code: '09', text: 'PROTESTAR' },
  protest_stop_keep: { code: '18', text: 'SUSTAR PROTESTO (Após início do ciclo de protesto)' },
};

/** P. 8, 157-160 "Primeira / Segunda instrução cobrança": the codes Cobre writes. */
const INSTRUCTION = {
  protest: '06', // PROTESTAR (VIDE POSIÇÃO392/393)
  noProtest: '07', // NÃO PROTESTAR: Nota 13, else 00 takes the protest of the beneficiary's profile
  noWriteOff: '04', // NÃO BAIXAR, as the Santander CNAB 240 remittance asks (código para baixa 2)
} as const;

/** P. 6, "Registro Header - Remessa". */
export const SANTANDER_400_HEADER = header400(
  [f('transmissionCode', 27, 46, 'N')], // Código de Transmissão (Nota 1; Nota 2: agência, conta movimento, conta cobrança)
  [
    f('zeros', 101, 116, 'N', '0'),
    f('messages', 117, 351, 'A', ''), // mensagens 1 to 5 (47 each): printed on boletos the bank issues
    filler(352, 391), // 352-385 and 386-391 brancos
    f('version', 392, 394, 'N', '0'), // "Número da versão da remessa opcional": not informed
  ],
);

/** Pp. 7-9, "Registro Movimento - Remessa". */
export const SANTANDER_400_DETAIL = checkLayout(
  [
    f('recordType', 1, 1, 'N', '1'),
    f('companyDocumentKind', 2, 3, 'N'), // 01 CPF, 02 CNPJ
    f('companyDocument', 4, 17, 'N'),
    f('agency', 18, 21, 'N'), // Nota 2: 4 positions, without the digit
    f('movementAccount', 22, 29, 'N'), // conta movimento: the first 8 of its 9 digits + DV (Nota 2)
    f('collectionAccount', 30, 37, 'N'), // conta cobrança: idem
    f('participantControl', 38, 62, 'A'), // número de controle do participante, returned in the return file
    f('nossoNumero', 63, 70, 'N'), // Nota 3: 7 digits + DV
    f('secondDiscountDate', 71, 76, 'N', '0'), // Nota 11: no second discount
    filler(77, 77),
    f('fineCode', 78, 78, 'N'), // 4 = multa, 0 = none (Nota 4)
    f('finePercent', 79, 82, 'N'), // 9(2)v9(2)
    f('currency', 83, 84, 'N', '00'), // moeda corrente
    f('otherUnitValue', 85, 97, 'N', '0'),
    filler(98, 101),
    f('fineDate', 102, 107, 'N'), // Nota 4: zeros = after the due date, else "a partir da data informada"
    f('carteiraCode', 108, 108, 'N'), // código da carteira
    f('movementCode', 109, 110, 'N'),
    f('documentNumber', 111, 120, 'A'), // seu número
    f('dueDate', 121, 126, 'N'), // DDMMAA (Nota 7)
    f('amount', 127, 139, 'N'),
    f('bankCode', 140, 142, 'N', '033'), // número do Banco cobrador = 353 / 033
    f('collectingAgency', 143, 147, 'N', '0'), // "informar somente se carteira for igual a 5": zeros, as both projects write
    f('species', 148, 149, 'N', '01'), // 01 = DUPLICATA
    f('acceptance', 150, 150, 'A', 'N'), // tipo de aceite = N
    f('issueDate', 151, 156, 'N'), // Nota 9
    f('instruction1', 157, 158, 'N'),
    f('instruction2', 159, 160, 'N'),
    f('interestPerDay', 161, 173, 'N'), // valor de mora a ser cobrado por dia de atraso
    f('discountDate', 174, 179, 'N'), // Nota 11
    f('discountValue', 180, 192, 'N'),
    f('iof', 193, 205, 'N', '0'), // IOF of insurance notes only
    f('rebate', 206, 218, 'N'), // Nota 12: abatimento
    f('payerDocumentKind', 219, 220, 'N'), // 01 CPF, 02 CNPJ
    f('payerDocument', 221, 234, 'N'),
    f('payerName', 235, 274, 'A'),
    f('payerAddress', 275, 314, 'A'),
    f('payerDistrict', 315, 326, 'A'),
    f('payerPostalCode', 327, 334, 'N'), // CEP 327-331 and complemento 332-334
    f('payerCity', 335, 349, 'A'),
    f('payerState', 350, 351, 'A'),
    filler(352, 382), // brancos
    f('accountIndicator', 383, 383, 'A', 'I'), // Nota 2: "I" = conta cobrança of 10 positions
    f('accountComplement', 384, 385, 'N'), // Nota 2: last digit of the conta cobrança and its DV
    filler(386, 391),
    f('protestDays', 392, 393, 'N'), // "Quando posições 157/158 ou 159/160 for igual a 06"
    filler(394, 394),
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** P. 10, "Registro Trailler - Remessa". */
export const SANTANDER_400_TRAILER = checkLayout(
  [
    f('recordType', 1, 1, 'N', '9'),
    // "Quantidade de documentos no arquivo": the records of the file, trailer included, as laravel-boleto
    // (getCount) and brcobranca's fixture write it.
    f('records', 2, 7, 'N'),
    f('total', 8, 20, 'N'), // valor total dos títulos
    f('zeros', 21, 394, 'N', '0'),
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** One record a title plus header and trailer in 999,999 sequence numbers. */
export const SANTANDER_400_MAX_TITLES = MAX_RECORDS_400 - 2;

interface SantanderAccount {
  agency: string;
  /** Conta movimento = conta cobrança: 9 digits and the DV (Nota 2, "Conta Cobrança Nova"). */
  account10: string;
  carteiraCode: string;
}

function santanderAccount(input: RemessaInput): SantanderAccount {
  const b = input.beneficiary;
  const agency = digitsOnly(b.agency, 'beneficiary.agency');
  if (agency.length > 4) throw fail('beneficiary.agency', 'a Santander agency has 4 digits (Nota 2)');
  const account = digitsOnly(b.account, 'beneficiary.account');
  if (account.length > 9 || !/[1-9]/.test(account))
    throw fail('beneficiary.account', 'Santander needs the conta corrente (up to 9 digits)');
  if (!b.accountDigit || !/^\d$/.test(b.accountDigit)) throw fail('beneficiary.accountDigit', `${NAME} needs the account's digit (Nota 2)`);
  const carteiraCode = SANTANDER_CARTEIRA_KIND[b.carteira];
  if (carteiraCode === undefined) throw fail('beneficiary.carteira', `${NAME} registers carteiras 101, 104 and 201`);
  return { agency: agency.padStart(4, '0'), account10: account.padStart(9, '0') + b.accountDigit, carteiraCode };
}

/** Header 27-46: the code Santander gives (Nota 1), else agência, conta movimento and conta cobrança (Nota 2). */
function transmissionCode(input: RemessaInput, acc: SantanderAccount): string {
  const given = input.beneficiary.transmissionCode;
  if (given === undefined || given === '') return acc.agency + acc.account10.slice(0, 8) + acc.account10.slice(0, 8);
  const code = digitsOnly(given, 'beneficiary.transmissionCode');
  if (code.length > 20) throw fail('beneficiary.transmissionCode', `${NAME}'s código de transmissão has 20 digits`);
  return code;
}

type At = (suffix: string) => string;

/**
 * The boleto's `nossoNumero` is what the bank module issues: 12 digits and the DV (mod 11, weights 2-9,
 * `mod11ZeroOnHigh`). The 400 holds 7 digits and the same DV (Nota 3: "Faixa sequencial de 0000001 a
 * 9999999"; remainders 0 and 1 give 0, 10 gives 1, as mod11ZeroOnHigh does), so a number that does not
 * fit in 7 digits is refused, never cut.
 */
function nossoNumero8(nossoNumero: string, at: At): string {
  if (!/^\d{13}$/.test(nossoNumero) || mod11ZeroOnHigh(nossoNumero.slice(0, 12)) !== Number(nossoNumero[12])) {
    throw fail(at('.nossoNumero'), 'Santander wants the 12-digit nosso número followed by its DV');
  }
  if (!nossoNumero.startsWith('00000')) throw fail(at('.nossoNumero'), `${NAME} holds a nosso número of 7 digits and its DV (Nota 3)`);
  return nossoNumero.slice(5);
}

/** Nota 4: a percent fine (9(2)v9(2)) charged from a date after the due date; zeros = the day after. */
function fineFields(boleto: RemessaBoleto, at: At): RecordValues {
  const fine = boleto.fine;
  if (!fine || fine.value === 0) return { fineCode: '0', finePercent: 0, fineDate: 0 };
  if (fine.kind === 'fixed') throw fail(at('.fine'), `${NAME} takes a fine only as a percent (79-82)`);
  if (fine.kind !== 'percent') throw fail(at('.fine.kind'), 'unknown');
  const value = cents(fine.value, at, '.fine.value');
  if (value >= 10_000) throw fail(at('.fine.value'), 'a percent fine must be under 100% (79-82)');
  const from = date6(fine.fromDate, at, '.fine.fromDate');
  if (fine.fromDate <= boleto.dueDate) throw fail(at('.fine.fromDate'), 'must be after the due date (Nota 4)');
  return { fineCode: '4', finePercent: value, fineDate: fine.fromDate === nextDay(boleto.dueDate) ? 0 : from };
}

function titleValues(boleto: RemessaBoleto, code: string, at: At): RecordValues {
  const p = boleto.payer;
  if (!/^[A-Za-z]{2}$/.test(p.state)) throw fail(at('.payer.state'), 'must be a 2-letter UF');
  const interest = dailyInterest(boleto, at, NAME);
  if (hasDailyInterest(boleto) && boleto.interest!.fromDate !== nextDay(boleto.dueDate)) {
    throw fail(at('.interest.fromDate'), `${NAME} has no interest date: interest can only start the day after the due date`);
  }
  let rebate = boleto.rebateCents === undefined ? 0 : cents(boleto.rebateCents, at, '.rebateCents');
  if ((code === '04' || code === '05') && rebate <= 0)
    throw fail(at('.rebateCents'), `ocorrência ${code} needs the valor do abatimento (206-218)`);
  if (code !== '01' && code !== '04' && code !== '05') rebate = 0;
  const protest = code === '09';
  return {
    ...fineFields(boleto, at),
    participantControl: boleto.documentNumber,
    documentNumber: boleto.documentNumber,
    dueDate: date6(boleto.dueDate, at, '.dueDate'),
    amount: cents(boleto.amountCents, at, '.amountCents'),
    issueDate: date6(boleto.issueDate, at, '.issueDate'),
    instruction1: protest ? INSTRUCTION.protest : INSTRUCTION.noProtest,
    instruction2: INSTRUCTION.noWriteOff,
    interestPerDay: interest,
    ...fixedDiscount(boleto, at, NAME),
    rebate,
    ...payerDocument(boleto, at),
    payerName: p.name,
    payerAddress: p.address,
    payerDistrict: p.district,
    payerPostalCode: postalCode(boleto, at),
    payerCity: p.city,
    payerState: p.state,
    protestDays: protest ? requestDays(boleto, at) : 0,
  };
}

export function buildRemessa400Santander(input: RemessaInput): string {
  if (input.bankCode !== '033') throw fail('bankCode', `${NAME} is for bank 033, got "${input.bankCode}"`);
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const acc = santanderAccount(input);
  const company = documentFields(input.beneficiary.documentKind, input.beneficiary.document, 'beneficiary.document');
  const stamp = saoPauloStamp(input.generatedAt);
  const w = new Remessa400Writer();
  w.push('header', SANTANDER_400_HEADER, {
    transmissionCode: transmissionCode(input, acc),
    companyName: input.beneficiary.name,
    bankCode: '033',
    bankName: 'SANTANDER',
    generationDate: stamp.date.slice(0, 4) + stamp.date.slice(6),
  });
  let total = 0;
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const { code } = movementOf(SANTANDER_400_MOVEMENTS, boleto, at, NAME);
    const values = titleValues(boleto, code, at);
    values.companyDocumentKind = `0${company.kind}`;
    values.companyDocument = company.digits;
    values.agency = acc.agency;
    values.movementAccount = acc.account10.slice(0, 8);
    values.collectionAccount = acc.account10.slice(0, 8);
    values.accountComplement = acc.account10.slice(8);
    values.nossoNumero = nossoNumero8(boleto.nossoNumero, at);
    values.carteiraCode = acc.carteiraCode;
    values.movementCode = code;
    w.push(() => at(' movimento (1)'), SANTANDER_400_DETAIL, values);
    total += boleto.amountCents;
  }
  return w.finish('', SANTANDER_400_TRAILER, { records: w.records + 1, total });
}

const CARTEIRA_OF_KIND = Object.fromEntries(Object.entries(SANTANDER_CARTEIRA_KIND).map(([carteira, kind]) => [kind, carteira]));

/** Reads back a remittance written by buildRemessa400Santander (tests and checks before sending). */
export function readRemessa400Santander(content: string | Buffer): ReadRemessa400 {
  const lines = remessa400Lines(content, '033');
  const h = readRecord(SANTANDER_400_HEADER, lines[0]);
  const trailer = readRecord(SANTANDER_400_TRAILER, lines[lines.length - 1]);
  if (Number(trailer.records) !== lines.length)
    throw bad400(lines.length, `quantidade (2-7) is ${trailer.records}, the file has ${lines.length}`);
  const titles: ReadTitle400[] = [];
  let beneficiary: ReadRemessa400['beneficiary'] = { name: h.companyName, agency: '', account: '', accountDigit: '', carteira: '' };
  let total = 0;
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    if (line[0] !== '1') throw bad400(i + 1, `unexpected record type "${line[0]}"`);
    const d = readRecord(SANTANDER_400_DETAIL, line);
    const movement = movementKindOf(SANTANDER_400_MOVEMENTS, d.movementCode);
    if (!movement) throw bad400(i + 1, `unknown ocorrência "${d.movementCode}"`);
    const account10 = d.collectionAccount + d.accountComplement;
    const documentKind = d.companyDocumentKind === '01' ? 'cpf' : 'cnpj';
    beneficiary = {
      name: h.companyName,
      agency: d.agency,
      account: account10.slice(0, 9).replace(/^0+(?=\d)/, ''),
      accountDigit: account10[9],
      carteira: CARTEIRA_OF_KIND[d.carteiraCode] ?? d.carteiraCode,
      documentKind,
      document: d.companyDocument.slice(documentKind === 'cpf' ? 3 : 0),
    };
    const dueDate = isoOf6(d.dueDate) ?? '';
    const t: ReadTitle400 = {
      movement,
      nossoNumero: `00000${d.nossoNumero}`,
      ...readTitleFields400(d),
    };
    const discountUntil = isoOf6(d.discountDate);
    if (discountUntil) t.discount = { kind: 'fixed', untilDate: discountUntil, value: Number(d.discountValue) };
    if (Number(d.interestPerDay) > 0) t.interest = { kind: 'daily_amount', fromDate: nextDay(dueDate), value: Number(d.interestPerDay) };
    if (d.fineCode === '4') t.fine = { kind: 'percent', fromDate: isoOf6(d.fineDate) ?? nextDay(dueDate), value: Number(d.finePercent) };
    if (Number(d.rebate) > 0) t.rebateCents = Number(d.rebate);
    if (d.movementCode === '09') t.protestDays = Number(d.protestDays);
    titles.push(t);
    total += Number(d.amount);
  }
  if (Number(trailer.total) !== total)
    throw bad400(lines.length, `valor total (8-20) is ${Number(trailer.total)}, the titles add up to ${total}`);
  return {
    bankCode: h.bankCode,
    generationDate: isoOf6(h.generationDate) ?? '',
    beneficiary,
    titles,
    recordCount: Number(lines[lines.length - 1].slice(394, 400)),
  };
}

export const santander400Layout: RemittanceLayout = {
  id: 'cnab400_santander',
  name: 'CNAB 400 Santander (H7800 v2.17, abril/2018)',
  recordLength: 400,
  banks: ['033'],
  movements: SANTANDER_400_MOVEMENTS,
  maxTitles: SANTANDER_400_MAX_TITLES,
  textLengths: { documentNumber: 10, payerDistrict: 12 },
  build: buildRemessa400Santander,
};
