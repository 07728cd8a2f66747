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
});
