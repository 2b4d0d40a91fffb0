// Banco do Brasil (001): its own CNAB 240 remittance.
// Source: Banco do Brasil "Particularidades BB – Leiaute CNAB 240", Agosto/2017 (PDF kept in
// eduardokum/laravel-boleto `manuais/BB/novos/Cnab240Agosto2017.pdf`; field numbers such as 07.0 BB1 or
// 13.3P below are the manual's), versions 083 (arquivo) / 042 (lote), the manual's defaults.
// Checked against kivanio/brcobranca `lib/brcobranca/remessa/cnab240/banco_brasil.rb` (fixture
// `spec/fixtures/remessa/remessa-banco_brasil-cnab240.rem`) and eduardokum/laravel-boleto
// `src/Cnab/Remessa/Cnab240/Banco/Bb.php`; where they differ, see docs/cnab.md.
// Only the positions listed here differ from FEBRABAN 240 v10.7 (layouts240.ts); the rest is shared.
import { bbMod11 } from '../febraban/banks/bancoDoBrasil.ts';
import { BATCH_HEADER, BATCH_TRAILER, FILE_HEADER, FILE_TRAILER, patch240, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import type { MovementTable } from './movements.ts';
import { field as f, filler } from './record.ts';
import { digitsOnly, fail, type RemessaInput } from './remessa.ts';
import { nextDay } from './remessa400.ts';
import { buildRemessa240, type Remessa240Context, type Remessa240Variant } from './remessa240.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

/**
 * 07.0 / 11.1 "Código do Convênio no Banco", which BB splits in five: BB1 convênio de cobrança (9,
 * zeros on the left), BB2 "0014" (cobrança cedente), BB3 carteira (2), BB4 variação da carteira (3),
 * BB5 two blanks (the batch header's 52-53 would take "TS" for a test file, which Cobre does not send).
 */
const convenioFields = (start: number) => [
  f('convenio', start, start + 8, 'N'), // BB1
  f('bbService', start + 9, start + 12, 'N', '0014'), // BB2
  f('bbCarteira', start + 13, start + 14, 'N'), // BB3
  f('variation', start + 15, start + 17, 'N'), // BB4
  filler(start + 18, start + 19), // BB5
];

/** "Header de Arquivo". */
const FILE_HEADER_BB = patch240(FILE_HEADER, [
  ...convenioFields(33), // 07.0 BB1-BB5, 33-52
  f('bankName', 103, 132, 'A', 'BANCO DO BRASIL S.A.'), // 14.0
]);

/** "Header de Lote". */
const BATCH_HEADER_BB = patch240(BATCH_HEADER, [
  ...convenioFields(34), // 11.1 BB1-BB5, 34-53
]);

/** "Segmento P". */
const SEGMENT_P_BB = patch240(SEGMENT_P, [
  // 17.3P / 18.3P "Campo não tratado pelo sistema do Banco do Brasil. Pode ser informado 'branco', Zero, ou
  // de acordo com a carteira …": zero, since what the carteira was registered with is not known here.
  f('issuer', 61, 61, 'N', '0'),
  f('distribution', 62, 62, 'A', '0'),
  // 38.3P / 39.3P "Campo não tratado pelo sistema. Informar 'zeros'" (BB applies the carteira's own rule).
  f('writeOffCode', 224, 224, 'N', '0'),
  f('writeOffDays', 225, 227, 'N', '0'),
]);

/** "Segmento Q": 10.3Q "São tratadas somente 37 posições, da posição 34 a 70"; 12.3Q "somente 12 posições, da posição 114 a 125". */
const SEGMENT_Q_BB = patch240(SEGMENT_Q, [
  f('payerName', 34, 70, 'A'),
  filler(71, 73),
  f('payerDistrict', 114, 125, 'A'),
  filler(126, 128),
]);

/** "Segmento R": 19.3R Mensagem 4 "Campo não tratado. Informar Zeros ou 'brancos'". */
const SEGMENT_R_BB = patch240(SEGMENT_R, [filler(140, 179)]);

/**
 * "Trailer de Lote": 06.5 (24-240) "Uso Exclusivo FEBRABAN/CNAB … Informar Zeros e 'brancos'": BB takes
 * no totals. Zeros where FEBRABAN has its counts and totals (24-115), blanks after; the names stay so a
 * file reads back (as zeros).
 */
const BATCH_TRAILER_BB = patch240(BATCH_TRAILER, [
  f('simpleCount', 24, 29, 'N', '0'),
  f('simpleTotal', 30, 46, 'N', '0'),
  f('otherTotals', 47, 115, 'N', '0'),
  filler(116, 240),
]);

/**
 * 07.3P "Códigos de Movimento para Remessa tratados pelo Banco do Brasil": 01, 02, 04, 05, 06, 07, 08,
 * 09, 10, 30 (recusa da alegação do sacado), 31 (alteração de outros dados) and 40 (alteração de
 * modalidade); Cobre sends the first nine. 10 suspends the protest and leaves the title in cobrança
 * (it is not a baixa), so it is protest_stop_keep; there is no code for an amount change or negativação.
 */
export const BB_240_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Entrada de títulos' },
  write_off: { code: '02', text: 'Pedido de baixa' },
  rebate_grant: { code: '04', text: 'Concessão de Abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de Abatimento' },
  due_date_change: { code: '06', text: 'Alteração de Vencimento' },
  discount_grant: { code: '07', text: 'Concessão de Desconto' },
  discount_cancel: { code: '08', text: 'Cancelamento de Desconto' },
  protest: { code: '09', text: 'Protestar' },
  protest_stop_keep: { code: '10', text: 'Cancela/Sustação da Instrução de protesto' },
};

/**
 * 14.3P "Código da Carteira": 1 for carteira 11/12 modalidade Simples, 7 for carteira 17 modalidade
 * Simples (2, 3 and 4 are vinculada, caucionada and descontada). Cobre registers cobrança simples in
 * reais: carteira 12 (unidade variável), 31 and 51 are refused.
 */
const CARTEIRA_CODES: Record<string, string> = { '11': '1', '17': '7' };

/** 37.3P: code 1 (dias corridos) takes "de 6 a 29 dias, 35º, 40º dia corrido". */
export const BB_240_PROTEST_DAYS = (days: number) => (days >= 6 && days <= 29) || days === 35 || days === 40;

interface BbAccount {
  convenio: string;
  carteira: string;
  variation: string;
}

function bbAccount(ctx: Remessa240Context): BbAccount {
  const b = ctx.input.beneficiary;
  if (ctx.convenio === '') throw fail('beneficiary.convenio', 'BB needs the convênio de cobrança (07.0 BB1)');
  const convenio = digitsOnly(ctx.convenio, 'beneficiary.convenio');
  // 13.3P describes the nosso número of convênios of 4, 6 and 7 digits only.
  if (![4, 6, 7].includes(convenio.length)) throw fail('beneficiary.convenio', 'BB CNAB 240 takes a convênio of 4, 6 or 7 digits');
  const carteira = digitsOnly(b.carteira, 'beneficiary.carteira').padStart(2, '0');
  if (CARTEIRA_CODES[carteira] === undefined) throw fail('beneficiary.carteira', 'BB CNAB 240 sends cobrança simples of carteira 11 or 17');
  const variation = b.variation ?? '';
  if (!/^\d{1,3}$/.test(variation)) throw fail('beneficiary.variation', 'BB needs the variação da carteira (up to 3 digits, 07.0 BB4)');
  return { convenio, carteira, variation: variation.padStart(3, '0') };
}

/**
 * 13.3P: convênio of 4 or 6 digits: convênio + sequence (11) + DV (mod 11, weights 9 to 2, 10 → X, as
 * the boleto module's `bbMod11`); convênio of 7: convênio + sequence (17), no DV; left-aligned, blanks
 * after. The boleto's `nossoNumero` (digits as issued) must be one of these, of the account's convênio.
 */
function checkNossoNumero(nn: string, convenio: string, at: (suffix: string) => string): void {
  if (convenio.length === 7) {
    if (!/^\d{17}$/.test(nn)) throw fail(at('.nossoNumero'), 'a BB convênio of 7 digits has a nosso número of 17 digits');
  } else {
    if (!/^\d{11}[\dX]$/.test(nn))
      throw fail(at('.nossoNumero'), `a BB convênio of ${convenio.length} digits has a nosso número of 11 digits and its DV`);
    if (bbMod11(nn.slice(0, 11)) !== nn[11]) throw fail(at('.nossoNumero'), 'its last digit is not the DV (mod 11)');
  }
  if (!nn.startsWith(convenio)) throw fail(at('.nossoNumero'), `does not start with the convênio ${convenio}`);
}

export const BB_240: Remessa240Variant = {
  id: 'bb',
  layouts: {
    fileHeader: FILE_HEADER_BB,
    batchHeader: BATCH_HEADER_BB,
    segmentP: SEGMENT_P_BB,
    segmentQ: SEGMENT_Q_BB,
    segmentR: SEGMENT_R_BB,
    batchTrailer: BATCH_TRAILER_BB,
    fileTrailer: FILE_TRAILER, // "Trailer de Arquivo": the FEBRABAN positions
  },
  version: { file: '083', batch: '042' }, // 20.0 default 083, 07.1 default 042 ("para 042 no lote o Header do arquivo deve conter 083")
  movements: BB_240_MOVEMENTS,
  check(ctx) {
    bbAccount(ctx);
    // 09.0 / 11.0 "Em caso de dígito X informar maiúsculo": BB gives both DVs with the account.
    const { agencyDigit, accountDigit } = ctx.account;
    if (!/^[0-9Xx]$/.test(agencyDigit)) throw fail('beneficiary.agencyDigit', 'BB needs the DV of the agência (a digit or X)');
    if (!/^[0-9Xx]$/.test(accountDigit)) throw fail('beneficiary.accountDigit', 'BB needs the DV of the conta (a digit or X)');
    ctx.account.agencyDigit = agencyDigit.toUpperCase();
    ctx.account.accountDigit = accountDigit.toUpperCase();
  },
  fileHeader(values, ctx) {
    const acc = bbAccount(ctx);
    Object.assign(values, { convenio: acc.convenio, bbCarteira: acc.carteira, variation: acc.variation });
  },
  batchHeader(values, ctx) {
    const acc = bbAccount(ctx);
    Object.assign(values, { convenio: acc.convenio, bbCarteira: acc.carteira, variation: acc.variation });
  },
  segmentP(values, ctx, boleto, movement, at) {
    const acc = bbAccount(ctx);
    checkNossoNumero(boleto.nossoNumero, acc.convenio, at);
    values.carteiraCode = CARTEIRA_CODES[acc.carteira];
    // 28.3P "Não há carência de juros": interest runs from the day after the due date.
    if (boleto.interest && boleto.interest.fromDate !== nextDay(boleto.dueDate)) {
      throw fail(at('.interest.fromDate'), 'BB has no carência de juros: interest starts the day after the due date');
    }
    // 36.3P / 37.3P: code 1 takes 6 to 29, 35 or 40 days (Cobre's protest days are calendar days).
    if (movement === 'protest' && !BB_240_PROTEST_DAYS(Number(values.protestDays))) {
      throw fail(at('.protestDays'), 'BB protests after 6 to 29, 35 or 40 calendar days');
    }
  },
  segmentR(_values, _ctx, boleto, _movement, at) {
    // 15.3R Data da Multa: "Sistema aceita a mesma data do vencimento, ou dia seguinte".
    const fine = boleto.fine;
    if (fine && fine.fromDate !== boleto.dueDate && fine.fromDate !== nextDay(boleto.dueDate)) {
      throw fail(at('.fine.fromDate'), 'BB takes a fine dated on the due date or the day after');
    }
    if ((boleto.instructions?.length ?? 0) > 1) throw fail(at('.instructions'), 'BB prints only mensagem 3 (19.3R mensagem 4 is not read)');
  },
  read: {
    beneficiary: (h) => ({ convenio: h.convenio.replace(/^0+(?=\d)/, ''), variation: h.variation }),
  },
};

export const bb240Layout: RemittanceLayout = {
  id: 'cnab240_bb',
  name: 'CNAB 240 Banco do Brasil (Particularidades BB, agosto/2017, 083/042)',
  recordLength: 240,
  banks: ['001'],
  movements: BB_240_MOVEMENTS,
  maxTitles: 30_000, // one batch numbers its records in 5 digits: 3 per title plus header and trailer
  // 10.3Q name 37 and 12.3Q bairro 12 positions read by BB.
  textLengths: { payerName: 37, payerDistrict: 12 },
  build: (input: RemessaInput) => buildRemessa240(input, BB_240),
};
