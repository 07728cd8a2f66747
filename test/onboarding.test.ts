import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, uniqueEmail, type TestTenant } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { runJobOnce } from '../jobs/run-job.ts';
import { sql } from './personalisation-fixtures.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop('test end');
});

/** An id of the server's shape that the server never issued. */
const unknownId = () => `onb_${randomBytes(24).toString('base64url')}`;
/** Starts a session the way an app does: the first save without an id; the answer carries the server's id. */
async function started(api: ReturnType<typeof keyApi>, answers: Record<string, unknown> = {}): Promise<string> {
  const r = await api.post('/onboarding/profile', answers);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.sessionId as string;
}
const keyApi = (tenant: TestTenant) => client(node.url, { apiKey: tenant.apiKey });
const coach = async (tenant: TestTenant, name: string, specialisations: string[], isActive = true) => {
  const trainer = await createTrainer(node, tenant, { name, isActive });
  await sql(node, `update trainers set specialisations = ?::text[] where id = ?`, [
    `{${specialisations.map((s) => `"${s}"`).join(',')}}`,
    trainer.id,
  ]);
  return trainer.id as number;
};
const expire = (tenant: TestTenant, sessionId: string) =>
  sql(
    node,
    `update onboarding_profiles set expires_at = now() - interval '1 hour' where client_id = ? and session_id = ?`,
    [tenant.id, sessionId],
  );

describe('onboarding', () => {
  it('starts a session with a server-issued id, merges answers into it and moves the expiry to 24 h after the last write', async () => {
    const tenant = await createTenant(node);
    const api = keyApi(tenant);
    const first = await api.post('/onboarding/profile', { name: 'Sam', age: 29, fitnessGoal: 'lose weight' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const sessionId = first.body.data.sessionId as string;
    // 32 base64url characters after the prefix: 192 random bits.
    expect(sessionId).toMatch(/^onb_[A-Za-z0-9_-]{32}$/);
    const expires = Date.parse(first.body.data.expiresAt);
    expect(Math.abs(expires - Date.now() - 24 * 3600_000)).toBeLessThan(60_000);
    await new Promise((r) => setTimeout(r, 20));
    const second = await api.post('/onboarding/profile', { sessionId, weight: 80, fitnessGoal: 'build muscle' });
    expect(second.body.data).toMatchObject({
      name: 'Sam',
      profile: { age: 29, weight: 80, fitnessGoal: 'build muscle' },
    });
    expect(Date.parse(second.body.data.expiresAt)).toBeGreaterThan(expires);
    expect(
      (await sql(node, `select count(*)::int as n from onboarding_profiles where client_id = ?`, [tenant.id]))[0].n,
    ).toBe(1);

    // An expired, not yet purged session is gone (410); the app starts a new one.
    await expire(tenant, sessionId);
    const gone = await api.post('/onboarding/profile', { sessionId, age: 30 });
    expect([gone.status, gone.body.code]).toEqual([410, 'ONBOARDING_SESSION_EXPIRED']);
  });

  it("an id the server did not issue is 404 and never reads or creates anyone's answers", async () => {
    const tenant = await createTenant(node);
    const api = keyApi(tenant);
    const victim = await started(api, { name: 'Vic', age: 44, weight: 70, injuries: ['knee'] });
    for (const guess of ['a', '1', 'victim', unknownId(), victim.slice(0, -1)]) {
      const r = await api.post('/onboarding/profile', { sessionId: guess, age: 20 });
      expect([r.status, r.body.code], guess).toEqual([404, 'ONBOARDING_SESSION_NOT_FOUND']);
      expect(JSON.stringify(r.body)).not.toContain('Vic');
    }
    expect(
      (await sql(node, `select count(*)::int as n from onboarding_profiles where client_id = ?`, [tenant.id]))[0].n,
    ).toBe(1);
    const reg = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct-horse-battery-9',
      sessionId: 'victim',
    });
    expect(reg.body.code).toBe('ONBOARDING_SESSION_NOT_FOUND');
    // Another client's key does not reach the session even with the right id.
    expect(
      (await keyApi(await createTenant(node)).post('/onboarding/profile', { sessionId: victim, age: 20 })).status,
    ).toBe(404);
  });

  it('refuses bad input and needs a client key', async () => {
    const tenant = await createTenant(node);
    const api = keyApi(tenant);
    for (const body of [
      { sessionId: '' },
      { sessionId: 'x', age: 'old' },
      { sessionId: 'x', timezone: 'Nowhere/Land' },
      { sessionId: 'x', favouriteColour: 'red' },
    ]) {
      expect((await api.post('/onboarding/profile', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await client(node.url).post('/onboarding/profile', { sessionId: 'x' })).status).toBe(401);
  });

  it('recommends this client’s active coaches ranked by goal and level, with reasons', async () => {
    const tenant = await createTenant(node);
    const other = await createTenant(node);
    const lifter = await coach(tenant, 'Lena Lift', ['strength', 'powerlifting']);
    const yogi = await coach(tenant, 'Yuri Yoga', ['yoga', 'mobility']);
    const hiit = await coach(tenant, 'Hana HIIT', ['hiit', 'conditioning']);
    await coach(tenant, 'Ivan Inactive', ['strength', 'powerlifting'], false);
    await coach(other, 'Olga Other', ['strength', 'powerlifting']);
    const api = keyApi(tenant);
    const sessionId = await started(api, { fitnessGoal: 'get stronger', fitnessLevel: 'advanced' });

    const res = await api.post('/onboarding/recommend-coaches', { sessionId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ goal: 'strength', level: 'advanced' });
    const ids = res.body.data.coaches.map((c: any) => c.id);
    expect(ids).toEqual([lifter, hiit, yogi]);
    const top = res.body.data.coaches[0];
    expect(top.score).toBeGreaterThan(res.body.data.coaches[1].score);
    expect(top.reasons.join(' ')).toMatch(/strength/);
    expect(top.reasons).toContain('Offers no 1:1 sessions to book');

    // The request may override the session's goal.
    const forYoga = await api.post('/onboarding/recommend-coaches', {
      sessionId,
      fitnessGoal: 'maintain',
      fitnessLevel: 'beginner',
    });
    expect(forYoga.body.data.coaches[0].id).toBe(yogi);

    expect((await api.post('/onboarding/recommend-coaches', { sessionId: unknownId() })).body.code).toBe(
      'ONBOARDING_SESSION_NOT_FOUND',
    );
    // Another client's key does not see this session.
    expect((await keyApi(other).post('/onboarding/recommend-coaches', { sessionId })).status).toBe(404);
    await expire(tenant, sessionId);
    const gone = await api.post('/onboarding/recommend-coaches', { sessionId });
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('ONBOARDING_SESSION_EXPIRED');
  });

  it('availability counts: a coach with open 1:1 slots ranks above an equal one without', async () => {
    const tenant = await createTenant(node);
    const [busy, free] = [
      await coach(tenant, 'Aaron Full', ['strength']),
      await coach(tenant, 'Zoe Free', ['strength']),
    ];
    const allWeek = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '06:00', end: '22:00' }]]),
    );
    for (const [id, weekly] of [
      [busy, {}],
      [free, allWeek],
    ] as const) {
      await sql(
        node,
        `insert into trainer_services (client_id, trainer_id, name, duration_minutes, price_minor, currency) values (?, ?, 'PT', 60, 5000, 'GBP')`,
        [tenant.id, id],
      );
      await sql(node, `insert into trainer_availability (client_id, trainer_id, rules) values (?, ?, ?::jsonb)`, [
        tenant.id,
        id,
        JSON.stringify({ timeZone: 'UTC', weekly }),
      ]);
    }
    const api = keyApi(tenant);
    const sessionId = await started(api, { fitnessGoal: 'strength', fitnessLevel: 'intermediate' });
    const res = await api.post('/onboarding/recommend-coaches', { sessionId });
    const [first, second] = res.body.data.coaches;
    expect(first).toMatchObject({ id: free });
    expect(first.reasons.join(' ')).toMatch(/\d+ open 1:1 slots in the next 7 days/);
    expect(second).toMatchObject({ id: busy });
    expect(second.reasons).toContain('No open 1:1 slots in the next 7 days');
    expect(first.score - second.score).toBe(15);
  });

  it('select-coach takes only an active coach of this client, on a live session of this client', async () => {
    const tenant = await createTenant(node);
    const other = await createTenant(node);
    const mine = await coach(tenant, 'Mia Mine', ['running']);
    const inactive = await coach(tenant, 'Ina Inactive', ['running'], false);
    const theirs = await coach(other, 'Tom Theirs', ['running']);
    const api = keyApi(tenant);
    const sessionId = await started(api, { fitnessGoal: 'endurance' });

    for (const coachId of [theirs, inactive, 999_999_999]) {
      const res = await api.post('/onboarding/select-coach', { sessionId, coachId });
      expect(res.status, String(coachId)).toBe(404);
      expect(res.body.code).toBe('COACH_NOT_FOUND');
    }
    const chosen = await api.post('/onboarding/select-coach', { sessionId, coachId: mine });
    expect(chosen.status).toBe(200);
    expect(chosen.body.data).toMatchObject({ sessionId, coachId: mine, coach: { id: mine, name: 'Mia Mine' } });
    // The other client cannot select a coach on this session (it does not exist there).
    const foreign = await keyApi(other).post('/onboarding/select-coach', { sessionId, coachId: theirs });
    expect(foreign.body.code).toBe('ONBOARDING_SESSION_NOT_FOUND');
    expect((await api.post('/onboarding/select-coach', { sessionId, coachId: 'one' })).status).toBe(400);
  });

  it('registering with the session merges profile and coach and consumes it; expired is 410, unknown 422', async () => {
    const tenant = await createTenant(node);
    const other = await createTenant(node);
    const trainer = await coach(tenant, 'Rae Run', ['running']);
    const api = keyApi(tenant);
    const sessionId = await started(api, {
      name: 'Robin',
      age: 41,
      height: 180,
      weight: 77,
      fitnessGoal: 'endurance',
      injuries: ['knee'],
    });
    await api.post('/onboarding/select-coach', { sessionId, coachId: trainer });

    // Another client's key does not find the session: 422, and it stays for its own client.
    const foreign = await keyApi(other).post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct-horse-battery-9',
      sessionId,
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('ONBOARDING_SESSION_NOT_FOUND');

    // Another client's coach fails the registration as a whole: the session is not consumed.
    const theirCoach = await coach(other, 'Tara Theirs', ['running']);
    const wrongCoach = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct-horse-battery-9',
      sessionId,
      coachId: theirCoach,
    });
    expect(wrongCoach.status).toBe(400);
    expect(wrongCoach.body.code).toBe('INVALID_COACH');
    expect(
      (
        await sql(node, `select count(*)::int as n from onboarding_profiles where client_id = ? and session_id = ?`, [
          tenant.id,
          sessionId,
        ])
      )[0].n,
    ).toBe(1);

    const reg = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct-horse-battery-9',
      sessionId,
      profile: { weight: 76 },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const me = await client(node.url, { apiKey: tenant.apiKey, token: reg.body.data.accessToken }).get('/users/me');
    expect(me.body.data).toMatchObject({
      name: 'Robin',
      coach: { id: trainer, name: 'Rae Run' },
      profile: { age: 41, height: 180, weight: 76, fitnessGoal: 'endurance', injuries: ['knee'] },
    });
    expect(
      (
        await sql(node, `select count(*)::int as n from onboarding_profiles where client_id = ? and session_id = ?`, [
          tenant.id,
          sessionId,
        ])
      )[0].n,
    ).toBe(0);
    const again = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct-horse-battery-9',
      sessionId,
    });
    expect(again.body.code).toBe('ONBOARDING_SESSION_NOT_FOUND');

    const stale = await started(api, { age: 50 });
    await expire(tenant, stale);
    const email = uniqueEmail();
    const expired = await api.post('/auth/register', { email, password: 'correct-horse-battery-9', sessionId: stale });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('ONBOARDING_SESSION_EXPIRED');
    expect((await sql(node, `select count(*)::int as n from users where email = ?`, [email]))[0].n).toBe(0);
  });

  it('of concurrent registrations with one session, exactly one takes it', async () => {
    const tenant = await createTenant(node);
    const api = keyApi(tenant);
    const sessionId = await started(api, { name: 'Twin', age: 30 });
    const replies = await Promise.all(
      [1, 2, 3].map(() =>
        api.post('/auth/register', { email: uniqueEmail(), password: 'correct-horse-battery-9', sessionId }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect(
      (await sql(node, `select count(*)::int as n from users where client_id = ? and name = 'Twin'`, [tenant.id]))[0].n,
    ).toBe(1);
  });

  it('the purge job deletes expired sessions only', async () => {
    const tenant = await createTenant(node);
    const api = keyApi(tenant);
    const [live, old] = [await started(api, { age: 20 }), await started(api, { age: 20 })];
    await sql(
      node,
      `update onboarding_profiles set expires_at = now() - interval '2 days' where client_id = ? and session_id = ?`,
      [tenant.id, old],
    );
    const tick = new Date(Date.now() - 1000 * (60 + Math.floor(Math.random() * 3600)));
    const run = await runJobOnce(node.services, 'purge-onboarding', tick);
    expect(run.status).toBe('ran');
    const left = await sql(node, `select session_id from onboarding_profiles where client_id = ?`, [tenant.id]);
    expect(left.map((r) => r.session_id)).toEqual([live]);
  });
});
