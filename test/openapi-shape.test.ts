import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import type { RunningNode } from '../server/node.ts';

/**
 * The shape rules of the contract, checked over the whole OpenAPI document so that routes added later
 * keep them without anyone remembering to.
 */
let node: RunningNode;
let doc: any;
beforeAll(async () => {
  node = await startTestNode();
  doc = (await client(node.url).get('/openapi.json')).body;
});
afterAll(() => node.stop());

function resolve(schema: any): any {
  if (schema?.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()]);
  return schema;
}

function operations(): Array<{ id: string; op: any }> {
  return Object.entries<Record<string, any>>(doc.paths).flatMap(([path, ops]) =>
    Object.entries<any>(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
  );
}

describe('one list shape', () => {
  it('no operation answers a bare array in `data`: lists are `{ items, pagination }`', () => {
    const bare = operations().filter(({ op }) =>
      Object.values<any>(op.responses ?? {}).some((r) => {
        const data = resolve(resolve(r.content?.['application/json']?.schema)?.properties?.data);
        return data?.type === 'array';
      }),
    );
    expect(bare.map((b) => b.id)).toEqual([]);
  });

  it('every `items` list also carries `pagination` (the contract list shape), except answers that are not pages', () => {
    const notPages: Record<string, string> = {
      'GET /content/search': 'the documented search takes `q` and `limit` only: the best matches, not a page',
      'GET /notifications': 'a feed read by cursor (`since`), not by page',
      'POST /food-scanner/scan-food': '`items` are the foods of one photo',
    };
    const unpaged = operations().filter(
      ({ id, op }) =>
        !(id in notPages) &&
        Object.entries<any>(op.responses ?? {}).some(([status, r]) => {
          if (!status.startsWith('2')) return false;
          const props = resolve(resolve(r.content?.['application/json']?.schema)?.properties?.data)?.properties;
          return props?.items !== undefined && props?.pagination === undefined;
        }),
    );
    expect(unpaged.map((u) => u.id)).toEqual([]);
  });
});
