// API errors in plain Portuguese. The envelope's code says what happened; its message and
// field details are shown as well (next to the fields), so nothing the API said is hidden.

const BY_CODE: Record<string, string> = {
  validation_failed: 'Alguns dados não estão corretos. Verifique os campos destacados.',
  invalid_json: 'A requisição enviada é inválida.',
  invalid_document: 'O documento (CPF/CNPJ) é inválido.',
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

export function explainError(status: number, code: string, apiMessage: string): string {
  if (status === 404 && /^No route /.test(apiMessage)) return 'Esta função ainda não está disponível neste servidor (a API correspondente não existe nele).';
  // Messages the API already writes in Portuguese (login, throttling).
  if (/[ãçéêóú]/i.test(apiMessage) && (code === 'rate_limited' || code === 'unauthorized' || code === 'forbidden')) return apiMessage;
  return BY_CODE[code] ?? (status >= 500 ? BY_CODE.internal_error : 'Não foi possível concluir a operação.');
}

const ISSUES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^is required$|^required$/i, () => 'é obrigatório'],
  [/^is not a known field$/i, () => 'campo desconhecido'],
  [/^must be a valid date$/i, () => 'deve ser uma data válida'],
  [/^must be a valid (date-time)$/i, () => 'deve ser data e hora válidas'],
  [/^must be a valid (uuid)$/i, () => 'identificador inválido'],
  [/^must be a valid (email)$/i, () => 'e-mail inválido'],
  [/^must be one of: (.*)$/i, (m) => `deve ser um de: ${m[1]}`],
  [/^must have at least (\d+) characters$/i, (m) => `deve ter pelo menos ${m[1]} caracteres`],
  [/^must have at most (\d+) characters$/i, (m) => `deve ter no máximo ${m[1]} caracteres`],
  [/^must NOT have fewer than (\d+) characters$/i, (m) => `deve ter pelo menos ${m[1]} caractere(s)`],
  [/^must NOT have more than (\d+) characters$/i, (m) => `deve ter no máximo ${m[1]} caracteres`],
  [/^must be >= (\S+)$/i, (m) => `deve ser maior ou igual a ${m[1]}`],
  [/^must be <= (\S+)$/i, (m) => `deve ser menor ou igual a ${m[1]}`],
  [/^must be integer$/i, () => 'deve ser um número inteiro'],
  [/^must be string$/i, () => 'deve ser um texto'],
  [/^is already used by another user$/i, () => 'já é usado por outro usuário'],
  [/^cannot be blank$/i, () => 'não pode ficar em branco'],
  [/^invalid check digits?$/i, () => 'dígitos verificadores inválidos'],
  [/^unknown variable (\{\{.*\}\})$/i, (m) => `variável desconhecida ${m[1]} (use uma das variáveis da lista)`],
  [/^an e-mail needs a subject$/i, () => 'um e-mail precisa de assunto'],
];

/** A field issue in Portuguese when it is one of the usual ones; otherwise the API's words. */
export function explainIssue(issue: string): string {
  for (const [re, f] of ISSUES) {
    const m = issue.match(re);
    if (m) return f(m);
  }
  return issue;
}
