// Sicoob (756) CNAB 400 remittance: header (0), one detail (1) per title and the trailer (9).
// Source of every position and code: Sicoob "Layouts para troca de informações" (spreadsheet of
// fevereiro/2017, `manuais/BANCOOB-SICOOB/novos/Layouts_para_troca_de_informacoes_Fev_2017.xls` in
// eduardokum/laravel-boleto), sheet "03.Remessa - CNAB400"; "SEQ N" below is the sheet's field number.
// The nosso número's DV is the one of sheet "02.Especificações do Boleto", computed by the bank module.
// Cross-checked with kivanio/brcobranca `lib/brcobranca/remessa/cnab400/sicoob.rb` (fixture
// `spec/fixtures/remessa/remessa-sicoob-cnab400.rem`) and eduardokum/laravel-boleto
// `src/Cnab/Remessa/Cnab400/Banco/Bancoob.php`; where they differ, see docs/cnab.md.
//
// Record 2 (messages printed on boletos the cooperativa issues) is not written: Cobre prints its own
// (SEQ 22 "Tipo de Emissão" 2 = Cliente).
import { sicoobNossoNumeroDv } from '../febraban/banks/sicoob.ts';
import { movementKindOf, type MovementTable } from './movements.ts';
import { checkLayout, field as f, filler, readRecord, type RecordValues } from './record.ts';
import { cents, digitsOnly, documentFields, fail, type RemessaBoleto, type RemessaInput, saoPauloStamp } from './remessa.ts';
import {
  bad400,
  CNAB400_LENGTH,
  date6,
  fixedDiscount,
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

const NAME = 'Sicoob CNAB 400';

/**
 * SEQ 24 "Comando/Movimento": the requests Cobre can make. Left out: 08 (alteração de seu número), 11
 * "Instrução para Dispensar Juros", 12 (alteração de pagador), 31 "Alteração de Outros Dados" and 34
 * (baixa por pagamento direto ao beneficiário), for which Cobre has no request. Sicoob's CNAB 400 has
 * no code that stops a protest and keeps the title (its 240 has 11; the 400's 11 is another
 * instruction), none for a discount alone, for the value nor for negativação.
 */
export const SICOOB_400_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Entrada de Títulos' },
  write_off: { code: '02', text: 'Solicitação de Baixa' },
  rebate_grant: { code: '04', text: 'Concessão de Abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de Abatimento' },
  due_date_change: { code: '06', text: 'Prorrogação de Vencimento' },
  protest: { code: '09', text: 'Instrução para Protestar' },
  protest_stop_write_off: { code: '10', text: 'Desistência do Protesto e Baixar Título' },
};

/** SEQ 34-35 "Primeira / Segunda instrução codificada": what Cobre writes. */
const INSTRUCTION = {
  none: '00', // AUSENCIA DE INSTRUCOES
  noProtest: '07', // NAO PROTESTAR: an entry is never protested unless Cobre asks (comando 09)
} as const;

/** Sheet "HEADER", SEQ 1-17. */
export const SICOOB_400_HEADER = header400(
  [
    f('cooperative', 27, 30, 'N'), // SEQ 7: prefixo da cooperativa
    filler(31, 31), // SEQ 8: dígito do prefixo, "Preencher com espaços em branco"
    f('clientCode', 32, 40, 'N'), // SEQ 9-10: código do cliente (8) and its DV (1)
    filler(41, 46), // SEQ 11: convênio líder, "Preencher com espaços em branco"
  ],
  [
    f('fileSequence', 101, 107, 'N'), // SEQ 15: sequencial da remessa, from 0000001, +1 a file
    filler(108, 394), // SEQ 16
  ],
);

/** Sheet "DETALHE", SEQ 1-54. */
export const SICOOB_400_DETAIL = checkLayout(
  [
    f('recordType', 1, 1, 'N', '1'),
    f('companyDocumentKind', 2, 3, 'N'), // SEQ 2: 01 CPF, 02 CNPJ
    f('companyDocument', 4, 17, 'N'), // SEQ 3
    f('cooperative', 18, 21, 'N'), // SEQ 4: prefixo da cooperativa
    f('cooperativeDigit', 22, 22, 'N'), // SEQ 5
    f('account', 23, 30, 'N'), // SEQ 6: conta corrente
    f('accountDigit', 31, 31, 'A'), // SEQ 7
    f('agreement', 32, 37, 'N', '0'), // SEQ 8: convênio de cobrança, "000000"
    f('participantControl', 38, 62, 'A'), // SEQ 9: campo livre para controle
    f('nossoNumero', 63, 73, 'N'), // SEQ 10: número seqüencial (11)
    f('nossoNumeroDv', 74, 74, 'N'), // SEQ 10: DV do nosso número
    f('installment', 75, 76, 'N', '01'), // SEQ 11: "01" se parcela única
    f('valueGroup', 77, 78, 'N', '00'), // SEQ 12
    filler(79, 81), // SEQ 13
    f('messageOrGuarantor', 82, 82, 'A', ''), // SEQ 14: blank = 352-391 is a message
    filler(83, 85), // SEQ 15: prefixo do título
    f('carteiraVariation', 86, 88, 'N', '000'), // SEQ 16: variação da carteira
    f('collateralAccount', 89, 89, 'N', '0'), // SEQ 17: conta caução
    f('guaranteeContract', 90, 94, 'N', '00000'), // SEQ 18: "00000" for carteira 1
    f('guaranteeContractDv', 95, 95, 'A', '0'), // SEQ 19: "0" for carteira 1
    f('bordero', 96, 101, 'N', '000000'), // SEQ 20: only carteira 3
    filler(102, 105), // SEQ 21
    f('issuer', 106, 106, 'N', '2'), // SEQ 22: tipo de emissão, 2 = Cliente
    f('modality', 107, 108, 'N'), // SEQ 23: 01 = Simples Com Registro
    f('movementCode', 109, 110, 'N'), // SEQ 24
    f('documentNumber', 111, 120, 'A'), // SEQ 25: seu número
    f('dueDate', 121, 126, 'N'), // SEQ 26: DDMMAA
    f('amount', 127, 139, 'N'), // SEQ 27
    f('bankCode', 140, 142, 'N', '756'), // SEQ 28
    f('collectingCooperative', 143, 146, 'N'), // SEQ 29: prefixo da cooperativa
    f('collectingCooperativeDigit', 147, 147, 'A'), // SEQ 30
    f('species', 148, 149, 'N', '01'), // SEQ 31: 01 = Duplicata Mercantil
    f('acceptance', 150, 150, 'A', '0'), // SEQ 32: "0" = Sem aceite
    f('issueDate', 151, 156, 'N'), // SEQ 33: DDMMAA
    f('instruction1', 157, 158, 'N'), // SEQ 34
    f('instruction2', 159, 160, 'N'), // SEQ 35
    f('interestRate', 161, 166, 'N'), // SEQ 36: taxa de mora mês, 9(02)V9999
    f('fineRate', 167, 172, 'N'), // SEQ 37: taxa de multa, 9(02)V9999
    f('distribution', 173, 173, 'N', '2'), // SEQ 38: tipo distribuição, 2 = Cliente
    f('discountDate', 174, 179, 'N'), // SEQ 39: data primeiro desconto
    f('discountValue', 180, 192, 'N'), // SEQ 40
    // SEQ 41: 193 código da moeda, 194-205 IOF. The sheet gives no table; 9 is the Real of the CNAB
    // currency codes, as laravel-boleto writes it.
    f('currency', 193, 193, 'N', '9'),
    f('iof', 194, 205, 'N', '0'),
    f('rebate', 206, 218, 'N'), // SEQ 42: valor abatimento
    f('payerDocumentKind', 219, 220, 'N'), // SEQ 43: 01 CPF, 02 CNPJ
    f('payerDocument', 221, 234, 'N'), // SEQ 44
    f('payerName', 235, 274, 'A'), // SEQ 45: A(40)
    f('payerAddress', 275, 311, 'A'), // SEQ 46: A(37)
    f('payerDistrict', 312, 326, 'A'), // SEQ 47: X(15)
    f('payerPostalCode', 327, 334, 'N'), // SEQ 48
    f('payerCity', 335, 349, 'A'), // SEQ 49
    f('payerState', 350, 351, 'A'), // SEQ 50
    f('message', 352, 391, 'A', ''), // SEQ 51: printed only by the cooperativa
    f('protestDays', 392, 393, 'N'), // SEQ 52: dias para protesto
    filler(394, 394), // SEQ 53
    f('sequence', 395, 400, 'N'), // SEQ 54
  ],
  CNAB400_LENGTH,
);

/** One record a title plus header and trailer in 999,999 sequence numbers. */
export const SICOOB_400_MAX_TITLES = MAX_RECORDS_400 - 2;

interface SicoobAccount {
  cooperative: string;
  cooperativeDigit: string;
  account: string;
  accountDigit: string;
  clientCode: string;
  modality: string;
}

function sicoobAccount(input: RemessaInput): SicoobAccount {
  const b = input.beneficiary;
  const cooperative = digitsOnly(b.agency, 'beneficiary.agency');
  if (cooperative.length > 4) throw fail('beneficiary.agency', 'the prefixo da cooperativa has 4 digits (SEQ 4)');
  if (!b.agencyDigit || !/^\d$/.test(b.agencyDigit))
    throw fail('beneficiary.agencyDigit', `${NAME} needs the DV of the cooperativa prefix (SEQ 5)`);
  const account = digitsOnly(b.account, 'beneficiary.account');
  if (account.length > 8 || !/[1-9]/.test(account))
    throw fail('beneficiary.account', `${NAME} needs the conta corrente (up to 8 digits, SEQ 6)`);
  if (!b.accountDigit || !/^\d$/.test(b.accountDigit))
    throw fail('beneficiary.accountDigit', `${NAME} needs the DV of the conta corrente (SEQ 7)`);
  const given = b.beneficiaryCode ?? '';
  const clientCode = given === '' ? '' : digitsOnly(given, 'beneficiary.beneficiaryCode');
  if (clientCode === '' || clientCode.length > 9) {
    throw fail('beneficiary.beneficiaryCode', `${NAME} needs the código do cliente with its DV (header 32-40)`);
  }
  const modality = b.variation ?? '01';
  // SEQ 23: 03 (garantida caucionada) needs the contract and borderô of SEQ 18-20, which Cobre does not have.
  if (modality !== '01') throw fail('beneficiary.variation', `${NAME} registers modalidade 01 (simples com registro) only`);
  return {
    cooperative: cooperative.padStart(4, '0'),
    cooperativeDigit: b.agencyDigit,
    account,
    accountDigit: b.accountDigit,
    clientCode,
    modality,
  };
}

type At = (suffix: string) => string;

/**
 * The boleto's `nossoNumero` is the bank module's: 7 digits and the DV over cooperativa, código do
 * cliente and number (weights 3-1-9-7). SEQ 10 takes an 11-digit number and the DV.
 */
function nossoNumeroFields(nossoNumero: string, acc: SicoobAccount, at: At): RecordValues {
  if (!/^\d{8}$/.test(nossoNumero)) throw fail(at('.nossoNumero'), 'Sicoob wants the 7-digit nosso número followed by its DV');
  if (sicoobNossoNumeroDv(acc.cooperative, acc.clientCode, nossoNumero.slice(0, 7)) !== Number(nossoNumero[7])) {
    throw fail(at('.nossoNumero'), 'its last digit is not the DV for this cooperativa and código do cliente');
  }
  return { nossoNumero: nossoNumero.slice(0, 7), nossoNumeroDv: nossoNumero[7] };
}

/** A percent a month or a fine percent in basis points → 9(02)V9999; under 100 %. */
function rate4(bp: number, at: At, suffix: string): number {
  const value = cents(bp, at, suffix);
  if (value >= 10_000) throw fail(at(suffix), 'must be under 100% (9(02)V9999)');
  return value * 100;
}

/**
 * SEQ 36: interest is a rate a month ("Taxa de mora mês"), with no date: a monthly percent starting the
 * day after the due date is written as it is; an amount per day has no field and is refused.
 */
function interestRate(boleto: RemessaBoleto, at: At): number {
  const interest = boleto.interest;
  if (!interest || (interest.kind === 'monthly_percent' && interest.value === 0)) return 0;
  if (interest.kind !== 'monthly_percent') throw fail(at('.interest.kind'), `${NAME} takes interest only as a rate a month (SEQ 36)`);
  if (interest.fromDate !== nextDay(boleto.dueDate)) {
    throw fail(at('.interest.fromDate'), `${NAME} has no interest date: interest can only start the day after the due date`);
  }
  return rate4(interest.value, at, '.interest.value');
}

/** SEQ 37: the fine is a percent, with no date. */
function fineRate(boleto: RemessaBoleto, at: At): number {
  const fine = boleto.fine;
  if (!fine || fine.value === 0) return 0;
  if (fine.kind !== 'percent') throw fail(at('.fine'), `${NAME} takes a fine only as a percent (SEQ 37)`);
  if (fine.fromDate !== nextDay(boleto.dueDate)) {
    throw fail(at('.fine.fromDate'), `${NAME} has no fine date: the fine can only start the day after the due date`);
  }
  return rate4(fine.value, at, '.fine.value');
}

function titleValues(boleto: RemessaBoleto, code: string, at: At): RecordValues {
  const p = boleto.payer;
  if (!/^[A-Za-z]{2}$/.test(p.state)) throw fail(at('.payer.state'), 'must be a 2-letter UF');
  let rebate = boleto.rebateCents === undefined ? 0 : cents(boleto.rebateCents, at, '.rebateCents');
  if ((code === '04' || code === '05') && rebate <= 0)
    throw fail(at('.rebateCents'), `comando ${code} needs the valor do abatimento (SEQ 42)`);
  if (code !== '01' && code !== '04' && code !== '05') rebate = 0;
  return {
    participantControl: boleto.documentNumber,
    documentNumber: boleto.documentNumber,
    dueDate: date6(boleto.dueDate, at, '.dueDate'),
    amount: cents(boleto.amountCents, at, '.amountCents'),
    issueDate: date6(boleto.issueDate, at, '.issueDate'),
    instruction1: code === '01' ? INSTRUCTION.noProtest : INSTRUCTION.none,
    instruction2: INSTRUCTION.none,
    interestRate: interestRate(boleto, at),
    fineRate: fineRate(boleto, at),
    ...fixedDiscount(boleto, at, NAME),
    rebate,
    ...payerDocument(boleto, at),
    payerName: p.name,
    payerAddress: p.address,
    payerDistrict: p.district,
    payerPostalCode: postalCode(boleto, at),
    payerCity: p.city,
    payerState: p.state,
    // SEQ 52: "Se = 0, utilizar dias protesto padrão do cliente": the days go with comando 09 only.
    protestDays: code === '09' ? requestDays(boleto, at) : 0,
  };
}

export function buildRemessa400Sicoob(input: RemessaInput): string {
  if (input.bankCode !== '756') throw fail('bankCode', `${NAME} is for bank 756, got "${input.bankCode}"`);
  if (!Number.isSafeInteger(input.fileSequence) || input.fileSequence < 1) throw fail('fileSequence', 'must be a positive integer');
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const acc = sicoobAccount(input);
  const company = documentFields(input.beneficiary.documentKind, input.beneficiary.document, 'beneficiary.document');
  const stamp = saoPauloStamp(input.generatedAt);
  const w = new Remessa400Writer();
  w.push('header', SICOOB_400_HEADER, {
    cooperative: acc.cooperative,
    clientCode: acc.clientCode,
    companyName: input.beneficiary.name,
    bankCode: '756',
    bankName: 'BANCOOBCED', // SEQ 13: "756BANCOOBCED"
    generationDate: stamp.date.slice(0, 4) + stamp.date.slice(6),
    fileSequence: input.fileSequence,
  });
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const { code } = movementOf(SICOOB_400_MOVEMENTS, boleto, at, NAME);
    const values = titleValues(boleto, code, at);
    values.companyDocumentKind = `0${company.kind}`;
    values.companyDocument = company.digits;
    values.cooperative = acc.cooperative;
    values.cooperativeDigit = acc.cooperativeDigit;
    values.account = acc.account;
    values.accountDigit = acc.accountDigit;
    values.collectingCooperative = acc.cooperative;
    values.collectingCooperativeDigit = acc.cooperativeDigit;
    values.modality = acc.modality;
    values.movementCode = code;
    Object.assign(values, nossoNumeroFields(boleto.nossoNumero, acc, at));
    w.push(() => at(' detalhe (1)'), SICOOB_400_DETAIL, values);
  }
  return w.finish(); // sheet "TRAILLER": "9", blanks (its messages only with instructions 01/01), sequence
}

const trimZeros = (s: string) => s.replace(/^0+(?=\d)/, '');

/** Reads back a remittance written by buildRemessa400Sicoob (tests and checks before sending). */
export function readRemessa400Sicoob(content: string | Buffer): ReadRemessa400 {
  const lines = remessa400Lines(content, '756');
  const h = readRecord(SICOOB_400_HEADER, lines[0]);
  const titles: ReadTitle400[] = [];
  let beneficiary: ReadRemessa400['beneficiary'] = {
    name: h.companyName,
    agency: h.cooperative,
    account: '',
    accountDigit: '',
    carteira: '',
  };
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    if (line[0] !== '1') throw bad400(i + 1, `unexpected record type "${line[0]}"`);
    const d = readRecord(SICOOB_400_DETAIL, line);
    const movement = movementKindOf(SICOOB_400_MOVEMENTS, d.movementCode);
    if (!movement) throw bad400(i + 1, `unknown comando "${d.movementCode}"`);
    const documentKind = d.companyDocumentKind === '01' ? 'cpf' : 'cnpj';
    beneficiary = {
      name: h.companyName,
      agency: d.cooperative,
      account: trimZeros(d.account),
      accountDigit: d.accountDigit,
      carteira: d.modality,
      documentKind,
      document: d.companyDocument.slice(documentKind === 'cpf' ? 3 : 0),
      beneficiaryCode: trimZeros(h.clientCode),
    };
    const dueDate = isoOf6(d.dueDate) ?? '';
    const t: ReadTitle400 = {
      movement,
      nossoNumero: d.nossoNumero.slice(4) + d.nossoNumeroDv,
      ...readTitleFields400(d),
    };
    const discountUntil = isoOf6(d.discountDate);
    if (discountUntil) t.discount = { kind: 'fixed', untilDate: discountUntil, value: Number(d.discountValue) };
    if (Number(d.interestRate) > 0)
      t.interest = { kind: 'monthly_percent', fromDate: nextDay(dueDate), value: Number(d.interestRate) / 100 };
    if (Number(d.fineRate) > 0) t.fine = { kind: 'percent', fromDate: nextDay(dueDate), value: Number(d.fineRate) / 100 };
    if (Number(d.rebate) > 0) t.rebateCents = Number(d.rebate);
    if (d.movementCode === '09') t.protestDays = Number(d.protestDays);
    titles.push(t);
  }
  return {
    bankCode: h.bankCode,
    generationDate: isoOf6(h.generationDate) ?? '',
    fileSequence: Number(h.fileSequence),
    beneficiary,
    titles,
    recordCount: Number(lines[lines.length - 1].slice(394, 400)),
  };
}

export const sicoob400Layout: RemittanceLayout = {
  id: 'cnab400_sicoob',
  name: 'CNAB 400 Sicoob (Layouts para troca de informações, fev/2017)',
  recordLength: 400,
  banks: ['756'],
  movements: SICOOB_400_MOVEMENTS,
  maxTitles: SICOOB_400_MAX_TITLES,
  textLengths: { documentNumber: 10, payerAddress: 37 },
  build: buildRemessa400Sicoob,
};
