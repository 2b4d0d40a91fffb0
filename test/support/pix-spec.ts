// The BCB's API Pix 2.9.0 (OpenAPI 3.0) as a message validator for tests: the PSP simulator checks
// every request it receives and every answer and callback it sends against it.
//
// The document lives outside the repository (../shared/specs from the repo root). When it is absent,
// loadPixSpec() returns null, prints one line once, and callers skip schema validation.
//
// The published document has defects that make some messages impossible to validate (see
// ../shared/specs/README.md). Rather than switching validation off, each defect gets a minimal,
// named patch below (SPEC_DEVIATIONS), applied to a copy of the document before compiling. Every
// patch checks that the defect is still there, so a corrected document fails loudly instead of
// being patched twice.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PIX_SPEC_DIR = resolve(REPO_ROOT, '..', 'shared', 'specs');
export const PIX_SPEC_PATH = join(PIX_SPEC_DIR, 'pix-api-2.9.0.yaml');

type Node = Record<string, any>;
export type CallbackKind = 'pix' | 'rec' | 'cobr';

export interface PixSpec {
  /** Violations of the operation's JSON request body (body undefined = none sent). Empty = valid. */
  validateRequest(method: string, pathTemplate: string, body: unknown): string[];
  /** Violations of the path and query parameters (strings, coerced to the declared types). */
  validateParameters(
    method: string,
    pathTemplate: string,
    params: { path?: Record<string, string>; query?: Record<string, string> },
  ): string[];
  /** Violations of an answer: its status must be declared (or a general error), its body match. */
  validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[];
  /** Violations of a callback body POSTed to {webhookUrl}/pix, /rec or /cobr. */
  validateCallback(kind: CallbackKind, body: unknown): string[];
  /** True when the document declares this operation (the simulator's extensions are not). */
  hasOperation(method: string, pathTemplate: string): boolean;
}

export interface SpecDeviation {
  name: string;
  why: string;
}

interface Patch extends SpecDeviation {
  apply(doc: Node): void;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the patches
// ---------------------------------------------------------------------------------------------

function schema(doc: Node, name: string): Node {
  const s = doc.components?.schemas?.[name];
  if (!s) throw new Error(`pix spec: components.schemas.${name} not found (the document changed?)`);
  return s;
}

function expectDefect(ok: boolean, name: string): void {
  if (!ok) throw new Error(`pix spec: deviation "${name}" no longer applies; the document changed, review the patch`);
}

/** Every object reachable from `node`, skipping examples (their values are data, not schemas). */
function walk(node: unknown, visit: (n: Node, key: string | null) => void, key: string | null = null): void {
  if (Array.isArray(node)) {
    for (const x of node) walk(x, visit, key);
    return;
  }
  if (!node || typeof node !== 'object') return;
  visit(node as Node, key);
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === 'example' || k === 'examples') continue;
    walk(v, visit, k);
  }
}

function dropRequired(s: Node, names: string[], patch: string): void {
  const req: string[] = s.required ?? [];
  expectDefect(
    names.every((n) => req.includes(n)),
    patch,
  );
  s.required = req.filter((r) => !names.includes(r));
  if (s.required.length === 0) delete s.required;
}

const GENERAL_ERROR_STATUSES = new Set([400, 403, 404, 410, 500, 503, 504]);

// ---------------------------------------------------------------------------------------------
// The deviations: each a defect of the published 2.9.0 document and the smallest fix that lets
// the messages its prose and examples describe validate.
// ---------------------------------------------------------------------------------------------

const PATCHES: Patch[] = [
  {
    name: 'js-style-patterns',
    why: 'cpf and codMun patterns are written as JavaScript literals ("/^\\d{11}$/"); as JSON Schema they demand literal slashes, so no CPF ever matches. The slashes are removed.',
    apply(doc) {
      let n = 0;
      walk(doc, (o) => {
        if (typeof o.pattern === 'string' && /^\/.*\/$/.test(o.pattern)) {
          o.pattern = o.pattern.slice(1, -1);
          n++;
        }
      });
      expectDefect(n > 0, 'js-style-patterns');
    },
  },
  {
    name: 'anchored-patterns',
    why: 'JSON Schema patterns match anywhere in the string; most patterns here are unanchored ("\\d{1,10}\\.\\d{2}" accepts "x1.000"), while the prose means the whole value (money "1.00", txid 26–35 characters, E2E id 32 characters). Every pattern is anchored.',
    apply(doc) {
      let n = 0;
      walk(doc, (o) => {
        if (typeof o.pattern === 'string' && !(o.pattern.startsWith('^') && o.pattern.endsWith('$'))) {
          o.pattern = `^(?:${o.pattern.replace(/^\^/, '').replace(/\$$/, '')})$`;
          n++;
        }
      });
      expectDefect(n > 0, 'anchored-patterns');
    },
  },
  {
    name: 'pix-txid-1-to-35',
    why: 'Pix.txid (and the txid filter of GET /pix) is "allOf: [TxId (26–35), 1–35]": a Pix paid through a static QR code carries a txid of 1–25 characters (Manual de Padrões), which the allOf refuses once patterns are anchored. These txids are 1–35 alphanumerics; a Pix listed under a cob/cobv still gets the 26–35 rule from CobCompleta/CobVCompleta.',
    apply(doc) {
      const txid = { type: 'string', pattern: '^[a-zA-Z0-9]{1,35}$' };
      const targets: Node[] = [
        schema(doc, 'Pix').properties,
        schema(doc, 'PixAutomatico').properties,
        schema(doc, 'ParametrosConsultaPix').properties,
      ];
      const pixQuery = (doc.paths['/pix'].get.parameters as Node[]).find((p) => p.name === 'txid');
      expectDefect(!!pixQuery && targets.every((t) => Array.isArray(t.txid?.allOf)), 'pix-txid-1-to-35');
      for (const t of targets) t.txid = { ...txid };
      pixQuery!.schema = { ...txid };
    },
  },
  {
    name: 'PixConsultados-requires-pix',
    why: 'PixConsultados (GET /pix) requires "cobs" but declares and returns the list as "pix" (example getPix1).',
    apply(doc) {
      const s = schema(doc, 'PixConsultados');
      dropRequired(s, ['cobs'], 'PixConsultados-requires-pix');
      s.required = [...(s.required ?? []), 'pix'];
    },
  },
  {
    name: 'RecBase-required',
    why: 'RecBase requires "idRec" and "retentativa", so the body of POST /rec (RecSolicitada) never validates: idRec is assigned by the PSP and "retentativa" is not a property (the policy is politicaRetentativa, required by RecConfiguracao). RecBase keeps vinculo and calendario; idRec stays required where the PSP answers with a rec (RecGerada, RecCompleta, RecCompletaPesquisada).',
    apply(doc) {
      dropRequired(schema(doc, 'RecBase'), ['idRec', 'retentativa'], 'RecBase-required');
      for (const name of ['RecGerada', 'RecCompleta', 'RecCompletaPesquisada']) {
        const s = schema(doc, name);
        s.required = [...(s.required ?? []), 'idRec'];
      }
    },
  },
  {
    name: 'CobVGerada-location',
    why: 'CobVGerada requires "location" without declaring it (CobGerada declares it, optional). A cobv whose location was unlinked (DELETE /loc/{id}/txid) has none. It is declared as in CobGerada and not required.',
    apply(doc) {
      const s = schema(doc, 'CobVGerada');
      dropRequired(s, ['location'], 'CobVGerada-location');
      s.allOf.push({ type: 'object', properties: { location: { type: 'string', maxLength: 77, format: 'uri-reference' } } });
    },
  },
  {
    name: 'DadosRecebedor-outer-required',
    why: 'DadosRecebedor requires logradouro/cidade/uf/cep on the object that holds "recebedor" (the cobv itself) as well as inside recebedor; only the inner requirement makes sense (example cobResponse4).',
    apply(doc) {
      const s = schema(doc, 'DadosRecebedor');
      expectDefect(Array.isArray(s.required) && s.required.includes('logradouro'), 'DadosRecebedor-outer-required');
      delete s.required;
    },
  },
  {
    name: 'DadosPagadorRec-required-inside-pagador',
    why: 'DadosPagadorRec requires ispbParticipante on the rec itself instead of inside "pagador" (examples recResponse3/4); a rec has no payer until it is approved, so pagador stays optional and requires ispbParticipante when present.',
    apply(doc) {
      const s = schema(doc, 'DadosPagadorRec');
      dropRequired(s, ['ispbParticipante'], 'DadosPagadorRec-required-inside-pagador');
      s.properties.pagador.required = ['ispbParticipante'];
    },
  },
  {
    name: 'oneOf-branches-required',
    why: 'Several oneOfs have branches that require nothing, so any object matches two branches and oneOf always fails: valor.retirada (saque | troco), CobVValor.desconto (descontoDataFixa | valorPerc), rec encerramento (rejeicao | cancelamento) and cobr encerramento (cancelamento | rejeicao). Each branch requires the property that names it.',
    apply(doc) {
      const requireBranches = (branches: Node[] | undefined, names: string[]) => {
        expectDefect(
          Array.isArray(branches) && branches.length === names.length && branches.every((b, i) => b.properties?.[names[i]] && !b.required),
          'oneOf-branches-required',
        );
        for (const [i, b] of branches!.entries()) b.required = [names[i]];
      };
      requireBranches(schema(doc, 'CobValor').properties.retirada.oneOf, ['saque', 'troco']);
      requireBranches(schema(doc, 'CobPayloadValor').properties.retirada.oneOf, ['saque', 'troco']);
      const desconto = schema(doc, 'CobVValor').properties.desconto.oneOf as Node[];
      expectDefect(!desconto[0].required && desconto[1].required?.includes('valorPerc'), 'oneOf-branches-required');
      desconto[0].required = ['descontoDataFixa'];
      requireBranches(schema(doc, 'RecEncerramento').properties.encerramento.oneOf, ['rejeicao', 'cancelamento']);
      requireBranches(schema(doc, 'CobRAtualizacao').properties.encerramento.oneOf, ['cancelamento', 'rejeicao']);
    },
  },
  {
    name: 'RecNotification-atualizacao',
    why: 'RecNotification lists `atualizacao"` (a stray quote in the YAML) among its required properties, which no object can have.',
    apply(doc) {
      const s = schema(doc, 'RecNotification');
      dropRequired(s, ['atualizacao"'], 'RecNotification-atualizacao');
      s.required.push('atualizacao');
    },
  },
  {
    name: 'PixAutomatico-componentesValor',
    why: 'PixAutomatico puts the anyOf of value components (objects) on "valor", a string, so no Pix Automático validates. The anyOf belongs to componentesValor, as in Pix.',
    apply(doc) {
      const p = schema(doc, 'PixAutomatico').properties;
      expectDefect(p.valor?.type === 'string' && Array.isArray(p.valor.anyOf), 'PixAutomatico-componentesValor');
      const anyOf = p.valor.anyOf;
      delete p.valor.anyOf;
      p.componentesValor = { type: 'object', anyOf };
    },
  },
  {
    name: 'WebhookCompleto-chave',
    why: 'WebhookCompleto (GET /webhook/{chave}) requires "cnpj", while a Pix webhook belongs to a key: the example webhookResponse1 carries "chave" and no cnpj. It requires webhookUrl, chave and criacao.',
    apply(doc) {
      const s = schema(doc, 'WebhookCompleto');
      dropRequired(s, ['cnpj'], 'WebhookCompleto-chave');
      s.properties.chave = { type: 'string', maxLength: 77 };
      s.required.push('chave');
    },
  },
  {
    name: 'location-without-scheme',
    why: 'The `location` fields have format "uri", but a location is written without its scheme (Manual de Padrões; every example: "pix.example.com/qr/v2/..."), which is not an absolute URI. They are checked as uri-reference.',
    apply(doc) {
      let n = 0;
      walk(doc.components.schemas, (o, key) => {
        if (key === 'properties' && o.location?.format === 'uri') {
          o.location.format = 'uri-reference';
          n++;
        }
      });
      expectDefect(n > 0, 'location-without-scheme');
    },
  },
  {
    name: 'SolicRec-undeclared-required',
    why: 'SolicRecBase requires "pagador" and SolicRecCompleta requires "rec", neither declared; the payer is "destinatario" and the rec is "recPayload" (examples solicRecBody1, solicRecResponse1).',
    apply(doc) {
      dropRequired(schema(doc, 'SolicRecBase'), ['pagador'], 'SolicRec-undeclared-required');
      dropRequired(schema(doc, 'SolicRecCompleta'), ['rec'], 'SolicRec-undeclared-required');
    },
  },
  {
    name: 'Consultadas-idCob',
    why: 'The items of CobsConsultadas and CobsVConsultadas require "idCob", which is declared nowhere and absent from the examples (getCobs1, getCobsV1).',
    apply(doc) {
      for (const name of ['CobsConsultadas', 'CobsVConsultadas']) {
        const item = (schema(doc, name).properties.cobs.items.allOf as Node[]).find((x) => x.required?.includes('idCob'));
        expectDefect(!!item, 'Consultadas-idCob');
        item!.required = item!.required.filter((r: string) => r !== 'idCob');
      }
    },
  },
  {
    name: 'infoAdicionais-maxItems',
    why: 'CobBase.infoAdicionais says "maximum: 50" on an array, a keyword for numbers that validates nothing; the intent is at most 50 items.',
    apply(doc) {
      const s = schema(doc, 'CobBase').properties.infoAdicionais;
      expectDefect(s.maximum === 50, 'infoAdicionais-maxItems');
      delete s.maximum;
      s.maxItems = 50;
    },
  },
  {
    name: 'lotecobv-id-text',
    why: 'The path parameter of /lotecobv/{id} is a string ("Identificador do lote ... em formato de texto"), but LoteCobVConsultado and LoteCobVGerado declare the same id as an int64 and the loteCobVId filter of GET /cobv as an int32, so a lote created with a non-numeric id can never be answered or filtered on. The id is an integer or a non-empty string in all three places.',
    apply(doc) {
      const id = () => ({ anyOf: [{ type: 'integer' }, { type: 'string', minLength: 1 }] });
      for (const name of ['LoteCobVConsultado', 'LoteCobVGerado']) {
        const p = schema(doc, name).properties;
        expectDefect(p.id?.type === 'integer', 'lotecobv-id-text');
        p.id = id();
      }
      const filter = (doc.paths['/cobv'].get.parameters as Node[]).find((p) => p.name === 'loteCobVId');
      expectDefect(filter?.schema?.type === 'integer', 'lotecobv-id-text');
      filter!.schema = { type: 'string', minLength: 1 };
    },
  },
  {
    name: 'PayloadLocationRecGerada-tipo',
    why: 'PayloadLocationRecGerada (POST /locrec, and every rec\'s loc) requires "tipo", which it does not declare and which no example carries (payloadLocationRecResponse2: id, location, criacao). The requirement is dropped.',
    apply(doc) {
      const s = schema(doc, 'PayloadLocationRecGerada');
      expectDefect(!s.properties?.tipo, 'PayloadLocationRecGerada-tipo');
      dropRequired(s, ['tipo'], 'PayloadLocationRecGerada-tipo');
    },
  },
  {
    name: 'callbacks-require-their-list',
    why: 'The callback bodies (WebhookPixBody, WebhookRecBody, WebhookCobRBody) make their only property optional, so "{}" would be a valid notification of nothing. Each requires its list (pix, recs, cobsr) with at least one item.',
    apply(doc) {
      for (const [body, prop] of [
        ['WebhookPixBody', 'pix'],
        ['WebhookRecBody', 'recs'],
        ['WebhookCobRBody', 'cobsr'],
      ]) {
        const s = doc.components.requestBodies[body].content['application/json'].schema;
        expectDefect(!!s.properties[prop] && !s.required, 'callbacks-require-their-list');
        s.type = 'object';
        s.required = [prop];
        s.properties[prop].minItems = 1;
      }
    },
  },
];

/** The patches applied to the document, for the record (names and reasons). */
export const SPEC_DEVIATIONS: readonly SpecDeviation[] = [
  ...PATCHES.map(({ name, why }) => ({ name, why })),
  {
    name: 'general-error-statuses',
    why: 'Operations declare few error statuses, but the document\'s "Gerais" section says 400, 403, 404, 410, 500, 503 and 504 may come from any endpoint. Those are accepted on every operation and checked against Problema.',
  },
];

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

const ROOT_ID = 'https://cobre.test/pix-api-2.9.0.json';

function absoluteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(absoluteRefs);
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node))
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? ROOT_ID + v : absoluteRefs(v);
  return out;
}

function makeAjv(doc: Node, coerce: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce, useDefaults: false, validateFormats: true });
  addFormats(ajv);
  // Formats ajv-formats does not know (int32, int64, ...) are annotations here, not checks.
  const formats = new Set<string>();
  walk(doc, (o) => {
    if (typeof o.format === 'string') formats.add(o.format);
  });
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  ajv.addSchema({ $id: ROOT_ID, components: absoluteRefs(doc.components) });
  return ajv;
}

function describeErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  const out = new Set<string>();
  for (const e of errors ?? []) {
    const extra =
      e.keyword === 'enum'
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : e.keyword === 'additionalProperties'
          ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
          : '';
    out.add(`${where}: ${e.instancePath || '/'} ${e.message}${extra}`);
  }
  return [...out];
}

function load(file: string): PixSpec {
  const doc = parse(readFileSync(file, 'utf8')) as Node;
  for (const p of PATCHES) p.apply(doc);

  const strict = makeAjv(doc, false);
  const coercing = makeAjv(doc, true);
  const cache = new Map<string, ValidateFunction>();
  const compile = (ajv: Ajv, key: string, s: Node): ValidateFunction => {
    let v = cache.get(key);
    if (!v) {
      v = ajv.compile(absoluteRefs(s) as Node);
      cache.set(key, v);
    }
    return v;
  };

  const deref = (x: Node | undefined): Node | undefined => {
    let cur = x;
    for (let i = 0; cur?.$ref && i < 10; i++) {
      const path = (cur.$ref as string).replace(/^#\//, '').split('/');
      cur = path.reduce<Node | undefined>((n, seg) => n?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    }
    return cur;
  };

  const operation = (method: string, template: string): Node | undefined => doc.paths?.[template]?.[method.toLowerCase()];
  const notAnOperation = (method: string, template: string) => [`${method} ${template} is not an operation of API Pix 2.9.0`];
  const isEmpty = (b: unknown) =>
    b === undefined || b === null || b === '' || (typeof b === 'object' && !Array.isArray(b) && Object.keys(b as object).length === 0);

  function pickContent(content: Node): Node | undefined {
    return content['application/json'] ?? content['application/problem+json'] ?? content['application/jose'] ?? Object.values(content)[0];
  }

  const problema = { $ref: '#/components/schemas/Problema' };

  return {
    hasOperation: (method, template) => !!operation(method, template),

    validateRequest(method, template, body) {
      const op = operation(method, template);
      if (!op) return notAnOperation(method, template);
      const where = `${method} ${template} request`;
      const rb = deref(op.requestBody);
      if (!rb) return isEmpty(body) ? [] : [`${where}: the operation takes no request body`];
      if (body === undefined) return rb.required ? [`${where}: a request body is required`] : [];
      const media = rb.content?.['application/json'];
      if (!media?.schema) return [];
      const v = compile(strict, `req ${method} ${template}`, media.schema);
      return v(body) ? [] : describeErrors(v.errors, where);
    },

    validateParameters(method, template, { path = {}, query = {} }) {
      const op = operation(method, template);
      if (!op) return notAnOperation(method, template);
      const params = [...(doc.paths[template].parameters ?? []), ...(op.parameters ?? [])].map((p: Node) => deref(p)!);
      const out: string[] = [];
      for (const [where, values] of [
        ['path', path],
        ['query', query],
      ] as const) {
        const declared = params.filter((p) => p.in === where);
        if (declared.length === 0) continue;
        const s: Node = { type: 'object', properties: {}, required: [] };
        for (const p of declared) {
          s.properties[p.name] = p.schema ?? {};
          if (p.required) s.required.push(p.name);
        }
        const v = compile(coercing, `${where} ${method} ${template}`, s);
        if (!v({ ...values })) out.push(...describeErrors(v.errors, `${method} ${template} ${where}`));
      }
      return out;
    },

    validateResponse(method, template, status, body) {
      const op = operation(method, template);
      if (!op) return notAnOperation(method, template);
      const where = `${method} ${template} ${status}`;
      const declared = deref(op.responses?.[String(status)]);
      let s: Node | undefined;
      if (declared) {
        if (!declared.content) return isEmpty(body) ? [] : [`${where}: the response declares no body but one was sent`];
        s = pickContent(declared.content)?.schema;
      } else if (GENERAL_ERROR_STATUSES.has(status)) {
        s = problema;
      } else {
        return [`${where}: status ${status} is not declared for ${method} ${template}`];
      }
      if (!s) return [];
      const v = compile(strict, `res ${method} ${template} ${declared ? status : 'general'}`, s);
      return v(body) ? [] : describeErrors(v.errors, where);
    },

    validateCallback(kind, body) {
      const name = { pix: 'WebhookPixBody', rec: 'WebhookRecBody', cobr: 'WebhookCobRBody' }[kind];
      const s = doc.components.requestBodies[name].content['application/json'].schema;
      const v = compile(strict, `callback ${kind}`, s);
      return v(body) ? [] : describeErrors(v.errors, `callback ${kind}`);
    },
  };
}

let cached: PixSpec | null | undefined;
let warned = false;

/**
 * The API Pix validator, or null when the document is not there (one line printed, once).
 * `file` overrides the location (a test that wants the "absent" path passes a missing file).
 */
export function loadPixSpec(file: string = PIX_SPEC_PATH): PixSpec | null {
  if (file === PIX_SPEC_PATH && cached !== undefined) return cached;
  let spec: PixSpec | null = null;
  if (existsSync(file)) spec = load(file);
  else if (!warned) {
    warned = true;
    console.warn(`pix spec not found at ${dirname(file)}: PSP messages are not validated against the schema`);
  }
  if (file === PIX_SPEC_PATH) cached = spec;
  return spec;
}
