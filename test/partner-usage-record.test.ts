import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { platformEm } from '../server/db/orm.ts';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createClass } from './support/viewing.ts';
import { createPartner, createVoucher } from './support/identities.ts';
import { runJobOnce } from '../jobs/run-job.ts';

/** The usage record: moved from the sessions by a job, exact, counted once across replays, nodes and reruns. */
describe('usage record', () => {
  let one: RunningNode;
  let two: RunningNode;
  let api1: Api;
  let api2: Api;
  let tenant: TestTenant;
  const sql = (q: string, params: unknown[] = []): Promise<any[]> => platformEm(one.services.orm).execute(q, params);

  beforeAll(async () => {
    [one, two] = await Promise.all([startTestNode(), startTestNode()]);
    api1 = client(one.url);
    api2 = client(two.url);
    tenant = await createTenant(one);
  });
  afterAll(async () => {
    await Promise.all([one.stop(), two.stop()]);
  });

  async function member() {
    const partner = await createPartner(one, tenant);
    const user = await createUser(one, tenant);
    const voucher = await createVoucher(one, tenant, { partnerId: partner.id, status: 'redeemed' });
    await sql(`update vouchers set redeemed_by_user_id = ? where id = ?`, [user.id, voucher.id]);
    const cls = await createClass(one, tenant, { durationSeconds: 3000 });
    const creds = { apiKey: tenant.apiKey, token: user.token };
    const started = await api1.post('/sessions/start', { classId: cls.id, deviceType: 'web' }, creds);
    expect(started.status).toBe(201);
    return { partner, user, cls, creds, sessionId: started.body.data.id as number };
  }
  let tick = Date.now() + Math.floor(Math.random() * 1e9) * 1000;
  /** The usage-watch job's tick (every run its own tick), on one node or the other. */
  const move = (node: RunningNode = one) => runJobOnce(node.services, 'usage-watch', new Date((tick += 1000)));
  const usage = async (userId: number) =>
    await sql(
      `select kind, subject_id, sum(seconds)::int as seconds from usage_records where client_id = ? and user_id = ? group by 1, 2`,
      [tenant.id, userId],
    );
  const watched = async (sessionId: number) =>
    (await sql(`select watched_seconds from viewing_sessions where id = ?`, [sessionId]))[0].watched_seconds as number;

  it('records the seconds watched per member and class; replays add nothing', async () => {
    const m = await member();
    const beats = [1, 2, 3, 4].map((seq) => ({ seq, progressSeconds: seq * 30, totalDurationSeconds: 3000 }));
    for (const b of beats) expect((await api1.post(`/sessions/${m.sessionId}/progress`, b, m.creds)).status).toBe(200);
    await move();
    expect(await usage(m.user.id)).toEqual([{ kind: 'watch', subject_id: m.cls.id, seconds: 120 }]);
    // The same heartbeats again, on the other node too: stored progress says they are old.
    for (const b of beats) await api2.post(`/sessions/${m.sessionId}/progress`, b, m.creds);
    await Promise.all(beats.map((b) => api1.post(`/sessions/${m.sessionId}/progress`, b, m.creds)));
    await Promise.all([move(one), move(two)]);
    await move(two);
    expect(await usage(m.user.id)).toEqual([{ kind: 'watch', subject_id: m.cls.id, seconds: 120 }]);
    expect(await watched(m.sessionId)).toBe(120);
  });

  it('two nodes handling the same heartbeats at once count each second once', async () => {
    const m = await member();
    const beats = Array.from({ length: 40 }, (_, i) => ({
      seq: i + 1,
      progressSeconds: (i + 1) * 10,
      totalDurationSeconds: 3000,
    }));
    // Every heartbeat is sent to both nodes, interleaved, concurrently: duplicated and racing batches.
    await Promise.all(
      beats.flatMap((b) => [
        api1.post(`/sessions/${m.sessionId}/progress`, b, m.creds),
        api2.post(`/sessions/${m.sessionId}/progress`, b, m.creds),
      ]),
    );
    // The job runs on both nodes at once, twice: the record moves once.
    await Promise.all([move(one), move(two)]);
    await move(two);
    const total = (await usage(m.user.id)).reduce((s, r) => s + r.seconds, 0);
    // Out-of-order arrival may cost watched seconds (the session's rules); the record is exactly what the session kept.
    expect(await watched(m.sessionId)).toBeGreaterThan(0);
    expect(total).toBe(await watched(m.sessionId));
    // And a replay of all of it afterwards adds nothing.
    await Promise.all(beats.map((b) => api2.post(`/sessions/${m.sessionId}/progress`, b, m.creds)));
    await move();
    expect((await usage(m.user.id)).reduce((s, r) => s + r.seconds, 0)).toBe(total);
  });

  it('the record and the session agree for users without a partner too; buckets are quarter hours', async () => {
    const user = await createUser(one, tenant);
    const cls = await createClass(one, tenant, { durationSeconds: 600 });
    const creds = { apiKey: tenant.apiKey, token: user.token };
    const s = (await api1.post('/sessions/start', { classId: cls.id, deviceType: 'tv' }, creds)).body.data;
    await api1.post(`/sessions/${s.id}/progress`, { seq: 1, progressSeconds: 45, totalDurationSeconds: 600 }, creds);
    await move();
    const rows = await sql(
      `select seconds, (extract(epoch from bucket)::bigint % 900)::int as off from usage_records where client_id = ? and user_id = ?`,
      [tenant.id, user.id],
    );
    expect(rows).toEqual([{ seconds: 45, off: 0 }]);
  });

  it('live attendance enters the record by a job, once however often it runs', async () => {
    const user = await createUser(one, tenant);
    const cls = await createClass(one, tenant, { durationSeconds: 1800 });
    const joined = new Date(Date.now() - 3600_000);
    await sql(
      `insert into live_attendance (client_id, class_id, user_id, first_joined_at, last_left_at) values (?, ?, ?, ?, ?)`,
      [tenant.id, cls.id, user.id, joined, new Date(joined.getTime() + 1500_000)],
    );
    for (const at of [new Date(), new Date(Date.now() + 1000)]) {
      expect(await runJobOnce(one.services, 'usage-live-attendance', at)).toMatchObject({ status: 'ran' });
    }
    expect(await usage(user.id)).toEqual([{ kind: 'live', subject_id: cls.id, seconds: 1500 }]);
  });
});
