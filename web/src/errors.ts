// API errors in plain Portuguese. The envelope's code (and, for the usual refusals, its message)
// says what happened; every field detail is translated and named as the form labels the field,
// with how to fix it. What is not mapped here still reaches the clerk as a pt-BR sentence, with the
// API's own words kept as a detail (never English alone). test/web/errors.test.ts feeds real API
// error envelopes through these functions, so a new English message is caught there.
import type { ApiError, ErrorDetail } from './api.ts';
import { checkCnpj, checkCpf } from './validation.ts';

const BY_CODE: Record<string, string> = {
  validation_failed: 'Alguns dados não estão corretos. Verifique os campos destacados.',
  invalid_json: 'A requisição enviada é inválida.',
  invalid_document: 'O documento (CPF/CNPJ) é inválido. Verifique o campo destacado.',
  invalid_filter: 'Um dos filtros é inválido.',
  invalid_sort: 'A ordenação pedida é inválida.',
  invalid_cursor: 'A página pedida não existe mais; recarregue a lista.',
  invalid_request: 'A requisição é inválida.',
  unauthorized: 'Sua sessão terminou. Entre novamente.',
  forbidden: 'Você não tem permissão para esta ação.',
  not_found: 'Registro não encontrado.',
  conflict: 'A operação conflita com dados existentes.',
  duplicate_document: 'Já existe um cadastro com este documento.',
  duplicate_external_code: 'Já existe um cadastro com este código externo.',
  duplicate_external_id: 'Este identificador externo já foi usado com outro conteúdo.',
  in_use: 'Não é possível excluir: o registro está em uso.',
  customer_has_history: 'O cliente tem histórico financeiro e não pode ser excluído; desative-o.',
  customer_inactive: 'O cliente está desativado; reative-o antes.',
  invalid_state_transition: 'Esta ação não é permitida na situação atual.',
  frozen: 'O período já foi faturado; este consumo não pode mais ser alterado.',
  idempotency_in_progress: 'A mesma operação ainda está em andamento; aguarde.',
  payload_too_large: 'O arquivo ou os dados enviados são grandes demais.',
  too_many_rows: 'A planilha tem linhas demais.',
  unsupported_media_type: 'Formato de arquivo não suportado (envie XLSX ou CSV).',
  unsupported_format: 'Formato de arquivo não suportado (envie XLSX ou CSV).',
  idempotency_key_reused: 'Esta operação já foi enviada com outros dados.',
  unprocessable: 'A operação não pôde ser processada.',
  rate_limited: 'Muitas tentativas; aguarde e tente novamente.',
  internal_error: 'Erro interno no servidor. A equipe técnica pode localizá-lo pelo código da requisição.',
  unavailable: 'O serviço está indisponível no momento; tente novamente em instantes.',
  network_error: 'Não foi possível contactar o servidor. Verifique sua conexão e tente novamente.',
};

const dateBR = (iso: string) => iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3/$2/$1');

const RESOURCES: Record<string, string> = {
  Customer: 'Cliente não encontrado.',
  Contract: 'Contrato não encontrado.',
  Service: 'Serviço não encontrado.',
  Charge: 'Cobrança não encontrada.',
  'Usage record': 'Consumo não encontrado.',
  'Collection account': 'Conta de cobrança não encontrada.',
  User: 'Usuário não encontrado.',
};

const FIELD_WORDS: Record<string, string> = {
  customer_id: 'cliente',
  service_id: 'serviço',
  contract_id: 'contrato',
  service_code: 'código do serviço',
  contract_item_id: 'item de contrato',
};

/** The API's usual refusals, by their message (the code alone says too little). */
const MESSAGES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^(.+) not found$/, (m) => RESOURCES[m[1]] ?? 'Registro não encontrado.'],
  [
    /^No contract item in force on (\d{4}-\d{2}-\d{2}) matches the given (.+)$/,
    (m) =>
      `Nenhum contrato em vigor em ${dateBR(m[1])} tem este ${
        m[2]
          .split(/,\s*/)
          .map((f) => FIELD_WORDS[f] ?? f)
          .filter((w) => w !== 'cliente')
          .join(' e ') || 'serviço'
      } para este cliente. Confira a data de referência, ou contrate o serviço para o cliente (Clientes → Acessar Cliente → Contratos → Contratar Serviços).`,
  ],
  [
    /^The usage record is invalid: \S+ no contract item in force on (\d{4}-\d{2}-\d{2})/,
    (m) =>
      `Nenhum contrato em vigor em ${dateBR(m[1])} tem este serviço para este cliente. Confira a data de referência, ou contrate o serviço para o cliente (Clientes → Acessar Cliente → Contratos → Contratar Serviços).`,
  ],
  [/^Say which contract item/i, () => 'Informe o cliente e o serviço do consumo (ou o contrato).'],
  [/^Only pending contracts can be deleted; this one is (\w+)/, () => 'Só contratos pendentes podem ser excluídos; cancele este contrato.'],
  [
    /^The customer #(\d+) is deactivated/,
    (m) => `O cliente nº ${m[1]} está desativado: reative o cliente antes de ativar os contratos dele.`,
  ],
  [/^This (\w+) contract cannot change/, () => 'Este contrato não pode mais ser alterado na situação atual.'],
  [/^Another contract already has (this )?external_code/, () => 'Outro contrato já tem este código externo.'],
  [/^This contract has usage or financial records/, () => 'O contrato tem consumos ou cobranças e não pode ser excluído; cancele-o.'],
  [
    /^Item .* already has usage records/,
    () => 'Um dos itens já tem consumos no período atual e não pode ser removido ou trocado antes do próximo período.',
  ],
  [
    /^This service is used by contracts and cannot be deleted/,
    () => 'Este serviço está em contratos e não pode ser excluído; desative-o (Editar → Ativo).',
  ],
  [
    /^The billing period of a service used by contracts cannot change/,
    () => 'A periodicidade de um serviço usado em contratos não pode mudar; crie outro serviço.',
  ],
  [
    /^Price changes apply to future periods only/,
    () => 'Mudanças de preço valem só para períodos futuros: a data de vigência deve ser depois de hoje.',
  ],
  [/^price_effective_from goes with a pricing change/, () => 'A data de vigência só se informa junto com uma mudança de preço.'],
  [
    /^Service .* of contract item .* has no price/,
    () => 'Um serviço do contrato não tem preço em vigor nesta data; cadastre o preço do serviço.',
  ],
  [
    /^This usage record was billed \(period ([^)]+)\)/,
    (m) => `Este consumo já foi faturado (período ${m[1]}) e não pode mais ser alterado.`,
  ],
  [
    /^A customer with addresses always has one primary address/,
    () => 'O cliente precisa de um endereço principal: marque outro como principal antes.',
  ],
  [
    /^A customer with e-mails always has one primary e-mail/,
    () => 'O cliente precisa de um e-mail principal: marque outro como principal antes.',
  ],
  [
    /^Boletos(, bank files or contracts| or bank files) refer to this collection account/,
    () => 'Há boletos, arquivos bancários ou contratos desta conta de cobrança; desative-a em vez de excluir.',
  ],
  [/^Your session has (expired|ended)/, () => 'Sua sessão terminou. Entre novamente.'],
];

export function explainError(status: number, code: string, apiMessage: string): string {
  if (status === 404 && /^No route /.test(apiMessage))
    return 'Esta função ainda não está disponível neste servidor (a API correspondente não existe nele).';
  // Messages the API already writes in Portuguese (login, throttling).
  if (/[ãçéêóú]/i.test(apiMessage) && (code === 'rate_limited' || code === 'unauthorized' || code === 'forbidden')) return apiMessage;
  for (const [re, f] of MESSAGES) {
    const m = apiMessage.match(re);
    if (m) return f(m);
  }
  return BY_CODE[code] ?? (status >= 500 ? BY_CODE.internal_error : 'Não foi possível concluir a operação.');
}

// ---- field labels: the API's field path → the label of the form's input ----

const LABELS: Record<string, string> = {
  person_type: 'Tipo de pessoa',
  name: 'Nome',
  document: 'CPF/CNPJ',
  trading_name: 'Nome fantasia',
  state_registration: 'Inscrição estadual',
  birth_date: 'Data de nascimento',
  emails: 'E-mail',
  'emails[]': 'E-mail',
  'emails[].email': 'E-mail',
  phones: 'Telefone',
  'phones[]': 'Telefone',
  'phones[].number': 'Telefone',
  external_code: 'Código externo',
  notes: 'Observações',
  country: 'País',
  'addresses[].postal_code': 'CEP',
  'addresses[].street': 'Logradouro',
  'addresses[].number': 'Número',
  'addresses[].complement': 'Complemento',
  'addresses[].district': 'Bairro',
  'addresses[].city': 'Cidade',
  'addresses[].state': 'UF',
  'addresses[].country': 'País',
  'addresses[].label': 'Descrição do endereço',
  'addresses[].is_primary': 'Principal',
  customer_id: 'Cliente',
  items: 'Serviços',
  'items[].service_id': 'Serviço',
  'items[].service_code': 'Serviço',
  'items[].quantity': 'Quantidade',
  'items[].price_override_cents': 'Preço próprio',
  'items[].description': 'Descrição do item',
  'items[].ends_on': 'Término do item',
  collection_account_id: 'Conta de cobrança',
  start_date: 'Início',
  end_date: 'Término',
  billing_day: 'Dia de faturamento',
  due_days: 'Dias para vencimento',
  payment_method: 'Forma de pagamento',
  status: 'Situação',
  reason: 'Motivo',
  code: 'Código',
  unit: 'Unidade',
  billing_period: 'Periodicidade',
  pricing_model: 'Forma de cobrança',
  price_cents: 'Preço',
  tiers: 'Faixas',
  'tiers[].up_to': 'Até',
  'tiers[].unit_price_cents': 'Preço por unidade',
  'tiers[].flat_fee_cents': 'Taxa fixa',
  included_quantity: 'Franquia',
  price_effective_from: 'Vigência do novo preço',
  description: 'Descrição',
  active: 'Ativo',
  service_id: 'Serviço',
  contract_id: 'Contrato',
  contract_item_id: 'Item de contrato',
  quantity: 'Quantidade',
  reference_date: 'Data de referência',
  period_start: 'Início do período',
  period_end: 'Fim do período',
  bank_code: 'Banco',
  agency: 'Agência',
  agency_digit: 'Dígito da agência',
  agencyDigit: 'Dígito da agência',
  account: 'Conta',
  account_digit: 'Dígito da conta',
  accountDigit: 'Dígito da conta',
  carteira: 'Carteira',
  convenio: 'Convênio',
  beneficiary_code: 'Código do beneficiário',
  beneficiary_document: 'CPF/CNPJ do beneficiário',
  'beneficiary_address.postal_code': 'CEP do beneficiário',
  pix_key: 'Chave Pix',
  next_sequence: 'Próximo nosso número',
  first_sequence: 'Primeiro nosso número',
  is_default: 'Conta padrão',
  email: 'E-mail',
  password: 'Senha',
  '(body)': 'Dados enviados',
};

/** How a form labels an API field ("addresses[0].state" → "UF"); `own` are the form's own labels. */
export function labelOf(field: string | undefined, own: Record<string, string> = {}): string | null {
  if (!field) return null;
  const generic = field.replace(/\[\d+\]/g, '[]');
  const last = field.replace(/^.*[.\]]\.?/, '');
  return own[field] ?? own[generic] ?? LABELS[field] ?? LABELS[generic] ?? (generic.includes('.') ? (LABELS[last] ?? null) : null);
}

// ---- field issues ----

/** What a field must look like, for the pattern/format refusals that do not say it. */
const FORMAT_HINT: Record<string, string> = {
  state: 'use a sigla do estado com 2 letras, como SP',
  postal_code: 'use os 8 números do CEP, como 01310-100',
  country: 'use o código do país com 2 letras, como BR',
  document: 'use os números do CPF ou CNPJ',
  email: 'use o formato nome@empresa.com.br',
  agency: 'use só os números da agência',
  account: 'use só os números da conta',
  agency_digit: 'use o dígito da agência (1 caractere)',
  account_digit: 'use o dígito da conta (1 caractere)',
  code: 'use letras, números, "-" ou "_", sem espaços',
};

const ACTIONS: Record<string, string> = {
  activate: 'ativar',
  deactivate: 'desativar',
  suspend: 'suspender',
  resume: 'retomar',
  cancel: 'cancelar',
};
const STATUSES: Record<string, string> = {
  pending: 'pendente',
  active: 'ativo',
  inactive: 'inativo',
  suspended: 'suspenso',
  cancelled: 'cancelado',
  billed: 'faturado',
  voided: 'anulado',
};
const PERIODS: Record<string, string> = { monthly: 'mensal', quarterly: 'trimestral', semiannual: 'semestral', yearly: 'anual' };
const MODELS: Record<string, string> = {
  flat: 'preço fixo por período',
  per_unit: 'por unidade consumida',
  tiered: 'faixas progressivas',
  volume: 'faixa por volume',
};

type IssueRule = [RegExp, (m: RegExpMatchArray, key: string) => string];

const ISSUES: IssueRule[] = [
  // Generic (JSON Schema and the platform)
  [
    /^is required$|^required$/i,
    (_m, k) => (k === 'state' ? 'é obrigatória: informe a sigla do estado, como SP' : 'é obrigatório: preencha este campo'),
  ],
  [/^is not a known field$/i, () => 'campo desconhecido pela API (não envie este campo)'],
  [/^before_today$/, () => 'não pode ser anterior a hoje'],
  [/^not a layout bank (\d{3}) takes; one of .*$/, (m) => `o banco ${m[1]} não aceita este layout de remessa: escolha um da lista`],
  [/^before_issue_date$/, () => 'não pode ser anterior à data de emissão'],
  [/^not_above_paid$/, () => 'deve ser maior que o valor já pago'],
  [/^not_allowed$/, () => 'não se aplica a esta instrução'],
  [/^movement_not_offered$/, () => 'o layout de remessa da conta de cobrança não tem esta instrução'],
  [/^must be a (real )?date( YYYY-MM-DD)?$|^must be a valid date$/i, () => 'deve ser uma data válida no formato dd/mm/aaaa'],
  [/^must be a valid (date-time)$/i, () => 'deve ser data e hora válidas'],
  [/^must be a valid uuid$|^must be a UUID$/i, () => 'identificador inválido: escolha de novo na lista'],
  [/^must be a valid email$/i, () => 'e-mail inválido: use o formato nome@empresa.com.br'],
  [
    /^must be one of: (.*)$/i,
    (m) =>
      `deve ser um de: ${m[1]
        .split(/,\s*/)
        .map((v) => PERIODS[v] ?? MODELS[v] ?? v)
        .join(', ')}`,
  ],
  [/^must be equal to one of the allowed values$|^must be equal to constant$/i, () => 'valor não permitido: escolha uma das opções'],
  [/^must have at least (\d+) characters$/i, (m) => `deve ter pelo menos ${m[1]} caracteres`],
  [/^must have at most (\d+) characters$|^at most (\d+) characters$/i, (m) => `deve ter no máximo ${m[1] ?? m[2]} caracteres`],
  [/^must NOT have fewer than 1 characters$/i, () => 'não pode ficar em branco'],
  [/^must NOT have fewer than (\d+) characters$/i, (m) => `deve ter pelo menos ${m[1]} caracteres`],
  [/^must NOT have more than (\d+) characters$/i, (m) => `deve ter no máximo ${m[1]} caracteres`],
  [/^must NOT have fewer than (\d+) items$/i, (m) => (m[1] === '1' ? 'inclua pelo menos um' : `inclua pelo menos ${m[1]}`)],
  [/^must NOT have more than (\d+) items$/i, (m) => `no máximo ${m[1]}`],
  [/^must NOT have duplicate items/i, () => 'há itens repetidos; deixe cada um uma só vez'],
  [/^must NOT have fewer than 1 properties$/i, () => 'nada foi alterado'],
  [/^must be >= (\S+)$/i, (m) => `deve ser maior ou igual a ${m[1]}`],
  [/^must be <= (\S+)$/i, (m) => `deve ser menor ou igual a ${m[1]}`],
  [/^must be > (\S+)$/i, (m) => `deve ser maior que ${m[1]}`],
  [/^must be integer$/i, () => 'deve ser um número inteiro, sem vírgula'],
  [/^must be number$|^must be a finite number$/i, () => 'deve ser um número'],
  [/^must be string$/i, () => 'deve ser um texto'],
  [/^must be boolean$/i, () => 'deve ser sim ou não'],
  [/^must be (array|object|null)$/i, () => 'formato não aceito pela API'],
  [/^must match (exactly one|a) schema in (anyOf|oneOf)$/i, () => 'formato não aceito pela API'],
  [
    /^must match format "(\w+)"$/i,
    (m) =>
      m[1] === 'email'
        ? 'e-mail inválido: use o formato nome@empresa.com.br'
        : m[1] === 'date'
          ? 'deve ser uma data válida no formato dd/mm/aaaa'
          : 'formato inválido',
  ],
  [/^must match pattern ".*"$/i, (_m, k) => `formato inválido: ${FORMAT_HINT[k] ?? 'confira o que foi digitado'}`],
  [/^is invalid$|^invalid$/i, () => 'valor inválido: confira o que foi digitado'],
  [/^cannot be blank$|^must not be blank$/i, () => 'não pode ficar em branco'],
  [/^must not contain spaces$/i, () => 'não pode ter espaços (use "-" ou "_")'],
  [/^is already used by another user$/i, () => 'já é usado por outro usuário'],
  [
    /^already used by another (customer|contract|service)$/i,
    (m) => `já é usado por outro ${{ customer: 'cliente', contract: 'contrato', service: 'serviço' }[m[1].toLowerCase()]}`,
  ],
  [/^already used$/i, () => 'já está em uso'],
  [/^appears twice$|^is repeated$/i, () => 'aparece duas vezes; deixe só uma'],
  [/^only one may be primary$/i, () => 'só um pode ser o principal'],
  // Decimals and money
  [
    /^must be a decimal string$|^not a decimal number$|^must be a non-negative integer or a decimal string$/i,
    () => 'número inválido: use algarismos e vírgula, como 12,5',
  ],
  [
    /^at most 6 decimal places and 14 integer digits$|^too large( \(at most 14 integer digits\))?$|^at most \d+ integer digits$/i,
    () => 'número grande demais ou com casas demais (no máximo 6 casas decimais)',
  ],
  [/^must not be negative$/i, () => 'não pode ser negativo'],
  [/^must be greater than 0$/i, () => 'deve ser maior que zero'],
  [/^must be a non-negative integer$/i, () => 'deve ser um valor em centavos inteiros, sem frações de centavo'],
  [/^amount too large$/i, () => 'valor grande demais'],
  // Documents
  [/^invalid check digits?$/i, () => 'dígitos verificadores inválidos: confira os números digitados'],
  [/^invalid CPF$/i, () => 'CPF inválido: os dígitos verificadores não conferem; confira os números digitados'],
  [/^invalid CNPJ$/i, () => 'CNPJ inválido: os dígitos verificadores não conferem; confira os caracteres digitados'],
  [/^CPF must have 11 digits$/i, () => 'o CPF tem 11 dígitos'],
  [/^CNPJ must have 14 characters$/i, () => 'o CNPJ tem 14 caracteres (12 números ou letras e 2 dígitos verificadores)'],
  [
    /^must be a CPF \(11 digits\) or a CNPJ \(14 characters\)$|^must be a CPF or CNPJ$/i,
    () => 'informe um CPF (11 dígitos) ou um CNPJ (14 caracteres)',
  ],
  [
    /^unexpected characters$/i,
    (_m, k) =>
      k === 'phones' || k === 'number'
        ? 'use só números, espaços, parênteses, hífen e um + inicial'
        : 'use só números (e letras, no CNPJ alfanumérico), pontos, barra e hífen',
  ],
  [/^invalid NIF$|^NIF must have 9 digits$/i, () => 'NIF inválido: o NIF português tem 9 dígitos'],
  [/^foreign tax id must be/i, () => 'documento estrangeiro: de 3 a 32 letras, números, espaços, ".", "-" ou "/"'],
  [/^no letters or digits$/i, () => 'o documento precisa ter letras ou números'],
  [/^must be digits or ISENTO$/i, () => 'use só os números da inscrição estadual, ou ISENTO'],
  [/^must be a date between 1900-01-01 and today$/i, () => 'deve ser uma data entre 01/01/1900 e hoje'],
  [/^applies only to (PF|PJ) customers$/i, (m) => `só vale para ${m[1] === 'PF' ? 'pessoa física' : 'pessoa jurídica'}`],
  // Addresses
  [/^CEP must be 8 digits/i, () => 'CEP inválido: use os 8 números, como 01310-100 (a partir de 01000-000)'],
  [/^must be a CEP of 8 digits$/i, () => 'CEP inválido: use os 8 números, como 01310-100'],
  [/^postal code must be DDDD-DDD/i, () => 'código postal português: 4 dígitos, hífen e 3 dígitos, como 1000-001'],
  [/^postal code must be up to 16 characters/i, () => 'código postal: até 16 letras, números, espaços ou hífens'],
  [/^unknown UF$/i, () => 'UF inválida: use a sigla do estado com 2 letras, como SP, RJ ou RS'],
  [/^is required for Brazilian addresses \(UF\)$/i, () => 'é obrigatória em endereços no Brasil: informe a sigla do estado, como SP'],
  [/^is required for Brazilian addresses$/i, () => 'é obrigatória em endereços no Brasil'],
  [/^(\S+) is not (an ISO 3166-1 alpha-2|a known) country code$/i, (m) => `"${m[1]}" não é um código de país: use 2 letras, como BR`],
  [/^cannot unset the primary (address|e-mail)/i, (m) => `marque outro ${m[1] === 'address' ? 'endereço' : 'e-mail'} como principal antes`],
  [
    /^is not (an address|an e-mail) of this customer$/i,
    (m) => `não é ${m[1] === 'an address' ? 'um endereço' : 'um e-mail'} deste cliente; recarregue a página`,
  ],
  // Phones and e-mails
  [/^must have 10 or 11 digits including the DDD$/i, () => 'informe o DDD e o número: 10 ou 11 dígitos, como (11) 99999-9999'],
  [/^unknown DDD$/i, () => 'DDD inexistente: confira os 2 primeiros dígitos'],
  [/^mobile number must start with 9$/i, () => 'um celular de 9 dígitos começa com 9'],
  [/^landline must start with 2-5$/i, () => 'um fixo de 8 dígitos começa com 2, 3, 4 ou 5'],
  [/^must start with \+ and the country code$/i, () => 'telefones fora do Brasil e de Portugal começam com + e o código do país'],
  [/^must be \+ followed by 8 to 15 digits$/i, () => 'telefone internacional: + e de 8 a 15 dígitos'],
  [/^must be 9 digits starting with 2 or 9$/i, () => 'telefone português: 9 dígitos começando com 2 ou 9'],
  [/^must have the form local@domain\.tld$/i, () => 'e-mail inválido: use o formato nome@empresa.com.br'],
  [/^invalid local part$/i, () => 'e-mail inválido: confira a parte antes do @'],
  [/^invalid domain$/i, () => 'e-mail inválido: confira o domínio depois do @ (como empresa.com.br)'],
  [/^must be at most 254 characters$/i, () => 'deve ter no máximo 254 caracteres'],
  // Contracts
  [/^give service_id or service_code, not both$/i, () => 'escolha o serviço uma vez só'],
  [/^is required \(or service_code\)$/i, () => 'escolha o serviço'],
  [/^no such service$/i, () => 'serviço não encontrado; escolha outro'],
  [/^no such customer$/i, () => 'cliente não encontrado; escolha outro'],
  [/^the service is deactivated$/i, () => 'o serviço está desativado; reative-o em Cadastro → Serviços ou escolha outro'],
  [/^customer is deactivated$/i, () => 'o cliente está desativado; reative-o antes'],
  [
    /^must not be before (start_date|period_start)$/i,
    (m) => `não pode ser antes ${m[1] === 'start_date' ? 'do início' : 'do início do período'}`,
  ],
  // An item's own end (items[i].ends_on) and the contract's collection account.
  [
    /^must not be before (\d{4}-\d{2}-\d{2}) \((.*)\)$/i,
    (m) =>
      `não pode ser antes de ${dateBR(m[1])} (${
        /current billing period/.test(m[2])
          ? 'início do período atual; os anteriores já foram faturados'
          : /item's first day/.test(m[2])
            ? 'primeiro dia do item'
            : /next billing period/.test(m[2])
              ? 'um item novo começa no próximo período'
              : 'início do contrato'
      })`,
  ],
  [
    /^must not be after the contract's end_date \((\d{4}-\d{2}-\d{2})\)$/i,
    (m) => `não pode ser depois do término do contrato (${dateBR(m[1])})`,
  ],
  [/^no such collection account$/i, () => 'conta de cobrança não encontrada; escolha outra'],
  [
    /^the collection account is inactive$/i,
    () => 'a conta de cobrança está desativada; reative-a em Configurações → Contas de cobrança ou escolha outra',
  ],
  [/^can only change while the contract is pending$/i, () => 'só muda enquanto o contrato está pendente'],
  [/^is not a current item of this contract$/i, () => 'não é um item atual deste contrato; recarregue a página'],
  [
    /^a running contract keeps its billing period \((\w+)\); put (\w+) services in another contract$/i,
    (m) =>
      `um contrato em andamento mantém a periodicidade ${PERIODS[m[1]] ?? m[1]}; contrate serviços de periodicidade ${PERIODS[m[2]] ?? m[2]} em outro contrato`,
  ],
  [/^item has usage records$/i, () => 'o item tem consumos neste período; a troca vale a partir do próximo'],
  [/^a cancelled contract is final$/i, () => 'um contrato cancelado não pode mais mudar'],
  [/^(\w+) is not allowed from (\w+)$/i, (m) => `não é possível ${ACTIONS[m[1]] ?? m[1]} um contrato ${STATUSES[m[2]] ?? m[2]}`],
  [/^must be after (\d{4}-\d{2}-\d{2})$/i, (m) => `deve ser depois de ${dateBR(m[1])}`],
  // Catalog
  [/^is required for pricing_model (\w+)$/i, (m) => `é obrigatório na forma de cobrança “${MODELS[m[1]] ?? m[1]}”`],
  [
    /^not allowed for pricing_model (\w+)( \(prices are in tiers\))?$/i,
    (m) => `não se usa na forma de cobrança “${MODELS[m[1]] ?? m[1]}”${m[2] ? ' (os preços ficam nas faixas)' : ''}`,
  ],
  [/^applies to usage-priced services only/i, () => 'só vale para serviços cobrados por consumo (por unidade ou por faixas)'],
  [/^only with pricing_model, price_cents, tiers or included_quantity$/i, () => 'só se informa junto com uma mudança de preço'],
  [/^only the last tier is open-ended$/i, () => 'só a última faixa fica sem limite: informe "Até"'],
  [/^the last tier must be open-ended$/i, () => 'a última faixa não tem limite: deixe "Até" em branco'],
  [/^must increase$/i, () => 'cada faixa termina acima da anterior: "Até" deve ser maior que o da faixa anterior'],
  [/^service is used by contract items$/i, () => 'o serviço está em contratos; desative-o em vez de excluir'],
  // Consumption
  [
    /^is required \(or customer_id or service_id\)$|^is required with customer_id \(or give contract_id\)$/i,
    () => 'informe o cliente e o serviço',
  ],
  [/^say which contract item/i, () => 'informe o cliente e o serviço do consumo'],
  [
    /^no contract item in force on (\d{4}-\d{2}-\d{2}) matches the given (.+)$/i,
    (m) =>
      `nenhum contrato deste cliente tem este serviço em vigor em ${dateBR(m[1])}: confira a data de referência, ou contrate o serviço para o cliente (Clientes → Contratos → Contratar Serviços)`,
  ],
  [/^several contract items match$/i, () => 'o cliente tem mais de um contrato com este serviço nesta data; escolha o contrato'],
  [/^is required \(or give month\)$/i, () => 'informe o período ou o mês'],
  [/^not with period_start\/period_end$/i, () => 'informe o mês ou o período, não os dois'],
  [/^billed at (.+)$/i, () => 'já foi faturado e não pode mais mudar'],
  [/^is (\w+)$/i, (m) => `está ${STATUSES[m[1]] ?? m[1]}`],
  // Collection accounts and boletos
  [
    /^does_not_match_agency_account(; expected (\w))?$/i,
    (m) =>
      `o dígito da conta não confere com a agência e a conta${m[2] ? `: para esta agência e conta o dígito é ${m[2]}` : ''}; confira agência, conta e dígito no contrato com o banco`,
  ],
  [/^must_be_digits$/i, () => 'use só números'],
  [/^max_(\d+)_digits$/i, (m) => `no máximo ${m[1]} dígitos`],
  [/^must_be_(\d)_digits?$/i, (m) => `deve ter ${m[1]} dígito${m[1] === '1' ? '' : 's'}`],
  [/^must_have_4_6_7_or_8_digits$/i, () => 'deve ter 4, 6, 7 ou 8 dígitos'],
  [/^must_be_RG_or_SR$/i, () => 'use RG (registrada) ou SR (sem registro)'],
  [/^must_be_1_or_3$/i, () => 'use 1 ou 3'],
  [/^must_be_2_to_9$/i, () => 'use um dígito de 2 a 9'],
  [/^carteira_layout_not_supported$/i, () => 'carteira com layout ainda não suportado; use outra carteira'],
  [/^only_with_6_digit_convenio$/i, () => 'só com convênio de 6 dígitos'],
  [/^nosso_numero_17_needs_carteira_16_or_18$/i, () => 'o nosso número de 17 dígitos exige a carteira 16 ou 18'],
  [/^out_of_range$/i, () => 'fora do intervalo permitido'],
  [/^unsupported_bank$|^unsupported bank/i, () => 'banco não suportado; escolha um da lista'],
  [/^fixed once boletos exist$/i, () => 'não muda depois que há boletos; crie outra conta'],
  [/^lower than the current one$/i, () => 'não pode ser menor que o atual (nossos números não se repetem)'],
  [/^exactly one account is the default$/i, () => 'exatamente uma conta é a padrão'],
  [
    /^same bank, agency, account, carteira and convênio as another account$/i,
    () => 'já existe uma conta com o mesmo banco, agência, conta, carteira e convênio',
  ],
  // Notifications
  [/^unknown variable (\{\{.*\}\})$/i, (m) => `variável desconhecida ${m[1]} (use uma das variáveis da lista)`],
  [/^an e-mail needs a subject$/i, () => 'um e-mail precisa de assunto'],
  [/^must have (\d+) to (\d+) characters$/i, (m) => `deve ter de ${m[1]} a ${m[2]} caracteres`],
];

/** Text the console (or this module) already wrote in Portuguese: passed through unchanged. */
function isPortuguese(s: string): boolean {
  return (
    /[à-úÀ-Ú]/.test(s) || /\b(deve|informe|confira|escolha|inclua|corrija|campo|valor|faixa|quantidade|preencha|fora|permitido)\b/i.test(s)
  );
}

/**
 * A field issue in Portuguese, saying how to fix it. `field` (the API path) picks the wording for
 * the field; `typed` (what the clerk typed there) lets a CPF/CNPJ refusal say which check digits
 * were expected. Anything
 * not mapped becomes a pt-BR sentence that keeps the API's words as a detail.
 */
export function explainIssue(issue: string, field?: string, typed?: string): string {
  if (isPortuguese(issue)) return issue;
  const key = (field ?? '').replace(/^.*[.\]]\.?/, '').replace(/\[\d+\]$/, '');
  // The API says only "invalid CPF": with what was typed, say which check digits were expected.
  const doc = issue.match(/^invalid (CPF|CNPJ)$/i);
  if (doc && typed) {
    const precise = doc[1].toUpperCase() === 'CPF' ? checkCpf(typed) : checkCnpj(typed);
    if (precise) return precise;
  }
  for (const [re, f] of ISSUES) {
    const m = issue.match(re);
    if (m) return f(m, key);
  }
  return `valor não aceito pela API; confira o que foi digitado (mensagem da API: “${issue}”)`;
}

/** Whether explainIssue has a translation of its own for this issue (not the fallback). */
export function isMappedIssue(issue: string): boolean {
  return isPortuguese(issue) || ISSUES.some(([re]) => re.test(issue));
}

/**
 * The error as a form shows it: every detail in pt-BR; details on fields the form does not show
 * (`shown`: the API paths with their own input) carry the field's label in the sentence instead of
 * its API path; the headline names the fields to fix. `values` are what was typed, by API path. When everything was translated, the API's
 * English message is dropped (the box would show it as "Mensagem da API"); otherwise it is kept.
 */
export function localizeError(
  err: ApiError,
  opts: { labels?: Record<string, string>; shown?: string[]; values?: Record<string, string> } = {},
): ApiError {
  const shown = opts.shown ?? [];
  const onShown = (f: string) => shown.some((s) => f === s || f.startsWith(s + '.') || f.startsWith(s + '['));
  let allMapped = true;
  const names: string[] = [];
  const details: ErrorDetail[] = err.details.map((d) => {
    if (!isMappedIssue(d.issue)) allMapped = false;
    const issue = explainIssue(d.issue, d.field, d.field ? opts.values?.[d.field] : undefined);
    const label = labelOf(d.field, opts.labels);
    if (label && !names.includes(label)) names.push(label);
    if (d.field && onShown(d.field)) return { field: d.field, issue };
    // Not next to an input: say which field, in the form's words.
    return { issue: label ? `${label}: ${issue}` : d.field ? `${issue} (campo ${d.field})` : issue };
  });
  let message = err.message;
  const headlineMapped = MESSAGES.some(([re]) => re.test(err.apiMessage)) || err.code in BY_CODE;
  if ((err.code === 'validation_failed' || err.code === 'invalid_document') && names.length > 0) {
    message = `Corrija ${names.length === 1 ? 'o campo' : 'os campos'} ${names.join(', ')}: veja as mensagens abaixo de cada um.`;
  }
  const ownMessage = !/[A-Za-z]/.test(err.apiMessage) || isPortuguese(err.apiMessage);
  const keepApi = !(allMapped && (headlineMapped || details.length > 0)) && !ownMessage;
  const Ctor = err.constructor as new (
    status: number,
    code: string,
    apiMessage: string,
    details: ErrorDetail[],
    requestId: string | null,
    meta?: Record<string, unknown>,
  ) => ApiError;
  const out = new Ctor(err.status, err.code, keepApi ? err.apiMessage : message, details, err.requestId, err.meta);
  out.message = message;
  return out;
}
