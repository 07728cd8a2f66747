import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';

describe('marketplace: programmes and subscriptions', () => {
  let node: RunningNode;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    [t, other] = await Promise.all([createTenant(node), createTenant(node)]);
  });
  afterAll(() => node.stop());

  async function programme() {
    const trainer = await createUser(node, t, 'trainer');
    const res = await client(node.url, { apiKey: t.apiKey, token: trainer.token }).post('/trainer/programmes', {
      name: 'Couch to 5k',
      weeks: [{ sessionDays: [1, 3] }, { sessionDays: [2] }],
      price: 2900,
      currency: 'GBP',
    });
    expect(res.status).toBe(201);
    return { trainer, id: res.body.data.id as number };
  }

  it('subscribes, pauses, resumes, completes sessions and answers invalid moves with 422', async () => {
    const { trainer, id } = await programme();
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: user.token });
    expect((await client(node.url, { apiKey: t.apiKey }).get(`/programmes/${id}`)).body.data).toMatchObject({
      weeks: 2,
      sessions: 3,
      price: 2900,
    });
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const sub = await api.post(`/programmes/${id}/subscribe`, { startDate: day(20) });
    expect(sub.status).toBe(201);
    expect(sub.body.data.sessions.map((s: { date: string }) => s.date)).toEqual([day(20), day(22), day(28)]);
    expect((await api.post(`/programmes/${id}/subscribe`, {})).body.code).toBe('ALREADY_SUBSCRIBED');
    const sid = sub.body.data.id;
    const bad = await api.post(`/programme-subscriptions/${sid}/resume`);
    expect([bad.status, bad.body.code]).toEqual([422, 'INVALID_TRANSITION']);
    expect((await api.post(`/programme-subscriptions/${sid}/pause`)).body.data).toMatchObject({
      status: 'paused',
      allowedActions: ['resume', 'cancel'],
    });
    expect((await api.post(`/programme-subscriptions/${sid}/pause`)).status).toBe(422);
    // Paused and resumed on the same day: nothing moves.
    const resumed = await api.post(`/programme-subscriptions/${sid}/resume`);
    expect(resumed.body.data).toMatchObject({ status: 'active', pausedDays: 0 });
    for (const key of ['w1s1', 'w1s2'])
      expect((await api.post(`/programme-subscriptions/${sid}/sessions/${key}/complete`)).status).toBe(200);
    expect((await api.post(`/programme-subscriptions/${sid}/sessions/w9s1/complete`)).body.code).toBe(
      'UNKNOWN_SESSION',
    );
    expect((await api.post(`/programme-subscriptions/${sid}/sessions/w2s1/complete`)).body.data.status).toBe(
      'completed',
    );
    expect((await api.post(`/programme-subscriptions/${sid}/cancel`)).body.code).toBe('INVALID_TRANSITION');
    const summary = await api.get('/my-bookings/summary');
    expect(summary.body.data.byKind.programme).toEqual({ completed: 1 });
    const mine = await client(node.url, { apiKey: t.apiKey, token: trainer.token }).get('/trainer/programmes');
    expect(mine.body.data.items).toEqual([expect.objectContaining({ id, subscribers: 0 })]);
    expect(mine.body.data.pagination).toEqual({ page: 1, limit: 20, total: 1, totalPages: 1 });
  });

  it('bounds the start date: not in the past, at most a year ahead (a far date broke a later resume)', async () => {
    const { id } = await programme();
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: user.token });
    for (const startDate of [
      '9999-12-20',
      '2020-01-01',
      new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10),
    ]) {
      const r = await api.post(`/programmes/${id}/subscribe`, { startDate });
      expect([r.status, r.body.code], startDate).toEqual([400, 'VALIDATION_ERROR']);
      expect(r.body.details).toEqual([expect.objectContaining({ field: 'startDate' })]);
    }
    const far = await api.post(`/programmes/${id}/subscribe`, {
      startDate: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(far.status).toBe(201);
    expect((await api.post(`/programme-subscriptions/${far.body.data.id}/pause`)).status).toBe(200);
    expect((await api.post(`/programme-subscriptions/${far.body.data.id}/resume`)).status).toBe(200);
  });

  it('closes a programme to new subscribers, and keeps programmes and subscriptions inside their tenant and owner', async () => {
    const { trainer, id } = await programme();
    const user = await createUser(node, t);
    const sub = await client(node.url, { apiKey: t.apiKey, token: user.token }).post(`/programmes/${id}/subscribe`, {});
    expect(sub.status).toBe(201);
    const stranger = await createUser(node, t);
    expect(
      (
        await client(node.url, { apiKey: t.apiKey, token: stranger.token }).post(
          `/programme-subscriptions/${sub.body.data.id}/cancel`,
        )
      ).status,
    ).toBe(404);
    const foreign = await createUser(node, other);
    const foreignApi = client(node.url, { apiKey: other.apiKey, token: foreign.token });
    expect((await foreignApi.get(`/programmes/${id}`)).status).toBe(404);
    expect((await foreignApi.post(`/programmes/${id}/subscribe`, {})).status).toBe(404);
    expect((await foreignApi.post(`/programme-subscriptions/${sub.body.data.id}/pause`)).status).toBe(404);
    const foreignTrainer = await createUser(node, other, 'trainer');
    expect(
      (
        await client(node.url, { apiKey: other.apiKey, token: foreignTrainer.token }).patch(
          `/trainer/programmes/${id}`,
          { isActive: false },
        )
      ).status,
    ).toBe(404);
    expect((await client(node.url, { apiKey: t.apiKey, token: user.token }).get('/trainer/programmes')).status).toBe(
      403,
    );
    await client(node.url, { apiKey: t.apiKey, token: trainer.token }).patch(`/trainer/programmes/${id}`, {
      isActive: false,
    });
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: stranger.token }).post(`/programmes/${id}/subscribe`, {})).body
        .code,
    ).toBe('PROGRAMME_INACTIVE');
    const badPlan = await client(node.url, { apiKey: t.apiKey, token: trainer.token }).post('/trainer/programmes', {
      name: 'x',
      weeks: [{ sessionDays: [8] }],
      price: 1,
      currency: 'GBP',
    });
    expect(badPlan.status).toBe(400);
  });
});
