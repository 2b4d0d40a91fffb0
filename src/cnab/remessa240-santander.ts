// Santander (033): its own CNAB 240 remittance.
// Source: Santander "Layout de Arquivo Padrão 240 – Cobrança" (H7815), versão 2.9, abril/2018, layout do
// arquivo 040, do lote 030 (kept in eduardokum/laravel-boleto manuais/SANTANDER/novos/H7815 Layout
// Cobranca CNAB 240 posicoes padrao Santander Multibanco Abril.pdf; "manual" below, with its notes such
// as Nota 14). Its versão 2.5 (setembro/2014, kivanio/brcobranca docs/Santander/Layout Padrao 240 -
// Versao 2.5 - Setembro 2014.pdf) has the same remittance positions. Checked against brcobranca
// lib/brcobranca/remessa/cnab240/santander.rb and laravel-boleto src/Cnab/Remessa/Cnab240/Banco/Santander.php.
// Only the positions listed here differ from FEBRABAN 240 v10.7 (layouts240.ts); the rest is shared.
import { mod11ZeroOnHigh } from '../febraban/checkDigits.ts';
import { BATCH_HEADER, BATCH_TRAILER, FILE_HEADER, FILE_TRAILER, patch240, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import type { MovementTable } from './movements.ts';
import { field as f, filler } from './record.ts';
import { cnabDate, digitsOnly, fail, type RemessaInput, titleDate } from './remessa.ts';
import { buildRemessa240, type Remessa240Context, type Remessa240Variant } from './remessa240.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

/** Manual "Registro Header do Arquivo Remessa". */
const FILE_HEADER_SANTANDER = patch240(FILE_HEADER, [
  filler(9, 16), // 009-016 Reservado (uso Banco)
  f('documentKind', 17, 17, 'N'), // 017 Tipo de inscrição (FEBRABAN: 18)
  f('document', 18, 32, 'N'), // 018-032 Nº de inscrição, 15 digits (FEBRABAN: 19-32)
  f('transmissionCode', 33, 47, 'N'), // 033-047 Código de Transmissão (Nota 3)
  filler(48, 72), // 048-072 Reservado (uso Banco): no agency/account here
  f('bankName', 103, 132, 'A', 'BANCO SANTANDER'), // 103-132 "Banco Santander"
  filler(152, 157), // 152-157 Reservado (uso Banco): no time of generation
  filler(167, 240), // 167-240 Reservado (uso Banco): no density, no reserved fields
]);

/** Manual "Registro Header do Lote Remessa". */
const BATCH_HEADER_SANTANDER = patch240(BATCH_HEADER, [
  filler(34, 53), // 034-053 Reservado (uso Banco)
  f('transmissionCode', 54, 68, 'N'), // 054-068 Código de Transmissão
  filler(69, 73), // 069-073 Reservado uso Banco
  filler(200, 240), // 200-240 Reservado (uso Banco): no data do crédito
]);

/** Manual "Registro Detalhe - Segmento P". */
const SEGMENT_P_SANTANDER = patch240(SEGMENT_P, [
  f('agency', 18, 21, 'N'), // 018-021 Agência, 4 digits
  f('agencyDigit', 22, 22, 'N'), // 022 Dígito da Agência
  f('account', 23, 31, 'N'), // 023-031 Número da conta corrente, 9 digits
  f('accountDigit', 32, 32, 'N'), // 032 Dígito verificador da conta
  // 033-042 Conta cobrança + dígito (v2.9: "Destinatária FIDC", Nota 45 for movement 12); brcobranca and
  // laravel-boleto repeat the conta corrente, and so does Cobre.
  f('collectionAccount', 33, 41, 'N'),
  f('collectionAccountDigit', 42, 42, 'N'),
  filler(43, 44), // 043-044 Reservado (uso Banco)
  f('nossoNumero', 45, 57, 'N'), // 045-057 Nosso Número: 12 digits + DV (Nota 15)
  f('carteiraCode', 58, 58, 'A'), // 058 Tipo de cobrança (Nota 5), from the carteira
  f('documentType', 60, 60, 'N', '2'), // 060 Tipo de documento: 2 = Escritural (brcobranca and laravel-boleto)
  filler(61, 62), // 061-062 Reservado (uso Banco) (FEBRABAN: emissão, distribuição)
  f('protestCode', 221, 221, 'N'), // 221 Código para protesto (Nota 25: 0 = não protestar)
  f('writeOffCode', 224, 224, 'N', '2'), // 224 Código para Baixa/Devolução (Nota 26): 2 = não baixar / não devolver
  f('santanderReserved225', 225, 225, 'N', '0'), // 225 Reservado: "Zero Fixo"
  f('writeOffDays', 226, 227, 'N', '0'), // 226-227 Número de dias para Baixa/Devolução
  f('currency', 228, 229, 'N', '00'), // 228-229 Código da moeda (Nota 27): 00 = Real (FEBRABAN: 09)
  filler(230, 240), // 230-240 Reservado (uso Banco)
]);

/** Manual "Segmento Q": 210-221 identificador de carnê, parcela, total de parcelas, plano (Nota 28), zeros. */
const SEGMENT_Q_SANTANDER = patch240(SEGMENT_Q, [
  f('installmentPlan', 210, 221, 'N', '0'), // 000 = não possui carnê
  filler(222, 240), // 222-240 Reservado (uso Banco)
]);

/** Manual "Segmento R": 042-065 and 180-240 Reservado, blanks (no desconto 3, no débito automático). */
const SEGMENT_R_SANTANDER = patch240(SEGMENT_R, [filler(42, 65), filler(180, 240)]);

/** Manual "Trailer de Lote Remessa": only the record count (024-240 Reservado). */
const BATCH_TRAILER_SANTANDER = patch240(BATCH_TRAILER, [filler(24, 240)]);

/** Manual "Trailer de Arquivo Remessa": 030-240 Reservado. */
const FILE_TRAILER_SANTANDER = patch240(FILE_TRAILER, [filler(30, 240)]);

/**
 * Manual Nota 14 "Código de movimento para remessa": the codes Cobre asks for. Santander has no code
 * that stops a protest and writes the title off, and no negativação, so those kinds are left out.
 */
export const SANTANDER_240_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Entrada de título' },
  write_off: { code: '02', text: 'Pedido de baixa' },
  rebate_grant: { code: '04', text: 'Concessão de abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de abatimento' },
  due_date_change: { code: '06', text: 'Alteração de vencimento' },
  protest: { code: '09', text: 'Pedido de Protesto' },
  discount_grant: { code: '10', text: 'Concessão de Desconto' },
  discount_cancel: { code: '11', text: 'Cancelamento de desconto' },
  protest_stop_keep: { code: '18', text: 'Pedido de Sustação de Protesto' },
  amount_change: { code: '47', text: 'Alteração do Valor Nominal do título' },
};

/**
 * Nota 5 "Tipo de cobrança" by Cobre's Santander carteira: 101 rápida com registro → 5, 104 eletrônica
 * com registro → 1, 201 penhor (caucionada) rápida com registro → 6. 102 (sem registro) has nothing to
 * register and is refused.
 */
export const SANTANDER_CARTEIRA_KIND: Readonly<Record<string, string>> = { '101': '5', '104': '1', '201': '6' };

function transmissionCode(ctx: Remessa240Context): string {
  const b = ctx.input.beneficiary;
  if (b.transmissionCode !== undefined && b.transmissionCode !== '') {
    const code = digitsOnly(b.transmissionCode, 'beneficiary.transmissionCode');
    if (code.length > 15) throw fail('beneficiary.transmissionCode', 'the código de transmissão has 15 digits');
    return code;
  }
  const convenio = digitsOnly(b.convenio ?? '', 'beneficiary.convenio');
  if (convenio === '' || convenio.length > 7)
    throw fail('beneficiary.convenio', 'Santander needs the código do beneficiário (up to 7 digits)');
  if (ctx.account.agency.length > 4) throw fail('beneficiary.agency', 'a Santander agency has 4 digits');
  return `${ctx.account.agency.padStart(4, '0')}0000${convenio.padStart(7, '0')}`;
}

/** 'YYYY-MM-DD' moved by `days`. */
function shiftIso(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export const SANTANDER_240: Remessa240Variant = {
  id: 'santander',
  layouts: {
    fileHeader: FILE_HEADER_SANTANDER,
    batchHeader: BATCH_HEADER_SANTANDER,
    segmentP: SEGMENT_P_SANTANDER,
    segmentQ: SEGMENT_Q_SANTANDER,
    segmentR: SEGMENT_R_SANTANDER,
    batchTrailer: BATCH_TRAILER_SANTANDER,
    fileTrailer: FILE_TRAILER_SANTANDER,
  },
  version: { file: '040', batch: '030' }, // header 164-166 "040", lote 014-016 "030"
  movements: SANTANDER_240_MOVEMENTS,
  check(ctx) {
    transmissionCode(ctx);
    if (SANTANDER_CARTEIRA_KIND[ctx.input.beneficiary.carteira] === undefined) {
      throw fail('beneficiary.carteira', 'the Santander CNAB 240 registers carteiras 101, 104 and 201');
    }
    if (!/^[0-9]$/.test(ctx.account.agencyDigit)) throw fail('beneficiary.agencyDigit', 'Santander needs the agency check digit');
    if (!/[1-9]/.test(ctx.account.account)) throw fail('beneficiary.account', 'Santander needs the conta corrente');
    if (!/^[0-9]$/.test(ctx.account.accountDigit)) throw fail('beneficiary.accountDigit', 'Santander needs the conta corrente check digit');
  },
  fileHeader(values, ctx) {
    values.transmissionCode = transmissionCode(ctx);
  },
  batchHeader(values, ctx) {
    values.transmissionCode = transmissionCode(ctx);
  },
  segmentP(values, ctx, boleto, movement, at) {
    const nn = boleto.nossoNumero;
    if (!/^\d{13}$/.test(nn) || mod11ZeroOnHigh(nn.slice(0, 12)) !== Number(nn[12])) {
      throw fail(at('.nossoNumero'), 'Santander wants the 12-digit nosso número followed by its DV (Nota 15)');
    }
    values.collectionAccount = ctx.account.account;
    values.collectionAccountDigit = ctx.account.accountDigit;
    values.carteiraCode = SANTANDER_CARTEIRA_KIND[ctx.input.beneficiary.carteira];
    if (movement !== 'protest') values.protestCode = '0'; // Nota 25: 0 = não protestar (3 is "utilizar perfil beneficiário")
    // Nota 22: "Informar nesse campo a data do vencimento".
    if (boleto.interest) values.interestDate = titleDate(boleto.dueDate, at, '.dueDate');
  },
  segmentR(values, _ctx, boleto, _movement, at) {
    // Nota 33: the multa is charged after the date given; Cobre's date is the first day it is charged.
    if (boleto.fine) values.fineDate = cnabDate(shiftIso(boleto.fine.fromDate, -1), at('.fine.fromDate'));
  },
  read: {
    boleto(boleto) {
      if (boleto.fine) boleto.fine.fromDate = shiftIso(boleto.fine.fromDate, 1);
    },
    beneficiary(h, _batch, p) {
      const noZeros = (v: string | undefined) => (v ?? '').replace(/^0+(?=\d)/, '');
      return {
        // The headers carry no agency or account: segment P does (018-032).
        agency: noZeros(p?.agency),
        agencyDigit: p?.agencyDigit ?? '',
        account: noZeros(p?.account),
        accountDigit: p?.accountDigit ?? '',
        document: h.document.slice(h.documentKind === '1' ? 4 : 1), // 15 positions here
        convenio: h.transmissionCode.slice(8).replace(/^0+(?=\d)/, ''),
        transmissionCode: h.transmissionCode,
      };
    },
  },
};

export const santanderLayout: RemittanceLayout = {
  id: 'cnab240_santander',
  name: 'CNAB 240 Santander (H7815, leiaute 040)',
  recordLength: 240,
  banks: ['033'],
  movements: SANTANDER_240_MOVEMENTS,
  maxTitles: 30_000, // one batch numbers its records in 5 digits: 3 per title plus header and trailer
  build: (input: RemessaInput) => buildRemessa240(input, SANTANDER_240),
};
