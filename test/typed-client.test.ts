import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generate } from '../clients/typescript/generate.ts';
import { ApiError, createClient } from '../clients/typescript/src/index.ts';

/**
 * The typed client (clients/typescript) is committed; this fails when it no longer matches what the current
 * OpenAPI document and socket schemas generate. Fix: `npm run client:generate`, review, commit. Its example
 * (the Quick Start journey) runs against a real node in test/demo-marketplace.test.ts.
 */
describe('typed client', () => {
  it('the committed schema.gen.ts is what the current OpenAPI document generates', () => {
    const committed = readFileSync(new URL('../clients/typescript/src/schema.gen.ts', import.meta.url), 'utf8');
    expect(
      committed === generate(),
      'clients/typescript/src/schema.gen.ts is stale: run `npm run client:generate`',
    ).toBe(true);
  });

  it('answers an error envelope as ApiError with the code, and fills path parameters', async () => {
    const seen: string[] = [];
    const fake = (async (url: string) => {
      seen.push(url);
      return new Response(
        JSON.stringify({ success: false, error: 'Trainer not found', code: 'NOT_FOUND', requestId: 'r1' }),
        {
          status: 404,
          headers: { 'content-type': 'application/json' },
        },
      );
    }) as unknown as typeof fetch;
    const api = createClient({ baseUrl: 'http://x.test/', apiKey: 'k', fetch: fake });
    const err = await api.call('getTrainersById', { params: { id: 42 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: 'r1' });
    expect(seen).toEqual(['http://x.test/api/v1/trainers/42']);
  });
});
