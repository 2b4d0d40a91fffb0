// Sicoob (756): its own CNAB 240 remittance.
// Source: Sicoob "Leiaute Cobrança Sicoob – Sistemas de Terceiro" (spreadsheet, atualização 22/08/2017),
// sheet "05.Remessa - Opção CNAB240", layout do arquivo 081, do lote 040 (kept in kivanio/brcobranca
// docs/Sicoob/LEIAUTE COBRANCA SICOOB SISTEMAS DE TERCEIRO.XLSX; "sheet" below, with its field numbers
// such as 08.0 or 13.3P). Checked against kivanio/brcobranca lib/brcobranca/remessa/cnab240/sicoob.rb and
// eduardokum/laravel-boleto src/Cnab/Remessa/Cnab240/Banco/Bancoob.php.
// Only the positions listed here differ from FEBRABAN 240 v10.7 (layouts240.ts); the rest is shared.
import { sicoobNossoNumeroDv } from '../febraban/banks/sicoob.ts';
import { BATCH_HEADER, BATCH_TRAILER, FILE_HEADER, FILE_TRAILER, patch240, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import type { MovementTable } from './movements.ts';
import { field as f, filler } from './record.ts';
import { digitsOnly, fail, type RemessaInput, titleDate } from './remessa.ts';
import { buildRemessa240, type Remessa240Context, type Remessa240Variant } from './remessa240.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

/** Sheet "Header do Arquivo". */
const FILE_HEADER_SICOOB = patch240(FILE_HEADER, [
  f('convenio', 33, 52, 'A', ''), // 07.0 Código do Convênio no Sicoob: espaços
  f('agencyAccountDigit', 72, 72, 'A', '0'), // 12.0 DV da Ag/Conta: "Preencher com zeros"
  f('bankName', 103, 132, 'A', 'SICOOB'), // 14.0 Nome do Banco: SICOOB
]);

/** Sheet "Header do Lote". */
const BATCH_HEADER_SICOOB = patch240(BATCH_HEADER, [
  f('convenio', 34, 53, 'A', ''), // 11.1 Código do Convênio no Banco: espaços
]);

/** Sheet "Registro Detalhe Segmento P". */
const SEGMENT_P_SICOOB = patch240(SEGMENT_P, [
  // 13.3P Nosso Número: NumTitulo (10) + Parcela (2) + Modalidade (2) + Tipo Formulário (1) + 5 espaços.
  f('nossoNumero', 38, 47, 'N'), // NumTitulo: the number with its DV ("02.Especificações do Boleto" 3.13)
  f('installment', 48, 49, 'N', '01'), // Parcela: "01" se parcela única
  f('modality', 50, 51, 'N'), // Modalidade (Contracapa: 01 = Simples Com Registro)
  f('formType', 52, 52, 'N', '4'), // Tipo Formulário: 4 = A4 sem envelopamento (brcobranca and laravel-boleto too)
  filler(53, 57), // Em branco
  f('carteiraCode', 58, 58, 'N'), // 14.3P Código da Carteira: the Contracapa's carteira (1)
  f('registration', 59, 59, 'N', '0'), // 15.3P Forma de Cadastr.: "0"
  f('documentType', 60, 60, 'A', ''), // 16.3P Tipo de Documento: espaços
  f('writeOffCode', 224, 224, 'N', '0'), // 38.3P Código para Baixa/Devolução: "0" (225-227 espaços, as FEBRABAN's filler)
]);

/**
 * Sheet 07.3P "Código de Movimento Remessa": 01, 02, 06, 09, 10, 11 (and 31, alteração de outros
 * dados, which Cobre does not send). Abatimento, desconto, valor nominal and negativação are not in the
 * sheet, so they are left out (see docs/cnab.md for laravel-boleto's longer table).
 */
export const SICOOB_240_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Entrada de Títulos' },
  write_off: { code: '02', text: 'Solicitação de Baixa' },
  due_date_change: { code: '06', text: 'Prorrogação de Vencimento' },
  protest: { code: '09', text: 'Protestar' },
  protest_stop_write_off: { code: '10', text: 'Desistência do Protesto e Baixar Título' },
  protest_stop_keep: { code: '11', text: 'Desistência do Protesto e manter em carteira' },
};

function modality(ctx: Remessa240Context): string {
  const m = ctx.input.beneficiary.variation ?? '01';
  if (!/^\d{2}$/.test(m)) throw fail('beneficiary.variation', 'the Sicoob modalidade has 2 digits');
  return m;
}

export const SICOOB_240: Remessa240Variant = {
  id: 'sicoob',
  layouts: {
    fileHeader: FILE_HEADER_SICOOB,
    batchHeader: BATCH_HEADER_SICOOB,
    segmentP: SEGMENT_P_SICOOB,
    segmentQ: SEGMENT_Q, // sheet "Segmento Q": the FEBRABAN positions
    segmentR: SEGMENT_R, // sheet "Segmento R": the FEBRABAN positions (multa dated on the due date, below)
    batchTrailer: BATCH_TRAILER, // sheet "Trailler do Lote": the FEBRABAN positions
    fileTrailer: FILE_TRAILER, // sheet "Trailler do Arquivo": the FEBRABAN positions
  },
  version: { file: '081', batch: '040' }, // 20.0 "081", 07.1 "040"
  movements: SICOOB_240_MOVEMENTS,
  check(ctx) {
    // 08.0-11.0: prefixo da cooperativa and conta corrente, each with its DV, as the Contracapa gives them.
    if (!/^[0-9]$/.test(ctx.account.agencyDigit)) throw fail('beneficiary.agencyDigit', 'Sicoob needs the DV of the cooperativa prefix');
    if (!/[1-9]/.test(ctx.account.account)) throw fail('beneficiary.account', 'Sicoob needs the conta corrente');
    if (!/^[0-9]$/.test(ctx.account.accountDigit)) throw fail('beneficiary.accountDigit', 'Sicoob needs the DV of the conta corrente');
    modality(ctx);
    if (!/^\d$/.test(ctx.input.beneficiary.carteira)) throw fail('beneficiary.carteira', 'the Sicoob carteira has 1 digit');
  },
  segmentP(values, ctx, boleto, _movement, at) {
    // Cobre keeps the 7-digit number followed by its DV (cooperativa + código do cliente + number,
    // weights 3-1-9-7): checked when the código do cliente is known.
    const nn = boleto.nossoNumero;
    if (!/^\d{8}$/.test(nn)) throw fail(at('.nossoNumero'), 'Sicoob wants the 7-digit nosso número followed by its DV');
    const client = ctx.input.beneficiary.beneficiaryCode;
    if (client !== undefined && client !== '') {
      const code = digitsOnly(client, 'beneficiary.beneficiaryCode');
      if (sicoobNossoNumeroDv(ctx.account.agency, code, nn.slice(0, 7)) !== Number(nn[7])) {
        throw fail(at('.nossoNumero'), 'its last digit is not the DV for this cooperativa and código do cliente');
      }
    }
    values.modality = modality(ctx);
    values.carteiraCode = ctx.input.beneficiary.carteira;
    // 27.3P Código do Juros de Mora: '0' = Isento (FEBRABAN's 3), 28.3P "preencher com a Data de Vencimento".
    if (boleto.interest) values.interestDate = titleDate(boleto.dueDate, at, '.dueDate');
    else values.interestCode = '0';
  },
  segmentR(values, _ctx, boleto, _movement, at) {
    // 15.3R Data da Multa: "preencher com a Data de Vencimento do Título".
    if (boleto.fine) values.fineDate = titleDate(boleto.dueDate, at, '.dueDate');
  },
  read: {
    // NumTitulo holds the number with its DV, zero-padded to 10.
    nossoNumero: (p) => p.nossoNumero.slice(2),
    noInterestCode: '0', // 27.3P '0' = Isento
  },
};

export const sicoobLayout: RemittanceLayout = {
  id: 'cnab240_sicoob',
  name: 'CNAB 240 Sicoob (leiaute 081)',
  recordLength: 240,
  banks: ['756'],
  movements: SICOOB_240_MOVEMENTS,
  maxTitles: 30_000, // one batch numbers its records in 5 digits: 3 per title plus header and trailer
  build: (input: RemessaInput) => buildRemessa240(input, SICOOB_240),
};
