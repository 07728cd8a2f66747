import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openOrm, platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';
import { seedDemoTenant, type DemoCredentials } from '../domain/seed/seed-demo.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { freshDatabases } from './support/fresh-database.ts';
import { unusedDemoCodes } from '../domain/seed/demo-credentials-live.ts';
import { demoBanner } from '../server/cli/demo-credentials.ts';
import { quickStart } from '../clients/typescript/example/quick-start.ts';

/** What an integrator does first after `npm start`: the marketplace journey on the seeded demo, with its printed key. */
const { freshDatabase, dropFreshDatabases } = freshDatabases();

describe('the demo marketplace is alive after seeding', () => {
  let node: RunningNode;
  let creds: DemoCredentials;
  let url: string;
  beforeAll(async () => {
    ({ url } = await freshDatabase());
    const orm = await openOrm(url, 2);
    try {
      await migrate(orm);
      creds = (await seedDemoTenant(platformEm(orm), { onlyIfEmpty: true }))!;
    } finally {
      await orm.close(true);
    }
    node = await startTestNode({ DATABASE_URL: url });
  }, 600_000); // migrations from scratch and the demo seed: minutes on a loaded machine
  afterAll(async () => {
    await node?.stop('test end');
    await dropFreshDatabases();
  });

  it('lists trainers → services → slots → book → my bookings with the demo key', async () => {
    const api = client(node.url, { apiKey: creds.apiKey });
    const login = await api.post('/auth/login', { email: creds.user.email, password: creds.user.password });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const token = login.body.data.accessToken as string;

    const trainers = await api.get('/trainers?limit=100');
    expect(trainers.status).toBe(200);
    expect(trainers.body.data.items).toHaveLength(6);
    const profiles = await Promise.all(
      trainers.body.data.items.map((t: { id: number }) => api.get(`/trainers/${t.id}`)),
    );
    for (const p of profiles) expect(p.body.data.services.length, p.body.data.name).toBeGreaterThan(0);
    expect(profiles.flatMap((p) => p.body.data.programmes)).toHaveLength(1);
    const zones = new Set<string>();
    let classes = 0;
    for (const t of trainers.body.data.items as Array<{ id: number }>) {
      const week = await api.get(`/trainers/${t.id}/availability`);
      zones.add(week.body.data.timeZone);
      classes += (await api.get(`/trainers/${t.id}/classes`)).body.data.upcomingGroupClasses.length;
    }
    expect(zones.size).toBeGreaterThan(1); // weekly hours in the trainers' own zones
    expect(classes).toBeGreaterThanOrEqual(5);

    // The demo user already has an upcoming session and a group class place.
    const summary = await api.get('/my-bookings/summary', { token });
    expect(summary.body.data.upcoming).toBeGreaterThanOrEqual(2);
    expect(summary.body.data.byKind).toMatchObject({ one_on_one: { confirmed: 1 }, group_class: { joined: 1 } });

    // And can book another one: a trainer other than the coach, the first slot of the first service.
    const other = trainers.body.data.items[2] as { id: number };
    const services = await api.get(`/trainers/${other.id}/services`);
    expect(services.body.data.items.length).toBeGreaterThan(0);
    const serviceId = services.body.data.items[0].id as number;
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const to = new Date(Date.now() + 15 * 86_400_000).toISOString();
    const slots = await api.get(
      `/trainers/${other.id}/availability?serviceId=${serviceId}&from=${from}&to=${to}&tz=America/New_York`,
    );
    expect(slots.status).toBe(200);
    expect(slots.body.data.slots.length).toBeGreaterThan(0);
    const booked = await api.post(
      `/trainers/${other.id}/book`,
      { serviceId, slotId: slots.body.data.slots[0].id },
      { token },
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const mine = await api.get('/my-bookings/sessions?upcoming=true', { token });
    expect(mine.body.data.items.map((b: { id: number }) => b.id)).toContain(booked.body.data.id);
    expect(mine.body.data.items).toHaveLength(2);
  });

  it('the start banner never shows a redeemed invite or voucher', async () => {
    const api = client(node.url, { apiKey: creds.apiKey });
    const em = platformEm(node.services.orm);
    const before = await unusedDemoCodes(em, creds.clientId);
    expect(before.inviteCode).toBe(creds.inviteCode);
    const show = async () =>
      demoBanner({
        url: node.url,
        demo: { creds, ...(await unusedDemoCodes(em, creds.clientId)) },
        adminTokenHint: '-',
        demoFile: '-',
      });
    expect(await show()).toContain(creds.inviteCode);
    const redeemed = await api.post('/trainer-auth/register', {
      inviteCode: creds.inviteCode,
      email: 'maya@example.com',
      password: 'Correct-horse-9',
    });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    const banner = await show();
    expect(banner).not.toContain(creds.inviteCode);
    expect(banner).toContain('Trainer invite: (used)');
    expect(banner).toContain(before.voucherCode!); // still unused
  });

  it("the typed client's Quick Start example runs on the demo: register, discover, watch with socket heartbeats, book", async () => {
    const lines: string[] = [];
    const result = await quickStart({ baseUrl: node.url, apiKey: creds.apiKey, log: (l) => lines.push(l) });
    expect(result.booking).toMatchObject({ status: 'confirmed', kind: 'one_on_one' });
    expect(result.myBookings.map((b) => b.id)).toContain(result.booking.id);
    expect(result.progress).toMatchObject({ sessionId: result.sessionId, progressSeconds: 90 });
    expect(lines.some((l) => l.startsWith('booked '))).toBe(true);
  });

  it('seeding again tops up without duplicating', async () => {
    const orm = await openOrm(url, 2);
    try {
      expect(await seedDemoTenant(platformEm(orm), { onlyIfEmpty: false })).toBeNull();
      const [n] = await platformEm(orm).execute(`select
        (select count(*)::int from trainer_services) as services, (select count(*)::int from trainer_availability) as hours,
        (select count(*)::int from group_classes) as classes, (select count(*)::int from programmes) as programmes`);
      expect(n).toEqual({ services: 7, hours: 6, classes: 5, programmes: 1 }); // the bookings made above did not add any
    } finally {
      await orm.close(true);
    }
  });
});
