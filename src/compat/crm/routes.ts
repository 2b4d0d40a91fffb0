// The CRM's "Desconto Pontualidade" API (seed 002) under /crm, over Cobre's payment rules. The
// dialect only translates: validation, defaults, numbering and data_alteracao are the domain's.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { scopeOf } from '../../platform/http/request-scope.ts';
import { DomainError } from '../../platform/errors.ts';
import { sendWrite } from '../../platform/http/idempotency.ts';
import type { Queryable } from '../../platform/db/types.ts';
import type { Scope } from '../../platform/scope.ts';
import * as rules from '../../payment-rules/rules.ts';
import { presentRule } from '../../payment-rules/present.ts';
import { renderCrmError } from './errors.ts';
import { crmMetadata, fromCrm, toCrm, toListRequest } from './mapping.ts';
import { dropEmptyQueryValues, normalizeBatch, normalizeCodeParams, normalizeDeleteBody, normalizeSearch } from './normalize.ts';
import { CrmCodeBody, CrmCodeQuery, CrmError, CrmMessage, CrmMetadata, CrmRule, CrmRuleBatch, CrmSearchBody } from './schemas.ts';

export const DELETED_MESSAGE = 'Registro deletado com sucesso.';

const errors = { 400: CrmError, 401: CrmError, 404: CrmError, 409: CrmError, 413: CrmError, 415: CrmError, 422: CrmError, 500: CrmError };

interface CodeParams {
  codigoInterno?: number;
  codigoExterno?: string;
}

/**
 * The codes from the query and (DELETE) the JSON body: the same parameter in both must agree.
 * codigoExterno wins over codigoInterno; neither → 400.
 */
function codeOf(query: CodeParams, body: CodeParams = {}): { codigo?: number; codigo_externo?: string } {
  for (const k of ['codigoInterno', 'codigoExterno'] as const) {
    if (query[k] !== undefined && body[k] !== undefined && query[k] !== body[k]) {
      throw new DomainError('validation_failed', `${k} differs between the query and the body`, [
        { field: k, issue: 'sent in the query and in the body with different values' },
      ]);
    }
  }
  const externo = query.codigoExterno ?? body.codigoExterno;
  const interno = query.codigoInterno ?? body.codigoInterno;
  if (externo !== undefined) return { codigo_externo: externo };
  if (interno !== undefined) return { codigo: interno };
  throw new DomainError('validation_failed', 'Informe codigoInterno ou codigoExterno', [
    { field: 'codigoInterno', issue: 'informe codigoInterno ou codigoExterno' },
  ]);
}

async function findByCode(db: Queryable, scope: Scope, query: CodeParams, body?: CodeParams, forUpdate = false) {
  return rules.findRuleBy(db, scope, codeOf(query, body), { forUpdate });
}

/** Query strings: empty values are absent, digit strings and numbers as the schema wants them. */
const lenientQuery = async (req: FastifyRequest) => {
  dropEmptyQueryValues(req);
  Object.assign(req.query as object, normalizeCodeParams(req.query as Record<string, unknown>));
};

export async function crmRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(
    async (sub) => {
      const app = sub.withTypeProvider<TypeBoxTypeProvider>();
      const { db, clock } = app.ctx;
      const tags = ['Compat: CRM (desconto pontualidade)'];
      const config = { renderError: renderCrmError };

      sub.setNotFoundHandler(async (req, reply) =>
        reply
          .code(404)
          .send(renderCrmError({ status: 404, code: 'not_found', message: `No route ${req.method}`, details: [] }, req, reply)),
      );
      // The console's GET /* fallback would answer unknown /crm paths in the canonical format.
      app.all('/*', { config: { ...config, public: true }, schema: { hide: true } }, async (req) => {
        throw new DomainError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`);
      });

      app.get(
        '/desconto-pontualidade',
        {
          config,
          preValidation: lenientQuery,
          schema: {
            tags,
            summary: 'Buscar um desconto pontualidade pelo código (interno ou externo; o externo prevalece)',
            description:
              'Answers in the format of the document\'s "Exemplo do json": an array, here of one record. Unknown query parameters are ignored; an empty one is absent.',
            querystring: CrmCodeQuery,
            response: { 200: Type.Array(CrmRule, { minItems: 1, maxItems: 1 }), ...errors },
          },
        },
        async (req) => [toCrm(presentRule(await findByCode(db, scopeOf(req), req.query)))],
      );

      app.get(
        '/desconto-pontualidade/todos',
        { config, schema: { tags, summary: 'Buscar todos os descontos (por código)', response: { 200: Type.Array(CrmRule), ...errors } } },
        async (req) => (await rules.listAllRules(db, scopeOf(req))).map(toCrm),
      );

      app.post(
        '/desconto-pontualidade',
        {
          config,
          preValidation: async (req) => normalizeBatch(req),
          schema: {
            tags,
            summary: 'Cadastrar (sem codigo) ou editar (com codigo) até 20 descontos, tudo ou nada',
            description:
              'descricao is required in every item; data_alteracao is ignored (the system sets it). On edit only the fields sent change. One bad item → nothing is saved. ' +
              "A single object is a batch of one; the answer is always the array of the saved records (the document's format).",
            body: CrmRuleBatch,
            response: { 200: Type.Array(CrmRule), ...errors },
          },
        },
        async (req, reply) =>
          sendWrite(db, scopeOf(req), req, reply, 200, async (tx) =>
            (await rules.saveRules(tx, scopeOf(req), req.body.map(fromCrm), { now: clock.now() })).map(toCrm),
          ),
      );

      app.delete(
        '/desconto-pontualidade',
        {
          config,
          preValidation: async (req) => {
            await lenientQuery(req);
            normalizeDeleteBody(req);
          },
          schema: {
            tags,
            summary: 'Deletar um desconto pontualidade pelo código (interno ou externo)',
            description:
              'The codes in the query or in a JSON body ({"codigoInterno": 1}); when both carry the same parameter they must agree.',
            querystring: CrmCodeQuery,
            body: CrmCodeBody,
            response: { 200: CrmMessage, ...errors },
          },
        },
        async (req, reply) =>
          sendWrite(db, scopeOf(req), req, reply, 200, async (tx) => {
            await rules.deleteRule(tx, scopeOf(req), await findByCode(tx, scopeOf(req), req.query, req.body, true));
            return { mensagem: DELETED_MESSAGE };
          }),
      );

      app.get(
        '/desconto-pontualidade/metadados',
        {
          config,
          schema: {
            tags,
            summary: 'Campos do desconto: tipo, tamanho máximo, obrigatório, filtrável, ordenável',
            response: { 200: CrmMetadata, ...errors },
          },
        },
        async () => crmMetadata(),
      );

      app.post(
        '/desconto-pontualidade/pesquisa',
        {
          config,
          preValidation: async (req) => normalizeSearch(req),
          schema: {
            tags,
            summary: 'Pesquisar descontos com filtros, ordenação e paginação',
            description: 'The body is a list of records; X-Total-Count, X-Pagina, X-Quantidade-Registros and X-Tem-Mais carry the paging.',
            body: CrmSearchBody,
            response: { 200: Type.Array(CrmRule), ...errors },
          },
        },
        async (req, reply) => {
          const { list, where, params } = toListRequest(req.body);
          const page = await rules.listRules(db, scopeOf(req), list, { where, params });
          reply.header('x-total-count', String(page.total ?? 0));
          reply.header('x-pagina', String(page.page ?? 1));
          reply.header('x-quantidade-registros', String(page.page_size));
          reply.header('x-tem-mais', String(page.has_more));
          return page.data.map(toCrm);
        },
      );
    },
    { prefix: '/crm' },
  );
}
