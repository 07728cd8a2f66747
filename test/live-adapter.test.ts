import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import { createLiveKitAdapter, liveKitOf } from '../domain/live/livekit.adapter.ts';
import { buildNodeParts } from '../server/node-parts.ts';
import { FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET, startLiveKitFake, type LiveKitFake } from './support/livekit-fake.ts';

/** The adapter's real SDK calls against the loopback Twirp fake; tokens and webhooks checked with the SDK. */
describe('LiveKit adapter', () => {
  let fake: LiveKitFake;
  beforeAll(async () => {
    fake = await startLiveKitFake();
  });
  afterAll(() => fake.close());
  const adapter = () =>
    createLiveKitAdapter({ url: fake.url, apiKey: FAKE_LIVEKIT_KEY, apiSecret: FAKE_LIVEKIT_SECRET });

  it('creates, lists participants of and deletes a room through RoomServiceClient', async () => {
    const lk = adapter();
    const room = await lk.createRoom({ name: 'room-a', maxParticipants: 25, emptyTimeoutSeconds: 120 });
    expect(room).toMatchObject({ name: 'room-a', maxParticipants: 25 });
    expect(room.sid).toMatch(/^RM_/);
    expect(fake.calls.at(-1)).toMatchObject({
      method: 'CreateRoom',
      body: { name: 'room-a', emptyTimeout: 120, maxParticipants: 25 },
    });
    fake.connect('room-a', 'u-1', 'Ada');
    const list = await lk.listParticipants('room-a');
    expect(list).toEqual([expect.objectContaining({ identity: 'u-1', name: 'Ada' })]);
    await lk.deleteRoom('room-a');
    expect(fake.rooms.has('room-a')).toBe(false);
    // Deleting again (LiveKit answers 404) is not an error; listing a missing room is an empty list.
    await expect(lk.deleteRoom('room-a')).resolves.toBeUndefined();
    expect(await lk.listParticipants('room-a')).toEqual([]);
  });

  it('is refused by the service with a wrong secret (the fake checks the bearer like LiveKit)', async () => {
    const bad = createLiveKitAdapter({
      url: fake.url,
      apiKey: FAKE_LIVEKIT_KEY,
      apiSecret: 'another-secret-0123456789abcdef0123',
    });
    await expect(bad.createRoom({ name: 'x' })).rejects.toMatchObject({
      code: 'LIVEKIT_UNAVAILABLE',
      kind: 'unavailable',
    });
  });

  it('signs room-scoped join tokens locally with identity, name, grants and expiry', async () => {
    const lk = createLiveKitAdapter({
      url: 'https://nowhere.invalid',
      apiKey: FAKE_LIVEKIT_KEY,
      apiSecret: FAKE_LIVEKIT_SECRET,
    });
    const before = Math.floor(Date.now() / 1000);
    const t = await lk.joinToken({
      room: 'c1-live-9',
      identity: 'user-5',
      name: 'Ada',
      ttlSeconds: 600,
      canPublish: false,
    });
    expect(t.wsUrl).toBe('wss://nowhere.invalid');
    const claims = await new TokenVerifier(FAKE_LIVEKIT_KEY, FAKE_LIVEKIT_SECRET).verify(t.token);
    expect(claims).toMatchObject({
      sub: 'user-5',
      name: 'Ada',
      iss: FAKE_LIVEKIT_KEY,
      video: { room: 'c1-live-9', roomJoin: true, canPublish: false, canSubscribe: true },
    });
    expect(claims.exp! - before).toBeGreaterThanOrEqual(599);
    expect(claims.exp! - before).toBeLessThanOrEqual(601);
    await expect(
      new TokenVerifier(FAKE_LIVEKIT_KEY, 'wrong-secret-0123456789abcdef0123456').verify(t.token),
    ).rejects.toThrow();
  });

  it('accepts a signed webhook and rejects a bad signature or a changed body', async () => {
    const lk = adapter();
    const signed = await fake.signedWebhook({
      event: 'participant_joined',
      room: 'r1',
      identity: 'user-7',
      name: 'Bo',
      id: 'EV_1',
      createdAt: 1_700_000_000,
    });
    expect(await lk.receiveWebhook(signed.body, signed.authorization)).toEqual({
      id: 'EV_1',
      event: 'participant_joined',
      createdAt: 1_700_000_000,
      room: 'r1',
      participant: { identity: 'user-7', name: 'Bo', sid: 'PA_user-7' },
    });
    const forged = await fake.signedWebhook(
      { event: 'participant_joined', room: 'r1', identity: 'user-7' },
      'forged-secret-0123456789abcdef01234',
    );
    await expect(lk.receiveWebhook(forged.body, forged.authorization)).rejects.toMatchObject({
      code: 'INVALID_WEBHOOK_SIGNATURE',
    });
    await expect(
      lk.receiveWebhook(signed.body.replace('user-7', 'user-8'), signed.authorization),
    ).rejects.toMatchObject({ code: 'INVALID_WEBHOOK_SIGNATURE' });
    await expect(lk.receiveWebhook(signed.body, undefined)).rejects.toMatchObject({
      code: 'INVALID_WEBHOOK_SIGNATURE',
    });
  });

  it('answers LIVEKIT_NOT_CONFIGURED without settings; a node builds one adapter with its services', () => {
    expect(() => liveKitOf({ url: undefined, apiKey: undefined, apiSecret: undefined })).toThrow(
      expect.objectContaining({ code: 'LIVEKIT_NOT_CONFIGURED' }),
    );
    const settings = { url: fake.url, apiKey: FAKE_LIVEKIT_KEY, apiSecret: FAKE_LIVEKIT_SECRET };
    const parts = buildNodeParts({ config: { livekit: settings } } as unknown as Parameters<typeof buildNodeParts>[0]);
    expect(parts.liveKit()).toBe(parts.liveKit());
  });
});
