// The console's API types (web/src/api-schema.generated.ts) are generated from /openapi.json; a
// route whose schema changed without regenerating them fails here, so the console is typechecked
// against the document the server really answers.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/gen-api-types.ts';
import { createTestContext, type TestContext } from '../support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('web/src/api-schema.generated.ts', () => {
  it('is what openapi-typescript makes of /openapi.json today', async () => {
    const res = await ctx.call(null, 'GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    const expected = await renderApiTypes(res.json());
    const checkedIn = readFileSync(API_TYPES_FILE, 'utf8');
    if (checkedIn !== expected) expect.fail('web/src/api-schema.generated.ts is stale: run npm run api:types');
    expect(checkedIn).toContain('export interface paths');
  });
});
