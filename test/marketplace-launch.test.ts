import { platformEm } from '../server/db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';
import { FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET, startLiveKitFake, type LiveKitFake } from './support/livekit-fake.ts';

describe('marketplace: launching a 1-on-1 session on LiveKit', () => {
  let node: RunningNode;
  let bare: RunningNode;
  let fake: LiveKitFake;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    fake = await startLiveKitFake();
    [node, bare] = await Promise.all([
      startTestNode({
        LIVEKIT_URL: fake.url,
        LIVEKIT_API_KEY: FAKE_LIVEKIT_KEY,
        LIVEKIT_API_SECRET: FAKE_LIVEKIT_SECRET,
      }),
      startTestNode(),
    ]);
    [t, other] = await Promise.all([createTenant(node), createTenant(node)]);
  });
  afterAll(async () => {
    closeSockets();
    await Promise.all([node?.stop(), bare?.stop()]);
    await fake?.close();
  });

  /** A confirmed booking starting `minutes` from now, written directly (the API books whole slots only). */
  async function bookingIn(
    trainer: Awaited<ReturnType<typeof createBookableTrainer>>,
    userId: number,
    minutes: number,
  ) {
    const em = platformEm(node.services.orm);
    const [row] = (await em.execute(
      `insert into bookings (client_id, trainer_id, user_id, service_id, starts_at, ends_at, blocked_range, price_minor, currency)
       values (?, ?, ?, ?, now() + make_interval(mins => ?), now() + make_interval(mins => ? + 60),
               tstzrange(now() + make_interval(mins => ?), now() + make_interval(mins => ? + 60)), 5000, 'GBP') returning id`,
      [t.id, trainer.trainerId, userId, trainer.serviceId, minutes, minutes, minutes, minutes],
    )) as Array<{ id: number }>;
    return Number(row?.id);
  }

  it('creates the room, gives both sides a join token for it and tells the user', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const bookingId = await bookingIn(trainer, user.id, 5);
    const userApi = client(node.url, { apiKey: t.apiKey, token: user.token });
    expect((await userApi.post(`/my-bookings/sessions/${bookingId}/join`)).body.code).toBe('NOT_LAUNCHED');
    const userSocket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: user.token });
    const told = nextEvent<{ booking: { id: number; status: string }; launch: { room: string; joinPath: string } }>(
      userSocket,
      'booking:updated',
      3000,
    );

    const launched = await client(node.url, { apiKey: t.apiKey, token: trainer.token }).post(
      `/trainer/bookings/${bookingId}/launch`,
    );
    expect(launched.status).toBe(200);
    const room = `booking-${t.id}-${bookingId}`;
    expect(launched.body.data).toMatchObject({ room, booking: { status: 'in_progress' } });
    expect(fake.rooms.has(room)).toBe(true);
    expect(await told).toMatchObject({
      booking: { id: bookingId, status: 'in_progress' },
      launch: { room, joinPath: `/api/v1/my-bookings/sessions/${bookingId}/join` },
    });

    const joined = await userApi.post(`/my-bookings/sessions/${bookingId}/join`);
    expect(joined.status).toBe(200);
    const verifier = new TokenVerifier(FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET);
    const trainerGrant = await verifier.verify(launched.body.data.token);
    const userGrant = await verifier.verify(joined.body.data.token);
    expect(trainerGrant.video).toMatchObject({ room, roomJoin: true, canPublish: true, roomAdmin: true });
    expect(userGrant.video).toMatchObject({ room, roomJoin: true, canPublish: true });
    expect(userGrant.video?.roomAdmin).toBeFalsy();
    expect(userGrant.sub).toBe(`user-${user.id}`);
    // Launching again hands out a fresh token for the same room.
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: trainer.token }).post(`/trainer/bookings/${bookingId}/launch`))
        .body.data.room,
    ).toBe(room);
  });

  it("refuses early launches, other people's bookings, users and unconfigured servers", async () => {
    const trainer = await createBookableTrainer(node, t);
    const rival = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const later = await bookingIn(trainer, user.id, 120);
    const soon = await bookingIn(trainer, user.id, 3);
    const trainerApi = client(node.url, { apiKey: t.apiKey, token: trainer.token });
    expect((await trainerApi.post(`/trainer/bookings/${later}/launch`)).body.code).toBe('TOO_EARLY');
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: rival.token }).post(`/trainer/bookings/${soon}/launch`))
        .status,
    ).toBe(404);
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: user.token }).post(`/trainer/bookings/${soon}/launch`)).status,
    ).toBe(403);
    const foreignTrainer = await createUser(node, other, 'trainer');
    expect(
      (
        await client(node.url, { apiKey: other.apiKey, token: foreignTrainer.token }).post(
          `/trainer/bookings/${soon}/launch`,
        )
      ).status,
    ).toBe(404);
    await trainerApi.post(`/trainer/bookings/${soon}/launch`);
    const stranger = await createUser(node, t);
    expect(
      (await client(node.url, { apiKey: t.apiKey, token: stranger.token }).post(`/my-bookings/sessions/${soon}/join`))
        .status,
    ).toBe(404);
    const unconfigured = await client(bare.url, { apiKey: t.apiKey, token: trainer.token }).post(
      `/trainer/bookings/${soon}/launch`,
    );
    expect([unconfigured.status, unconfigured.body.code]).toEqual([503, 'LIVEKIT_NOT_CONFIGURED']);
  });
});
