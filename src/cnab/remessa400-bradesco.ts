// Bradesco (237) CNAB 400 remittance: header label (0), one transaction record (1) per title and the
// trailer (9), ended by the end-of-file mark 0x1A.
// Source of every position and code: Bradesco "Manual de Procedimentos Operacionais para Troca de
// Arquivos – Cobrança Bradesco", Nº 4008.524.0121, versão 11 (PDF `manuais/BRADESCO/novos/400_posicoes.pdf`
// in eduardokum/laravel-boleto): layouts pp. 9-16 ("p. N" below), "Informações complementares" pp. 16-22.
// Cross-checked with eduardokum/laravel-boleto `src/Cnab/Remessa/Cnab400/Banco/Bradesco.php` and
// kivanio/brcobranca `lib/brcobranca/remessa/cnab400/bradesco.rb` (fixture
// `spec/fixtures/remessa/remessa-bradesco-cnab400.rem`); where they differ, see docs/cnab.md.
//
// The optional records are not written: type 2 carries four 80-character messages for boletos the
// bank prints ("Lay-out para Cobrança com Registro e sem Registro com Emissão do Boleto pelo Banco",
// p. 12) and a 2nd and 3rd discount Cobre does not have; Cobre prints its boletos (93 = 2). Types 3
// (rateio de crédito), 6 and 7 (sacador/avalista) are services Cobre does not offer.
import { bradescoNossoNumeroDv } from '../febraban/banks/bradesco.ts';
import { movementKindOf, type MovementTable } from './movements.ts';
import { checkLayout, field as f, filler, readRecord, type RecordValues } from './record.ts';
import { cents, digitsOnly, documentFields, fail, type RemessaBoleto, type RemessaInput, saoPauloStamp } from './remessa.ts';
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
} from './remessa400.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

const NAME = 'Bradesco CNAB 400';

/**
 * P. 20, "109 a 110 - Identificações de Ocorrência": the requests Cobre can make, in the manual's
 * words. Bradesco has no code for a discount alone (31 "Alteração de outros dados" changes any
 * field), so discount_grant and discount_cancel are absent. 20 "Alteração de valor" is marked "Somente
 * deverá ser enviada essa ocorrência, se a Empresa contratou o serviço". The manual writes the
 * negativation codes with three digits (045, 046); the field has two.
 */
export const BRADESCO_400_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Remessa' },
  write_off: { code: '02', text: 'Pedido de baixa' },
  rebate_grant: { code: '04', text: 'Concessão de abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de abatimento concedido' },
  due_date_change: { code: '06', text: 'Alteração de vencimento' },
  protest: { code: '09', text: 'Pedido de protesto' },
  protest_stop_write_off: { code: '18', text: 'Sustar protesto e baixar Título' },
  protest_stop_keep: { code: '19', text: 'Sustar protesto e manter em carteira' },
  amount_change: { code: '20', text: 'Alteração de valor' },
  negativation: { code: '45', text: 'Pedido de Negativação' },
  negativation_stop: { code: '46', text: 'Excluir Negativação com baixa' },
};

/** P. 9, "Registro Header Label"; notes p. 16. */
export const BRADESCO_400_HEADER = header400(
  [f('companyCode', 27, 46, 'N')], // código da empresa, given by Bradesco, right-aligned with zeros
  [
    filler(101, 108),
    f('system', 109, 110, 'A', 'MX'), // identificação do sistema
    f('fileSequence', 111, 117, 'N'), // nº sequencial de remessa: from 0000001, +1 a file, never repeated
    filler(118, 394),
  ],
);

/** Pp. 10-11, "Registro de Transação - Tipo 1"; notes pp. 17-22. */
export const BRADESCO_400_DETAIL = checkLayout(
  [
    f('recordType', 1, 1, 'N', '1'),
    f('debit', 2, 20, 'N', '0'), // agência, dígito, razão, conta e dígito de débito: only for débito automático (p. 17)
    f('zero', 21, 21, 'N', '0'), // 21-37 identificação da empresa: zero, carteira, agência, conta, dígito (p. 17)
    f('carteira', 22, 24, 'N'),
    f('agency', 25, 29, 'N'), // without its digit
    f('account', 30, 36, 'N'),
    f('accountDigit', 37, 37, 'A'),
    f('participantControl', 38, 62, 'A'), // nº controle do participante: returned in the return file
    f('debitBank', 63, 65, 'N', '0'), // 237 only with débito automático, zeros otherwise (p. 17)
    f('fineCode', 66, 66, 'N'), // 0 sem multa, 2 percentual (p. 17)
    f('finePercent', 67, 70, 'N'), // percentual de multa, two decimals
    f('nossoNumero', 71, 81, 'N'), // pp. 17-19
    f('nossoNumeroDv', 82, 82, 'A'), // mod 11 base 7 over carteira + nosso número, 'P' for 10
    f('dailyBonus', 83, 92, 'N', '0'), // desconto bonificação por dia
    f('issuer', 93, 93, 'N', '2'), // 2 = cliente emite e o Banco somente processa (p. 19)
    f('debitRegistration', 94, 94, 'A', 'N'), // débito automático only (p. 19)
    filler(95, 104), // identificação da operação do banco
    f('creditSplit', 105, 105, 'A', ''), // 'R' only with rateio de crédito (p. 19)
    f('debitNotice', 106, 106, 'N', '2'), // 2 = não emite aviso de débito (p. 19)
    f('partialPayments', 107, 108, 'A', ''), // only with pagamento parcial (p. 20)
    f('movementCode', 109, 110, 'N'), // p. 20
    f('documentNumber', 111, 120, 'A'), // nº do documento (seu número)
    f('dueDate', 121, 126, 'N'), // DDMMAA
    f('amount', 127, 139, 'N'),
    f('collectingBank', 140, 142, 'N', '0'), // banco encarregado da cobrança: zeros
    f('collectingAgency', 143, 147, 'N', '0'), // agência depositária: zeros
    f('species', 148, 149, 'N', '01'), // 01 duplicata
    f('acceptance', 150, 150, 'A', 'N'), // identificação: sempre N
    f('issueDate', 151, 156, 'N'), // DDMMAA
    f('instruction1', 157, 158, 'N', '0'), // protest / negativation / decurso de prazo on entry: not used (zeros)
    f('instruction2', 159, 160, 'N', '0'),
    f('interestPerDay', 161, 173, 'N'), // valor a ser cobrado por dia de atraso (p. 21)
    f('discountDate', 174, 179, 'N'), // DDMMAA
    f('discountValue', 180, 192, 'N'),
    f('iof', 193, 205, 'N', '0'), // insurers only (p. 21)
    f('rebate', 206, 218, 'N'), // valor do abatimento a ser concedido ou cancelado
    f('payerDocumentKind', 219, 220, 'N'), // 01 CPF, 02 CNPJ
    f('payerDocument', 221, 234, 'N'),
    f('payerName', 235, 274, 'A'),
    f('payerAddress', 275, 314, 'A'), // endereço completo
    f('message1', 315, 326, 'A', ''), // 1ª mensagem: printed only on boletos the bank issues (p. 22)
    f('payerPostalCode', 327, 331, 'N'),
    f('payerPostalSuffix', 332, 334, 'N'),
    f('guarantorOrMessage2', 335, 394, 'A', ''), // sacador/avalista ou 2ª mensagem (p. 22)
    f('sequence', 395, 400, 'N'),
  ],
  CNAB400_LENGTH,
);

/** One record a title plus header and trailer in 999,999 sequence numbers. */
export const BRADESCO_400_MAX_TITLES = MAX_RECORDS_400 - 2;

/** P. 8: "finalizador de arquivo, no final do trailler, (1A)" after the records' 0D0A. */
export const BRADESCO_400_END_OF_FILE = '\x1a';

interface BradescoAccount {
  agency: string;
  account: string;
  accountDigit: string;
  /** Two digits, as in the nosso número and its DV. */
  carteira: string;
}

function bradescoAccount(input: RemessaInput): BradescoAccount {
  const b = input.beneficiary;
  const carteira = digitsOnly(b.carteira, 'beneficiary.carteira').padStart(2, '0');
  if (carteira.length !== 2) throw fail('beneficiary.carteira', 'a Bradesco carteira has at most 2 digits');
  if (!b.accountDigit || !/^[0-9Pp]$/.test(b.accountDigit)) {
    throw fail('beneficiary.accountDigit', `${NAME} needs the account's digit at 37 (one digit or P)`);
  }
  return {
    agency: digitsOnly(b.agency, 'beneficiary.agency'),
    account: digitsOnly(b.account, 'beneficiary.account'),
    accountDigit: b.accountDigit.toUpperCase(),
    carteira,
  };
}

/** P. 16: "Código da Empresa … será informado pelo Bradesco", kept as the account's beneficiary code. */
function companyCode(input: RemessaInput): string {
  const code = input.beneficiary.beneficiaryCode;
  if (code === undefined || code === '') {
    throw fail('beneficiary.beneficiaryCode', `${NAME} needs the código da empresa Bradesco gives the account (header 27-46)`);
  }
  return digitsOnly(code, 'beneficiary.beneficiaryCode');
}

/**
 * The boleto's `nossoNumero` is its `nosso_numero_digits`: carteira (2), number (11) and DV, as issued.
 * The record takes the number (71-81) and the DV (82), after checking the carteira is the account's
 * and the DV is what the bank module's `bradescoNossoNumeroDv` gives (pp. 17-19).
 */
function nossoNumeroFields(nossoNumero: string, acc: BradescoAccount, at: (suffix: string) => string): RecordValues {
  if (!/^\d{13}[\dP]$/.test(nossoNumero)) {
    throw fail(at('.nossoNumero'), `expected carteira, 11 digits and DV (14 characters), got "${nossoNumero}"`);
  }
  if (nossoNumero.slice(0, 2) !== acc.carteira) throw fail(at('.nossoNumero'), `is not of carteira ${acc.carteira}`);
  const number = nossoNumero.slice(2, 13);
  if (nossoNumero[13] !== bradescoNossoNumeroDv(acc.carteira + number)) throw fail(at('.nossoNumero'), 'DV does not match (mod 11 base 7)');
  return { nossoNumero: number, nossoNumeroDv: nossoNumero[13] };
}

type At = (suffix: string) => string;

/**
 * The fine: "Percentual de multa" only, two decimals in 4 digits (p. 17). The layout has no fine date,
 * so a fine is sent only when it starts the day after the due date; a fixed amount is refused.
 */
function fineFields(boleto: RemessaBoleto, at: At): RecordValues {
  const fine = boleto.fine;
  if (!fine || fine.value === 0) return { fineCode: '0', finePercent: 0 };
  if (fine.kind === 'fixed') throw fail(at('.fine'), `${NAME} takes a fine only as a percent (66-70)`);
  if (fine.kind !== 'percent') throw fail(at('.fine.kind'), 'unknown');
  if (fine.fromDate !== nextDay(boleto.dueDate)) {
    throw fail(at('.fine.fromDate'), `${NAME} has no fine date: the fine can only start the day after the due date`);
  }
  return { fineCode: '2', finePercent: cents(fine.value, at, '.fine.value') };
}

function titleValues(boleto: RemessaBoleto, code: string, at: At): RecordValues {
  const cep = postalCode(boleto, at);
  const interest = dailyInterest(boleto, at, NAME);
  if (hasDailyInterest(boleto) && boleto.interest!.fromDate !== nextDay(boleto.dueDate)) {
    throw fail(at('.interest.fromDate'), `${NAME} has no interest date: interest can only start the day after the due date`);
  }
  if (code === '09' || code === '45') {
    // The days of a protest or negativation go with the entry only (157-160, p. 20), which Cobre does not use.
    if (boleto.protestDays !== undefined) throw fail(at('.protestDays'), `${NAME} ocorrência ${code} carries no days`);
  }
  let rebate = boleto.rebateCents === undefined ? 0 : cents(boleto.rebateCents, at, '.rebateCents');
  if ((code === '04' || code === '05') && rebate <= 0)
    throw fail(at('.rebateCents'), `ocorrência ${code} needs the valor do abatimento (206-218)`);
  if (code !== '01' && code !== '04' && code !== '05') rebate = 0;
  return {
    ...fineFields(boleto, at),
    participantControl: boleto.documentNumber,
    documentNumber: boleto.documentNumber,
    dueDate: date6(boleto.dueDate, at, '.dueDate'),
    amount: cents(boleto.amountCents, at, '.amountCents'),
    issueDate: date6(boleto.issueDate, at, '.issueDate'),
    interestPerDay: interest,
    ...fixedDiscount(boleto, at, NAME),
    rebate,
    ...payerDocument(boleto, at),
    payerName: boleto.payer.name,
    payerAddress: boleto.payer.address,
    payerPostalCode: cep.slice(0, 5),
    payerPostalSuffix: cep.slice(5),
  };
}

export function buildRemessa400Bradesco(input: RemessaInput): string {
  if (input.bankCode !== '237') throw fail('bankCode', `${NAME} is for bank 237, got "${input.bankCode}"`);
  if (!Number.isSafeInteger(input.fileSequence) || input.fileSequence < 1) throw fail('fileSequence', 'must be a positive integer');
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const acc = bradescoAccount(input);
  documentFields(input.beneficiary.documentKind, input.beneficiary.document, 'beneficiary.document'); // not written, but checked
  const stamp = saoPauloStamp(input.generatedAt);
  const w = new Remessa400Writer();
  w.push('header', BRADESCO_400_HEADER, {
    companyCode: companyCode(input),
    companyName: input.beneficiary.name,
    bankCode: '237',
    bankName: 'BRADESCO',
    generationDate: stamp.date.slice(0, 4) + stamp.date.slice(6),
    fileSequence: input.fileSequence,
  });
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const { code } = movementOf(BRADESCO_400_MOVEMENTS, boleto, at, NAME);
    const values = titleValues(boleto, code, at);
    values.carteira = acc.carteira;
    values.agency = acc.agency;
    values.account = acc.account;
    values.accountDigit = acc.accountDigit;
    values.movementCode = code;
    Object.assign(values, nossoNumeroFields(boleto.nossoNumero, acc, at));
    w.push(() => at(' transaction (1)'), BRADESCO_400_DETAIL, values);
  }
  return w.finish(BRADESCO_400_END_OF_FILE);
}

const trimZeros = (s: string) => s.replace(/^0+(?=\d)/, '');

/** Reads back a remittance written by buildRemessa400Bradesco (tests and checks before sending). */
export function readRemessa400Bradesco(content: string | Buffer): ReadRemessa400 {
  const lines = remessa400Lines(content, '237');
  const h = readRecord(BRADESCO_400_HEADER, lines[0]);
  const titles: ReadTitle400[] = [];
  let account = { agency: '', account: '', accountDigit: '', carteira: '' };
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    if (line[0] !== '1') throw bad400(i + 1, `unexpected record type "${line[0]}"`);
    const d = readRecord(BRADESCO_400_DETAIL, line);
    const movement = movementKindOf(BRADESCO_400_MOVEMENTS, d.movementCode);
    if (!movement) throw bad400(i + 1, `unknown ocorrência "${d.movementCode}"`);
    const carteira = d.carteira.slice(1);
    account = { agency: trimZeros(d.agency), account: trimZeros(d.account), accountDigit: d.accountDigit, carteira };
    const dueDate = isoOf6(d.dueDate) ?? '';
    const t: ReadTitle400 = {
      movement,
      nossoNumero: carteira + d.nossoNumero + d.nossoNumeroDv,
      ...readTitleFields400(d, {
        // Not in Bradesco's layout: the bank places the payer by the CEP.
        district: '',
        city: '',
        state: '',
        postalCode: d.payerPostalCode + d.payerPostalSuffix,
      }),
    };
    const discountUntil = isoOf6(d.discountDate);
    if (discountUntil) t.discount = { kind: 'fixed', untilDate: discountUntil, value: Number(d.discountValue) };
    if (Number(d.interestPerDay) > 0) t.interest = { kind: 'daily_amount', fromDate: nextDay(dueDate), value: Number(d.interestPerDay) };
    if (d.fineCode === '2') t.fine = { kind: 'percent', fromDate: nextDay(dueDate), value: Number(d.finePercent) };
    if (Number(d.rebate) > 0) t.rebateCents = Number(d.rebate);
    titles.push(t);
  }
  return {
    bankCode: h.bankCode,
    generationDate: isoOf6(h.generationDate) ?? '',
    fileSequence: Number(h.fileSequence),
    beneficiary: { name: h.companyName, ...account, beneficiaryCode: trimZeros(h.companyCode) },
    titles,
    recordCount: Number(lines[lines.length - 1].slice(394, 400)),
  };
}

export const bradesco400Layout: RemittanceLayout = {
  id: 'cnab400_bradesco',
  name: 'CNAB 400 Bradesco (4008.524.0121 v11)',
  recordLength: 400,
  banks: ['237'],
  movements: BRADESCO_400_MOVEMENTS,
  maxTitles: BRADESCO_400_MAX_TITLES,
  textLengths: { documentNumber: 10 },
  build: buildRemessa400Bradesco,
};
