// Sicredi (748): its own CNAB 240 remittance.
// Source: Sicredi "Manual CNAB 240" (agosto/2019), layout do arquivo 081, do lote 040 (kept in
// eduardokum/laravel-boleto manuais/SICREDI/novos/SICREDI_manual-cnab-240--agosto--2019.pdf; "manual"
// below, with its field numbers such as 10.0 or 13.3P). Checked against kivanio/brcobranca
// lib/brcobranca/remessa/cnab240/sicredi.rb and laravel-boleto src/Cnab/Remessa/Cnab240/Banco/Sicredi.php.
// Only the positions listed here differ from FEBRABAN 240 v10.7 (layouts240.ts); the rest is shared.
import { BATCH_HEADER, BATCH_TRAILER, FILE_HEADER, FILE_TRAILER, patch240, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import type { MovementTable } from './movements.ts';
import { field as f } from './record.ts';
import { digitsOnly, fail, type RemessaInput, titleDate } from './remessa.ts';
import { buildRemessa240, type Remessa240Context, type Remessa240Variant } from './remessa240.ts';
import type { RemittanceLayout } from './remittance-layout.ts';

/** Manual 6.1, header de arquivo. */
const FILE_HEADER_SICREDI = patch240(FILE_HEADER, [
  f('convenio', 33, 52, 'A', ''), // 07.0 Código do convênio no banco: brancos
  f('agencyDigit', 58, 58, 'A', ''), // 09.0 DV da agência: brancos
  f('bankName', 103, 132, 'A', 'SICREDI'), // 14.0 Nome do Banco: "SICREDI"
  f('density', 167, 171, 'N', '01600'), // 21.0 Densidade: "01600"
]);

/** Manual 6.2, header de lote. */
const BATCH_HEADER_SICREDI = patch240(BATCH_HEADER, [
  f('convenio', 34, 53, 'A', ''), // 11.1 Código do convênio: "o Sicredi atualmente não utiliza este campo", brancos
  f('agencyDigit', 59, 59, 'A', ''), // 13.1 DV da agência: brancos
]);

/** Manual 6.3, segmento P. */
const SEGMENT_P_SICREDI = patch240(SEGMENT_P, [
  f('agencyDigit', 23, 23, 'A', ''), // 09.3P DV da agência: brancos
  f('species', 107, 108, 'N', '03'), // 24.3P Espécie: the domain has no 02 (DM); 03 = DMI (brcobranca's default)
  f('writeOffCode', 224, 224, 'N', '1'), // 38.3P "Utilizar sempre domínio '1'" (baixar/devolver)
  f('writeOffDays', 225, 227, 'A', '060'), // 39.3P "Utilizar sempre, nesse campo, 60 dias"
]);

/**
 * Manual 6.12, trailer de lote: 06.5-13.5 "só serão utilizados para informação do arquivo retorno";
 * brcobranca (complemento_trailer) and laravel-boleto (trailerLote) send them as zeros, and so does Cobre.
 */
const BATCH_TRAILER_SICREDI = patch240(BATCH_TRAILER, [f('simpleCount', 24, 29, 'N', '0'), f('simpleTotal', 30, 46, 'N', '0')]);

/**
 * Manual 07.3P "Código de movimento remessa": the codes Cobre asks for. Sicredi has no 47 (alteração
 * do valor nominal), so 'amount_change' is left out; the negativação is 45, and its removal with
 * write-off 76 (FEBRABAN 46).
 */
export const SICREDI_240_MOVEMENTS: MovementTable = {
  entry: { code: '01', text: 'Entrada de títulos' },
  write_off: { code: '02', text: 'Pedido de baixa' },
  rebate_grant: { code: '04', text: 'Concessão de abatimento' },
  rebate_cancel: { code: '05', text: 'Cancelamento de abatimento' },
  due_date_change: { code: '06', text: 'Alteração de vencimento' },
  discount_grant: { code: '07', text: 'Concessão de desconto' },
  discount_cancel: { code: '08', text: 'Cancelamento de desconto' },
  protest: { code: '09', text: 'Protestar' },
  protest_stop_write_off: { code: '10', text: 'Sustar protesto e baixar título' },
  protest_stop_keep: { code: '11', text: 'Sustar protesto e manter em carteira' },
  negativation: { code: '45', text: 'Negativação sem protesto' },
  negativation_stop: { code: '76', text: 'Excluir negativação e baixar' },
};

/**
 * 10.0 / 14.1 / 10.3P conta corrente: Sicredi's "conta beneficiária" is the código do beneficiário
 * (5 digits, the one in the boleto's campo livre), sent without a DV unless one is given (11.3P).
 */
function beneficiaryAccount(ctx: Remessa240Context): string {
  const raw = ctx.input.beneficiary.beneficiaryCode;
  if (raw === undefined || raw === '') throw fail('beneficiary.beneficiaryCode', 'Sicredi needs the código do beneficiário');
  const code = digitsOnly(raw, 'beneficiary.beneficiaryCode');
  if (code.length > 5) throw fail('beneficiary.beneficiaryCode', 'a Sicredi código do beneficiário has up to 5 digits');
  return code;
}

export const SICREDI_240: Remessa240Variant = {
  id: 'sicredi',
  layouts: {
    fileHeader: FILE_HEADER_SICREDI,
    batchHeader: BATCH_HEADER_SICREDI,
    segmentP: SEGMENT_P_SICREDI,
    segmentQ: SEGMENT_Q, // manual 6.4: the FEBRABAN positions
    segmentR: SEGMENT_R, // manual 6.5: the FEBRABAN positions (multa only as a percentage, below)
    batchTrailer: BATCH_TRAILER_SICREDI,
    fileTrailer: FILE_TRAILER, // manual 6.13: the FEBRABAN positions
  },
  version: { file: '081', batch: '040' }, // 20.0 "081", 07.1 '040'
  movements: SICREDI_240_MOVEMENTS,
  check(ctx) {
    const account = beneficiaryAccount(ctx);
    ctx.account.account = account;
  },
  segmentP(values, _ctx, boleto, movement, at) {
    // 13.3P: "182xxxxxD" = year (2), byte de geração 2..9 (1 only for pre-printed forms), sequence (5), DV.
    if (!/^\d{2}[2-9]\d{6}$/.test(boleto.nossoNumero)) {
      throw fail(at('.nossoNumero'), 'Sicredi wants 9 digits: year, byte 2 to 9, 5-digit sequence, DV');
    }
    // 19.3P: "o Sicredi apenas validará as 10 primeiras posições" of the seu número.
    if (boleto.documentNumber.length > 10) throw fail(at('.documentNumber'), 'Sicredi reads only 10 characters of the seu número');
    // 37.3P: protest and negativação at least 3 days after the due date.
    if ((movement === 'protest' || movement === 'negativation') && Number(values.protestDays) < 3) {
      throw fail(at('.protestDays'), 'Sicredi protests or negativates at least 3 days after the due date');
    }
  },
  segmentR(values, _ctx, boleto, _movement, at) {
    const fine = boleto.fine;
    if (!fine) return;
    // 14.3R: "O Sicredi apenas aceita o campo multa preenchido com percentual."
    if (fine.kind !== 'percent') throw fail(at('.fine.kind'), 'Sicredi takes the multa only as a percentage');
    // 16.3R: only the last 4 digits are read (up to 99.99 %).
    if (fine.value > 9999) throw fail(at('.fine.value'), 'Sicredi reads at most 99.99 %');
    // 15.3R: "Para o Sicredi a data de cobrança da multa sempre será a data do vencimento" (laravel-boleto writes it too).
    values.fineDate = titleDate(boleto.dueDate, at, '.dueDate');
  },
};

export const sicrediLayout: RemittanceLayout = {
  id: 'cnab240_sicredi',
  name: 'CNAB 240 Sicredi (leiaute 081)',
  recordLength: 240,
  banks: ['748'],
  movements: SICREDI_240_MOVEMENTS,
  maxTitles: 30_000, // one batch numbers its records in 5 digits: 3 per title plus header and trailer
  textLengths: { documentNumber: 10 },
  build: (input: RemessaInput) => buildRemessa240(input, SICREDI_240),
};
