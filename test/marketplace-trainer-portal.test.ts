import { platformEm } from '../server/db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';

const HOUR = 3_600_000;

describe('marketplace: trainer portal', () => {
  let node: RunningNode;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    [t, other] = await Promise.all([createTenant(node), createTenant(node)]);
  });
  afterAll(() => {
    closeSockets();
    return node.stop();
  });

  const portalRoutes: Array<[string, string]> = [
    ['GET', '/trainer/profile'],
    ['PATCH', '/trainer/profile'],
    ['GET', '/trainer/services'],
    ['POST', '/trainer/services'],
    ['PATCH', '/trainer/services/1'],
    ['GET', '/trainer/availability'],
    ['PUT', '/trainer/availability'],
    ['POST', '/trainer/availability/exceptions'],
    ['DELETE', '/trainer/availability/exceptions/0'],
    ['GET', '/trainer/bookings'],
    ['POST', '/trainer/bookings/1/complete'],
    ['POST', '/trainer/bookings/1/cancel'],
    ['POST', '/trainer/bookings/1/no-show'],
    ['GET', '/trainer/group-classes'],
    ['POST', '/trainer/group-classes'],
    ['PATCH', '/trainer/group-classes/1'],
    ['POST', '/trainer/group-classes/1/cancel'],
    ['GET', '/trainer/clients'],
    ['GET', '/trainer/clients/1/history'],
  ];

  it('refuses every portal route to a user token with 403', async () => {
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: user.token });
    for (const [method, path] of portalRoutes) {
      const res = await api.raw(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect([method, path, res.status, res.body.code]).toEqual([method, path, 403, 'FORBIDDEN']);
    }
  });

  it('refuses NUL and control characters in text that would reach a column (400, never a 500)', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: trainer.token });
    const nul = 'a\u0000b';
    const answers = [
      await api.patch('/trainer/profile', { bio: nul }),
      await api.patch('/trainer/profile', { specialisations: ['x\u0007'] }),
      await api.post('/trainer/services', { name: nul, duration: 30, price: 1, currency: 'GBP' }),
      await api.post('/trainer/availability/exceptions', { kind: 'day_off', date: '2027-01-04', note: nul }),
      await api.post('/trainer/group-classes', {
        name: nul,
        startsAt: new Date(Date.now() + 90 * HOUR).toISOString(),
        duration: 30,
        capacity: 2,
      }),
      await api.post('/trainer/programmes', {
        name: 'P',
        description: nul,
        weeks: [{ sessionDays: [1] }],
        price: 1,
        currency: 'GBP',
      }),
      await client(node.url, { apiKey: t.apiKey }).get('/trainers?search=a%00b'),
      await client(node.url, { apiKey: t.apiKey, token: user.token }).post(`/trainers/${trainer.trainerId}/book`, {
        serviceId: trainer.serviceId,
        slotId: 's_1_1_1',
        notes: nul,
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual(Array(answers.length).fill(400));
    // Newlines are fine in multi-line text.
    expect((await api.patch('/trainer/profile', { bio: 'line one\nline two' })).status).toBe(200);
  });

  it('manages profile, services and availability, and users see the result', async () => {
    const trainer = await createUser(node, t, 'trainer');
    const api = client(node.url, { apiKey: t.apiKey, token: trainer.token });
    const profile = await api.patch('/trainer/profile', {
      bio: 'Strength coach',
      specialisations: ['strength', 'mobility'],
    });
    expect(profile.body.data).toMatchObject({
      id: trainer.trainerId,
      bio: 'Strength coach',
      specialisations: ['strength', 'mobility'],
    });
    const service = await api.post('/trainer/services', {
      name: 'Assessment',
      duration: 45,
      price: 3000,
      currency: 'EUR',
    });
    expect(service.status).toBe(201);
    expect((await api.post('/trainer/services', { name: 'x', duration: 2, price: -1, currency: 'euro' })).status).toBe(
      400,
    );
    const rules = await api.put('/trainer/availability', {
      timeZone: 'America/New_York',
      weekly: { mon: [{ start: '09:00', end: '12:00' }], wed: [{ start: '14:00', end: '18:00' }] },
      bufferAfterMinutes: 15,
      slotStepMinutes: 30,
    });
    expect(rules.status).toBe(200);
    expect(rules.body.data).toMatchObject({ timeZone: 'America/New_York', bufferAfterMinutes: 15, exceptions: [] });
    expect((await api.put('/trainer/availability', { timeZone: 'Nowhere/City', weekly: {} })).status).toBe(400);
    const withOff = await api.post('/trainer/availability/exceptions', { kind: 'day_off', date: '2027-01-04' });
    expect(withOff.body.data.exceptions).toEqual([{ kind: 'day_off', date: '2027-01-04' }]);

    const publicApi = client(node.url, { apiKey: t.apiKey });
    const day = (date: string) =>
      publicApi.get(
        `/trainers/${trainer.trainerId}/availability?serviceId=${service.body.data.id}&from=${date}T00:00:00Z&to=${date}T23:59:00Z`,
      );
    expect((await day('2027-01-04')).body.data.slots).toEqual([]); // the Monday off
    const monday = (await day('2027-01-11')).body.data;
    expect(monday.slots.map((s: { local: { start: string } }) => s.local.start)).toContain('2027-01-11T09:00:00-05:00');
    expect(monday.slots.at(-1).local.start).toBe('2027-01-11T11:00:00-05:00'); // 45 minutes must end by 12:00
    expect((await api.delete('/trainer/availability/exceptions/0')).body.data.exceptions).toEqual([]);
    expect((await api.delete('/trainer/availability/exceptions/5')).status).toBe(404);
    const retired = await api.patch(`/trainer/services/${service.body.data.id}`, { isActive: false });
    expect(retired.body.data.isActive).toBe(false);
    expect((await publicApi.get(`/trainers/${trainer.trainerId}/services`)).body.data).toEqual({
      items: [],
      pagination: { page: 1, limit: 20, total: 0, totalPages: 0 },
    });
  });

  it('lists, cancels, completes and marks no-shows on its own bookings only; the user is told', async () => {
    const trainer = await createBookableTrainer(node, t);
    const rival = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: trainer.token });
    const slot = (tr: typeof trainer, h: number) =>
      `s_${tr.trainerId}_${tr.serviceId}_${(Math.floor(Date.now() / HOUR) + h) * 60}`;
    const book = async (tr: typeof trainer, h: number) =>
      (
        await client(node.url, { apiKey: t.apiKey, token: user.token }).post(`/trainers/${tr.trainerId}/book`, {
          serviceId: tr.serviceId,
          slotId: slot(tr, h),
        })
      ).body.data;
    const future = await book(trainer, 30);
    const rivals = await book(rival, 30);
    // A session that has already started, written directly (the API never books the past).
    const em = platformEm(node.services.orm);
    const [past] = (await em.execute(
      `insert into bookings (client_id, trainer_id, user_id, service_id, starts_at, ends_at, blocked_range, price_minor, currency)
       values (?, ?, ?, ?, now() - interval '2 hours', now() - interval '1 hour', tstzrange(now() - interval '2 hours', now() - interval '1 hour'), 5000, 'GBP') returning id`,
      [t.id, trainer.trainerId, user.id, trainer.serviceId],
    )) as Array<{ id: number }>;

    const listed = await api.get('/trainer/bookings?upcoming=true');
    expect(listed.body.data.items.map((b: { id: number }) => b.id)).toEqual([future.id]);
    expect((await api.post(`/trainer/bookings/${future.id}/complete`)).body.code).toBe('SESSION_NOT_STARTED');
    expect((await api.post(`/trainer/bookings/${past?.id}/complete`)).body.data).toMatchObject({ status: 'completed' });
    expect((await api.post(`/trainer/bookings/${past?.id}/no-show`)).body.code).toBe('INVALID_TRANSITION');

    const userSocket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: user.token });
    const told = nextEvent<{ booking: { id: number; cancelledBy: string } }>(userSocket, 'booking:cancelled', 3000);
    const cancelled = await api.post(`/trainer/bookings/${future.id}/cancel`);
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', cancelledBy: 'trainer', lateCancellation: false });
    expect(await told).toMatchObject({ booking: { id: future.id, cancelledBy: 'trainer' } });
    // Another trainer's booking, and any booking from another tenant, is not found.
    expect((await api.post(`/trainer/bookings/${rivals.id}/cancel`)).status).toBe(404);
    const foreign = await createUser(node, other, 'trainer');
    expect(
      (
        await client(node.url, { apiKey: other.apiKey, token: foreign.token }).post(
          `/trainer/bookings/${past?.id}/complete`,
        )
      ).status,
    ).toBe(404);

    const clients = await api.get('/trainer/clients');
    expect(clients.body.data.items).toEqual([
      expect.objectContaining({ id: user.id, sessions: 2, completedSessions: 1, upcomingSessions: 0 }),
    ]);
    const history = await api.get(`/trainer/clients/${user.id}/history`);
    expect(history.body.data.items.map((b: { id: number }) => b.id).sort()).toEqual([past?.id, future.id].sort());
    const stranger = await createUser(node, t);
    expect((await api.get(`/trainer/clients/${stranger.id}/history`)).status).toBe(404);
  });

  it('schedules and cancels group classes that users then see', async () => {
    const trainer = await createUser(node, t, 'trainer');
    const api = client(node.url, { apiKey: t.apiKey, token: trainer.token });
    const startsAt = new Date(Date.now() + 72 * HOUR).toISOString();
    const created = await api.post('/trainer/group-classes', { name: 'Yoga', startsAt, duration: 60, capacity: 12 });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'Yoga', capacity: 12, spotsLeft: 12, status: 'scheduled' });
    const clash = await api.post('/trainer/group-classes', {
      name: 'Overlap',
      startsAt: new Date(Date.now() + 72 * HOUR + 30 * 60_000).toISOString(),
      duration: 60,
      capacity: 5,
    });
    expect([clash.status, clash.body.code]).toEqual([409, 'TIME_TAKEN']);
    expect(
      (
        await api.post('/trainer/group-classes', {
          name: 'Past',
          startsAt: new Date(Date.now() - HOUR).toISOString(),
          duration: 60,
          capacity: 5,
        })
      ).body.code,
    ).toBe('IN_THE_PAST');
    const seen = await client(node.url, { apiKey: t.apiKey }).get(`/trainers/${trainer.trainerId}/classes`);
    expect(seen.body.data.upcomingGroupClasses).toEqual([
      expect.objectContaining({ id: created.body.data.id, name: 'Yoga', spotsLeft: 12 }),
    ]);
    expect((await api.get('/trainer/group-classes')).body.data.items).toHaveLength(1);
    const foreign = await createUser(node, other, 'trainer');
    expect(
      (
        await client(node.url, { apiKey: other.apiKey, token: foreign.token }).post(
          `/trainer/group-classes/${created.body.data.id}/cancel`,
        )
      ).status,
    ).toBe(404);
    const member = await createUser(node, t);
    expect(
      (
        await client(node.url, { apiKey: t.apiKey, token: member.token }).post(
          `/group-classes/${created.body.data.id}/join`,
        )
      ).body.data.outcome,
    ).toBe('joined');
    const memberSocket = await connectSocket(node.url, t.slug, { apiKey: t.apiKey, token: member.token });
    const told = nextEvent<{ groupClass: { id: number; outcome: string } }>(memberSocket, 'booking:cancelled', 3000);
    expect((await api.post(`/trainer/group-classes/${created.body.data.id}/cancel`)).body.data.status).toBe(
      'cancelled',
    );
    expect(await told).toMatchObject({ groupClass: { id: created.body.data.id, outcome: 'class_cancelled' } });
    expect((await api.post(`/trainer/group-classes/${created.body.data.id}/cancel`)).body.code).toBe('CLASS_NOT_OPEN');
  });
});
