// The occurrence and motive tables, a few codes each, against the sources named in occurrences.ts
// (eduardokum/laravel-boleto src/Cnab/Retorno/{Cnab240,Cnab400}/Banco/*.php, copied from the manuals).
import { describe, expect, it } from 'vitest';
import { lookupOccurrence, lookupReasons, RECORDED_ONLY_KINDS } from './occurrences.ts';

describe('lookupOccurrence', () => {
  it('CNAB 240: FEBRABAN C044, whatever the bank', () => {
    expect(lookupOccurrence('cnab240', '341', '02')).toEqual({ kind: 'entry_confirmed', text: 'Entrada Confirmada' });
    expect(lookupOccurrence('cnab240', '001', '17')).toEqual({
      kind: 'liquidation',
      text: 'Liquidação Após Baixa ou Liquidação Título Não Registrado',
    });
    expect(lookupOccurrence('cnab240', '104', '25')).toEqual({
      kind: 'protest',
      text: 'Protestado e Baixado (Baixa por ter sido Protestado)',
    });
    expect(lookupOccurrence('cnab240', '033', '27')).toEqual({
      kind: 'change_confirmed',
      text: 'Confirmação do Pedido de Alteração de Outros Dados',
    });
    expect(lookupOccurrence('cnab240', '237', '30')).toEqual({ kind: 'change_rejected', text: 'Alteração de Dados Rejeitada' });
    expect(lookupOccurrence('cnab240', '237', '28')).toEqual({ kind: 'fee', text: 'Débito de Tarifas/Custas' });
  });

  it('CNAB 400: each bank its own table (Bradesco, Itaú, Banco do Brasil)', () => {
    expect(lookupOccurrence('cnab400', '237', '15')).toEqual({
      kind: 'liquidation_in_registry',
      text: 'Liquidação em Cartório (sem motivo)',
    });
    expect(lookupOccurrence('cnab400', '237', '10')).toEqual({ kind: 'write_off', text: 'Baixado conforme instruções da Agência' });
    expect(lookupOccurrence('cnab400', '341', '08')).toEqual({ kind: 'liquidation_in_registry', text: 'Liquidação em cartório' });
    expect(lookupOccurrence('cnab400', '341', '32')).toEqual({ kind: 'protest', text: 'Baixa por ter sido protestado' });
    expect(lookupOccurrence('cnab400', '341', '10')).toEqual({ kind: 'other', text: 'Baixa por ter sido liquidado' });
    expect(lookupOccurrence('cnab400', '001', '03')).toEqual({
      kind: 'entry_rejected',
      text: 'Comando recusado (Motivo indicado na posição 087/088)',
    });
    expect(lookupOccurrence('cnab400', '001', '96')).toEqual({ kind: 'fee', text: 'Despesas de Protesto' });
  });

  it('CNAB 400 Santander: its own table (laravel-boleto Santander.php)', () => {
    expect(lookupOccurrence('cnab400', '033', '02')).toEqual({ kind: 'entry_confirmed', text: 'Entrada título confirmada' });
    expect(lookupOccurrence('cnab400', '033', '07')).toEqual({ kind: 'liquidation', text: 'Liquidação por conta' });
    expect(lookupOccurrence('cnab400', '033', '17')).toEqual({ kind: 'liquidation_in_registry', text: 'Liquidado em cartório' });
    expect(lookupOccurrence('cnab400', '033', '16')).toEqual({ kind: 'other', text: 'Título já baixado/liquidado' });
    expect(lookupOccurrence('cnab400', '033', '09')).toEqual({ kind: 'write_off', text: 'Baixa automática' });
    expect(lookupOccurrence('cnab400', '033', '24')).toEqual({ kind: 'fee', text: 'Custas de Cartório' });
    expect(lookupOccurrence('cnab400', '033', '26')).toEqual({ kind: 'protest', text: 'Sustar Protesto' });
    expect(lookupOccurrence('cnab400', '033', '19')).toEqual({ kind: 'other', text: null });
    expect(lookupReasons('cnab400', '033', '03', ['001', '261', '262'])).toEqual([
      { code: '001', text: 'Nosso numero nao numerico' },
      { code: '261', text: 'Vl.outros inv.p.cod.mora = 1(d3p)' },
      { code: '262', text: null },
    ]);
  });

  it('CNAB 400 Sicoob: its own table (laravel-boleto Bancoob.php), no motive table', () => {
    expect(lookupOccurrence('cnab400', '756', '02')).toEqual({ kind: 'entry_confirmed', text: 'Confirmação Entrada Título' });
    expect(lookupOccurrence('cnab400', '756', '05')).toMatchObject({ kind: 'liquidation' });
    expect(lookupOccurrence('cnab400', '756', '15')).toMatchObject({ kind: 'liquidation_in_registry' });
    expect(lookupOccurrence('cnab400', '756', '10')).toMatchObject({ kind: 'write_off' });
    expect(lookupOccurrence('cnab400', '756', '23')).toMatchObject({ kind: 'protest' });
    expect(lookupOccurrence('cnab400', '756', '48')).toEqual({
      kind: 'change_confirmed',
      text: 'Confirmação de instrução de transferência de carteira/modalidade de cobrança',
    });
    expect(lookupOccurrence('cnab400', '756', '03')).toEqual({ kind: 'other', text: null });
    expect(lookupReasons('cnab400', '756', '27', ['09'])).toEqual([{ code: '09', text: null }]);
  });

  it('CNAB 400 Banrisul: its own table and two motive tables (laravel-boleto Banrisul.php)', () => {
    expect(lookupOccurrence('cnab400', '041', '47')).toEqual({ kind: 'entry_confirmed', text: 'Confirmação de entrada – Pagador DDA' });
    expect(lookupOccurrence('cnab400', '041', '08')).toEqual({ kind: 'liquidation', text: 'Baixa por pagamento, liquidação pelo saldo' });
    expect(lookupOccurrence('cnab400', '041', '15')).toEqual({ kind: 'liquidation_in_registry', text: 'Pagamento em cartório' });
    expect(lookupOccurrence('cnab400', '041', '25')).toEqual({ kind: 'other', text: 'Devolução, liquidado anteriormente' });
    expect(lookupOccurrence('cnab400', '041', '09')).toEqual({ kind: 'write_off', text: 'Devolução automática' });
    expect(lookupOccurrence('cnab400', '041', '41')).toEqual({ kind: 'fee', text: 'Despesa de aponte.' });
    expect(lookupReasons('cnab400', '041', '03', ['63', '37'])).toEqual([
      { code: '63', text: 'Entrada para título já cadastrado' },
      { code: '37', text: 'Código para protesto inválido – rejeita o título se o campo for diferente de branco, 0, 1 ou 3' },
    ]);
    expect(lookupReasons('cnab400', '041', '10', ['37'])).toEqual([
      { code: '37', text: 'Cancelamento de rateio por motivo de baixa comandada' },
    ]);
  });

  it('CNAB 400 Sicredi: its own table; one motive table for all occurrences, another for 28 (laravel-boleto Sicredi.php)', () => {
    expect(lookupOccurrence('cnab400', '748', '17')).toEqual({ kind: 'liquidation', text: 'Liquidação após baixa' });
    expect(lookupOccurrence('cnab400', '748', '15')).toEqual({ kind: 'liquidation_in_registry', text: 'Liquidação em cartório' });
    expect(lookupOccurrence('cnab400', '748', '24')).toEqual({ kind: 'entry_rejected', text: 'Entrada rejeitada por CEP irregular' });
    expect(lookupOccurrence('cnab400', '748', '10')).toEqual({
      kind: 'write_off',
      text: 'Baixado conforme instruções da cooperativa de crédito',
    });
    expect(lookupOccurrence('cnab400', '748', '28')).toEqual({ kind: 'fee', text: 'Tarifa' });
    expect(lookupReasons('cnab400', '748', '33', ['H4', '0A'])).toEqual([
      { code: 'H4', text: 'Alteração de carteira' },
      { code: '0A', text: 'Aceito' },
    ]);
    expect(lookupReasons('cnab400', '748', '28', ['S4', 'H4'])).toEqual([
      { code: 'S4', text: 'Tarifa de Inclusão Negativação' },
      { code: 'H4', text: null },
    ]);
  });

  it('CNAB 400 Caixa: its own codes (21 liquidação, 01 entrada, 99 rejeição) (laravel-boleto Caixa.php)', () => {
    expect(lookupOccurrence('cnab400', '104', '01')).toEqual({ kind: 'entry_confirmed', text: 'Entrada Confirmada' });
    expect(lookupOccurrence('cnab400', '104', '02')).toEqual({ kind: 'write_off', text: 'Baixa Confirmada' });
    expect(lookupOccurrence('cnab400', '104', '21')).toEqual({ kind: 'liquidation', text: 'Liquidação' });
    expect(lookupOccurrence('cnab400', '104', '22')).toEqual({ kind: 'liquidation_in_registry', text: 'Liquidação em Cartório' });
    expect(lookupOccurrence('cnab400', '104', '25')).toEqual({ kind: 'protest', text: 'Baixa por Protesto' });
    expect(lookupOccurrence('cnab400', '104', '31')).toEqual({ kind: 'fee', text: 'Tarifa sobre Título Vencido' });
    expect(lookupOccurrence('cnab400', '104', '06')).toEqual({ kind: 'change_confirmed', text: 'Uso da Empresa Alterado' });
    expect(lookupReasons('cnab400', '104', '99', ['20', '11'])).toEqual([
      {
        code: '20',
        text: 'CEP do Sacado não Encontrado (Não foi possível a Determinação da Agência Cobradora para o Título)',
      },
      { code: '11', text: null },
    ]);
  });

  it('CNAB 400 BRB: the seven ocorrências of its manual (v077), 09 refused with a 3-digit motive', () => {
    expect(lookupOccurrence('cnab400', '070', '00')).toEqual({ kind: 'write_off', text: 'Baixa por Devolução' });
    expect(lookupOccurrence('cnab400', '070', '02')).toEqual({ kind: 'entry_confirmed', text: 'Entrada de Título' });
    expect(lookupOccurrence('cnab400', '070', '05')).toEqual({ kind: 'liquidation', text: 'Liquidação S/Registro ou Modalidade 1' });
    expect(lookupOccurrence('cnab400', '070', '16')).toEqual({
      kind: 'liquidation',
      text: 'Liquidação Regularizada C/Registro ou Modalidade 2 e 3',
    });
    expect(lookupOccurrence('cnab400', '070', '03')).toEqual({ kind: 'other', text: null });
    expect(lookupReasons('cnab400', '070', '09', ['058', '130', '118'])).toEqual([
      { code: '058', text: 'tit devolv ou ja liquidado' },
      { code: '130', text: 'PRAZO SEM O VALOR DE JUROS' },
      { code: '118', text: null }, // 118 and 119 are not in the manual's list
    ]);
  });

  it('CNAB 400 Banco do Nordeste: Nota 4 of its manual (v2.0), errors as service + 50 read in the Tabela de Erros', () => {
    expect(lookupOccurrence('cnab400', '004', '02')).toEqual({ kind: 'entry_confirmed', text: 'Entrada Confirmada.' });
    expect(lookupOccurrence('cnab400', '004', '07')).toEqual({ kind: 'liquidation', text: 'Pagamento por Conta.' });
    expect(lookupOccurrence('cnab400', '004', '08')).toEqual({ kind: 'liquidation_in_registry', text: 'Pagamento por Cartório.' });
    expect(lookupOccurrence('cnab400', '004', '15')).toEqual({ kind: 'write_off', text: 'Baixa Automática' });
    expect(lookupOccurrence('cnab400', '004', '22')).toEqual({ kind: 'change_confirmed', text: 'Alteração "Seu Número".' });
    expect(lookupOccurrence('cnab400', '004', '59')).toEqual({ kind: 'change_rejected', text: 'Erro ocorrencia 09' });
    expect(lookupOccurrence('cnab400', '004', '81')).toEqual({ kind: 'other', text: null });
    expect(lookupReasons('cnab400', '004', '51', ['01', '77', '78'])).toEqual([
      { code: '01', text: 'Falta valor do IOC.' },
      { code: '77', text: 'Dias vencidos superior ao prazo de devolução.' },
      { code: '78', text: null }, // "VAGO"
    ]);
  });

  it('CNAB 400 Safra: 6.2.2 of its manual (dezembro/2016) in capitals, 07 from ACBr, the 3-digit rejection codes of 03', () => {
    expect(lookupOccurrence('cnab400', '422', '06')).toEqual({ kind: 'liquidation', text: 'LIQUIDAÇÃO NORMAL' });
    expect(lookupOccurrence('cnab400', '422', '07')).toEqual({ kind: 'liquidation', text: 'LIQUIDAÇÃO PARCIAL' });
    expect(lookupOccurrence('cnab400', '422', '15')).toEqual({ kind: 'liquidation_in_registry', text: 'LIQUIDAÇÃO EM CARTÓRIO' });
    expect(lookupOccurrence('cnab400', '422', '41')).toEqual({ kind: 'liquidation', text: 'LIQUIDAÇÃO DE TÍTULO BAIXADO' });
    expect(lookupOccurrence('cnab400', '422', '43')).toEqual({ kind: 'fee', text: 'DESPESA DE CARTÓRIO' });
    expect(lookupOccurrence('cnab400', '422', '05')).toEqual({ kind: 'other', text: 'TRANSFERÊNCIA DE CARTEIRA (BAIXA)' });
    expect(lookupReasons('cnab400', '422', '03', ['088', '003'])).toEqual([
      { code: '088', text: 'TÍTULO RECUSADO COMO GARANTIA (SACADO/NOVO/EXCLUSIVO/ALÇADA COMITÊ)' },
      { code: '003', text: null }, // in ACBr's list, not in the manual's
    ]);
  });

  it('CNAB 400 Unicred: its códigos de movimento (revision of 20/12/2019) and the two-character complement codes of 03', () => {
    expect(lookupOccurrence('cnab400', '136', '01')).toEqual({
      kind: 'liquidation_in_registry',
      text: 'Pago (Título protestado pago em cartório)',
    });
    expect(lookupOccurrence('cnab400', '136', '02')).toEqual({ kind: 'entry_confirmed', text: 'Instrução Confirmada' });
    expect(lookupOccurrence('cnab400', '136', '09')).toEqual({ kind: 'liquidation', text: 'Liquidação de Título Descontado' });
    expect(lookupOccurrence('cnab400', '136', '07')).toMatchObject({ kind: 'protest' });
    expect(lookupReasons('cnab400', '136', '03', ['A5', 'E9', 'C1', 'P1'])).toEqual([
      { code: 'A5', text: 'Título Liquidado' },
      { code: 'E9', text: 'Beneficiário não autorizado a enviar títulos para protesto' },
      { code: 'C1', text: 'Situação do título Aberto' },
      { code: 'P1', text: 'Nome pagador invalido' },
    ]);
  });

  it('an undocumented code keeps kind other and text null', () => {
    expect(lookupOccurrence('cnab240', '341', '77')).toEqual({ kind: 'other', text: null });
    expect(lookupOccurrence('cnab400', '237', '99')).toEqual({ kind: 'other', text: null });
    expect(lookupOccurrence('cnab400', '999', '06')).toEqual({ kind: 'other', text: null });
  });

  it('the kinds the processing applies are not in the recorded-only set', () => {
    for (const k of ['liquidation', 'liquidation_in_registry', 'entry_confirmed', 'entry_rejected', 'write_off'] as const)
      expect(RECORDED_ONLY_KINDS.has(k)).toBe(false);
    for (const k of ['fee', 'protest', 'change_confirmed', 'change_rejected', 'other'] as const)
      expect(RECORDED_ONLY_KINDS.has(k)).toBe(true);
  });
});

describe('lookupReasons', () => {
  it('reads the motives in the table of their occurrence', () => {
    // CNAB 240: C047 rejection motives for 03, liquidation motives for 06.
    expect(lookupReasons('cnab240', '341', '03', ['09', 'A5'])).toEqual([
      { code: '09', text: 'Nosso Número Duplicado' },
      { code: 'A5', text: 'Registro Rejeitado – Título já Liquidado' },
    ]);
    expect(lookupReasons('cnab240', '341', '06', ['04'])).toEqual([{ code: '04', text: 'Compensação Eletrônica' }]);
    expect(lookupReasons('cnab400', '341', '03', ['14'])).toEqual([
      { code: '14', text: 'Nosso número já registrado no cadastro do banco ou fora da faixa' },
    ]);
    expect(lookupReasons('cnab400', '001', '03', ['33'])).toEqual([{ code: '33', text: 'Nosso número já existente' }]);
  });

  it('a motive outside the table, or of an occurrence without one, keeps its code with text null', () => {
    expect(lookupReasons('cnab400', '237', '03', ['01'])).toEqual([{ code: '01', text: null }]);
    expect(lookupReasons('cnab400', '237', '06', ['08'])).toEqual([{ code: '08', text: null }]);
  });
});
