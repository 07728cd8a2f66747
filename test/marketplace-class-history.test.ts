import { platformEm } from '../server/db/orm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createBookableTrainer, createGroupClassRow } from './support/marketplace.ts';

const HOUR = 3_600_000;

/** The ICS event with this UID, as a map of property → value (unfolded). */
function eventOf(ics: string, uid: string): Record<string, string> | null {
  const unfolded = ics.replace(/\r\n /g, '');
  const block = unfolded.split('BEGIN:VEVENT\r\n').find((b) => b.includes(`UID:${uid}\r\n`));
  if (!block) return null;
  return Object.fromEntries(
    block
      .split('\r\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
  );
}

describe('marketplace: class places and calendars follow changes', () => {
  let node: RunningNode;
  let t: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    t = await createTenant(node);
  });
  afterAll(() => node.stop());

  const em = () => platformEm(node.services.orm);
  const feedOf = async (api: ReturnType<typeof client>) => {
    const link = await api.post('/calendar/feed', {});
    expect(link.status).toBe(201);
    return async () => (await fetch(`${node.url}${link.body.data.path}`)).text();
  };

  it('a class the trainer cancels shows as cancelled, not joined, for everyone on it', async () => {
    const trainer = await createBookableTrainer(node, t);
    const classId = await createGroupClassRow(node, t, trainer.trainerId, { capacity: 1, hoursAhead: 30 });
    const [holder, waiting] = await Promise.all([createUser(node, t), createUser(node, t)]);
    const as = (u: { token: string }) => client(node.url, { apiKey: t.apiKey, token: u.token });
    expect((await as(holder).post(`/group-classes/${classId}/join`)).body.data.outcome).toBe('joined');
    expect((await as(waiting).post(`/group-classes/${classId}/join`)).body.data.outcome).toBe('waitlisted');
    // Pretend the class and places were last changed yesterday: a cancel must move LAST-MODIFIED.
    await em().execute(`update group_classes set updated_at = now() - interval '1 day' where id = ?`, [classId]);
    await em().execute(`update group_class_members set updated_at = now() - interval '1 day' where class_id = ?`, [
      classId,
    ]);
    const calendar = await feedOf(as(holder));
    const uid = `class-${t.id}-${classId}@stvos`;
    const before = eventOf(await calendar(), uid);
    expect(before).toMatchObject({ STATUS: 'CONFIRMED', SEQUENCE: '0' });

    const cancelled = await client(node.url, { apiKey: t.apiKey, token: trainer.token }).post(
      `/trainer/group-classes/${classId}/cancel`,
    );
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    for (const u of [holder, waiting]) {
      const summary = (await as(u).get('/my-bookings/summary')).body.data;
      expect(summary.byKind.group_class).toEqual({ cancelled: 1 });
      expect(summary.upcoming).toBe(0);
    }
    const after = eventOf(await calendar(), uid)!;
    expect(after).toMatchObject({ STATUS: 'CANCELLED', SEQUENCE: '1' });
    expect(after['LAST-MODIFIED']! > before!['LAST-MODIFIED']!).toBe(true);
  });

  it('a class the user left stays in their calendar and history as cancelled/left; coming back is a newer revision', async () => {
    const trainer = await createBookableTrainer(node, t);
    const classId = await createGroupClassRow(node, t, trainer.trainerId, { capacity: 5, hoursAhead: 40 });
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: user.token });
    const calendar = await feedOf(api);
    const uid = `class-${t.id}-${classId}@stvos`;
    expect(eventOf(await calendar(), uid)).toBeNull();
    await api.post(`/group-classes/${classId}/join`);
    expect(eventOf(await calendar(), uid)).toMatchObject({ STATUS: 'CONFIRMED', SEQUENCE: '0' });

    const left = await api.delete(`/group-classes/${classId}/join`);
    expect(left.body.data).toMatchObject({ left: 'place', spotsLeft: 5, myStatus: null });
    expect(eventOf(await calendar(), uid)).toMatchObject({ STATUS: 'CANCELLED', SEQUENCE: '1' });
    expect((await api.get('/my-bookings/summary')).body.data.byKind.group_class).toEqual({ left: 1 });
    expect((await api.get(`/group-classes/${classId}`)).body.data.myStatus).toBeNull();

    const back = await api.post(`/group-classes/${classId}/join`);
    expect(back.body.data).toMatchObject({ outcome: 'joined', spotsLeft: 4, myStatus: 'joined' });
    expect(eventOf(await calendar(), uid)).toMatchObject({ STATUS: 'CONFIRMED', SEQUENCE: '2' });
    expect((await api.get('/my-bookings/summary')).body.data.byKind.group_class).toEqual({ joined: 1 });
  });

  it('ICS events are in UTC with SEQUENCE, LAST-MODIFIED and DTSTAMP; a cancelled session gets a newer SEQUENCE', async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const api = client(node.url, { apiKey: t.apiKey, token: user.token });
    const hour = Math.floor(Date.now() / HOUR) + 50;
    const booked = await api.post(`/trainers/${trainer.trainerId}/book`, {
      serviceId: trainer.serviceId,
      slotId: `s_${trainer.trainerId}_${trainer.serviceId}_${hour * 60}`,
    });
    expect(booked.status).toBe(201);
    await em().execute(`update bookings set updated_at = now() - interval '1 day' where id = ?`, [booked.body.data.id]);
    const calendar = await feedOf(api);
    const uid = `session-${t.id}-${booked.body.data.id}@stvos`;
    const first = eventOf(await calendar(), uid)!;
    const utc = /^\d{8}T\d{6}Z$/;
    for (const p of ['DTSTART', 'DTEND', 'DTSTAMP', 'LAST-MODIFIED']) expect(first[p], p).toMatch(utc);
    expect(first['SEQUENCE']).toBe('0');
    expect(await calendar()).not.toContain('TZID');
    await api.post(`/my-bookings/sessions/${booked.body.data.id}/cancel`);
    const second = eventOf(await calendar(), uid)!;
    expect(second).toMatchObject({ STATUS: 'CANCELLED', SEQUENCE: '1' });
    expect(second['LAST-MODIFIED']! > first['LAST-MODIFIED']!).toBe(true);
  });
});
