// Banrisul (041) CNAB 400 remittance: header (0), one "transação tipo 1 – dados do título" per title
// and the trailer (9) with the total of the titles, ended by the end-of-file mark 0x1A.
// Source of every position and code: Banrisul "Cobrança Banrisul – Leiaute CNAB 400 Posições Padrão
// Febraban com Código de Agência com 4 Dígitos – Possibilita a Partilha dos Créditos" (Unidade de
// Atendimento e Serviços; the manual carries no version or date), PDF `manuais/BANRISUL/novos/400_posicoes.pdf`
// in eduardokum/laravel-boleto: §1.4 "Tipos de registros", §2.1 "Header", §2.2 "Transação tipo 1:
// dados do título", §2.7 "Trailler" ("§" below).
// Cross-checked with kivanio/brcobranca `lib/brcobranca/remessa/cnab400/banrisul.rb` (fixture
// `spec/fixtures/remessa/remessa-banrisul-cnab400.rem`) and eduardokum/laravel-boleto
// `src/Cnab/Remessa/Cnab400/Banco/Banrisul.php`; where they differ, see docs/cnab.md.
//
// §1.4 and §2.7: "Os campos numéricos não utilizados devem ficar em branco". The optional numeric
// fields (instructions, mora, desconto, IOF, abatimento, multa, dias) are therefore declared here as
// text and written blank when unused, digits otherwise.
// Not written: the "dados do sacador" record (títulos de terceiros, tipo de documento 09), type 2
// (messages on boletos the bank prints) and type 3 (rateio de crédito), services Cobre does not offer.
import { banrisul } from '../febraban/banks/banrisul.ts';
import { banrisulNc } from '../febraban/checkDigits.ts';
import { movementKindOf, type MovementTable } from './movements.ts';
import { checkLayout, field as f, filler, readRecord, type RecordValues } from './record.ts';
import { cents, digitsOnly, documentFields, fail, type RemessaBoleto, type RemessaInput, saoPauloStamp, titleDate } from './remessa.ts';
import {
  addDays,
  bad400,
  CNAB400_LENGTH,
  date6,
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
} from './remessa400.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

const NAME = 'Banrisul CNAB 400';

/**
 * §2.2, 109-110 "Código de ocorrência": the requests Cobre can make. 09 "Protestar imediatamente"
 * protests with no days; 10 "Sustação de protesto" leaves the title in the carteira. Left out: 07, 08
 * and 16-21 (changes of references, protest days and payer data Cobre does not request), 11 "Não
 * cobrar juros de mora", 12/13 (desconto and vendor), 17 (protesto para fins de falência), 68/69
 * (rateio). No code for a discount alone, for the value, for stopping a protest and writing off, nor
 * for negativação.
 */
export const BANRISUL_400_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Remessa' },
  write_off: { code: '02', text: 'Pedido baixa' },
  rebate_grant: { code: '04', text: 'Concessão de abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de abatimento' },
  due_date_change: { code: '06', text: 'Alteração de vencimento' },
  protest: { code: '09', text: 'Protestar imediatamente' },
  protest_stop_keep: { code: '10', text: 'Sustação de protesto' },
};

/** §2.2, 157-160 "Código da 1ª / 2ª instrução": the ones Cobre writes. */
const INSTRUCTION = {
  fine: '18', // Após NN dias do vencimento, cobrar xx,x% de multa (taxa 322-324, dias 325-326)
  noProtest: '23', // Não protestar
} as const;

/**
 * §2.2, 148-149 "Tipo de documento" by Cobre's Banrisul carteira (the bank module's produto): 1
 * (Cobrança Normal, boletos printed by Banrisul) → 06 Cobrança Escritural, "O Banco emite o bloqueto e
 * envia ao Pagador pelo Correio"; 2 (Cobrança Direta, printed by the beneficiary) → 08 Cobrança
 * Credenciada Banrisul, "O bloqueto é impresso e expedido pelo Beneficiário".
 */
export const BANRISUL_400_DOCUMENT_TYPE: Readonly<Record<string, string>> = { '1': '06', '2': '08' };

/** §2.1 "Header". */
export const BANRISUL_400_HEADER = checkLayout(
  [
    f('label', 1, 9, 'A', '01REMESSA'),
    filler(10, 26),
    f('beneficiaryCode', 27, 39, 'N'), // código de cedente: AAAA (agência) + CCCCCCCCC
    filler(40, 46),
    f('companyName', 47, 76, 'A'),
    f('bankCode', 77, 79, 'N'), // "041BANRISUL (constante)"
    f('bankName', 80, 87, 'A'),
    filler(88, 94),
    f('generationDate', 95, 100, 'N'), // DDMMAA
    filler(101, 394), // 110-126: only carteiras R, S and X
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** §2.2 "Transação tipo 1: dados do título". Optional numeric fields are 'A': blank when unused. */
export const BANRISUL_400_DETAIL = checkLayout(
  [
    f('recordType', 1, 1, 'N', '1'),
    filler(2, 17),
    f('beneficiaryCode', 18, 30, 'N'), // código de cedente
    filler(31, 37),
    f('participantControl', 38, 62, 'A'), // identificação do título para o beneficiário
    f('nossoNumero', 63, 72, 'N'), // 8 digits and the two NCs
    f('message', 73, 104, 'A', ''), // mensagem no bloqueto: none
    filler(105, 107),
    f('carteiraType', 108, 108, 'A', '1'), // 1 – Cobrança Simples
    f('movementCode', 109, 110, 'N'),
    f('documentNumber', 111, 120, 'A'), // seu número
    f('dueDate', 121, 126, 'N'), // DDMMAA
    f('amount', 127, 139, 'N'),
    f('bankCode', 140, 142, 'N', '041'), // banco cobrador
    filler(143, 147),
    f('documentType', 148, 149, 'N'),
    f('acceptance', 150, 150, 'A', 'N'),
    f('issueDate', 151, 156, 'N'),
    f('instruction1', 157, 158, 'A'),
    f('instruction2', 159, 160, 'A'),
    f('interestCode', 161, 161, 'A'), // 0 – valor diário; 1 – taxa mensal
    f('interestValue', 162, 173, 'A'), // 2 decimals
    f('discountDate', 174, 179, 'A'), // DDMMAA
    f('discountValue', 180, 192, 'A'),
    f('iof', 193, 205, 'A', ''), // carteira 6 only
    f('rebate', 206, 218, 'A'),
    f('payerDocumentKind', 219, 220, 'N'), // 01 CPF, 02 CNPJ
    f('payerDocument', 221, 234, 'N'),
    f('payerName', 235, 269, 'A'),
    filler(270, 274),
    f('payerAddress', 275, 314, 'A'),
    filler(315, 321),
    f('fineRate', 322, 324, 'A'), // taxa para multa, one decimal
    f('fineDays', 325, 326, 'A'), // dias após o vencimento; 00 = "após o vencimento"
    f('payerPostalCode', 327, 334, 'N'),
    f('payerCity', 335, 349, 'A'),
    f('payerState', 350, 351, 'A'),
    f('earlyPaymentRate', 352, 355, 'A', ''), // taxa ao dia para pagamento antecipado: none
    filler(356, 356),
    f('discountBase', 357, 369, 'A', ''), // valor para cálculo do desconto: none
    f('protestDays', 370, 371, 'A'), // only with instruction 09 or 15, which Cobre does not write
    filler(372, 394),
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** §2.7 "Trailler". */
export const BANRISUL_400_TRAILER = checkLayout(
  [
    f('recordType', 1, 1, 'N', '9'),
    filler(2, 27),
    f('total', 28, 40, 'N'), // total geral ou somatório dos valores dos títulos
    filler(41, 394),
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** §1.4: "deverá conter o delimitador FILE END (… 1A)" after the trailer's CR LF. */
export const BANRISUL_400_END_OF_FILE = '\x1a';

/** One record a title plus header and trailer in 999,999 sequence numbers. */
export const BANRISUL_400_MAX_TITLES = MAX_RECORDS_400 - 2;

type At = (suffix: string) => string;

/** Digits of `n` in `size` positions, or blank for none (§2.7 "não utilizados … em branco"). */
const opt = (n: number | undefined, size: number): string => (n === undefined || n === 0 ? '' : String(n).padStart(size, '0'));

/** The código de cedente (§2.1 27-39): agência (4) and the código do beneficiário (7) with its NC (2). */
function beneficiaryCode(input: RemessaInput): { code: string; documentType: string } {
  const b = input.beneficiary;
  const agency = digitsOnly(b.agency, 'beneficiary.agency');
  const account = digitsOnly(b.account, 'beneficiary.account');
  const issues = banrisul.validate({
    bankCode: '041',
    agency,
    agencyDigit: b.agencyDigit,
    account,
    accountDigit: b.accountDigit,
    carteira: b.carteira,
  });
  if (issues.length > 0) throw fail(`beneficiary.${issues[0].field}`, issues[0].issue);
  const code7 = account.padStart(7, '0');
  return { code: agency.padStart(4, '0') + code7 + banrisulNc(code7), documentType: BANRISUL_400_DOCUMENT_TYPE[b.carteira] };
}

/** The boleto's `nossoNumero` as the bank module issues it: 8 digits and their NC (2). */
function nossoNumero10(nossoNumero: string, at: At): string {
  if (!/^\d{10}$/.test(nossoNumero) || banrisulNc(nossoNumero.slice(0, 8)) !== nossoNumero.slice(8)) {
    throw fail(at('.nossoNumero'), 'Banrisul wants the 8-digit nosso número followed by its two NCs');
  }
  return nossoNumero;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** 161-173: an amount a day (code 0, cents) or a rate a month (code 1, two decimals); no date. */
function interestFields(boleto: RemessaBoleto, at: At): RecordValues {
  const interest = boleto.interest;
  if (!interest || interest.value === 0) return { interestCode: '', interestValue: '' };
  if (interest.kind !== 'daily_amount' && interest.kind !== 'monthly_percent') throw fail(at('.interest.kind'), 'unknown');
  if (interest.fromDate !== nextDay(boleto.dueDate)) {
    throw fail(at('.interest.fromDate'), `${NAME} has no interest date: interest can only start the day after the due date`);
  }
  return {
    interestCode: interest.kind === 'daily_amount' ? '0' : '1',
    interestValue: opt(cents(interest.value, at, '.interest.value'), 12),
  };
}

/** Instruction 18: a percent with one decimal (322-324) after NN days of the due date (325-326). */
function fineFields(boleto: RemessaBoleto, at: At): { fineRate: string; fineDays: string } | undefined {
  const fine = boleto.fine;
  if (!fine || fine.value === 0) return undefined;
  if (fine.kind !== 'percent') throw fail(at('.fine'), `${NAME} takes a fine only as a percent (322-324)`);
  const bp = cents(fine.value, at, '.fine.value');
  if (bp % 10 !== 0 || bp >= 10_000) throw fail(at('.fine.value'), 'Banrisul takes a fine percent with one decimal, under 100% (322-324)');
  titleDate(fine.fromDate, at, '.fine.fromDate');
  // "Após NN dias do vencimento": 00 is the day after the due date.
  const days = daysBetween(boleto.dueDate, fine.fromDate) - 1;
  if (days < 0 || days > 99) throw fail(at('.fine.fromDate'), 'must be 1 to 100 days after the due date (325-326)');
  return { fineRate: String(bp / 10).padStart(3, '0'), fineDays: String(days).padStart(2, '0') };
}

function titleValues(boleto: RemessaBoleto, code: string, at: At): RecordValues {
  const p = boleto.payer;
  if (!/^[A-Za-z]{2}$/.test(p.state)) throw fail(at('.payer.state'), 'must be a 2-letter UF');
  if (code === '09' && boleto.protestDays !== undefined) {
    throw fail(at('.protestDays'), `${NAME} ocorrência 09 protests at once and carries no days`);
  }
  let rebate = boleto.rebateCents === undefined ? 0 : cents(boleto.rebateCents, at, '.rebateCents');
  if ((code === '04' || code === '05') && rebate <= 0)
    throw fail(at('.rebateCents'), `ocorrência ${code} needs the valor do abatimento (206-218)`);
  if (code !== '01' && code !== '04' && code !== '05') rebate = 0;
  const discount = boleto.discount;
  if (discount && discount.kind !== 'fixed')
    throw fail(at('.discount'), `${NAME} takes a discount only as an amount; a percent cannot be sent`);
  const discountValue = discount ? cents(discount.value, at, '.discount.value') : 0;
  const fine = fineFields(boleto, at);
  // Two instructions at most, never the same: the fine, and "não protestar" on the entry.
  const instructions = [...(fine ? [INSTRUCTION.fine] : []), ...(code === '01' ? [INSTRUCTION.noProtest] : [])];
  return {
    participantControl: boleto.documentNumber,
    documentNumber: boleto.documentNumber,
    dueDate: date6(boleto.dueDate, at, '.dueDate'),
    amount: cents(boleto.amountCents, at, '.amountCents'),
    issueDate: date6(boleto.issueDate, at, '.issueDate'),
    instruction1: instructions[0] ?? '',
    instruction2: instructions[1] ?? '',
    ...interestFields(boleto, at),
    discountDate: discountValue > 0 ? date6(discount!.untilDate, at, '.discount.untilDate') : '',
    discountValue: opt(discountValue, 13),
    rebate: opt(rebate, 13),
    ...payerDocument(boleto, at),
    payerName: p.name,
    payerAddress: p.address,
    fineRate: fine?.fineRate ?? '',
    fineDays: fine?.fineDays ?? '',
    payerPostalCode: postalCode(boleto, at),
    payerCity: p.city,
    payerState: p.state,
    protestDays: '',
  };
}

export function buildRemessa400Banrisul(input: RemessaInput): string {
  if (input.bankCode !== '041') throw fail('bankCode', `${NAME} is for bank 041, got "${input.bankCode}"`);
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const { code: cedente, documentType } = beneficiaryCode(input);
  documentFields(input.beneficiary.documentKind, input.beneficiary.document, 'beneficiary.document'); // not written, but checked
  const stamp = saoPauloStamp(input.generatedAt);
  const w = new Remessa400Writer();
  w.push('header', BANRISUL_400_HEADER, {
    beneficiaryCode: cedente,
    companyName: input.beneficiary.name,
    bankCode: '041',
    bankName: 'BANRISUL',
    generationDate: stamp.date.slice(0, 4) + stamp.date.slice(6),
  });
  let total = 0;
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const { code } = movementOf(BANRISUL_400_MOVEMENTS, boleto, at, NAME);
    const values = titleValues(boleto, code, at);
    values.beneficiaryCode = cedente;
    values.nossoNumero = nossoNumero10(boleto.nossoNumero, at);
    values.movementCode = code;
    values.documentType = documentType;
    w.push(() => at(' transação (1)'), BANRISUL_400_DETAIL, values);
    total += boleto.amountCents;
  }
  return w.finish(BANRISUL_400_END_OF_FILE, BANRISUL_400_TRAILER, { total });
}

const num = (s: string) => (s.trim() === '' ? 0 : Number(s));

/** Reads back a remittance written by buildRemessa400Banrisul (tests and checks before sending). */
export function readRemessa400Banrisul(content: string | Buffer): ReadRemessa400 {
  const lines = remessa400Lines(content, '041', '01REMESSA');
  const h = readRecord(BANRISUL_400_HEADER, lines[0]);
  const trailer = readRecord(BANRISUL_400_TRAILER, lines[lines.length - 1]);
  const carteiraOf = Object.fromEntries(Object.entries(BANRISUL_400_DOCUMENT_TYPE).map(([c, t]) => [t, c]));
  const titles: ReadTitle400[] = [];
  let carteira = '';
  let total = 0;
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    if (line[0] !== '1') throw bad400(i + 1, `unexpected record type "${line[0]}"`);
    const d = readRecord(BANRISUL_400_DETAIL, line);
    const movement = movementKindOf(BANRISUL_400_MOVEMENTS, d.movementCode);
    if (!movement) throw bad400(i + 1, `unknown ocorrência "${d.movementCode}"`);
    carteira = carteiraOf[d.documentType] ?? d.documentType;
    const dueDate = isoOf6(d.dueDate) ?? '';
    const t: ReadTitle400 = {
      movement,
      nossoNumero: d.nossoNumero,
      ...readTitleFields400(d, {
        district: '', // not in Banrisul's layout
      }),
    };
    if (num(d.discountValue) > 0) t.discount = { kind: 'fixed', untilDate: isoOf6(d.discountDate) ?? '', value: num(d.discountValue) };
    if (num(d.interestValue) > 0) {
      const kind = d.interestCode === '0' ? 'daily_amount' : 'monthly_percent';
      t.interest = { kind, fromDate: nextDay(dueDate), value: num(d.interestValue) };
    }
    if (d.fineRate !== '') t.fine = { kind: 'percent', fromDate: addDays(dueDate, num(d.fineDays) + 1), value: num(d.fineRate) * 10 };
    if (num(d.rebate) > 0) t.rebateCents = num(d.rebate);
    titles.push(t);
    total += Number(d.amount);
  }
  if (Number(trailer.total) !== total)
    throw bad400(lines.length, `total (28-40) is ${Number(trailer.total)}, the titles add up to ${total}`);
  const code = h.beneficiaryCode;
  return {
    bankCode: h.bankCode,
    generationDate: isoOf6(h.generationDate) ?? '',
    beneficiary: {
      name: h.companyName,
      agency: code.slice(0, 4),
      account: code.slice(4, 11),
      accountDigit: code.slice(11),
      carteira,
    },
    titles,
    recordCount: Number(lines[lines.length - 1].slice(394, 400)),
  };
}

export const banrisul400Layout: RemittanceLayout = {
  id: 'cnab400_banrisul',
  name: 'CNAB 400 Banrisul (padrão Febraban, agência com 4 dígitos)',
  recordLength: 400,
  banks: ['041'],
  movements: BANRISUL_400_MOVEMENTS,
  maxTitles: BANRISUL_400_MAX_TITLES,
  textLengths: { documentNumber: 10, payerName: 35 },
  build: buildRemessa400Banrisul,
};
