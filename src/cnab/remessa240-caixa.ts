// Caixa Econômica Federal (104), SIGCB: its own CNAB 240 remittance.
// Source: "Leiaute de Arquivo Eletrônico Padrão CNAB 240 – Cobrança Bancária CAIXA – SIGCB", abril/2017,
// layout do arquivo 101, do lote 060 (kept in kivanio/brcobranca docs/Caixa/Manual_Leiaute_CNAB240_SIGCB.pdf;
// "manual" below, with its field numbers such as 10.0 or 13.3P and its notes such as C004). The 7-digit
// código do beneficiário positions come from eduardokum/laravel-boleto
// src/Cnab/Remessa/Cnab240/Banco/Caixa.php (the 2017 manual has only the 6-digit code).
// Only the positions listed here differ from FEBRABAN 240 v10.7 (layouts240.ts); the rest is shared.
import { mod11ZeroOnHigh } from '../febraban/checkDigits.ts';
import { BATCH_HEADER, BATCH_TRAILER, FILE_HEADER, FILE_TRAILER, patch240, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import type { MovementTable } from './movements.ts';
import { field as f, filler } from './record.ts';
import { digitsOnly, fail, type RemessaInput } from './remessa.ts';
import { buildRemessa240, type Remessa240Context, type Remessa240Variant } from './remessa240.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

/** Manual 3.5.1, Registro Tipo 0 (header de arquivo). */
const FILE_HEADER_CAIXA = patch240(FILE_HEADER, [
  f('caixaReserved33', 33, 52, 'N', '0'), // 07.0 Uso Exclusivo CAIXA: zeros (FEBRABAN: convênio)
  // 10.0 Código do Beneficiário 59-64, 11.0 59-71 and 12.0 72 Uso Exclusivo CAIXA: zeros. A 7-digit
  // code takes 59-65 and zeros 66-72 (laravel-boleto Caixa.php header()). FEBRABAN: conta 59-70, DVs 71-72.
  f('beneficiaryBlock', 59, 72, 'N'),
  f('companyReserved', 192, 211, 'A', 'REMESSA-PRODUCAO'), // 23.0 Situação do Arquivo (G022): production
  filler(212, 215), // 24.0 Versão do Aplicativo CAIXA (C077): spaces
  filler(216, 240), // 25.0 CNAB: spaces
]);

/** Manual 3.5.2, Registro Tipo 1 (header de lote). */
const BATCH_HEADER_CAIXA = patch240(BATCH_HEADER, [
  f('caixaReserved12', 12, 13, 'N', '0'), // 06.1 Filler: zeros (FEBRABAN: spaces)
  // 11.1 Código do Beneficiário 34-39 + Uso Exclusivo CAIXA 40-53 zeros; a 7-digit code 34-40 + zeros
  // 41-53 (laravel-boleto Caixa.php headerLote()). FEBRABAN: convênio 34-53.
  f('beneficiaryBlock', 34, 53, 'N'),
  // 14.1 Código do Convênio no Banco: "mesmo código do campo 11.1"; zeros with a 7-digit code (laravel-boleto).
  f('agreementCode', 60, 65, 'N'),
  f('customModel', 66, 72, 'N', '0'), // 15.1 Código do Modelo de Boleto Personalizado (C078): zeros
  f('caixaReserved73', 73, 73, 'N', '0'), // 16.1 Uso Exclusivo CAIXA: '0'
]);

/** Manual 3.5.3, Segmento P. */
const SEGMENT_P_CAIXA = patch240(SEGMENT_P, [
  // 10.3P Código do Convênio 24-29 + 11.3P Uso Exclusivo CAIXA 30-37 zeros; a 7-digit code 24-30 +
  // zeros 31-37 (laravel-boleto Caixa.php segmentoP()). FEBRABAN: conta 24-35, DVs 36-37.
  f('beneficiaryBlock', 24, 37, 'N'),
  f('caixaReserved38', 38, 39, 'N', '0'), // 12.3P Filler: zeros
  f('sincoModality', 40, 40, 'N', '0'), // 13.3P Modalidade da Carteira (SINCO, G069A): '0' for a 17-position nosso número
  f('nossoNumero', 41, 57, 'N'), // 13.3P Modalidade (SIGCB) 41-42 + Identificação do Título 43-57 (G069)
  f('documentType', 60, 60, 'A', '2'), // 16.3P Tipo de Documento: "Preencher '2' - Escritural" (FEBRABAN here: '1')
  f('distribution', 62, 62, 'A', '0'), // 18.3P Entrega (C010): '0' = Postagem pelo Beneficiário (FEBRABAN '2' is "Envio para Agência CAIXA" here)
  f('documentNumber', 63, 73, 'A'), // 19.3P Número do Documento (seu número): 11 positions (FEBRABAN: 15)
  filler(74, 77), // 19.3P Uso Exclusivo CAIXA: spaces
  f('collectingAgencyDigit', 106, 106, 'A', '0'), // 23.3P DV da agência cobradora: "Preencher '0'"
  f('writeOffCode', 224, 224, 'N'), // 38.3P Código para Baixa/Devolução (C028)
  f('writeOffDays', 225, 227, 'A'), // 39.3P Número de Dias para Baixa/Devolução (C029)
]);

/** Manual 3.5.4, Segmento R: 180-229 Uso Exclusivo CAIXA and 230-240 CNAB, all spaces (no débito automático fields). */
const SEGMENT_R_CAIXA = patch240(SEGMENT_R, [filler(180, 229), filler(230, 240)]);

/** Manual, Registro Tipo 5: 93-123 spaces (FEBRABAN: cobrança descontada count/total and aviso number). */
const BATCH_TRAILER_CAIXA = patch240(BATCH_TRAILER, [filler(93, 123)]);

/** Manual, Registro Tipo 9: 30-35 spaces (FEBRABAN: quantidade de contas, zeros). */
const FILE_TRAILER_CAIXA = patch240(FILE_TRAILER, [filler(30, 35)]);

/**
 * Manual note C004 "Código de Movimento Remessa": the codes Cobre asks for. Caixa has no
 * negativação codes (45/46), so 'negativation' and 'negativation_stop' are left out.
 */
export const CAIXA_SIGCB_240_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Entrada de Título' },
  write_off: { code: '02', text: 'Pedido de Baixa' },
  rebate_grant: { code: '04', text: 'Concessão de Abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de Abatimento' },
  due_date_change: { code: '06', text: 'Alteração de Vencimento' },
  discount_grant: { code: '07', text: 'Concessão de Desconto' },
  discount_cancel: { code: '08', text: 'Cancelamento de Desconto' },
  protest: { code: '09', text: 'Protestar (transferir de Devolução para Protesto)' },
  protest_stop_write_off: { code: '10', text: 'Sustar Protesto e Baixar Título' },
  protest_stop_keep: { code: '11', text: 'Sustar Protesto e Manter em Carteira' },
  amount_change: { code: '47', text: 'Alteração do Valor Nominal do Título' },
};

/**
 * Days after the due date Caixa keeps an unpaid, unprotested title before returning it (C029: 1 to
 * 999). Caixa takes "2 = não baixar" only with a protest (C028), so the farthest the manual allows is
 * written: Cobre, not the bank, decides write-offs (it sends 02 Pedido de Baixa).
 */
export const CAIXA_WRITE_OFF_DAYS = '999';

/** Código do beneficiário: up to 6 digits (G007), or 7 digits above 1100000 (the newer range, as the boleto). */
function beneficiaryCode(ctx: Remessa240Context): string {
  const b = ctx.input.beneficiary;
  const raw = b.beneficiaryCode ?? b.convenio;
  if (raw === undefined || raw === '') throw fail('beneficiary.beneficiaryCode', 'Caixa needs the código do beneficiário');
  const code = digitsOnly(raw, 'beneficiary.beneficiaryCode');
  if (code.length <= 6) return code.padStart(6, '0');
  if (code.length === 7 && Number(code) > 1_100_000) return code;
  throw fail('beneficiary.beneficiaryCode', 'a Caixa código do beneficiário has up to 6 digits, or 7 digits above 1100000');
}

/**
 * Nosso número as Caixa wants it at 41-57 (G069): modalidade 14 (registrado) or 24 (sem registro),
 * emissão pelo beneficiário, then 15 digits; the DV is not sent. Cobre keeps the 17 digits followed by
 * their DV (mod 11), so an 18-digit value is taken when its last digit is that DV.
 */
function caixaNossoNumero(value: string, at: (suffix: string) => string): string {
  let nn = value;
  if (/^\d{18}$/.test(nn)) {
    if (Number(nn[17]) !== mod11ZeroOnHigh(nn.slice(0, 17))) throw fail(at('.nossoNumero'), 'the 18th digit is not the DV of the first 17');
    nn = nn.slice(0, 17);
  }
  if (!/^(14|24)\d{15}$/.test(nn)) {
    throw fail(at('.nossoNumero'), 'Caixa SIGCB wants 17 digits (14 or 24, then 15 digits), optionally followed by their DV');
  }
  return nn;
}

export const CAIXA_SIGCB_240: Remessa240Variant = {
  id: 'caixa_sigcb',
  layouts: {
    fileHeader: FILE_HEADER_CAIXA,
    batchHeader: BATCH_HEADER_CAIXA,
    segmentP: SEGMENT_P_CAIXA,
    segmentQ: SEGMENT_Q, // manual 3.5.4 Segmento Q: the FEBRABAN positions
    segmentR: SEGMENT_R_CAIXA,
    batchTrailer: BATCH_TRAILER_CAIXA,
    fileTrailer: FILE_TRAILER_CAIXA,
  },
  version: { file: '101', batch: '060' }, // 20.0 "Preencher com '101'", 07.1 "Preencher '060'"
  movements: CAIXA_SIGCB_240_MOVEMENTS,
  check(ctx) {
    beneficiaryCode(ctx);
    // 09.0 / 13.1 / 09.3P Dígito Verificador da Agência, "informado pela CAIXA".
    if (!/^[0-9]$/.test(ctx.account.agencyDigit)) throw fail('beneficiary.agencyDigit', 'Caixa needs the agency check digit');
  },
  fileHeader(values, ctx) {
    values.beneficiaryBlock = beneficiaryCode(ctx).padEnd(14, '0');
  },
  batchHeader(values, ctx) {
    const code = beneficiaryCode(ctx);
    values.beneficiaryBlock = code.padEnd(20, '0');
    values.agreementCode = code.length === 6 ? code : '0';
  },
  segmentP(values, ctx, boleto, movement, at) {
    values.beneficiaryBlock = beneficiaryCode(ctx).padEnd(14, '0');
    values.nossoNumero = caixaNossoNumero(boleto.nossoNumero, at);
    if (movement === 'protest') {
      // C027: 02 to 90 days (the bank changes anything else; Cobre refuses it instead).
      if (Number(values.protestDays) < 2 || Number(values.protestDays) > 90)
        throw fail(at('.protestDays'), 'Caixa protests 2 to 90 days after the due date');
      values.writeOffCode = '2'; // C028 2 = Não Baixar / Não Devolver: only with 1 = Protestar
      values.writeOffDays = '000';
    } else {
      values.writeOffCode = '1'; // C028 1 = Baixar / Devolver
      values.writeOffDays = CAIXA_WRITE_OFF_DAYS;
    }
  },
  read: {
    beneficiary(h, batch) {
      // A 6-digit code is repeated at 60-65 of the batch header; a 7-digit one leaves it zeros.
      const code = batch.agreementCode !== '000000' ? batch.agreementCode : h.beneficiaryBlock.slice(0, 7);
      return { beneficiaryCode: code, convenio: undefined };
    },
  },
};

export const caixaSigcbLayout: RemittanceLayout = {
  id: 'cnab240_caixa_sigcb',
  name: 'CNAB 240 Caixa SIGCB (leiaute 101)',
  recordLength: 240,
  banks: ['104'],
  movements: CAIXA_SIGCB_240_MOVEMENTS,
  maxTitles: 30_000, // one batch numbers its records in 5 digits: 3 per title plus header and trailer
  textLengths: { documentNumber: 11 },
  build: (input: RemessaInput) => buildRemessa240(input, CAIXA_SIGCB_240),
};
