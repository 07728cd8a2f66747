import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';

const HOUR = 3_600_000;

describe('marketplace: my bookings (summary, sessions, cancellation window)', () => {
  let node: RunningNode;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    t = await createTenant(node, { settings: { cancellationWindowHours: 48 } });
    other = await createTenant(node);
  });
  afterAll(() => {
    closeSockets();
    return node.stop();
  });

  /** Books the slot starting `hoursAhead` whole hours from now. */
  async function bookAt(trainer: Awaited<ReturnType<typeof createBookableTrainer>>, token: string, hoursAhead: number) {
    const epochHour = Math.floor(Date.now() / HOUR) + hoursAhead;
    const res = await client(node.url, { apiKey: t.apiKey, token }).post(`/trainers/${trainer.trainerId}/book`, {
      serviceId: trainer.serviceId,
      slotId: `s_${trainer.trainerId}_${trainer.serviceId}_${epochHour * 60}`,
    });
    expect(res.status).toBe(201);
    return res.body.data as { id: number; start: string };
  }

  it('cancels outside the window as on time and inside it as late, and tells the trainer', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: user.token });
    const early = await bookAt(trainer, user.token, 72);
    const soon = await bookAt(trainer, user.token, 5);
    const trainerSocket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: trainer.token });
    const told = nextEvent<{ type: string; booking: { id: number; status: string } }>(
      trainerSocket,
      'booking:cancelled',
      3000,
    );

    const onTime = await api.post(`/my-bookings/sessions/${early.id}/cancel`);
    expect(onTime.status).toBe(200);
    expect(onTime.body.data).toMatchObject({ status: 'cancelled', cancelledBy: 'user', lateCancellation: false });
    expect(await told).toMatchObject({ type: 'booking:cancelled', booking: { id: early.id, status: 'cancelled' } });
    const late = await api.post(`/my-bookings/sessions/${soon.id}/cancel`);
    expect(late.body.data).toMatchObject({ status: 'cancelled', lateCancellation: true });
    const twice = await api.post(`/my-bookings/sessions/${soon.id}/cancel`);
    expect([twice.status, twice.body.code]).toEqual([422, 'INVALID_TRANSITION']);
    // The freed slot can be booked again.
    expect((await bookAt(trainer, user.token, 72)).start).toBe(early.start);
  });

  it('counts by kind and status and lists sessions with filters and pagination', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: user.token });
    const booked = [
      await bookAt(trainer, user.token, 80),
      await bookAt(trainer, user.token, 82),
      await bookAt(trainer, user.token, 84),
    ];
    await api.post(`/my-bookings/sessions/${booked[0]?.id}/cancel`);
    const summary = await api.get('/my-bookings/summary');
    expect(summary.body.data).toMatchObject({
      total: 3,
      upcoming: 2,
      byKind: { one_on_one: { confirmed: 2, cancelled: 1 } },
    });
    const page1 = await api.get('/my-bookings/sessions?limit=2&status=confirmed');
    expect(page1.body.data.pagination).toEqual({ page: 1, limit: 2, total: 2, totalPages: 1 });
    expect(page1.body.data.items.map((b: { id: number }) => b.id)).toEqual([booked[1]?.id, booked[2]?.id]);
    expect((await api.get('/my-bookings/sessions?page=2&limit=2')).body.data.items).toHaveLength(1);
    expect(
      (await api.get(`/my-bookings/sessions?from=${encodeURIComponent(booked[2]?.start ?? '')}`)).body.data.items,
    ).toHaveLength(1);
    expect((await api.get('/my-bookings/sessions?status=nonsense')).status).toBe(400);
  });

  it("refuses another user's and another tenant's booking with 404", async () => {
    const trainer = await createBookableTrainer(node, t);
    const owner = await createUser(node, t);
    const stranger = await createUser(node, t);
    const foreign = await createUser(node, other);
    const booking = await bookAt(trainer, owner.token, 90);
    expect(
      (
        await client(node.url, { apiKey: t.apiKey, token: stranger.token }).post(
          `/my-bookings/sessions/${booking.id}/cancel`,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await client(node.url, { apiKey: other.apiKey, token: foreign.token }).post(
          `/my-bookings/sessions/${booking.id}/cancel`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: stranger.token }).get('/my-bookings/sessions')).body.data
        .items,
    ).toEqual([]);
    const disabled = await createTenant(node, { enabledFeatures: [] });
    const u = await createUser(node, disabled);
    expect(
      (await client(node.url, { apiKey: disabled.apiKey, token: u.token }).get('/my-bookings/summary')).body.code,
    ).toBe('FEATURE_DISABLED');
  });
});
