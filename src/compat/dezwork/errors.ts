// Dezwork's error envelope: {"success":false,"errorCode","errorMessage"}. The document defines EPT
// (missing parameter, 400); the other codes are Cobre's, in the same envelope (docs/compat.md).
import type { FastifyRequest } from 'fastify';
import type { ApiError, ErrorRenderer } from '../../platform/http/api-error.ts';
import { dezworkField } from './mapping.ts';

/** Per request: domain address index → index in the request body (inactive addresses are skipped). */
export const addressIndexOf = new WeakMap<FastifyRequest, number[]>();
/** Requests to v1/clientes/enderecos: the domain's `addresses[n].postal_code` is the body's `postcode`. */
export const addressResource = new WeakSet<FastifyRequest>();

function codeFor(err: ApiError): string {
  if (err.status === 400)
    return err.details.length && err.details.every((d) => d.issue === 'is required')
      ? 'EPT'
      : err.details.some((d) => d.field)
        ? 'EPI'
        : 'ERQ';
  switch (err.status) {
    case 401:
      return 'EAU';
    case 403:
      return 'EFB';
    case 404:
      return 'ENF';
    case 409:
      return 'ECF';
    default:
      return err.status >= 500 ? 'EIN' : 'ERQ';
  }
}

function messageFor(err: ApiError, code: string, req: FastifyRequest): string {
  const map = addressIndexOf.get(req);
  const named = err.details.map((d) => ({
    ...d,
    field: d.field && d.field !== '(body)' ? dezworkField(d.field, map, addressResource.has(req)) : undefined,
  }));
  switch (code) {
    case 'EPT':
      return named.map((d) => `Parâmetro [${d.field}] é obrigatório`).join('; ');
    case 'EPI':
      return named.map((d) => (d.field ? `Parâmetro [${d.field}] inválido: ${d.issue}` : d.issue)).join('; ');
    case 'EAU':
      return 'Credenciais ausentes ou inválidas: envie Account-Token: <chave de API> (ou Authorization: Bearer <chave de API>)';
    case 'EFB':
      return 'Acesso negado';
    case 'ENF':
      if (err.meta?.dezworkUnsupported === 'search')
        return 'A busca (POST v1/branvo/search) não é suportada pela Cobre: use GET v1/clientes/pagina/{pagina} ou GET v1/clientes/{id}';
      if (err.code === 'not_found' && /^(Customer|Cliente)/.test(err.message)) return 'Cliente não encontrado';
      if (err.code === 'not_found' && /^Address/.test(err.message)) return 'Endereço não encontrado';
      return 'Recurso não encontrado';
    case 'ECF':
      if (err.code === 'duplicate_document') {
        const n = err.meta?.existing_customer_number;
        return `Já existe um cliente com este documento${n !== undefined ? ` (id ${n})` : ''}`;
      }
      return `Conflito: ${err.message}`;
    case 'ERQ':
      if (err.code === 'invalid_json') return 'O corpo da requisição não é um JSON válido';
      if (err.code === 'unsupported_media_type') return 'Envie o corpo como application/json';
      return err.message;
    default:
      return 'Erro interno; foi registrado';
  }
}

export const renderDezworkError: ErrorRenderer = (err, req) => {
  const code = codeFor(err);
  return { success: false, errorCode: code, errorMessage: messageFor(err, code, req) };
};
