// Walks /openapi.json for the hostile-input and OpenAPI tests: every operation, a request that
// reaches it (sample path parameters, a sample JSON body built from its schema), and the places
// a string can go in it.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type Schema = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  op: Schema;
  /** Not public: the document's default security applies. */
  authenticated: boolean;
  pathParams: Schema[];
  queryParams: Schema[];
  /** The JSON request body's schema, when the operation takes one. */
  jsonBody?: Schema;
  hasBody: boolean;
}

/**
 * The document with every local `$ref` (`#/components/…`) replaced by what it points at, so the
 * walk reads each operation's schemas in place. Shared components stay shared objects.
 */
export function inlineRefs(doc: Schema): Schema {
  const target = (ref: string): unknown =>
    ref
      .slice(2)
      .split('/')
      .reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  const done = new Map<string, unknown>();
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!value || typeof value !== 'object') return value;
    const ref = (value as Schema).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      if (!done.has(ref)) {
        const found = target(ref);
        if (found === undefined) throw new Error(`/openapi.json: ${ref} points at nothing`);
        done.set(ref, visit(found));
      }
      return done.get(ref);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
  };
  return { ...doc, paths: visit(doc.paths) };
}

export function operations(document: Schema): Operation[] {
  const doc = inlineRefs(document);
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(ops)) {
      const params: Schema[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const jsonType = Object.keys(content).find((t) => t.includes('json'));
      out.push({
        method: method.toUpperCase(),
        path,
        op,
        authenticated: !(Array.isArray(op.security) && op.security.length === 0),
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        jsonBody: jsonType ? content[jsonType].schema : undefined,
        hasBody: !!op.requestBody,
      });
    }
  }
  return out;
}

const SAMPLE_UUID = '01900000-0000-7000-8000-000000000001';

/** A value the schema accepts as far as its types go (every optional property and one array item included). */
export function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 12) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants)) {
    const nonNull = variants.find((v: Schema) => v.type !== 'null') ?? variants[0];
    return sample(nonNull, depth + 1);
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s: Schema) => sample(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries<Schema>(schema.properties ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    case 'array':
      return [sample(schema.items, depth + 1)];
    case 'string':
      switch (schema.format) {
        case 'uuid':
          return SAMPLE_UUID;
        case 'date':
          return '2026-01-15';
        case 'date-time':
          return '2026-01-15T12:00:00Z';
        case 'email':
          return 'a@example.com';
        case 'uri':
          return 'https://example.com/hook';
        default:
          return 'x';
      }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return schema.properties ? sample({ ...schema, type: 'object' }, depth) : undefined;
  }
}

export type Path = (string | number)[];

/** The paths of every string in a sample value. */
export function stringPaths(value: unknown, at: Path = []): Path[] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, k]));
  return [];
}

export function withValueAt<T>(value: T, path: Path, leaf: unknown): T {
  if (path.length === 0) return leaf as T;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]] = withValueAt(copy[path[0]], path.slice(1), leaf);
  return copy;
}

/** A path as the canonical envelope names a body field: `addresses[0].street`, `[1].descricao`. */
export function fieldName(path: Path): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

/** A path parameter value that passes its schema (the partner of Modulo12 is the tenant). */
export function paramValue(param: Schema, tenantId: string): string {
  if (param.name === 'partnerId') return tenantId;
  const s = param.schema ?? {};
  if (s.format === 'uuid') return SAMPLE_UUID;
  if (Array.isArray(s.enum)) return String(s.enum[0]);
  return '1';
}

export function urlFor(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name]);
}

/** Checks a response body against the schema the document gives for its status. */
export function responseValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new WeakMap<Schema, ReturnType<Ajv['compile']>>();
  return (op: Operation, status: number, body: unknown): string | null => {
    const documented = op.op.responses?.[String(status)];
    if (!documented) return `status ${status} is not documented`;
    const schema: Schema = documented.content ? (Object.values<Schema>(documented.content)[0]?.schema ?? {}) : {};
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    return validate(body) ? null : `${JSON.stringify(body)} does not match the documented ${status}: ${ajv.errorsText(validate.errors)}`;
  };
}

/** The error shape each prefix documents and renders. */
export function errorShapeOf(path: string): 'canonical' | 'toconline' | 'modulo12' | 'dezwork' | 'crm' | 'oauth' {
  if (/^(\/toconline)?\/oauth\/(token|auth|authorize)$/.test(path)) return 'oauth';
  if (path.startsWith('/toconline')) return 'toconline';
  if (path.startsWith('/modulo12')) return 'modulo12';
  if (path.startsWith('/dezwork')) return 'dezwork';
  if (path.startsWith('/crm')) return 'crm';
  return 'canonical';
}
