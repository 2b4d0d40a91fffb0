// /openapi.json passes Redocly's recommended rules (redocly.yaml) without an error or a warning:
// the check `npm run lint:openapi` runs (scripts/openapi-lint.ts), on the document the app serves.
import { describe, expect, it } from 'vitest';
import { lintOpenapi, openapiDocument } from '../../scripts/openapi-lint.ts';

describe('/openapi.json lint', () => {
  it('has no Redocly error or warning, and shares its schemas by reference', async () => {
    const document = await openapiDocument();
    const doc = JSON.parse(document);
    // The error envelopes and the main resources are written once, under components.
    for (const name of ['ErrorEnvelope', 'Charge', 'Customer', 'Contract', 'Service', 'TOConlineErrors'])
      expect(doc.components.schemas[name], name).toBeTruthy();
    expect(doc.paths['/v1/charges/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Charge',
    });
    // So are the error responses every operation documents.
    expect(doc.paths['/v1/charges/{id}'].get.responses['404']).toEqual({ $ref: '#/components/responses/ErrorEnvelope' });
    expect(doc.components.responses.ErrorEnvelope.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorEnvelope',
    });
    expect(document.length).toBeLessThan(1_000_000);
    const result = lintOpenapi(document);
    expect(result.output).toBe('');
    expect({ errors: result.errors, warnings: result.warnings }).toEqual({ errors: 0, warnings: 0 });
  }, 120_000);
});
