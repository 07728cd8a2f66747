import { platformEm } from '../server/db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { allDayRules, createBookableTrainer } from './support/marketplace.ts';

describe('marketplace: discovery, availability and 1-on-1 booking', () => {
  let a: RunningNode;
  let b: RunningNode;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    // Two nodes on one database: the booking race is settled by the database, not by one process.
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
    [t, other] = await Promise.all([createTenant(a), createTenant(a)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const slotsOf = async (trainerId: number, serviceId: number, extra = '') => {
    const res = await client(a.url, { apiKey: t.apiKey }).get(
      `/trainers/${trainerId}/availability?serviceId=${serviceId}${extra}`,
    );
    expect(res.status).toBe(200);
    return res.body.data.slots as Array<{
      id: string;
      start: string;
      end: string;
      local: { start: string };
      viewer: { timeZone: string; start: string };
    }>;
  };

  it('lists, searches and shows trainers with services and classes', async () => {
    const tr = await createBookableTrainer(a, t);
    const api = client(a.url, { apiKey: t.apiKey });
    const list = await api.get('/trainers?limit=100&active=true');
    expect(list.status).toBe(200);
    expect(list.body.data.items.map((x: { id: number }) => x.id)).toContain(tr.trainerId);
    expect(list.body.data.pagination).toMatchObject({ page: 1, limit: 100 });
    expect((await api.get('/trainers?search=zzz-nobody')).body.data.items).toEqual([]);
    const one = await api.get(`/trainers/${tr.trainerId}`);
    expect(one.body.data).toMatchObject({
      id: tr.trainerId,
      services: [{ id: tr.serviceId, duration: 60, price: 5000, currency: 'GBP' }],
      programmes: [],
    });
    expect((await api.get(`/trainers/${tr.trainerId}/services`)).body.data.items).toHaveLength(1);
    expect((await api.get(`/trainers/${tr.trainerId}/classes`)).body.data).toEqual({
      recordedClasses: [],
      upcomingGroupClasses: [],
    });
  });

  it("answers another tenant's trainer, service and slot with 404", async () => {
    const tr = await createBookableTrainer(a, t);
    const foreign = client(a.url, { apiKey: other.apiKey });
    for (const path of ['', '/services', '/classes', '/availability']) {
      expect((await foreign.get(`/trainers/${tr.trainerId}${path}`)).status).toBe(404);
    }
    const outsider = await createUser(a, other);
    const [slot] = await slotsOf(tr.trainerId, tr.serviceId);
    const res = await client(a.url, { apiKey: other.apiKey, token: outsider.token }).post(
      `/trainers/${tr.trainerId}/book`,
      { serviceId: tr.serviceId, slotId: slot?.id },
    );
    expect(res.status).toBe(404);
    // A service of another trainer in the same tenant is not this trainer's.
    const tr2 = await createBookableTrainer(a, t);
    const user = await createUser(a, t);
    const mixed = await client(a.url, { apiKey: t.apiKey, token: user.token }).post(`/trainers/${tr.trainerId}/book`, {
      serviceId: tr2.serviceId,
      slotId: slot?.id,
    });
    expect(mixed.status).toBe(404);
  });

  it('books a slot, then the slot is gone and a second booking answers 409 SLOT_UNAVAILABLE', async () => {
    const tr = await createBookableTrainer(a, t);
    const user = await createUser(a, t);
    const api = client(a.url, { apiKey: t.apiKey, token: user.token });
    const [slot] = await slotsOf(tr.trainerId, tr.serviceId);
    const res = await api.post(`/trainers/${tr.trainerId}/book`, {
      serviceId: tr.serviceId,
      slotId: slot?.id,
      notes: 'knee',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      trainerId: tr.trainerId,
      userId: user.id,
      status: 'confirmed',
      start: slot?.start,
      notes: 'knee',
      price: 5000,
    });
    expect((await slotsOf(tr.trainerId, tr.serviceId)).map((s) => s.id)).not.toContain(slot?.id);
    const again = await api.post(`/trainers/${tr.trainerId}/book`, { serviceId: tr.serviceId, slotId: slot?.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SLOT_UNAVAILABLE');
  });

  it('enforces notice, window, hours and buffers on the server', async () => {
    const tr = await createBookableTrainer(a, t, {
      rules: { ...allDayRules(), minimumNoticeMinutes: 24 * 60, bookingWindowDays: 3, bufferAfterMinutes: 60 },
    });
    const user = await createUser(a, t);
    const api = client(a.url, { apiKey: t.apiKey, token: user.token });
    const hour = Math.floor(Date.now() / 3_600_000) + 2; // a whole hour inside the notice period
    const book = (epochHour: number) =>
      api.post(`/trainers/${tr.trainerId}/book`, {
        serviceId: tr.serviceId,
        slotId: `s_${tr.trainerId}_${tr.serviceId}_${epochHour * 60}`,
      });
    expect((await book(hour)).body.code).toBe('TOO_SOON');
    expect((await book(hour + 24 * 10)).body.code).toBe('OUTSIDE_BOOKING_WINDOW');
    expect((await book(hour + 30)).status).toBe(201);
    // The next hour is inside the 60-minute buffer after that booking.
    const buffered = await book(hour + 31);
    expect([buffered.status, buffered.body.code]).toEqual([409, 'SLOT_UNAVAILABLE']);
    expect((await book(hour + 32)).status).toBe(201);
    const offGrid = await api.post(`/trainers/${tr.trainerId}/book`, {
      serviceId: tr.serviceId,
      slotId: `s_${tr.trainerId}_${tr.serviceId}_${(hour + 40) * 60 + 7}`,
    });
    expect([offGrid.status, offGrid.body.code]).toEqual([409, 'SLOT_UNAVAILABLE']);
    expect(
      (await api.post(`/trainers/${tr.trainerId}/book`, { serviceId: tr.serviceId, slotId: 'nonsense' })).status,
    ).toBe(409);
  });

  it('200 concurrent bookings of one slot across two nodes: exactly one confirmed, the rest 409', async () => {
    const tr = await createBookableTrainer(a, t);
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(a, t)));
    const [, slot] = await slotsOf(tr.trainerId, tr.serviceId);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const node = i % 2 ? b : a;
        const user = users[i % users.length];
        return client(node.url, { apiKey: t.apiKey, token: user?.token }).post(`/trainers/${tr.trainerId}/book`, {
          serviceId: tr.serviceId,
          slotId: slot?.id,
        });
      }),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(
      new Set(['SLOT_UNAVAILABLE']),
    );
    const em = platformEm(a.services.orm);
    const [row] = (await em.execute(
      `select count(*)::int as n from bookings where client_id = ? and trainer_id = ? and status = 'confirmed'`,
      [t.id, tr.trainerId],
    )) as Array<{ n: number }>;
    expect(row?.n).toBe(1);
  });

  it('Idempotency-Key replays the first answer, status and body, also under concurrent retries', async () => {
    const tr = await createBookableTrainer(a, t);
    const user = await createUser(a, t);
    const [slot] = await slotsOf(tr.trainerId, tr.serviceId);
    const body = { serviceId: tr.serviceId, slotId: slot?.id };
    const send = (node: RunningNode, key: string, payload: unknown = body) =>
      client(node.url, { apiKey: t.apiKey, token: user.token, headers: { 'Idempotency-Key': key } }).post(
        `/trainers/${tr.trainerId}/book`,
        payload,
      );
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? a : b, 'key-1')));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((r) => r.body.data.id)).size).toBe(1);
    const later = await send(a, 'key-1');
    expect(later.status).toBe(201);
    expect(later.body).toEqual(answers[0]?.body);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    // A refusal is an answer too: the same key gets the same 409 even when the slot frees up meanwhile.
    const refused = await send(a, 'key-2');
    expect([refused.status, refused.body.code]).toEqual([409, 'SLOT_UNAVAILABLE']);
    const { requestId: _r1, ...first } = refused.body;
    const { requestId: _r2, ...replayed } = (await send(b, 'key-2')).body;
    expect(replayed).toEqual(first);
    const reused = await send(a, 'key-1', { ...body, notes: 'different' });
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await send(a, ' bad key ')).status).toBe(400);
  });

  it('shows slots on both wall clocks across both DST changes in London and New York (via the endpoint)', async () => {
    const tr = await createBookableTrainer(a, t, {
      rules: {
        timeZone: 'Europe/London',
        weekly: { sun: [{ start: '00:00', end: '03:00' }] },
        slotStepMinutes: 30,
        bookingWindowDays: 365,
      },
      duration: 30,
    });
    // Sunday 2027-10-31: 01:00-02:00 BST repeats as 01:00-02:00 GMT, so 00:00–03:00 holds four hours.
    const autumn = await slotsOf(
      tr.trainerId,
      tr.serviceId,
      '&from=2027-10-30T22:00:00Z&to=2027-10-31T04:00:00Z&tz=America/New_York',
    );
    const locals = autumn.map((s) => s.local.start);
    expect(locals).toContain('2027-10-31T01:30:00+01:00');
    expect(locals).toContain('2027-10-31T01:30:00+00:00');
    expect(autumn).toHaveLength(8);
    expect(autumn[0]?.start).toBe('2027-10-30T23:00:00.000Z');
    expect(autumn[0]?.viewer).toEqual(
      expect.objectContaining({ timeZone: 'America/New_York', start: '2027-10-30T19:00:00-04:00' }),
    );
    // Sunday 2027-03-28: 01:00-02:00 does not exist, so 00:00–03:00 holds two hours.
    const spring = await slotsOf(tr.trainerId, tr.serviceId, '&from=2027-03-27T22:00:00Z&to=2027-03-28T04:00:00Z');
    expect(spring.map((s) => s.local.start)).toEqual([
      '2027-03-28T00:00:00+00:00',
      '2027-03-28T00:30:00+00:00',
      '2027-03-28T02:00:00+01:00',
      '2027-03-28T02:30:00+01:00',
    ]);
    expect(spring.map((s) => s.start)).toEqual([
      '2027-03-28T00:00:00.000Z',
      '2027-03-28T00:30:00.000Z',
      '2027-03-28T01:00:00.000Z',
      '2027-03-28T01:30:00.000Z',
    ]);
    // New York, the same rules: 2027-03-14 loses 02:00-03:00, 2027-11-07 repeats 01:00-02:00.
    const ny = await createBookableTrainer(a, t, {
      rules: {
        timeZone: 'America/New_York',
        weekly: { sun: [{ start: '01:00', end: '04:00' }] },
        slotStepMinutes: 30,
        bookingWindowDays: 365,
      },
      duration: 30,
    });
    const nySpring = await slotsOf(
      ny.trainerId,
      ny.serviceId,
      '&from=2027-03-14T00:00:00Z&to=2027-03-15T00:00:00Z&tz=Europe/London',
    );
    expect(nySpring.map((s) => s.local.start)).toEqual([
      '2027-03-14T01:00:00-05:00',
      '2027-03-14T01:30:00-05:00',
      '2027-03-14T03:00:00-04:00',
      '2027-03-14T03:30:00-04:00',
    ]);
    expect(nySpring[2]?.viewer).toEqual(
      expect.objectContaining({ timeZone: 'Europe/London', start: '2027-03-14T07:00:00+00:00' }),
    );
    const nyAutumn = await slotsOf(ny.trainerId, ny.serviceId, '&from=2027-11-07T00:00:00Z&to=2027-11-08T00:00:00Z');
    expect(nyAutumn).toHaveLength(8);
    expect(nyAutumn.map((s) => s.local.start).filter((x) => x.startsWith('2027-11-07T01:30'))).toEqual([
      '2027-11-07T01:30:00-04:00',
      '2027-11-07T01:30:00-05:00',
    ]);
    const bad = await client(a.url, { apiKey: t.apiKey }).get(`/trainers/${tr.trainerId}/availability?tz=Mars/Olympus`);
    expect(bad.status).toBe(400);
  });
});
