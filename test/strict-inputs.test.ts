import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { connectSocket, createUser } from './support/realtime.ts';
import type { RunningNode } from '../server/node.ts';
import { strictInput } from '../server/http/strict.ts';

/** An unknown key anywhere in a request is a 400 naming it: typos are never silently dropped. */
let node: RunningNode;
let t: TestTenant;
beforeAll(async () => {
  node = await startTestNode();
  t = await createTenant(node);
});
afterAll(() => node.stop());

describe('strict request bodies, queries and socket payloads', () => {
  it('refuses an unknown body key, top-level and nested, naming it', async () => {
    const api = client(node.url, { apiKey: t.apiKey });
    const top = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct horse battery',
      nmae: 'Typo',
    });
    expect(top.status).toBe(400);
    expect(top.body).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    expect(top.body.error).toContain('nmae');
    expect(top.body.details).toContainEqual(expect.objectContaining({ field: 'nmae', location: 'body' }));

    const nested = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct horse battery',
      profile: { age: 30, wieght: 80 },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.details).toContainEqual(expect.objectContaining({ field: 'profile.wieght' }));

    const fine = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct horse battery',
      name: 'Ok',
    });
    expect(fine.status).toBe(201);
  });

  it('refuses an unknown query key, also on routes that take no query at all', async () => {
    const api = client(node.url, { apiKey: t.apiKey });
    const typo = await api.get('/content/classes?pgae=2');
    expect(typo.status).toBe(400);
    expect(typo.body.error).toContain('pgae');
    const none = await api.get('/content/categories?sort=name');
    expect(none.status).toBe(400);
    expect(none.body.details).toContainEqual(expect.objectContaining({ field: 'sort', location: 'query' }));
  });

  it('refuses an unknown socket payload key with an error ack naming it', async () => {
    const user = await createUser(node, t);
    const socket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: user.token });
    const ack = await socket.emitWithAck('live:join', { classId: 1, clasId: 2 });
    expect(ack).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
    expect(ack.error).toContain('clasId');
    socket.close();
  });

  it('makes every stripping object strict, deep, and leaves declared catch-alls and records open', () => {
    const schema = strictInput(
      z.object({
        a: z.array(z.object({ b: z.number() })).optional(),
        u: z.union([z.object({ kind: z.literal('x') }), z.object({ kind: z.literal('y'), n: z.number() })]).optional(),
        p: z
          .object({ q: z.string() })
          .transform((v) => v.q)
          .optional(),
        open: z.object({}).catchall(z.unknown()).optional(),
        map: z.record(z.string(), z.number()).optional(),
      }),
    );
    expect(schema.safeParse({ a: [{ b: 1, c: 2 }] }).success).toBe(false);
    expect(schema.safeParse({ u: { kind: 'x', extra: 1 } }).success).toBe(false);
    expect(schema.safeParse({ p: { q: 's', r: 1 } }).success).toBe(false);
    expect(schema.safeParse({ p: { q: 's' } })).toMatchObject({ success: true, data: { p: 's' } });
    expect(schema.safeParse({ open: { anything: 1 }, map: { k: 1 } }).success).toBe(true);
  });
});
