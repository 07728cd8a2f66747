import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, refusal } from './support/realtime.ts';
import type { RunningNode } from '../server/node.ts';

/** Issue 10 item 8: a configurable cap of sockets per account (SOCKET_MAX_PER_ACCOUNT), across nodes with Redis. */
describe('sockets per account are capped', () => {
  let node: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    node = await startTestNode({ SOCKET_MAX_PER_ACCOUNT: '3' });
    t = await createTenant(node);
  });
  afterEach(() => closeSockets());
  afterAll(() => node.stop());

  it('refuses the socket over the cap with TOO_MANY_SOCKETS; a closed one frees its place; other accounts are not affected', async () => {
    const user = await createUser(node, t);
    const auth = { apiKey: t.apiKey, token: user.token };
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await connectSocket(node.url, t.slug, auth));
    expect((await refusal(node.url, t.slug, auth)).code).toBe('TOO_MANY_SOCKETS');

    const other = await createUser(node, t);
    await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: other.token });

    open[0]!.close();
    await expect
      .poll(async () => {
        try {
          (await connectSocket(node.url, t.slug, auth)).close();
          return 'connected';
        } catch (err) {
          return (err as { data?: { code: string } }).data?.code;
        }
      })
      .toBe('connected');
  });
});

describe.runIf(inject('redisUrl'))('the socket cap across two nodes on Redis', () => {
  let one: RunningNode;
  let two: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    [one, two] = await Promise.all([
      startTestNode({ SOCKET_MAX_PER_ACCOUNT: '4' }),
      startTestNode({ SOCKET_MAX_PER_ACCOUNT: '4' }),
    ]);
    t = await createTenant(one);
  });
  afterEach(() => closeSockets());
  afterAll(() => Promise.all([one.stop(), two.stop()]));

  it('counts the sockets of both nodes, also for concurrent handshakes', async () => {
    const user = await createUser(one, t);
    const auth = { apiKey: t.apiKey, token: user.token };
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => connectSocket((i % 2 ? one : two).url, t.slug, auth)),
    );
    const accepted = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts
      .filter((a) => a.status === 'rejected')
      .map((a) => (a as PromiseRejectedResult).reason.data?.code);
    expect(accepted).toHaveLength(4);
    expect(refused).toEqual(Array(6).fill('TOO_MANY_SOCKETS'));
  });
});
