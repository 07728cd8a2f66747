import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, type TestTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { PROFILE, registerUser, sql } from './personalisation-fixtures.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop('test end');
});

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const at = (n: number, hhmm: string) => new Date(`${day(n)}T${hhmm}:00Z`);

async function liveClass(tenant: TestTenant, name: string, startsAt: Date, minutes: number, intensity: string) {
  const [row] = await sql(
    node,
    `insert into classes (client_id, name, duration_seconds, intensity, kind, scheduled_at, status, published_at)
    values (?, ?, ?, ?, 'live', ?, 'scheduled', now()) returning id`,
    [tenant.id, name, minutes * 60, intensity, startsAt],
  );
  return row.id as number;
}
async function onDemand(tenant: TestTenant, name: string, minutes: number, intensity: string, published = true) {
  const [row] = await sql(
    node,
    `insert into classes (client_id, name, duration_seconds, intensity, kind, published_at)
    values (?, ?, ?, ?, 'on_demand', ${published ? 'now()' : 'null'}) returning id`,
    [tenant.id, name, minutes * 60, intensity],
  );
  return row.id as number;
}
async function groupClass(
  tenant: TestTenant,
  trainerId: number,
  name: string,
  startsAt: Date,
  capacity = 10,
  joined = 0,
) {
  const [row] = await sql(
    node,
    `insert into group_classes (client_id, trainer_id, name, starts_at, duration_minutes, capacity, joined_count)
    values (?, ?, ?, ?, 60, ?, ?) returning id`,
    [tenant.id, trainerId, name, startsAt, capacity, joined],
  );
  return row.id as number;
}
async function booking(tenant: TestTenant, trainerId: number, userId: number, start: Date, end: Date) {
  const [service] = await sql(
    node,
    `insert into trainer_services (client_id, trainer_id, name, duration_minutes, price_minor, currency)
    values (?, ?, 'PT', 45, 5000, 'GBP') returning id`,
    [tenant.id, trainerId],
  );
  await sql(
    node,
    `insert into bookings (client_id, trainer_id, user_id, service_id, starts_at, ends_at, blocked_range, price_minor, currency)
    values (?, ?, ?, ?, ?, ?, tstzrange(?, ?), 5000, 'GBP')`,
    [tenant.id, trainerId, userId, service.id, start, end, start, end],
  );
}

describe('class plans', () => {
  it('fits training days to live, group and on-demand classes around the user’s bookings; the daily plan shows them', async () => {
    const tenant = await createTenant(node);
    const other = await createTenant(node);
    const trainer = await createTrainer(node, tenant);
    const user = await registerUser(node, tenant, {
      profile: { ...PROFILE, fitnessLevel: 'intermediate', fitnessGoal: 'lose weight', workoutsPerWeek: 3 },
    });

    const evening = await liveClass(tenant, 'Evening HIIT', at(1, '18:00'), 45, 'high');
    const clashing = await liveClass(tenant, 'Early flow', at(2, '07:00'), 30, 'medium');
    const group = await groupClass(tenant, trainer.id, 'Lunch circuit', at(3, '12:00'));
    const full = await groupClass(tenant, trainer.id, 'Full class', at(4, '12:00'), 1, 1);
    const [hard, easy] = [
      await onDemand(tenant, 'Tabata 40', 40, 'high'),
      await onDemand(tenant, 'Stretch 20', 20, 'low'),
    ];
    const draft = await onDemand(tenant, 'Unpublished', 30, 'high', false);
    const foreign = await liveClass(other, 'Not yours', at(1, '09:00'), 30, 'high');
    await booking(tenant, trainer.id, user.id, at(2, '06:45'), at(2, '07:30'));

    const res = await user.api.post('/users/me/class-plan', { preferences: { weeks: 1 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const plan = res.body.data.classPlan;
    expect(plan).toMatchObject({ daysPerWeek: 3, timezone: 'UTC' });
    const planned = plan.weeks[0].days.flatMap((d: any) => d.classes.map((c: any) => ({ ...c, date: d.date })));
    const ids = planned.map((c: any) => c.classId);
    expect(planned).toHaveLength(3);
    expect(ids).toContain(evening);
    expect(ids).toContain(group);
    expect(ids).toContain(hard);
    for (const excluded of [clashing, full, draft, foreign, easy]) expect(ids).not.toContain(excluded);
    expect(planned.find((c: any) => c.classId === evening)).toMatchObject({
      source: 'live',
      time: at(1, '18:00').toISOString(),
      duration: 45,
      date: day(1),
    });
    expect(planned.find((c: any) => c.classId === hard)).toMatchObject({ source: 'on_demand', time: null });
    expect(new Set(planned.map((c: any) => c.date)).size).toBe(3);

    expect((await user.api.get('/users/me/class-plan')).body.data.id).toBe(res.body.data.id);
    const daily = await user.api.get(`/users/me/daily-plan?date=${day(1)}`);
    expect(daily.body.data.classes).toEqual([
      expect.objectContaining({
        classId: evening,
        name: 'Evening HIIT',
        time: at(1, '18:00').toISOString(),
        duration: 45,
      }),
    ]);
  });

  it('/ai/generate-class-plan uses the schedule and preferred times, knows no bookings, saves nothing', async () => {
    const tenant = await createTenant(node);
    await liveClass(tenant, 'Evening HIIT', at(1, '18:00'), 45, 'high');
    const morning = await liveClass(tenant, 'Early flow', at(2, '07:00'), 30, 'medium');
    await onDemand(tenant, 'Stretch 20', 20, 'low');
    const api = client(node.url, { apiKey: tenant.apiKey });
    const res = await api.post('/ai/generate-class-plan', {
      userProfile: { fitnessLevel: 'beginner', fitnessGoal: 'maintain' },
      preferences: { daysPerWeek: 2, weeks: 1, preferredTimes: ['morning'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const planned = res.body.data.classPlan.weeks[0].days.flatMap((d: any) => d.classes);
    expect(planned.map((c: any) => c.classId)).toContain(morning);
    expect(planned.map((c: any) => c.name)).not.toContain('Evening HIIT');
    expect((await sql(node, `select count(*)::int as n from user_plans where client_id = ?`, [tenant.id]))[0].n).toBe(
      0,
    );
  });

  it('needs the classes feature, a complete profile and valid preferences', async () => {
    const closed = await createTenant(node, { enabledFeatures: ['nutrition'] });
    const user = await registerUser(node, closed, { profile: PROFILE });
    expect((await user.api.post('/users/me/class-plan', {})).body.code).toBe('FEATURE_DISABLED');
    expect(
      (await client(node.url, { apiKey: closed.apiKey }).post('/ai/generate-class-plan', { userProfile: PROFILE })).body
        .code,
    ).toBe('FEATURE_DISABLED');

    const open = await createTenant(node);
    const bare = await registerUser(node, open, { profile: { age: 30 } });
    expect((await bare.api.get('/users/me/class-plan')).body.code).toBe('NO_ACTIVE_PLAN');
    const incomplete = await bare.api.post('/users/me/class-plan', {});
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.code).toBe('PROFILE_INCOMPLETE');
    for (const preferences of [{ weeks: 9 }, { preferredTimes: ['midnight'] }, { daysPerWeek: 0 }, { colour: 'red' }]) {
      expect((await bare.api.post('/users/me/class-plan', { preferences })).status, JSON.stringify(preferences)).toBe(
        400,
      );
    }
  });
});
