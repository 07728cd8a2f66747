import { platformEm } from '../server/db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { closeSockets, connectSocket, createUser, nextEvent } from './support/realtime.ts';
import { createBookableTrainer, createGroupClassRow } from './support/marketplace.ts';

describe('marketplace: group classes (capacity, waitlist, promotion)', () => {
  let a: RunningNode;
  let b: RunningNode;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestNode(), startTestNode()]);
    [t, other] = await Promise.all([createTenant(a), createTenant(a)]);
  });
  afterAll(async () => {
    closeSockets();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('200 simultaneous joins for 20 places across two nodes: exactly 20 places, 20 waiting, the rest 409 CLASS_FULL', async () => {
    const trainer = await createBookableTrainer(a, t);
    const classId = await createGroupClassRow(a, t, trainer.trainerId, { capacity: 20 });
    const users = await Promise.all(Array.from({ length: 200 }, () => createUser(a, t)));
    const answers = await Promise.all(
      users.map((u, i) =>
        client((i % 2 ? b : a).url, { apiKey: t.apiKey, token: u.token }).post(`/group-classes/${classId}/join`),
      ),
    );
    const outcomes = answers.map((r) => (r.status === 200 ? r.body.data.outcome : `${r.status} ${r.body.code}`));
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    expect([count('joined'), count('waitlisted'), count('409 CLASS_FULL')]).toEqual([20, 20, 160]);
    const view = await client(a.url, { apiKey: t.apiKey, token: users[0]?.token }).get(`/group-classes/${classId}`);
    expect(view.body.data).toMatchObject({ capacity: 20, spotsLeft: 0 });
    const listed = await client(a.url, { apiKey: t.apiKey }).get(`/trainers/${trainer.trainerId}/classes`);
    expect(listed.body.data.upcomingGroupClasses).toEqual([expect.objectContaining({ id: classId, spotsLeft: 0 })]);
    const em = platformEm(a.services.orm);
    const [row] = (await em.execute(
      `select count(*)::int as n from group_class_members where client_id = ? and class_id = ? and status = 'joined'`,
      [t.id, classId],
    )) as Array<{ n: number }>;
    expect(row?.n).toBe(20);
  });

  it('promotes the head of the waitlist when a place frees and tells the promoted user', async () => {
    const trainer = await createBookableTrainer(a, t);
    const classId = await createGroupClassRow(a, t, trainer.trainerId, { capacity: 1, hoursAhead: 6 });
    const [first, second, third] = await Promise.all([createUser(a, t), createUser(a, t), createUser(a, t)]);
    const as = (u: { token: string } | undefined) => client(a.url, { apiKey: t.apiKey, token: u?.token });
    expect((await as(first).post(`/group-classes/${classId}/join`)).body.data).toMatchObject({
      outcome: 'joined',
      spotsLeft: 0,
    });
    expect((await as(first).post(`/group-classes/${classId}/join`)).body.data).toMatchObject({
      outcome: 'already_joined',
      spotsLeft: 0,
    });
    expect((await as(second).post(`/group-classes/${classId}/join`)).body.data).toMatchObject({
      outcome: 'waitlisted',
      waitlistPosition: 1,
    });
    expect((await as(third).post(`/group-classes/${classId}/join`)).body.data).toMatchObject({
      outcome: 'waitlisted',
      waitlistPosition: 2,
    });
    expect((await as(second).post(`/group-classes/${classId}/join`)).body.data).toMatchObject({
      outcome: 'already_waitlisted',
      waitlistPosition: 1,
    });

    const secondSocket = await connectSocket(a.url, t.slug, { apiKey: t.apiKey, token: second?.token });
    const told = nextEvent<{ type: string; groupClass: { id: number; outcome: string } }>(
      secondSocket,
      'booking:updated',
      3000,
    );
    const left = await as(first).delete(`/group-classes/${classId}/join`);
    // Six hours before the start is inside the 12-hour late-leave period.
    expect(left.body.data).toMatchObject({ left: 'place', late: true, promotedUserId: second?.id, spotsLeft: 0 });
    expect(await told).toMatchObject({ type: 'booking:updated', groupClass: { id: classId, outcome: 'promoted' } });
    expect((await as(second).get(`/group-classes/${classId}`)).body.data.myStatus).toBe('joined');
    expect((await as(third).delete(`/group-classes/${classId}/join`)).body.data).toMatchObject({
      left: 'waitlist',
      late: false,
    });
    expect((await as(second).delete(`/group-classes/${classId}/join`)).body.data).toMatchObject({
      spotsLeft: 1,
      promotedUserId: null,
    });
    const notOn = await as(first).delete(`/group-classes/${classId}/join`);
    expect([notOn.status, notOn.body.code]).toEqual([404, 'NOT_ENROLLED']);
    const summary = await as(first).get('/my-bookings/summary');
    // A class left stays in the user's history (and calendar) as left, not vanished.
    expect(summary.body.data.byKind.group_class).toEqual({ left: 1 });
  });

  it("releases a place when its holder's account is erased, and a tenant with rosters can be deleted", async () => {
    const doomed = await createTenant(a);
    const trainer = await createBookableTrainer(a, doomed);
    const classId = await createGroupClassRow(a, doomed, trainer.trainerId, { capacity: 3 });
    const [x, y] = await Promise.all([createUser(a, doomed), createUser(a, doomed)]);
    for (const u of [x, y])
      expect(
        (await client(a.url, { apiKey: doomed.apiKey, token: u?.token }).post(`/group-classes/${classId}/join`)).body
          .data.outcome,
      ).toBe('joined');
    const em = platformEm(a.services.orm);
    await em.execute(`delete from users where client_id = ? and id = ?`, [doomed.id, x?.id]);
    expect(
      (await client(a.url, { apiKey: doomed.apiKey, token: y?.token }).get(`/group-classes/${classId}`)).body.data
        .spotsLeft,
    ).toBe(2);
    await em.execute(`delete from clients where id = ?`, [doomed.id]);
    expect(await em.execute(`select 1 from group_classes where client_id = ?`, [doomed.id])).toEqual([]);
  });

  it('resizing promotes the waitlist; a place freed by an erased account goes to the waitlist, not a newcomer', async () => {
    const trainer = await createBookableTrainer(a, t);
    const classId = await createGroupClassRow(a, t, trainer.trainerId, { capacity: 1 });
    const [p1, p2, p3, p4] = await Promise.all([
      createUser(a, t),
      createUser(a, t),
      createUser(a, t),
      createUser(a, t),
    ]);
    const join = (u: { token: string } | undefined) =>
      client(a.url, { apiKey: t.apiKey, token: u?.token }).post(`/group-classes/${classId}/join`);
    for (const u of [p1, p2, p3]) await join(u);
    const trainerApi = client(a.url, { apiKey: t.apiKey, token: trainer.token });
    const grown = await trainerApi.patch(`/trainer/group-classes/${classId}`, { capacity: 2 });
    expect(grown.body.data).toMatchObject({ capacity: 2, spotsLeft: 0, promotedUserIds: [p2?.id] });
    const shrink = await trainerApi.patch(`/trainer/group-classes/${classId}`, { capacity: 1 });
    expect([shrink.status, shrink.body.code]).toEqual([409, 'CAPACITY_BELOW_JOINED']);
    const rival = await createBookableTrainer(a, t);
    expect(
      (
        await client(a.url, { apiKey: t.apiKey, token: rival.token }).patch(`/trainer/group-classes/${classId}`, {
          capacity: 5,
        })
      ).status,
    ).toBe(404);
    // p1's account is erased: the place is released, and the next join promotes p3 before p4 waits.
    await platformEm(a.services.orm).execute(`delete from users where client_id = ? and id = ?`, [t.id, p1?.id]);
    expect((await join(p4)).body.data).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 1, spotsLeft: 0 });
    expect(
      (await client(a.url, { apiKey: t.apiKey, token: p3?.token }).get(`/group-classes/${classId}`)).body.data.myStatus,
    ).toBe('joined');
  });

  it('refuses joining and leaving once the class has started (422 CLASS_STARTED), and any change to a cancelled class', async () => {
    const trainer = await createBookableTrainer(a, t);
    const classId = await createGroupClassRow(a, t, trainer.trainerId, { capacity: 5, hoursAhead: 2 });
    const [member, late] = await Promise.all([createUser(a, t), createUser(a, t)]);
    const as = (u: { token: string } | undefined) => client(a.url, { apiKey: t.apiKey, token: u?.token });
    expect((await as(member).post(`/group-classes/${classId}/join`)).body.data.outcome).toBe('joined');
    const em = platformEm(a.services.orm);
    await em.execute(
      `update group_classes set starts_at = now() - interval '1 minute' where client_id = ? and id = ?`,
      [t.id, classId],
    );
    const lateJoin = await as(late).post(`/group-classes/${classId}/join`);
    expect([lateJoin.status, lateJoin.body.code]).toEqual([422, 'CLASS_STARTED']);
    const lateLeave = await as(member).delete(`/group-classes/${classId}/join`);
    expect([lateLeave.status, lateLeave.body.code]).toEqual([422, 'CLASS_STARTED']);
    expect((await as(member).get(`/group-classes/${classId}`)).body.data).toMatchObject({ myStatus: 'joined' });
    await em.execute(
      `update group_classes set status = 'cancelled', starts_at = now() + interval '1 day' where client_id = ? and id = ?`,
      [t.id, classId],
    );
    const cancelledJoin = await as(late).post(`/group-classes/${classId}/join`);
    expect([cancelledJoin.status, cancelledJoin.body.code]).toEqual([422, 'CLASS_NOT_OPEN']);
  });

  it("answers another tenant's class with 404 and a bad id with 400", async () => {
    const trainer = await createBookableTrainer(a, t);
    const classId = await createGroupClassRow(a, t, trainer.trainerId, { capacity: 5 });
    const foreign = await createUser(a, other);
    const api = client(a.url, { apiKey: other.apiKey, token: foreign.token });
    expect((await api.get(`/group-classes/${classId}`)).status).toBe(404);
    expect((await api.post(`/group-classes/${classId}/join`)).status).toBe(404);
    expect((await api.delete(`/group-classes/${classId}/join`)).status).toBe(404);
    expect((await api.post(`/group-classes/abc/join`)).status).toBe(400);
    expect((await api.post(`/group-classes/99999999999/join`)).status).toBe(400);
  });
});
