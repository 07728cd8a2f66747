import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createClass } from './support/viewing.ts';
import { client } from './support/http.ts';
import { RawSocketIo } from './support/raw-engine-io.ts';
import { spawnNode, type SpawnedNode } from './support/spawn-node.ts';

const TIMEOUT_MS = 3000;

describe('SIGTERM is bounded by SHUTDOWN_TIMEOUT_MS whatever the clients do', () => {
  let helper: RunningNode;
  let node: SpawnedNode | null = null;
  beforeAll(async () => {
    helper = await startTestNode();
  });
  afterAll(async () => {
    node?.child.kill('SIGKILL');
    await helper.stop();
  });

  it('exits within the timeout although a websocket never answers the close frame, with every acked heartbeat stored', async () => {
    node = await spawnNode({ SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS) });
    const t = await createTenant(helper);
    const user = await createUser(helper, t);
    const creds = { apiKey: t.apiKey, token: user.token };
    const api = client(helper.url);
    const cls = await createClass(helper, t, { durationSeconds: 1000 });
    const session = (await api.post('/sessions/start', { classId: cls.id, deviceType: 'web' }, creds)).body.data as {
      id: number;
    };

    const stubborn = await RawSocketIo.connect(node.url, `/clients/${t.slug}`, creds);
    const first = await stubborn.emitWithAck('session:heartbeat', {
      sessionId: session.id,
      progressSeconds: 10,
      totalDurationSeconds: 1000,
      seq: 1,
    });
    expect(first).toMatchObject({ ok: true, data: { progressSeconds: 10 } });
    stubborn.ignoreCloseFrames();

    // Heartbeats still waiting for their batch when SIGTERM arrives: each one acked must be stored.
    const acks: unknown[] = [];
    const pending = Array.from({ length: 20 }, (_, i) =>
      stubborn
        .emitWithAck('session:heartbeat', {
          sessionId: session.id,
          progressSeconds: 20 + i,
          totalDurationSeconds: 1000,
          seq: 2 + i,
        })
        .then((a) => acks.push(a)),
    );
    await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    node.child.kill('SIGTERM');
    const code = await node.exited;
    const took = Date.now() - started;
    void Promise.allSettled(pending);

    expect(code).toBe(0);
    expect(took).toBeLessThan(TIMEOUT_MS);
    expect(node.output()).toContain('"msg":"shutdown complete"');
    expect(node.output()).toMatch(/"terminated":1\b/);
    await stubborn.closed; // the server cut the TCP connection itself

    const ok = acks.filter((a): a is { ok: true; data: { progressSeconds: number } } => (a as { ok: boolean }).ok);
    const refused = acks.filter((a) => !(a as { ok: boolean }).ok);
    for (const r of refused) expect(r).toMatchObject({ code: 'SHUTTING_DOWN' });
    const stored = (await api.get(`/sessions/${session.id}`, creds)).body.data as { progressSeconds: number };
    const ackedMax = Math.max(10, ...ok.map((a) => a.data.progressSeconds));
    expect(stored.progressSeconds).toBeGreaterThanOrEqual(ackedMax);
    expect(ok.length + refused.length).toBeGreaterThan(0);
  });
});
