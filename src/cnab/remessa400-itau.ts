// Itaú (341) CNAB 400 remittance: header label (0), one detail (1) per title, the optional fine
// record (2) after an entry that has a fine, and the trailer (9).
// Source of every position and code: Itaú "Cobrança Bancária – Intercâmbio Eletrônico de Arquivos"
// (CNAB 400), Julho/2021 (file COBRANCA-.400.BYTES.CNAB.-.JUL2021_v3.pdf in eduardokum/laravel-boleto
// `manuais/ITAU/`): §3.1 "Arquivo Remessa" pp. 9-12 and 18, chapter 4 "Notas" pp. 29-49 ("nota N" below).
// Cross-checked with eduardokum/laravel-boleto `src/Cnab/Remessa/Cnab400/Banco/Itau.php` and
// kivanio/brcobranca `lib/brcobranca/remessa/cnab400/itau.rb` (fixture
// `spec/fixtures/remessa/remessa-itau-cnab400.rem`); where they differ, see docs/cnab.md.
import { mod10 } from '../febraban/checkDigits.ts';
import { itau, itauNossoNumeroDac } from '../febraban/banks/itau.ts';
import type { MovementKind, MovementTable } from './movements.ts';
import { movementKindOf } from './movements.ts';
import { checkLayout, field as f, filler, readRecord, type RecordValues } from './record.ts';
import { cents, digitsOnly, documentFields, fail, type RemessaBoleto, type RemessaInput, saoPauloStamp, titleDate } from './remessa.ts';
import {
  addDays,
  bad400,
  CNAB400_LENGTH,
  dailyInterest,
  date6,
  fixedDiscount,
  hasDailyInterest,
  header400,
  isoOf6,
  isoOf8,
  MAX_RECORDS_400,
  movementOf,
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

const NAME = 'Itaú CNAB 400';

/**
 * Nota 6 "Código de ocorrência (arquivo remessa)": the requests Cobre can make. Itaú has no code for
 * a discount alone (only 31 with every changed field) nor one that stops a protest and writes the
 * title off (its 02 "pedido de baixa" stops a protest by itself, nota 6 D), so those kinds are absent.
 * 31 "alteração de outros dados" is how Itaú changes the title's value: "A alteração do valor do
 * título deverá ser feita isoladamente, sem nenhuma outra alteração no mesmo registro" (nota 6 B;
 * nota 10 names it for the value too), so Cobre sends it only for that, with the new value alone.
 */
export const ITAU_400_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'REMESSA' },
  write_off: { code: '02', text: 'PEDIDO DE BAIXA' },
  rebate_grant: { code: '04', text: 'CONCESSÃO DE ABATIMENTO (INDICADOR 12.5)' },
  rebate_cancel: { code: '05', text: 'CANCELAMENTO DE ABATIMENTO' },
  due_date_change: { code: '06', text: 'ALTERAÇÃO DO VENCIMENTO' },
  protest: { code: '09', text: 'PROTESTAR (emite aviso ao pagador após xx dias do vencimento, e envia ao cartório após 5 dias úteis)' },
  protest_stop_keep: { code: '18', text: 'SUSTAR O PROTESTO' },
  amount_change: { code: '31', text: 'ALTERAÇÃO DE OUTROS DADOS' },
  negativation: { code: '66', text: 'ENTRADA EM NEGATIVAÇÃO EXPRESSA' },
  negativation_stop: { code: '68', text: 'EXCLUIR NEGATIVAÇÃO (até 15 dias corridos após entrada no bureaux)' },
};

type Carried = 'amount' | 'dueDate' | 'rebate' | 'days';
/**
 * What an instruction's record carries besides tipo, agência/conta/DAC, nosso número and carteira
 * (nota 6 A and B: "Os demais campos devem ser preenchidos com zeros ou brancos"). Codes marked A
 * carry the value of the title; the "campos necessários" column adds the due date (06) and the
 * abatimento (04, 05); nota 6 C puts the days of a protest or negativation at 392-393.
 */
const CARRIES: Readonly<Record<string, readonly Carried[]>> = {
  '02': ['amount'], // A
  '04': ['amount', 'rebate'], // A, D
  '05': ['amount', 'rebate'], // A, D
  '06': ['amount', 'dueDate'], // A, D
  '09': ['amount', 'days'], // A, C
  '18': ['amount'], // A, F
  '31': ['amount'], // B: the value is the field changed
  '66': ['days'], // B, C
  '68': [], // B, F
};

/**
 * Nota 5 "Carteiras de cobrança": the registered ones (tipo E escritural, D direta) and their
 * "código da carteira" (108). Carteiras sem registro (tipo S) take no remittance of this layout.
 */
export const ITAU_400_CARTEIRAS: Readonly<Record<string, string>> = {
  '112': 'I',
  '115': 'I',
  '104': 'I',
  '147': 'E',
  '188': 'I',
  '108': 'I',
  '109': 'I',
  '150': 'U',
  '121': 'I',
  '180': 'I',
};

/** §3.1 p. 9, "Registro header de arquivo". */
export const ITAU_400_HEADER = header400(
  [
    f('agency', 27, 30, 'N'), // agência mantenedora da conta
    f('zeros', 31, 32, 'N', '00'),
    f('account', 33, 37, 'N'), // conta corrente da empresa
    f('accountDac', 38, 38, 'N'), // DAC agência/conta
    filler(39, 46),
  ],
  [filler(101, 394)],
);

/** §3.1 pp. 10-11, "Registro detalhe (obrigatório)". */
export const ITAU_400_DETAIL = checkLayout(
  [
    f('recordType', 1, 1, 'N', '1'),
    f('companyDocumentKind', 2, 3, 'N'), // nota 1: 01 CPF, 02 CNPJ
    f('companyDocument', 4, 17, 'N'),
    f('agency', 18, 21, 'N'),
    f('zeros', 22, 23, 'N', '00'),
    f('account', 24, 28, 'N'),
    f('accountDac', 29, 29, 'N'),
    filler(30, 33),
    f('cancelledInstruction', 34, 37, 'N', '0'), // nota 27: zeros except for ocorrências 35 and 38
    f('companyUse', 38, 62, 'A'), // nota 2: uso da empresa, returned in every return record
    f('nossoNumero', 63, 70, 'N'), // nota 3: without its DAC
    f('currencyQuantity', 71, 83, 'N', '0'), // nota 4: zeros for reais
    f('carteira', 84, 86, 'N'), // nota 5
    filler(87, 107), // uso do banco
    f('carteiraCode', 108, 108, 'A'), // nota 5
    f('movementCode', 109, 110, 'N'), // nota 6
    f('documentNumber', 111, 120, 'A'), // nota 18: nº do documento (seu número)
    f('dueDate', 121, 126, 'N'), // nota 7: DDMMAA
    f('amount', 127, 139, 'N'), // nota 8: 9(11)V9(2)
    f('bankCode', 140, 142, 'N', '341'),
    f('collectingAgency', 143, 147, 'N', '0'), // nota 9: zeros in the remittance
    f('species', 148, 149, 'A'), // nota 10: 01 duplicata mercantil
    f('acceptance', 150, 150, 'A'), // A aceite, N não aceite
    f('issueDate', 151, 156, 'N'), // nota 31: DDMMAA
    f('instruction1', 157, 158, 'A'), // nota 11
    f('instruction2', 159, 160, 'A'),
    f('interestPerDay', 161, 173, 'N'), // nota 12: juros de 1 dia, 9(11)V9(2)
    f('discountDate', 174, 179, 'N'), // DDMMAA
    f('discountValue', 180, 192, 'N'), // nota 13
    f('iof', 193, 205, 'N', '0'), // nota 14: insurers only
    f('rebate', 206, 218, 'N'), // nota 13: abatimento
    f('payerDocumentKind', 219, 220, 'N'), // 01 CPF, 02 CNPJ
    f('payerDocument', 221, 234, 'N'),
    // 235-264 nome (X 30) and 265-274 brancos (X 10): nota 15 "Os dois campos podem ser agrupados
    // para registrar o nome do pagador", so a name of up to 40 characters is written across both.
    f('payerName', 235, 274, 'A'),
    f('payerAddress', 275, 314, 'A'), // rua, número e complemento
    f('payerDistrict', 315, 326, 'A'),
    f('payerPostalCode', 327, 334, 'N'),
    f('payerCity', 335, 349, 'A'),
    f('payerState', 350, 351, 'A'),
    f('guarantorName', 352, 381, 'A', ''), // nota 16: sacador/avalista
    filler(382, 385),
    f('interestDate', 386, 391, 'N'), // data de mora, DDMMAA: from it on (nota 11 F "a partir de DDMMAA")
    f('days', 392, 393, 'N'), // nota 6 C / nota 11 A: prazo of a protest or negativation
    filler(394, 394),
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** §3.1 p. 12, "Registro detalhe de multa (opcional)". */
export const ITAU_400_FINE = checkLayout(
  [
    f('recordType', 1, 1, 'N', '2'),
    f('fineCode', 2, 2, 'N'), // nota 35: 0 sem multa, 1 valor em reais, 2 percentual
    // Nota 36: "A Multa passa a incidir após a data informada neste campo", DDMMAAAA, on or after the
    // due date: the day before the fine's first day (`fine.fromDate`).
    f('fineDate', 3, 10, 'N'),
    f('fineValue', 11, 23, 'N'), // nota 37: 9(11)V9(2), value or percent with two decimals
    filler(24, 394),
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** Records per title at most (detail and fine): the titles a file of 999,999 records holds. */
export const ITAU_400_MAX_TITLES = Math.floor((MAX_RECORDS_400 - 2) / 2);

interface ItauAccount {
  agency: string;
  account: string;
  accountDac: string;
  carteira: string;
  carteiraCode: string;
}

/** The account as the bank module validates it (agency ≤4, account ≤5, carteira, DAC when given). */
function itauAccount(input: RemessaInput): ItauAccount {
  const b = input.beneficiary;
  const agency = digitsOnly(b.agency, 'beneficiary.agency');
  const account = digitsOnly(b.account, 'beneficiary.account');
  const issues = itau.validate({ bankCode: '341', agency, account, accountDigit: b.accountDigit, carteira: b.carteira });
  if (issues.length > 0) throw fail(`beneficiary.${issues[0].field}`, issues[0].issue);
  const carteiraCode = ITAU_400_CARTEIRAS[b.carteira];
  if (carteiraCode === undefined) {
    throw fail('beneficiary.carteira', `carteira ${b.carteira} is not a registered carteira of Itaú's CNAB 400 (nota 5)`);
  }
  const a4 = agency.padStart(4, '0');
  const a5 = account.padStart(5, '0');
  // The agency/account DAC (header 38, detail 29): mod 10 of agency and account, as the bank module checks it.
  return { agency: a4, account: a5, accountDac: b.accountDigit || String(mod10(a4 + a5)), carteira: b.carteira, carteiraCode };
}

/**
 * The boleto's `nossoNumero` is its `nosso_numero_digits`: carteira (3), number (8) and DAC (1), as
 * issued. The record takes the 8 digits (nota 3); the carteira must be the account's and the DAC the
 * one the bank module computes (Itaú's Anexo 4), so a boleto of another account is refused.
 */
function nossoNumero8(nossoNumero: string, acc: ItauAccount, at: (suffix: string) => string): string {
  if (!/^\d{12}$/.test(nossoNumero))
    throw fail(at('.nossoNumero'), `expected carteira, 8 digits and DAC (12 digits), got "${nossoNumero}"`);
  const nn = nossoNumero.slice(3, 11);
  if (nossoNumero.slice(0, 3) !== acc.carteira) throw fail(at('.nossoNumero'), `is not of carteira ${acc.carteira}`);
  if (nossoNumero[11] !== String(itauNossoNumeroDac(acc.agency, acc.account, acc.carteira, nn))) {
    throw fail(at('.nossoNumero'), `DAC does not match agency ${acc.agency}, account ${acc.account}, carteira ${acc.carteira}`);
  }
  return nn;
}

const BLANK_TITLE: RecordValues = {
  companyUse: '',
  documentNumber: '',
  dueDate: 0,
  amount: 0,
  species: '',
  acceptance: '',
  issueDate: 0,
  instruction1: '',
  instruction2: '',
  interestPerDay: 0,
  discountDate: 0,
  discountValue: 0,
  rebate: 0,
  payerDocumentKind: 0,
  payerDocument: 0,
  payerName: '',
  payerAddress: '',
  payerDistrict: '',
  payerPostalCode: 0,
  payerCity: '',
  payerState: '',
  interestDate: 0,
  days: 0,
};

type At = (suffix: string) => string;

function entryValues(boleto: RemessaBoleto, at: At): RecordValues {
  const p = boleto.payer;
  if (!/^[A-Za-z]{2}$/.test(p.state)) throw fail(at('.payer.state'), 'must be a 2-letter UF');
  const interest = dailyInterest(boleto, at, NAME);
  return {
    companyUse: boleto.documentNumber,
    documentNumber: boleto.documentNumber,
    dueDate: date6(boleto.dueDate, at, '.dueDate'),
    amount: cents(boleto.amountCents, at, '.amountCents'),
    species: '01', // nota 10: duplicata mercantil
    acceptance: 'N',
    issueDate: date6(boleto.issueDate, at, '.issueDate'),
    instruction1: '00', // no instruction (nota 11 lists none as 00; laravel-boleto and brcobranca write 00)
    instruction2: '00',
    interestPerDay: interest,
    ...fixedDiscount(boleto, at, NAME),
    rebate: boleto.rebateCents === undefined ? 0 : cents(boleto.rebateCents, at, '.rebateCents'),
    ...payerDocument(boleto, at),
    payerName: p.name,
    payerAddress: p.address,
    payerDistrict: p.district,
    payerPostalCode: postalCode(boleto, at),
    payerCity: p.city,
    payerState: p.state,
    interestDate: hasDailyInterest(boleto) ? date6(boleto.interest!.fromDate, at, '.interest.fromDate') : 0,
    days: 0,
  };
}

function instructionValues(boleto: RemessaBoleto, code: string, at: At): RecordValues {
  const values: RecordValues = { ...BLANK_TITLE };
  for (const carried of CARRIES[code]) {
    if (carried === 'amount') values.amount = cents(boleto.amountCents, at, '.amountCents');
    else if (carried === 'dueDate') values.dueDate = date6(boleto.dueDate, at, '.dueDate');
    else if (carried === 'days') values.days = requestDays(boleto, at);
    else {
      if (boleto.rebateCents === undefined || boleto.rebateCents <= 0) {
        throw fail(at('.rebateCents'), `ocorrência ${code} needs the valor do abatimento (nota 6)`);
      }
      values.rebate = cents(boleto.rebateCents, at, '.rebateCents');
    }
  }
  return values;
}

/** Record 2 for an entry with a fine (notas 35-37); none for a fine of 0. */
function fineValues(boleto: RemessaBoleto, at: At): RecordValues | undefined {
  const fine = boleto.fine;
  if (!fine || fine.value === 0) return undefined;
  if (fine.kind !== 'fixed' && fine.kind !== 'percent') throw fail(at('.fine.kind'), 'unknown');
  const value = cents(fine.value, at, '.fine.value');
  if (fine.kind === 'percent' && value >= 10_000) throw fail(at('.fine.value'), 'a percent fine must be under 100% (nota 37)');
  if (fine.kind === 'fixed' && value >= boleto.amountCents)
    throw fail(at('.fine.value'), 'a fine must be under the value of the title (nota 37)');
  titleDate(fine.fromDate, at, '.fine.fromDate');
  // The field holds the last day without the fine ("passa a incidir após a data informada").
  const lastDayWithout = addDays(fine.fromDate, -1);
  if (lastDayWithout < boleto.dueDate) throw fail(at('.fine.fromDate'), 'must be after the due date (nota 36)');
  return { fineCode: fine.kind === 'fixed' ? '1' : '2', fineDate: titleDate(lastDayWithout, at, '.fine.fromDate'), fineValue: value };
}

export function buildRemessa400Itau(input: RemessaInput): string {
  if (input.bankCode !== '341') throw fail('bankCode', `${NAME} is for bank 341, got "${input.bankCode}"`);
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const acc = itauAccount(input);
  const company = documentFields(input.beneficiary.documentKind, input.beneficiary.document, 'beneficiary.document');
  const stamp = saoPauloStamp(input.generatedAt);
  const w = new Remessa400Writer();
  w.push('header', ITAU_400_HEADER, {
    agency: acc.agency,
    account: acc.account,
    accountDac: acc.accountDac,
    companyName: input.beneficiary.name,
    bankCode: '341',
    bankName: 'BANCO ITAU SA',
    generationDate: stamp.date.slice(0, 4) + stamp.date.slice(6),
  });
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const { kind, code } = movementOf(ITAU_400_MOVEMENTS, boleto, at, NAME);
    const values: RecordValues = kind === 'entry' ? entryValues(boleto, at) : instructionValues(boleto, code, at);
    values.companyDocumentKind = `0${company.kind}`;
    values.companyDocument = company.digits;
    values.agency = acc.agency;
    values.account = acc.account;
    values.accountDac = acc.accountDac;
    values.nossoNumero = nossoNumero8(boleto.nossoNumero, acc, at);
    values.carteira = acc.carteira;
    values.carteiraCode = acc.carteiraCode;
    values.movementCode = code;
    w.push(() => at(' detail (1)'), ITAU_400_DETAIL, values);
    // Record 2 goes only with ocorrência 01 (or 49): "Qualquer outra ocorrência … será considerada erro" (p. 12).
    const fine = kind === 'entry' ? fineValues(boleto, at) : undefined;
    if (fine) w.push(() => at(' fine (2)'), ITAU_400_FINE, fine);
  }
  return w.finish();
}

/** Reads back a remittance written by buildRemessa400Itau (tests and checks before sending). */
export function readRemessa400Itau(content: string | Buffer): ReadRemessa400 {
  const lines = remessa400Lines(content, '341');
  const h = readRecord(ITAU_400_HEADER, lines[0]);
  const titles: ReadTitle400[] = [];
  let carteira = '';
  let documentKind: 'cpf' | 'cnpj' | undefined;
  let document: string | undefined;
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    if (line[0] === '2') {
      const previous = titles[titles.length - 1];
      if (previous?.movement !== 'entry' || previous.fine) throw bad400(i + 1, 'a fine record (2) must follow an entry (1)');
      const r = readRecord(ITAU_400_FINE, line);
      previous.fine = {
        kind: r.fineCode === '1' ? 'fixed' : 'percent',
        fromDate: addDays(isoOf8(r.fineDate), 1),
        value: Number(r.fineValue),
      };
      continue;
    }
    if (line[0] !== '1') throw bad400(i + 1, `unexpected record type "${line[0]}"`);
    const d = readRecord(ITAU_400_DETAIL, line);
    const movement = movementKindOf(ITAU_400_MOVEMENTS, d.movementCode);
    if (!movement) throw bad400(i + 1, `unknown ocorrência "${d.movementCode}"`);
    carteira = d.carteira;
    documentKind = d.companyDocumentKind === '01' ? 'cpf' : 'cnpj';
    document = d.companyDocument.slice(documentKind === 'cpf' ? 3 : 0);
    const nossoNumero = d.carteira + d.nossoNumero + itauNossoNumeroDac(d.agency, d.account, d.carteira, d.nossoNumero);
    titles.push(movement === 'entry' ? readEntry(d, nossoNumero) : readInstruction(d, movement, nossoNumero));
  }
  return {
    bankCode: h.bankCode,
    generationDate: isoOf6(h.generationDate) ?? '',
    beneficiary: {
      name: h.companyName,
      agency: h.agency,
      account: h.account,
      accountDigit: h.accountDac,
      carteira,
      documentKind,
      document,
    },
    titles,
    recordCount: Number(lines[lines.length - 1].slice(394, 400)),
  };
}

function readEntry(d: Record<string, string>, nossoNumero: string): ReadTitle400 {
  const t: ReadTitle400 = {
    movement: 'entry',
    nossoNumero,
    ...readTitleFields400(d),
  };
  const discountUntil = isoOf6(d.discountDate);
  if (discountUntil) t.discount = { kind: 'fixed', untilDate: discountUntil, value: Number(d.discountValue) };
  const interestFrom = isoOf6(d.interestDate);
  if (interestFrom) t.interest = { kind: 'daily_amount', fromDate: interestFrom, value: Number(d.interestPerDay) };
  if (Number(d.rebate) > 0) t.rebateCents = Number(d.rebate);
  return t;
}

function readInstruction(d: Record<string, string>, movement: MovementKind, nossoNumero: string): ReadTitle400 {
  const t: ReadTitle400 = { movement, nossoNumero };
  for (const carried of CARRIES[d.movementCode]) {
    if (carried === 'amount') t.amountCents = Number(d.amount);
    else if (carried === 'dueDate') t.dueDate = isoOf6(d.dueDate);
    else if (carried === 'days') t.protestDays = Number(d.days);
    else t.rebateCents = Number(d.rebate);
  }
  return t;
}

export const itau400Layout: RemittanceLayout = {
  id: 'cnab400_itau',
  name: 'CNAB 400 Itaú (Julho/2021)',
  recordLength: 400,
  banks: ['341'],
  movements: ITAU_400_MOVEMENTS,
  maxTitles: ITAU_400_MAX_TITLES,
  textLengths: { documentNumber: 10, payerDistrict: 12 },
  build: buildRemessa400Itau,
};
