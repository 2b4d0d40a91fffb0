// Banco do Brasil (001) CNAB 400 remittance "CBR641", for convênios of 7 digits: header (0), one
// detail record (7) per title, the optional multa record (5) after an entry's 7, and the trailer (9).
// Source of every position and code: Banco do Brasil "Cobrança BB – Layout de Arquivo Remessa CNAB400 –
// Manual Técnico – Orientações Técnicas – Convênios com numeração acima de 1.000.000", Versão Abril 2012
// (PDF `docs/Banco do Brasil/Doc2627CBR641Pos7.pdf` in kivanio/brcobranca, the same text as
// `manuais/BB/remessa.pdf` in eduardokum/laravel-boleto): field numbers such as 17.0 or 21.7 and
// "Nota N" below are the manual's (pp. 4-19). Cross-checked with kivanio/brcobranca
// `lib/brcobranca/remessa/cnab400/banco_brasil.rb` (fixture `spec/fixtures/remessa/remessa-banco-brasil-cnab400.rem`)
// and eduardokum/laravel-boleto `src/Cnab/Remessa/Cnab400/Banco/Bb.php`; where they differ, see docs/cnab.md.
//
// Not written: type 5 "01" (boleto por e-mail: only when BB prints the boleto) and type 5 "03" (seu
// número of 15: Cobre's seu número fits the 10 of 22.7, as textLengths says).
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

const NAME = 'BB CNAB 400 (CBR641)';

/**
 * Nota 20 "COMANDO" (21.7, 109-110): the requests Cobre can make, in the manual's words. 10 suspends
 * the protest and keeps the title (a baixa is 02), so it is protest_stop_keep. BB's 400 has no amount
 * change nor negativação; 03, 07, 08, 11, 12, 16, 33-40 are requests Cobre does not make.
 */
export const BB_400_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Registro de títulos' },
  write_off: { code: '02', text: 'Solicitação de baixa' },
  rebate_grant: { code: '04', text: 'Concessão de abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de abatimento' },
  due_date_change: { code: '06', text: 'Alteração de vencimento de título' },
  protest: { code: '09', text: 'Instrução para protestar' },
  protest_stop_keep: { code: '10', text: 'Instrução para sustar protesto' },
  discount_grant: { code: '31', text: 'Conceder desconto' },
  discount_cancel: { code: '32', text: 'Não conceder desconto' },
};

/** "Registro Header de Arquivo-Remessa" (p. 4). */
export const BB_400_HEADER = header400(
  [
    f('agency', 27, 30, 'N'), // 07.0 prefixo da agência of the convênio líder (Nota 02)
    f('agencyDigit', 31, 31, 'A'), // 08.0
    f('account', 32, 39, 'N'), // 09.0 conta corrente of the convênio líder
    f('accountDigit', 40, 40, 'A'), // 10.0
    f('zeros', 41, 46, 'N', '0'), // 11.0 "000000"
  ],
  [
    f('fileSequence', 101, 107, 'N'), // 15.0 seqüencial da remessa (Nota 03: not controlled by the bank)
    filler(108, 129), // 16.0
    f('leaderConvenio', 130, 136, 'N'), // 17.0 número do convênio líder (Nota 04)
    filler(137, 394), // 18.0
  ],
);
// 05.0 "COBRANCA" 12-19 and 06.0 blanks 20-26 are header400's 12-26; 13.0 "001BANCODOBRASIL" is 77-79 + 80-94.

/** "Registro Detalhe de Arquivo-Remessa" (pp. 5-6). */
export const BB_400_DETAIL = checkLayout(
  [
    f('recordType', 1, 1, 'N', '7'), // 01.7
    f('documentKind', 2, 3, 'N'), // 02.7 01 CPF, 02 CNPJ (Nota 22)
    f('document', 4, 17, 'N'), // 03.7
    f('agency', 18, 21, 'N'), // 04.7
    f('agencyDigit', 22, 22, 'A'), // 05.7
    f('account', 23, 30, 'N'), // 06.7
    f('accountDigit', 31, 31, 'A'), // 07.7
    f('convenio', 32, 38, 'N'), // 08.7 convênio de cobrança
    f('companyControl', 39, 63, 'A'), // 09.7 código de controle da empresa (Nota 23: returned with the title)
    f('nossoNumero', 64, 80, 'N'), // 10.7 convênio (7) + sequence (10), no DV (Nota 06)
    f('installment', 81, 82, 'N', '00'), // 11.7 número da prestação
    f('valueGroup', 83, 84, 'N', '00'), // 12.7 grupo de valor
    filler(85, 87), // 13.7
    f('messageOrGuarantor', 88, 88, 'A', ''), // 14.7 blank: 352-391 is a message (Nota 13 a)
    filler(89, 91), // 15.7 prefixo do título
    f('variation', 92, 94, 'N'), // 16.7 variação da carteira (Nota 02)
    f('pledgeAccount', 95, 95, 'N', '0'), // 17.7 conta caução
    f('borderau', 96, 101, 'N', '0'), // 18.7 número do borderô
    f('collectionKind', 102, 106, 'A', ''), // 19.7 tipo de cobrança: blanks = modalidade simples (Nota 24)
    f('carteira', 107, 108, 'N'), // 20.7 (Nota 25)
    f('movementCode', 109, 110, 'N'), // 21.7 comando (Nota 20)
    f('documentNumber', 111, 120, 'A'), // 22.7 seu número (Nota 05)
    f('dueDate', 121, 126, 'N'), // 23.7 DDMMAA (Nota 08)
    f('amount', 127, 139, 'N'), // 24.7
    f('bank', 140, 142, 'N', '001'), // 25.7
    f('collectingAgency', 143, 146, 'N', '0'), // 26.7 "0000": chosen by the payer's CEP (Nota 26)
    f('collectingAgencyDigit', 147, 147, 'A', ''), // 27.7
    f('species', 148, 149, 'N', '01'), // 28.7 01 Duplicata Mercantil (Nota 07)
    f('acceptance', 150, 150, 'A', 'N'), // 29.7 N sem aceite (Nota 27)
    f('issueDate', 151, 156, 'N'), // 30.7
    f('instruction1', 157, 158, 'N'), // 31.7 instrução codificada (Nota 09)
    f('instruction2', 159, 160, 'N', '00'), // 32.7
    f('interestPerDay', 161, 173, 'N'), // 33.7 juros de mora por dia de atraso (Nota 10)
    f('discountDate', 174, 179, 'N'), // 34.7 data limite para concessão de desconto (Nota 11 a)
    f('discountValue', 180, 192, 'N'), // 35.7
    f('iof', 193, 205, 'N', '0'), // 36.7 zeros outside carteira 12 (Nota 30 b)
    f('rebate', 206, 218, 'N'), // 37.7 valor do abatimento (Nota 31)
    f('payerDocumentKind', 219, 220, 'N'), // 38.7 01 CPF, 02 CNPJ (Nota 32)
    f('payerDocument', 221, 234, 'N'), // 39.7
    f('payerName', 235, 271, 'A'), // 40.7 37 positions
    filler(272, 274), // 41.7
    f('payerAddress', 275, 314, 'A'), // 42.7
    f('payerDistrict', 315, 326, 'A'), // 43.7 12 positions
    f('payerPostalCode', 327, 334, 'N'), // 44.7
    f('payerCity', 335, 349, 'A'), // 45.7
    f('payerState', 350, 351, 'A'), // 46.7
    f('message', 352, 391, 'A'), // 47.7 observações/mensagem (Nota 13 a)
    f('protestDays', 392, 393, 'A', '00'), // 48.7 only with instrução 06 on an entry (Nota 12, 34), which Cobre does not send
    filler(394, 394), // 49.7
    f('sequence', 395, 400, 'N'), // 50.7
  ],
  CNAB400_LENGTH,
);

/** "Registro Detalhe Tipo 5 – Multa – Opcional" (p. 7), only after the 7 of a comando 01 (Nota 14). */
export const BB_400_FINE = checkLayout(
  [
    f('recordType', 1, 1, 'N', '5'), // 01.5
    f('service', 2, 3, 'A', '99'), // 02.5 "99" (Cobrança de Multa)
    f('fineCode', 4, 4, 'N'), // 03.5 1 valor, 2 percentual (Nota 15)
    f('fineDate', 5, 10, 'N'), // 04.5 data de início da cobrança da multa, DDMMAA (Nota 16)
    f('fineValue', 11, 22, 'N'), // 05.5 two decimals (Nota 17)
    filler(23, 394), // 06.5 "Brancos"
    f('sequence', 395, 400, 'N'), // 07.5
  ],
  CNAB400_LENGTH,
);

/** Up to two records a title (7 and 5) plus header and trailer in 999,999 sequence numbers. */
export const BB_400_MAX_TITLES = Math.floor((MAX_RECORDS_400 - 2) / 2);

/**
 * Nota 09 c) instruction codes of comando 09: 06 to 30, 35, 40 and 45 are "Protestar no XX dia corrido
 * após vencido" (03-05 are dias úteis and 00 the bank's own 5 dias úteis, which Cobre's calendar days
 * do not name).
 */
export const BB_400_PROTEST_DAYS = (days: number) => (days >= 6 && days <= 30) || days === 35 || days === 40 || days === 45;

interface BbAccount {
  agency: string;
  agencyDigit: string;
  account: string;
  accountDigit: string;
  convenio: string;
  carteira: string;
  variation: string;
}

function bbAccount(input: RemessaInput): BbAccount {
  const b = input.beneficiary;
  const agency = digitsOnly(b.agency, 'beneficiary.agency');
  if (agency.length > 4) throw fail('beneficiary.agency', 'the BB prefixo da agência has 4 digits');
  const account = digitsOnly(b.account, 'beneficiary.account');
  if (account.length > 8) throw fail('beneficiary.account', 'the BB conta corrente has at most 8 digits');
  const dv = (value: string | undefined, name: string) => {
    if (value === undefined || !/^[0-9Xx]$/.test(value))
      throw fail(`beneficiary.${name}`, `${NAME} needs the ${name} (a digit or X, Nota 02)`);
    return value.toUpperCase();
  };
  const convenio = digitsOnly(b.convenio ?? '', 'beneficiary.convenio');
  if (convenio.length !== 7) throw fail('beneficiary.convenio', `${NAME} is the layout of convênios of 7 digits`);
  const carteira = digitsOnly(b.carteira, 'beneficiary.carteira');
  // Nota 06: the company numbers the title only in carteiras 12, 15 and 17; 12 is unidade variável and
  // 15 prêmio de seguro (Nota 25, 30), so Cobre's boletos in reais go in 17.
  if (carteira !== '17') throw fail('beneficiary.carteira', `${NAME} sends titles numbered by Cobre in carteira 17`);
  const variation = b.variation ?? '';
  if (!/^\d{1,3}$/.test(variation)) throw fail('beneficiary.variation', `${NAME} needs the variação da carteira (up to 3 digits, 16.7)`);
  return {
    agency,
    agencyDigit: dv(b.agencyDigit, 'agencyDigit'),
    account,
    accountDigit: dv(b.accountDigit, 'accountDigit'),
    convenio,
    carteira,
    variation: variation.padStart(3, '0'),
  };
}

type At = (suffix: string) => string;

/** The detail's values for one title; the fine record's, when an entry carries a fine. */
function titleValues(boleto: RemessaBoleto, code: string, acc: BbAccount, at: At): { detail: RecordValues; fine?: RecordValues } {
  const nn = boleto.nossoNumero;
  if (!/^\d{17}$/.test(nn) || !nn.startsWith(acc.convenio)) {
    throw fail(at('.nossoNumero'), `expected the convênio ${acc.convenio} and 10 digits (Nota 06), got "${nn}"`);
  }
  const entry = code === '01';
  const cep = postalCode(boleto, at);
  if (entry && hasDailyInterest(boleto) && boleto.interest!.fromDate !== nextDay(boleto.dueDate)) {
    throw fail(at('.interest.fromDate'), `${NAME} has no interest date: interest can only start the day after the due date`);
  }
  let instruction1 = '00'; // Nota 09: ausência de instruções
  if (entry)
    instruction1 = '07'; // Nota 09 a) "07 - Não protestar": Cobre asks for a protest with comando 09
  else if (code === '02')
    instruction1 = '44'; // Nota 09 b) "44 – Baixar"
  else if (code === '09') {
    const days = boleto.protestDays;
    if (days === undefined || !BB_400_PROTEST_DAYS(days))
      throw fail(at('.protestDays'), 'BB protests after 6 to 30, 35, 40 or 45 calendar days');
    instruction1 = String(days).padStart(2, '0');
  }
  // Nota 11 a): the discount fields go with the entry and comando 31; "Preencher com zeros quando o
  // Código/Comando for igual a 32".
  let discount = { discountDate: '0', discountValue: 0 };
  if (entry || code === '31') discount = fixedDiscount(boleto, at, NAME);
  if (code === '31' && discount.discountValue <= 0) throw fail(at('.discount'), 'comando 31 needs the discount (Nota 11 a)');
  let rebate = boleto.rebateCents === undefined ? 0 : cents(boleto.rebateCents, at, '.rebateCents');
  if ((code === '04' || code === '05') && rebate <= 0)
    throw fail(at('.rebateCents'), `comando ${code} needs the valor do abatimento (206-218)`);
  if (!entry && code !== '04' && code !== '05') rebate = 0;
  const instructions = boleto.instructions ?? [];
  if (instructions.length > 1) throw fail(at('.instructions'), `${NAME} has one message of 40 characters (352-391)`);
  const detail: RecordValues = {
    companyControl: boleto.documentNumber,
    nossoNumero: nn,
    documentNumber: boleto.documentNumber,
    dueDate: date6(boleto.dueDate, at, '.dueDate'),
    amount: cents(boleto.amountCents, at, '.amountCents'),
    issueDate: date6(boleto.issueDate, at, '.issueDate'),
    instruction1,
    interestPerDay: entry ? dailyInterest(boleto, at, NAME) : 0,
    ...discount,
    rebate,
    ...payerDocument(boleto, at),
    payerName: boleto.payer.name,
    payerAddress: boleto.payer.address,
    payerDistrict: boleto.payer.district,
    payerPostalCode: cep,
    payerCity: boleto.payer.city,
    payerState: boleto.payer.state,
    message: instructions[0] ?? '',
  };
  if (!/^[A-Za-z]{2}$/.test(boleto.payer.state)) throw fail(at('.payer.state'), 'must be a 2-letter UF');
  const fine = boleto.fine;
  if (!entry || !fine || fine.value === 0) return { detail };
  if (fine.kind !== 'fixed' && fine.kind !== 'percent') throw fail(at('.fine.kind'), 'unknown');
  return {
    detail,
    fine: {
      fineCode: fine.kind === 'fixed' ? '1' : '2', // Nota 15
      fineDate: date6(fine.fromDate, at, '.fine.fromDate'), // Nota 16 "Data a partir da qual a multa deverá ser cobrada"
      fineValue: cents(fine.value, at, '.fine.value'), // Nota 17: value or percent, two decimals
    },
  };
}

export function buildRemessa400Bb(input: RemessaInput): string {
  if (input.bankCode !== '001') throw fail('bankCode', `${NAME} is for bank 001, got "${input.bankCode}"`);
  if (!Number.isSafeInteger(input.fileSequence) || input.fileSequence < 1) throw fail('fileSequence', 'must be a positive integer');
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const acc = bbAccount(input);
  const company = documentFields(input.beneficiary.documentKind, input.beneficiary.document, 'beneficiary.document');
  const stamp = saoPauloStamp(input.generatedAt);
  const w = new Remessa400Writer();
  w.push('header', BB_400_HEADER, {
    agency: acc.agency,
    agencyDigit: acc.agencyDigit,
    account: acc.account,
    accountDigit: acc.accountDigit,
    companyName: input.beneficiary.name,
    bankCode: '001',
    bankName: 'BANCODOBRASIL', // 13.0 "001BANCODOBRASIL"
    generationDate: stamp.date.slice(0, 4) + stamp.date.slice(6), // 14.0 DDMMAA (Nota 21)
    fileSequence: input.fileSequence,
    // 17.0: the account's own convênio leads its remittance (laravel-boleto Bb.php getConvenioLider()
    // falls back to the convênio the same way); a convênio led by another is not offered.
    leaderConvenio: acc.convenio,
  });
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const { code } = movementOf(BB_400_MOVEMENTS, boleto, at, NAME);
    const { detail, fine } = titleValues(boleto, code, acc, at);
    Object.assign(detail, {
      documentKind: `0${company.kind}`,
      document: company.digits,
      agency: acc.agency,
      agencyDigit: acc.agencyDigit,
      account: acc.account,
      accountDigit: acc.accountDigit,
      convenio: acc.convenio,
      variation: acc.variation,
      carteira: acc.carteira,
      movementCode: code,
    });
    w.push(() => at(' detail (7)'), BB_400_DETAIL, detail);
    if (fine) w.push(() => at(' multa (5)'), BB_400_FINE, fine);
  }
  return w.finish();
}

const trimZeros = (s: string) => s.replace(/^0+(?=\d)/, '');

/** Reads back a remittance written by buildRemessa400Bb (tests and checks before sending). */
export function readRemessa400Bb(content: string | Buffer): ReadRemessa400 {
  const lines = remessa400Lines(content, '001');
  const h = readRecord(BB_400_HEADER, lines[0]);
  const titles: ReadTitle400[] = [];
  let beneficiary: ReadRemessa400['beneficiary'] = {
    name: h.companyName,
    agency: trimZeros(h.agency),
    account: trimZeros(h.account),
    accountDigit: h.accountDigit,
    carteira: '',
  };
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    if (line[0] === '5') {
      const last = titles[titles.length - 1];
      if (last?.movement !== 'entry' || line.slice(1, 3) !== '99')
        throw bad400(i + 1, 'a multa record (5) follows only an entry (Nota 14)');
      const r = readRecord(BB_400_FINE, line);
      last.fine = { kind: r.fineCode === '1' ? 'fixed' : 'percent', fromDate: isoOf6(r.fineDate) ?? '', value: Number(r.fineValue) };
      continue;
    }
    if (line[0] !== '7') throw bad400(i + 1, `unexpected record type "${line[0]}"`);
    const d = readRecord(BB_400_DETAIL, line);
    const movement = movementKindOf(BB_400_MOVEMENTS, d.movementCode);
    if (!movement) throw bad400(i + 1, `unknown comando "${d.movementCode}"`);
    beneficiary = {
      ...beneficiary,
      carteira: d.carteira,
      documentKind: d.documentKind === '01' ? 'cpf' : 'cnpj',
      document: d.document.slice(d.documentKind === '01' ? 3 : 0),
      beneficiaryCode: d.convenio,
    };
    const dueDate = isoOf6(d.dueDate) ?? '';
    const t: ReadTitle400 = {
      movement,
      nossoNumero: d.nossoNumero,
      ...readTitleFields400(d),
    };
    const discountUntil = isoOf6(d.discountDate);
    if (discountUntil) t.discount = { kind: 'fixed', untilDate: discountUntil, value: Number(d.discountValue) };
    if (Number(d.interestPerDay) > 0) t.interest = { kind: 'daily_amount', fromDate: nextDay(dueDate), value: Number(d.interestPerDay) };
    if (Number(d.rebate) > 0) t.rebateCents = Number(d.rebate);
    if (movement === 'protest') t.protestDays = Number(d.instruction1);
    if (d.message !== '') t.instructions = [d.message];
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

export const bb400Layout: RemittanceLayout = {
  id: 'cnab400_bb_cbr641',
  name: 'CNAB 400 Banco do Brasil CBR641 (convênio de 7 dígitos, abril/2012)',
  recordLength: 400,
  banks: ['001'],
  movements: BB_400_MOVEMENTS,
  maxTitles: BB_400_MAX_TITLES,
  // 22.7 seu número 10, 40.7 name 37, 43.7 bairro 12 (45.7 cidade 15 and 42.7 endereço 40 are FEBRABAN's).
  textLengths: { documentNumber: 10, payerName: 37, payerDistrict: 12 },
  build: buildRemessa400Bb,
};
