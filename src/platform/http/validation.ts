import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyRequest } from 'fastify';
import type { ErrorDetail } from '../errors.ts';

// (cast: ajv-formats is CommonJS; under ESM its default export is the plugin function its types put on .default)
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// Bodies are validated strictly: no type coercion (a string is not a number) and unknown fields
// are refused, never silently dropped. Query strings and path params arrive as text, so they
// are coerced to the declared types.
function make(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const strict = make(false);
const coercing = make(true);

export const BODY_REQUIRED_ISSUE = 'is required: send a JSON body';

type Validate = ((data: unknown, cxt?: unknown) => boolean) & { errors?: ErrorObject[] | null; schemaEnv?: unknown };

export function validatorCompiler({ schema, httpPart }: { schema: object; httpPart?: string }) {
  if (httpPart !== 'body') return coercing.compile(schema);
  const validate = strict.compile(schema) as Validate;
  // No body at all (Fastify passes null): say so, rather than "must be object".
  const wrapped = ((data: unknown, cxt?: unknown) => {
    const ok = validate(data, cxt);
    wrapped.errors =
      !ok && data === null
        ? [{ instancePath: '', schemaPath: '#', keyword: 'required', params: {}, message: BODY_REQUIRED_ISSUE }]
        : validate.errors;
    return ok;
  }) as Validate;
  wrapped.schemaEnv = validate.schemaEnv;
  return wrapped;
}

// ---- NUL characters ----
// PostgreSQL cannot store U+0000 in text or jsonb. It is refused up front for every route, in
// the path, the query string, the headers and the JSON body, naming the field.

export const NUL_ISSUE = 'must not contain the NUL character (U+0000)';

const visible = (s: string) => s.replace(/\0/g, '\\u0000');

/** Parsed request data (JSON, form, query, params, headers: prototype-less dictionaries included), not an upload's bytes or its wrapper object. */
function isData(value: object): boolean {
  if (ArrayBuffer.isView(value)) return false;
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  return proto === null || proto === Object.prototype || typeof proto.constructor !== 'function' || proto.constructor === Object;
}

function scan(value: unknown, field: string, out: ErrorDetail[], depth = 0): void {
  if (out.length >= 20 || depth > 64) return;
  if (typeof value === 'string') {
    if (value.includes('\0')) out.push({ field, issue: NUL_ISSUE });
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) scan(v, `${field}[${i}]`, out, depth + 1);
    return;
  }
  if (value && typeof value === 'object' && isData(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const name = field ? `${field}.${visible(k)}` : visible(k);
      if (k.includes('\0')) out.push({ field: name, issue: NUL_ISSUE });
      else scan(v, name, out, depth + 1);
    }
  }
}

/** Every place of the request that carries a NUL, as details in the validation errors' field convention. */
export function nulDetails(req: FastifyRequest): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  scan(req.params, 'params', out);
  scan(req.query, 'querystring', out);
  scan(req.headers, 'headers', out);
  // A JSON text can only carry NUL escaped (a raw control character is not JSON): when its text has
  // no `\u0000`, walking the parsed body (1,000 records in a consumption batch) would find nothing.
  if (jsonTextWithoutNul.has(req)) return out;
  if (typeof req.body === 'string') scan(req.body, '(body)', out);
  else scan(req.body, '', out);
  return out;
}

/** Requests whose JSON body text was seen to contain no NUL (filled by the JSON parser below). */
const jsonTextWithoutNul = new WeakSet<FastifyRequest>();

// ---- JSON bodies ----

type Done = (err: Error | null, body?: unknown) => void;
type JsonParser = (req: FastifyRequest, body: string, done: Done) => void;

/**
 * A JSON parser (Fastify's, safe against prototype poisoning) that reads an empty body as no
 * body: clients send `Content-Type: application/json` on a DELETE or a bodiless POST. A route
 * that requires a body still refuses it, at validation ("(body) is required").
 */
export function emptyTolerantJsonParser(parse: JsonParser): JsonParser {
  return (req, body, done) => {
    if (/^\s*$/.test(body)) return done(null, undefined);
    if (!/\\u0000/i.test(body) && !body.includes('\0')) jsonTextWithoutNul.add(req);
    parse(req, body, done);
  };
}
