// The spreadsheet columns of each import (and export), with the headers a finance clerk writes.
import type { ColumnSpec } from '../platform/spreadsheet/index.ts';

export const CUSTOMER_COLUMNS: ColumnSpec[] = [
  {
    key: 'number',
    header: 'Nº do cliente',
    aliases: ['Número do cliente', 'Código Cobre'],
    type: 'integer',
    help: 'Deixe vazio para um cliente novo. Preenchido: altera esse cliente.',
  },
  {
    key: 'person_type',
    header: 'Tipo (PF/PJ)',
    aliases: ['Tipo', 'Tipo de pessoa'],
    type: 'string',
    required: true,
    maxLength: 2,
    example: 'PJ',
    help: 'PF (pessoa física) ou PJ (pessoa jurídica)',
  },
  {
    key: 'name',
    header: 'Nome / Razão social',
    aliases: ['Nome', 'Razão social'],
    type: 'string',
    required: true,
    maxLength: 200,
    example: 'Empresa Exemplo Ltda',
  },
  { key: 'trading_name', header: 'Nome fantasia', type: 'string', maxLength: 200, example: 'Exemplo', help: 'Só para PJ' },
  {
    key: 'document',
    header: 'CPF/CNPJ',
    aliases: ['CPF', 'CNPJ', 'Documento', 'NIF'],
    type: 'string',
    maxLength: 32,
    example: '58.009.342/0001-52',
    help: 'Com ou sem pontuação. Um CPF/CNPJ já cadastrado altera esse cliente.',
  },
  { key: 'state_registration', header: 'Inscrição estadual', type: 'string', maxLength: 20, help: 'Só para PJ: números ou ISENTO' },
  { key: 'municipal_registration', header: 'Inscrição municipal', type: 'string', maxLength: 20 },
  { key: 'birth_date', header: 'Data de nascimento', type: 'date', help: 'Só para PF' },
  { key: 'email', header: 'E-mail', aliases: ['Email'], type: 'string', maxLength: 254, example: 'financeiro@exemplo.com.br' },
  { key: 'phone', header: 'Telefone', aliases: ['Celular', 'Fone'], type: 'string', maxLength: 32, example: '(54) 99999-9999' },
  { key: 'postal_code', header: 'CEP', type: 'string', maxLength: 16, example: '95720-000' },
  { key: 'street', header: 'Logradouro', aliases: ['Endereço', 'Rua'], type: 'string', maxLength: 200, example: 'Rua João Pessoa' },
  { key: 'street_number', header: 'Número', type: 'string', maxLength: 20, example: '17' },
  { key: 'complement', header: 'Complemento', type: 'string', maxLength: 100 },
  { key: 'district', header: 'Bairro', type: 'string', maxLength: 100, example: 'Centro' },
  { key: 'city', header: 'Cidade', aliases: ['Município'], type: 'string', maxLength: 100, example: 'Garibaldi' },
  { key: 'state', header: 'UF', aliases: ['Estado'], type: 'string', maxLength: 60, example: 'RS' },
  { key: 'country', header: 'País', type: 'string', maxLength: 2, help: 'Código de 2 letras; vazio = BR' },
  {
    key: 'external_code',
    header: 'Código externo',
    aliases: ['Código no seu sistema'],
    type: 'string',
    maxLength: 64,
    help: 'Seu código para o cliente. Um código já cadastrado altera esse cliente.',
  },
  { key: 'associate', header: 'Associado', type: 'boolean' },
  { key: 'notes', header: 'Observações', type: 'string', maxLength: 2000 },
  { key: 'active', header: 'Ativo', type: 'boolean', help: 'Vazio = Sim' },
];

export const CONSUMPTION_COLUMNS: ColumnSpec[] = [
  {
    key: 'contract',
    header: 'Contrato',
    aliases: ['Nº do contrato', 'Código do contrato'],
    type: 'string',
    maxLength: 64,
    example: '1001',
    help: 'Número do contrato ou seu código externo. Ou informe o CPF/CNPJ do cliente e o código do serviço.',
  },
  {
    key: 'customer',
    header: 'CPF/CNPJ do cliente',
    aliases: ['Cliente', 'CPF/CNPJ'],
    type: 'string',
    maxLength: 64,
    help: 'Alternativa ao contrato: CPF/CNPJ ou código externo do cliente',
  },
  {
    key: 'service_code',
    header: 'Código do serviço',
    aliases: ['Serviço'],
    type: 'string',
    maxLength: 64,
    example: 'ENERGIA',
    help: 'Obrigatório quando o contrato tem mais de um serviço',
  },
  {
    key: 'quantity',
    header: 'Quantidade',
    aliases: ['Consumo'],
    type: 'decimal',
    required: true,
    example: '1.234,5',
    help: 'Até 6 casas decimais',
  },
  { key: 'reference_date', header: 'Data de referência', aliases: ['Data'], type: 'date', required: true, example: '05/11/2026' },
  { key: 'description', header: 'Descrição', type: 'string', maxLength: 500, example: 'Leitura de novembro' },
  {
    key: 'external_id',
    header: 'ID externo',
    aliases: ['Identificador'],
    type: 'string',
    maxLength: 128,
    example: 'leitura-2026-11-0001',
    help: 'Seu identificador do registro: reenviar o mesmo ID não duplica; com outro conteúdo, altera o consumo',
  },
];

/** Columns of the consumption export (ids and billing state added for reference). */
export const CONSUMPTION_EXPORT_COLUMNS: ColumnSpec[] = [
  { key: 'contract', header: 'Contrato', type: 'string' },
  { key: 'customer', header: 'CPF/CNPJ do cliente', type: 'string' },
  { key: 'service_code', header: 'Código do serviço', type: 'string' },
  { key: 'quantity', header: 'Quantidade', type: 'decimal' },
  { key: 'reference_date', header: 'Data de referência', type: 'date' },
  { key: 'description', header: 'Descrição', type: 'string' },
  { key: 'external_id', header: 'ID externo', type: 'string' },
  { key: 'billed', header: 'Faturado', type: 'boolean' },
  { key: 'id', header: 'ID do consumo', type: 'string' },
  { key: 'contract_item_id', header: 'ID do item do contrato', type: 'string' },
];

export const ERROR_COLUMNS: ColumnSpec[] = [
  { key: 'row', header: 'Linha', type: 'integer' },
  { key: 'column', header: 'Coluna', type: 'string' },
  { key: 'message', header: 'Mensagem', type: 'string' },
  { key: 'value', header: 'Valor', type: 'string' },
];

export const IMPORT_ENTITIES = ['customers', 'consumption'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const COLUMNS_BY_ENTITY: Record<ImportEntity, ColumnSpec[]> = { customers: CUSTOMER_COLUMNS, consumption: CONSUMPTION_COLUMNS };
