import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createUser } from './support/realtime.ts';
import { createBookableTrainer } from './support/marketplace.ts';

const HOUR = 3_600_000;

describe('marketplace: calendar feeds (ICS)', () => {
  let node: RunningNode;
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    node = await startTestNode();
    [t, other] = await Promise.all([createTenant(node), createTenant(node)]);
  });
  afterAll(() => node.stop());

  const fetchIcs = (path: string) => fetch(`${node.url}${path}`);

  it("serves the user's and the trainer's bookings through revocable links", async () => {
    const trainer = await createBookableTrainer(node, t);
    const user = await createUser(node, t);
    const userApi = client(node.url, { apiKey: t.apiKey, token: user.token });
    const hour = Math.floor(Date.now() / HOUR) + 30;
    const booked = await userApi.post(`/trainers/${trainer.trainerId}/book`, {
      serviceId: trainer.serviceId,
      slotId: `s_${trainer.trainerId}_${trainer.serviceId}_${hour * 60}`,
    });
    expect(booked.status).toBe(201);

    const link = await userApi.post('/calendar/feed', {});
    expect(link.status).toBe(201);
    expect(link.body.data.path).toMatch(/^\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const res = await fetchIcs(link.body.data.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = await res.text();
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics).toContain(`UID:session-${t.id}-${booked.body.data.id}@stvos`);
    expect(ics).toContain(`DTSTART:${new Date(hour * HOUR).toISOString().replace(/[-:]/g, '').replace('.000', '')}`);
    expect(ics).toContain('STATUS:CONFIRMED');

    const trainerLink = await client(node.url, { apiKey: t.apiKey, token: trainer.token }).post('/calendar/feed', {
      scope: 'trainer',
    });
    expect(await (await fetchIcs(trainerLink.body.data.path)).text()).toContain(
      `UID:session-${t.id}-${booked.body.data.id}@stvos`,
    );
    expect((await userApi.post('/calendar/feed', { scope: 'trainer' })).status).toBe(403);

    // Cancelled sessions stay in the feed as cancelled, so subscribed calendars drop them.
    await userApi.post(`/my-bookings/sessions/${booked.body.data.id}/cancel`);
    expect(await (await fetchIcs(link.body.data.path)).text()).toContain('STATUS:CANCELLED');

    // A new link replaces the old one; revoking ends the new one too.
    const second = await userApi.post('/calendar/feed', {});
    expect((await fetchIcs(link.body.data.path)).status).toBe(404);
    expect((await fetchIcs(second.body.data.path)).status).toBe(200);
    expect((await userApi.delete('/calendar/feed')).body.data).toEqual({ revoked: 1 });
    expect((await fetchIcs(second.body.data.path)).status).toBe(404);
  });

  it("shows only the owner's bookings and refuses malformed links", async () => {
    const trainer = await createBookableTrainer(node, t);
    const booker = await createUser(node, t);
    const hour = Math.floor(Date.now() / HOUR) + 40;
    const booked = await client(node.url, { apiKey: t.apiKey, token: booker.token }).post(
      `/trainers/${trainer.trainerId}/book`,
      { serviceId: trainer.serviceId, slotId: `s_${trainer.trainerId}_${trainer.serviceId}_${hour * 60}` },
    );
    const stranger = await createUser(node, t);
    const foreign = await createUser(node, other);
    for (const [tenant, who] of [
      [t, stranger],
      [other, foreign],
    ] as const) {
      const link = await client(node.url, { apiKey: tenant.apiKey, token: who.token }).post('/calendar/feed', {});
      expect(await (await fetchIcs(link.body.data.path)).text()).not.toContain(`-${booked.body.data.id}@stvos`);
    }
    expect((await fetchIcs('/api/v1/calendar/short.ics')).status).toBe(400);
    expect((await fetchIcs(`/api/v1/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
  });
});
