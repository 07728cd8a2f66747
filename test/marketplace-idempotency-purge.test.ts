import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import type { RunningNode } from '../server/node.ts';
import { runJobOnce } from '../jobs/run-job.ts';
import { platformEm } from '../server/db/orm.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node.stop());

const sql = (q: string, p: unknown[] = []) => platformEm(node.services.orm).execute(q, p);

describe('purge-idempotency job', () => {
  it('deletes stored booking answers older than 24 h, of every tenant, and keeps recent ones', async () => {
    const [a, b] = [await createTenant(node), await createTenant(node)];
    const [ua, ub] = [await createUser(node, a), await createUser(node, b)];
    const tick = new Date(Date.now() - 1000 * (60 + Math.floor(Math.random() * 86_400)));
    const insert = (clientId: number, userId: number, key: string, hoursBeforeTick: number) =>
      sql(
        `insert into booking_idempotency (client_id, user_id, key, request_hash, status_code, body, created_at) values (?, ?, ?, 'h', 201, '{}'::jsonb, ?)`,
        [clientId, userId, key, new Date(tick.getTime() - hoursBeforeTick * 3_600_000)],
      );
    await insert(a.id, ua.id, 'old-a', 30);
    await insert(a.id, ua.id, 'new-a', 2);
    await insert(b.id, ub.id, 'old-b', 25);
    const run = await runJobOnce(node.services, 'purge-idempotency', tick);
    expect(run.status).toBe('ran');
    const left = await sql(`select key from booking_idempotency where client_id in (?, ?) order by key`, [a.id, b.id]);
    expect(left.map((r) => r['key'])).toEqual(['new-a']);
  });
});
