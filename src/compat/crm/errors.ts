// The CRM document defines no error body; Cobre answers with the HTTP status the error deserves and
// {"status","erro","mensagem","erros":[{"campo","mensagem"}],"requestId"} (docs/compat.md).
import type { ErrorRenderer } from '../../platform/http/api-error.ts';

const MESSAGES: Record<string, string> = {
  validation_failed: 'Dados inválidos',
  invalid_json: 'O corpo da requisição não é um JSON válido',
  invalid_filter: 'Filtro inválido',
  invalid_sort: 'Ordenação inválida',
  invalid_request: 'Requisição inválida',
  unauthorized: 'Credenciais ausentes ou inválidas: envie Authorization: Bearer <chave de API>',
  forbidden: 'Acesso negado',
  not_found: 'Registro não encontrado',
  duplicate_external_code: 'Já existe um desconto com este código externo',
  conflict: 'Conflito com um registro existente',
  idempotency_key_reused: 'Idempotency-Key já usada com outra requisição',
  idempotency_in_progress: 'Uma requisição com esta Idempotency-Key ainda está em processamento',
  payload_too_large: 'O corpo da requisição é grande demais',
  unsupported_media_type: 'Envie o corpo como application/json',
  rate_limited: 'Requisições demais; tente novamente em instantes',
  internal_error: 'Erro interno; foi registrado',
};

export const renderCrmError: ErrorRenderer = (err, req) => {
  const base = MESSAGES[err.code] ?? (err.status >= 500 ? MESSAGES.internal_error : 'Requisição inválida');
  const mensagem =
    err.code === 'not_found' || err.status >= 500 || !err.details.length
      ? base
      : `${base}: ${err.details.map((d) => `${d.field ?? ''} ${d.issue}`.trim()).join('; ')}`;
  return {
    status: err.status,
    erro: err.code,
    mensagem,
    erros: err.details.map((d) => ({ campo: d.field ?? null, mensagem: d.issue })),
    requestId: req.id,
  };
};
