import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startTestNode } from './support/node.ts';
import { client, type Api } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { createClass, createLiveClass } from './support/viewing.ts';
import { partnerWithStaff } from './support/partners.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';

let node: RunningNode;
let api: Api;
let a: TestTenant;
let b: TestTenant;
let acme: Awaited<ReturnType<typeof partnerWithStaff>>;
let initech: Awaited<ReturnType<typeof partnerWithStaff>>;
let other: Awaited<ReturnType<typeof partnerWithStaff>>;
const sql = (q: string, params: unknown[] = []) => platformEm(node.services.orm).execute(q, params);
const DAY = 86_400_000;

/** Health data no partner may ever see: each marker must be absent from every partner answer. */
const HEALTH_MARKERS = [
  'WEIGHT-87.3',
  'INJURY-LEFT-KNEE',
  'CONDITION-ASTHMA',
  'PLAN-SECRET-MARKER',
  'NUTRITION-SECRET-MARKER',
  'WORKOUT-SECRET-MARKER',
  'NOTES-SECRET-MARKER',
];
const HEALTH_KEYS =
  /"(weight|height|injur\w*|medical\w*|conditions?|calories\w*|protein|carbs|fat|profile|nutrition\w*|progress\w*|fitness\w*)"\s*:/i;

interface Member {
  id: number;
  email: string;
  code: string;
}
const members: Record<'ann' | 'bob' | 'cem' | 'dee', Member> = {} as never;

async function registerMember(partnerOwner: { creds: object }, name: string): Promise<Member> {
  const code = (await api.post('/partner/vouchers', { quantity: 1 }, partnerOwner.creds)).body.data.vouchers[0].code;
  const email = uniqueEmail(name.split(' ')[0]!.toLowerCase());
  const reg = await api.post(
    '/auth/register',
    { email, password: 'member-pass-42', name, voucherCode: code },
    { apiKey: a.apiKey },
  );
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  return { id: reg.body.data.user.id, email, code };
}

async function watch(userId: number, classId: number, seconds: number, daysAgo: number, completed = false) {
  const at = new Date(Date.now() - daysAgo * DAY);
  await sql(
    `insert into viewing_sessions (client_id, user_id, class_id, device_type, status, progress_seconds, total_duration_seconds, watched_seconds, started_at, last_heartbeat_at, completed_at)
     values (?, ?, ?, 'web', ?, ?, 1000, ?, ?, ?, ?)`,
    [
      a.id,
      userId,
      classId,
      completed ? 'completed' : 'abandoned',
      Math.min(seconds, 1000),
      seconds,
      at,
      at,
      completed ? at : null,
    ],
  );
}

beforeAll(async () => {
  node = await startTestNode();
  api = client(node.url);
  a = await createTenant(node);
  b = await createTenant(node);
  acme = await partnerWithStaff(node, a, 'Acme');
  initech = await partnerWithStaff(node, a, 'Initech');
  other = await partnerWithStaff(node, b, 'Elsewhere');
  members.ann = await registerMember(acme.owner, 'Ann Active');
  members.bob = await registerMember(acme.owner, 'Bob Bookings');
  members.cem = await registerMember(acme.owner, 'Cem Formula');
  // Registration refuses such a name; an older or imported account may still carry one, and exports defuse it.
  await sql(`update users set name = '=Cem Formula' where id = ?`, [members.cem.id]);
  members.dee = await registerMember(initech.owner, 'Dee Initech');

  const flow = await createClass(node, a, { name: 'Morning Flow' });
  const hiit = await createClass(node, a, { name: 'Power HIIT' });
  await watch(members.ann.id, flow.id, 1200, 2, true);
  await watch(members.ann.id, hiit.id, 600, 1);
  await watch(members.ann.id, flow.id, 300, 0.5);
  await watch(members.bob.id, hiit.id, 3000, 45, true); // long ago: not active by watching
  await watch(members.dee.id, flow.id, 9999, 1);

  const trainer = await createTrainer(node, a);
  const live = await createLiveClass(node, a, { trainerId: trainer.id });
  await sql(
    `insert into live_attendance (client_id, class_id, user_id, first_joined_at, last_left_at) values (?, ?, ?, now() - interval '40 days', now() - interval '40 days')`,
    [a.id, live.id, members.ann.id],
  );
  const [group] = await sql(
    `insert into group_classes (client_id, trainer_id, name, starts_at, duration_minutes, capacity) values (?, ?, 'Circuit', now() + interval '2 days', 45, 10) returning id`,
    [a.id, trainer.id],
  );
  await sql(`insert into group_class_members (client_id, class_id, user_id, status) values (?, ?, ?, 'joined')`, [
    a.id,
    group!.id,
    members.bob.id,
  ]);
  const [service] = await sql(
    `insert into trainer_services (client_id, trainer_id, name, duration_minutes, price_minor, currency) values (?, ?, 'PT', 60, 5000, 'EUR') returning id`,
    [a.id, trainer.id],
  );
  await sql(
    `insert into bookings (client_id, trainer_id, user_id, service_id, starts_at, ends_at, blocked_range, price_minor, currency)
     values (?, ?, ?, ?, now() + interval '3 days', now() + interval '3 days 1 hour', tstzrange(now() + interval '3 days', now() + interval '3 days 1 hour'), 5000, 'EUR')`,
    [a.id, trainer.id, members.bob.id, service!.id],
  );

  // Health data for every member: profile, plans, progress logs. Bob logged a meal yesterday (so he is active).
  for (const m of Object.values(members)) {
    await sql(`update users set profile = ?::jsonb where id = ?`, [
      JSON.stringify({
        weight: 'WEIGHT-87.3',
        heightCm: 181,
        injuries: ['INJURY-LEFT-KNEE'],
        medicalConditions: ['CONDITION-ASTHMA'],
        fitnessGoal: 'lose_weight',
      }),
      m.id,
    ]);
    await sql(
      `insert into user_plans (client_id, user_id, kind, plan, seed, provider) values (?, ?, 'nutrition', ?::jsonb, 's', 'test')`,
      [a.id, m.id, JSON.stringify({ note: 'PLAN-SECRET-MARKER' })],
    );
    await sql(
      `insert into progress_workouts (client_id, user_id, local_date, name, duration_minutes, notes, logged_at) values (?, ?, current_date - 60, 'WORKOUT-SECRET-MARKER', 30, 'NOTES-SECRET-MARKER', now() - interval '60 days')`,
      [a.id, m.id],
    );
  }
  await sql(
    `insert into progress_nutrition (client_id, user_id, local_date, name, calories, protein, carbs, fat, logged_at) values (?, ?, current_date, 'NUTRITION-SECRET-MARKER', 500, 20, 60, 10, now() - interval '1 day')`,
    [a.id, members.bob.id],
  );
});
afterAll(() => node.stop('test end'));

describe('members', () => {
  it("lists the members who joined through the partner's vouchers, with their activity", async () => {
    const r = await api.get('/partner/members', acme.viewer.creds);
    expect(r.status).toBe(200);
    expect(r.body.data.pagination).toEqual({ page: 1, limit: 20, total: 3, totalPages: 1 });
    const ann = r.body.data.items.find((m: { id: number }) => m.id === members.ann.id);
    expect(ann).toMatchObject({
      name: 'Ann Active',
      email: members.ann.email,
      voucher: { code: members.ann.code },
      active: true,
      watchMinutes: 35,
      classesWatched: 2,
      classesCompleted: 1,
      liveClassesAttended: 1,
      bookingsCount: 0,
    });
    const bob = r.body.data.items.find((m: { id: number }) => m.id === members.bob.id);
    expect(bob).toMatchObject({
      active: true,
      watchMinutes: 50,
      classesWatched: 1,
      classesCompleted: 1,
      liveClassesAttended: 0,
      bookingsCount: 2,
    });
    const cem = r.body.data.items.find((m: { id: number }) => m.id === members.cem.id);
    // Cem only logged a workout 60 days ago: not active.
    expect(cem).toMatchObject({ active: false, watchMinutes: 0, classesWatched: 0 });
    expect(new Date(cem.lastActiveAt).getTime()).toBeLessThan(Date.now() - 59 * DAY);
    expect(r.body.data.items.map((m: { id: number }) => m.id)).not.toContain(members.dee.id);
  });

  it('filters by active and search, sorts by last activity or watch time, and pages', async () => {
    const ids = async (q: string) =>
      (await api.get(`/partner/members?${q}`, acme.owner.creds)).body.data.items.map((m: { id: number }) => m.id);
    expect(await ids('active=true')).toEqual([members.ann.id, members.bob.id]);
    expect(await ids('active=false')).toEqual([members.cem.id]);
    expect(await ids('sort=watchTime')).toEqual([members.bob.id, members.ann.id, members.cem.id]);
    expect(await ids('sort=lastActive')).toEqual([members.ann.id, members.bob.id, members.cem.id]);
    expect(await ids('search=bob')).toEqual([members.bob.id]);
    expect(await ids(`search=${members.ann.email.split('@')[0]}`)).toEqual([members.ann.id]);
    const page2 = (await api.get('/partner/members?sort=watchTime&limit=2&page=2', acme.owner.creds)).body.data;
    expect(page2.items.map((m: { id: number }) => m.id)).toEqual([members.cem.id]);
    expect(page2.pagination).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
    expect((await api.get('/partner/members?sort=weight', acme.owner.creds)).status).toBe(400);
  });

  it('shows one member with their viewing history', async () => {
    const r = await api.get(`/partner/members/${members.ann.id}`, acme.viewer.creds);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      id: members.ann.id,
      watchMinutes: 35,
      liveClassesAttended: 1,
      bookingsCount: 0,
    });
    expect(r.body.data.joinedAt).toMatch(/Z$/);
    expect(r.body.data.recentClasses).toEqual([
      expect.objectContaining({ className: 'Morning Flow', watchMinutes: 25, completed: true }),
      expect.objectContaining({ className: 'Power HIIT', watchMinutes: 10, completed: false }),
    ]);
  });

  it("answers 404 for another partner's member, another tenant's, and a user who joined without this partner", async () => {
    expect((await api.get(`/partner/members/${members.dee.id}`, acme.owner.creds)).status).toBe(404);
    expect((await api.get(`/partner/members/${members.ann.id}`, initech.owner.creds)).status).toBe(404);
    expect((await api.get(`/partner/members/${members.ann.id}`, other.owner.creds)).status).toBe(404);
    const plain = await api.post(
      '/auth/register',
      { email: uniqueEmail('plain'), password: 'member-pass-42' },
      { apiKey: a.apiKey },
    );
    expect((await api.get(`/partner/members/${plain.body.data.user.id}`, acme.owner.creds)).status).toBe(404);
    expect((await api.get('/partner/members', other.owner.creds)).body.data.pagination.total).toBe(0);
    const csv = await fetch(`${node.url}/api/v1/partner/members/export`, {
      headers: { Authorization: `Bearer ${other.owner.token}` },
    });
    expect(parse(await csv.text(), { columns: true })).toEqual([]);
  });

  it('exports members as CSV that parses back to the list, with formula-looking names defused', async () => {
    const res = await fetch(`${node.url}/api/v1/partner/members/export`, {
      headers: { Authorization: `Bearer ${acme.viewer.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => Number(r['id']))).toEqual(
      [members.ann.id, members.bob.id, members.cem.id].sort((x, y) => x - y),
    );
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'name',
      'email',
      'joinedAt',
      'voucherCode',
      'lastActiveAt',
      'active',
      'watchMinutes',
      'classesWatched',
      'classesCompleted',
      'liveClassesAttended',
      'bookingsCount',
    ]);
    const bob = rows.find((r) => Number(r['id']) === members.bob.id)!;
    expect(bob).toMatchObject({
      name: 'Bob Bookings',
      email: members.bob.email,
      voucherCode: members.bob.code,
      active: 'true',
      watchMinutes: '50',
      bookingsCount: '2',
    });
    expect(rows.find((r) => Number(r['id']) === members.cem.id)!['name']).toBe("'=Cem Formula");
    const active = await fetch(`${node.url}/api/v1/partner/members/export?active=false`, {
      headers: { Authorization: `Bearer ${acme.viewer.token}` },
    });
    expect(
      (parse(await active.text(), { columns: true }) as Array<Record<string, string>>).map((r) => Number(r['id'])),
    ).toEqual([members.cem.id]);
  });
});

describe('privacy by design', () => {
  it("no partner answer or CSV carries a member's health data", async () => {
    const doc = (await api.get('/openapi.json')).body;
    const paths = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([path, ops]) => path.startsWith('/partner/') && 'get' in ops)
      .map(([path]) =>
        path.replace('{id}', String(members.ann.id)).replace('{month}', new Date().toISOString().slice(0, 7)),
      );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/partner/members',
        `/partner/members/${members.ann.id}`,
        '/partner/members/export',
        '/partner/vouchers/export',
      ]),
    );
    const seen: string[] = [];
    for (const path of paths) {
      for (const creds of [acme.owner.creds, acme.viewer.creds]) {
        const res = await fetch(`${node.url}/api/v1${path}`, {
          headers: { Authorization: `Bearer ${(creds as { token: string }).token}`, 'X-API-Key': a.apiKey },
        });
        const text = await res.text();
        seen.push(`${path} ${res.status}`);
        for (const marker of HEALTH_MARKERS) expect(text, `${path} leaks ${marker}`).not.toContain(marker);
        expect(text, `${path} has a health field`).not.toMatch(HEALTH_KEYS);
        if (res.headers.get('content-type')?.startsWith('text/csv')) {
          const header = text.split('\n')[0]!;
          expect(header, path).not.toMatch(/weight|height|injur|medical|condition|calorie|nutrition|plan|profile/i);
        }
      }
    }
    expect(seen.filter((s) => s.startsWith('/partner/members')).every((s) => s.endsWith(' 200'))).toBe(true);
  });
});
