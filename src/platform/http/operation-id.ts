// Stable operationIds for /openapi.json (client generators name their functions after them):
// derived from the method and the path, so they change only when the route does.
// `GET /v1/charges/:id/boleto` → `getV1ChargesIdBoleto`.
export function operationIdFor(method: string, url: string): string {
  const words = url
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => segment.replace(/^:/, '').split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
