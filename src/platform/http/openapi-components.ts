// /openapi.json shares its schemas by reference: a schema that carries a `title` (the error envelopes,
// the main resources) is written once under `components.schemas`, by that title, and referenced
// wherever an operation uses it. Without this every operation repeats them inline (the canonical
// error envelope alone came ~1,700 times, 2 MB in all).
//
// Error responses that are nothing but such a schema are shared the same way (components.responses).
// Documentation only: routes keep validating and serializing with their own inline TypeBox schemas,
// so no validator or serializer has to resolve these references.

type Node = Record<string, unknown>;

/** Keywords whose values are data, not schemas: a `title` inside them names nothing. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'const', 'enum', 'default']);

const isObject = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Moves every titled schema under `paths` (and `webhooks`) to `components.schemas` and leaves a
 * `$ref` in its place. One title names one schema: two different schemas under the same title are
 * an error (rename one), so a reference never points at something else than was written there.
 */
export function shareTitledSchemas<T extends Node>(doc: T): T {
  const shared: Record<string, Node> = {};
  const written = new Map<string, string>();

  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!isObject(value)) return value;
    const out: Node = {};
    for (const [key, child] of Object.entries(value)) out[key] = DATA_KEYWORDS.has(key) ? child : visit(child);
    const title = out.title;
    if (typeof title !== 'string' || !/^[A-Za-z0-9._-]+$/.test(title)) return out;
    const json = JSON.stringify(out);
    const before = written.get(title);
    if (before === undefined) {
      written.set(title, json);
      shared[title] = out;
    } else if (before !== json) {
      throw new Error(`/openapi.json: two different schemas are titled ${title}; give one of them another title`);
    }
    return { $ref: `#/components/schemas/${title}` };
  };

  const paths = visit(errorsAsJson(doc.paths));
  const webhooks = doc.webhooks === undefined ? undefined : visit(doc.webhooks);
  const responses = shareErrorResponses(paths);
  const components = isObject(doc.components) ? doc.components : {};
  const schemas = { ...(isObject(components.schemas) ? components.schemas : {}), ...sortedByName(shared) };
  return {
    ...doc,
    paths,
    ...(webhooks === undefined ? {} : { webhooks }),
    components: {
      ...components,
      ...(Object.keys(schemas).length ? { schemas } : {}),
      ...(Object.keys(responses).length ? { responses: sortedByName(responses) } : {}),
    },
  };
}

/**
 * A route that answers a file (`produces: [xlsx]`, `[text/csv]`) has that media type put on every
 * response by @fastify/swagger, its errors included; but errors are always the JSON envelope (one
 * error handler). So an error response documented only under other media types is moved to JSON.
 */
function errorsAsJson(paths: unknown): unknown {
  if (!isObject(paths)) return paths;
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      !isObject(item)
        ? item
        : Object.fromEntries(
            Object.entries(item).map(([method, operation]) => {
              if (!isObject(operation) || !isObject(operation.responses)) return [method, operation];
              const responses = Object.fromEntries(
                Object.entries(operation.responses).map(([status, response]) => {
                  if (!(Number(status) >= 400) || !isObject(response) || !isObject(response.content)) return [status, response];
                  const media = Object.values(response.content);
                  if ('application/json' in response.content || media.length === 0) return [status, response];
                  return [status, { ...response, content: { 'application/json': media[0] } }];
                }),
              );
              return [method, { ...operation, responses }];
            }),
          ),
    ]),
  );
}

/**
 * An error response that is only a shared schema as JSON (every operation has six or seven, all
 * alike) becomes a reference to one response under `components.responses`, named as its schema.
 */
function shareErrorResponses(paths: unknown): Record<string, Node> {
  const responses: Record<string, Node> = {};
  const written = new Map<string, string>();
  for (const item of Object.values(isObject(paths) ? paths : {})) {
    for (const operation of Object.values(isObject(item) ? item : {})) {
      const byStatus = isObject(operation) && isObject(operation.responses) ? operation.responses : {};
      for (const [status, response] of Object.entries(byStatus)) {
        if (!(Number(status) >= 400) || !isObject(response) || !isObject(response.content)) continue;
        const json = response.content['application/json'];
        if (Object.keys(response.content).length !== 1 || Object.keys(response).length !== 2 || !isObject(json)) continue;
        const ref = isObject(json.schema) && Object.keys(json).length === 1 ? json.schema.$ref : undefined;
        if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) continue;
        const name = ref.slice('#/components/schemas/'.length);
        const text = JSON.stringify(response);
        if (written.get(name) === undefined) {
          written.set(name, text);
          responses[name] = response;
        } else if (written.get(name) !== text) continue; // another description: stays in place
        byStatus[status] = { $ref: `#/components/responses/${name}` };
      }
    }
  }
  return responses;
}

function sortedByName(schemas: Record<string, Node>): Record<string, Node> {
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}
