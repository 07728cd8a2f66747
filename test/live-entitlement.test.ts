import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { platformEm } from '../server/db/orm.ts';
import { ADMIN_TOKEN, startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser } from './support/realtime.ts';
import { createLiveClass, emitAck } from './support/viewing.ts';
import { startLiveKitFake, type LiveKitFake } from './support/livekit-fake.ts';

/** Live classes obey playback's rules: published, and premium only with the client's premium entitlement. */
describe('live classes: the same premium and published rules as playback', () => {
  let fake: LiveKitFake;
  let node: RunningNode;
  let api: Api;
  let t: TestTenant;
  beforeAll(async () => {
    fake = await startLiveKitFake();
    node = await startTestNode(fake.env);
    api = client(node.url);
    t = await createTenant(node);
    // Premium is for voucher users only in this client; the users below redeemed none.
    const set = await client(node.url, { adminToken: ADMIN_TOKEN }).patch(`/admin/clients/${t.id}`, {
      settings: { premiumEntitlement: 'voucher_users' },
    });
    expect(set.status).toBe(200);
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await node.stop();
    await fake.close();
  });

  const as = (who: { token: string }) => ({ apiKey: t.apiKey, token: who.token });
  const sql = (q: string, params: unknown[]) => platformEm(node.services.orm).execute(q, params);

  async function startedClass(change: 'premium' | 'unpublished') {
    const trainer = await createUser(node, t, 'trainer');
    const cls = await createLiveClass(node, t, { trainerId: trainer.trainerId });
    if (change === 'premium') await sql(`update classes set is_premium = true where id = ?`, [cls.id]);
    else await sql(`update classes set published_at = null where id = ?`, [cls.id]);
    // The class's own trainer still starts it and sees its list.
    expect((await api.post(`/live/classes/${cls.id}/start`, {}, as(trainer))).status).toBe(200);
    expect((await api.get(`/live/classes/${cls.id}/participants`, as(trainer))).status).toBe(200);
    return cls;
  }

  it('a premium live class: no LiveKit token, no socket presence, no participant list without the entitlement', async () => {
    const cls = await startedClass('premium');
    const user = await createUser(node, t);
    const join = await api.post(`/live/classes/${cls.id}/join`, {}, as(user));
    expect([join.status, join.body.code]).toEqual([403, 'PREMIUM_REQUIRED']);
    expect(join.body.data).toBeUndefined();
    const list = await api.get(`/live/classes/${cls.id}/participants`, as(user));
    expect([list.status, list.body.code]).toEqual([403, 'PREMIUM_REQUIRED']);
    const ws = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: user.token });
    expect(await emitAck(ws, 'live:join', { classId: cls.id })).toMatchObject({ ok: false, code: 'PREMIUM_REQUIRED' });
  });

  it('an entitled user joins the premium class (the rule is the playback rule, not a blanket refusal)', async () => {
    const cls = await startedClass('premium');
    const user = await createUser(node, t);
    await client(node.url, { adminToken: ADMIN_TOKEN }).patch(`/admin/clients/${t.id}`, {
      settings: { premiumEntitlement: 'all_users' },
    });
    try {
      expect((await api.post(`/live/classes/${cls.id}/join`, {}, as(user))).status).toBe(200);
    } finally {
      await client(node.url, { adminToken: ADMIN_TOKEN }).patch(`/admin/clients/${t.id}`, {
        settings: { premiumEntitlement: 'voucher_users' },
      });
    }
  });

  it('an unpublished live class is not found for users: REST join, socket live:join and the list', async () => {
    const cls = await startedClass('unpublished');
    const user = await createUser(node, t);
    const join = await api.post(`/live/classes/${cls.id}/join`, {}, as(user));
    expect([join.status, join.body.code]).toEqual([404, 'LIVE_CLASS_NOT_FOUND']);
    expect((await api.get(`/live/classes/${cls.id}/participants`, as(user))).status).toBe(404);
    const ws = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: user.token });
    expect(await emitAck(ws, 'live:join', { classId: cls.id })).toMatchObject({
      ok: false,
      code: 'LIVE_CLASS_NOT_FOUND',
    });
  });

  it('the participant list shows other users their id (the LiveKit identity), display name and presence, nothing else', async () => {
    const trainer = await createUser(node, t, 'trainer');
    const cls = await createLiveClass(node, t, { trainerId: trainer.trainerId });
    await api.post(`/live/classes/${cls.id}/start`, {}, as(trainer));
    const [one, two] = [await createUser(node, t), await createUser(node, t)];
    const ws = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: one.token });
    expect(await emitAck(ws, 'live:join', { classId: cls.id })).toMatchObject({ ok: true });
    const list = await api.get(`/live/classes/${cls.id}/participants`, as(two));
    expect(list.status).toBe(200);
    expect(Object.keys(list.body.data.participants[0]).sort()).toEqual([
      'joinedAt',
      'media',
      'name',
      'socket',
      'userId',
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/@example\.com/);
  });
});
