import { exerciseLibrary } from '../domain/plans/exercise-library.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';
import { PROFILE, registerUser, sql } from './personalisation-fixtures.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop('test end');
});

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const isoWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

describe('saved plans', () => {
  it('a workout plan is generated from the stored profile, saved as the only active one, and replaced atomically', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: { ...PROFILE, workoutsPerWeek: 4 } });
    expect((await user.api.get('/users/me/workout-plan')).body.code).toBe('NO_ACTIVE_PLAN');

    const first = await user.api.post('/users/me/workout-plan', {
      preferences: { intensity: 'high', duration: 40, equipment: ['dumbbells'] },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.data.provider).toBe('rule-based');
    expect(first.body.data.workoutPlan).toMatchObject({ daysPerWeek: 4 });
    expect(first.body.data.workoutPlan.weeks[0].days[0].exercises[0]).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        sets: expect.any(Number),
        reps: expect.any(String),
        restTime: expect.any(Number),
      }),
    );
    expect((await user.api.get('/users/me/workout-plan')).body.data.id).toBe(first.body.data.id);

    // Concurrent replacements are serialised: all succeed, one plan ends active.
    const replies = await Promise.all([1, 2, 3].map(() => user.api.post('/users/me/workout-plan', {})));
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(
      (
        await sql(node, `select count(*)::int as n from user_plans where user_id = ? and kind = 'workout'`, [user.id])
      )[0].n,
    ).toBe(4);
    const active = await sql(node, `select id from user_plans where user_id = ? and kind = 'workout' and active`, [
      user.id,
    ]);
    expect(active).toHaveLength(1);
    expect((await user.api.get('/users/me/workout-plan')).body.data.id).toBe(active[0].id);
  });

  it('the Quick Start works: missing measurements get safe defaults listed in assumptions; bad preferences a 400', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: { age: 40 } });
    const res = await user.api.post('/users/me/workout-plan', { preferences: { daysPerWeek: 3 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const assumptions: string[] = res.body.data.workoutPlan.assumptions;
    expect(assumptions.join(' ')).toMatch(/Height not set/);
    expect(assumptions.join(' ')).toMatch(/Weight not set/);
    expect(assumptions.join(' ')).not.toMatch(/Age not set/);
    // Assumed measurements never lead to a deficit, whatever the goal.
    await user.api.put('/users/me', { profile: { fitnessGoal: 'lose weight' } });
    const menu = await user.api.post('/users/me/nutrition-plan', { preferences: { days: 1 } });
    expect(menu.status, JSON.stringify(menu.body)).toBe(201);
    expect(menu.body.data.nutritionPlan.explanation.adjustment).toBeGreaterThanOrEqual(-10);
    // A stored value a plan cannot use is still a 422 naming it.
    await user.api.put('/users/me', { profile: { fitnessGoal: 'fly to the moon' } });
    const unusable = await user.api.post('/users/me/workout-plan', {});
    expect(unusable.status).toBe(422);
    expect(unusable.body.details.map((d: any) => d.field)).toEqual(['profile.fitnessGoal']);

    await user.api.put('/users/me', { profile: PROFILE });
    for (const preferences of [
      { daysPerWeek: 0 },
      { intensity: 'insane' },
      { equipment: ['jetpack'] },
      { duration: 30, sessionMinutes: 45 },
    ]) {
      const bad = await user.api.post('/users/me/workout-plan', { preferences });
      expect(bad.status, JSON.stringify(preferences)).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_ERROR');
    }
    expect(
      (await user.api.post('/users/me/nutrition-plan', { preferences: { allergies: ['kryptonite'] } })).status,
    ).toBe(400);
  });

  it('preferences are strict: a typo is a 400 naming the key, never a silently dropped restriction', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: PROFILE });
    const typo = await user.api.post('/users/me/nutrition-plan', {
      preferences: { dietaryRestriction: ['vegetarian'] },
    });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body.details)).toMatch(/dietaryRestriction/);
    const workoutTypo = await user.api.post('/users/me/workout-plan', { preferences: { injury: ['knee'] } });
    expect(workoutTypo.status).toBe(400);
    expect(JSON.stringify(workoutTypo.body.details)).toMatch(/injury/);
    // The old name of the session length still works (deprecated), and means minutes per session.
    const old = await user.api.post('/users/me/workout-plan', { preferences: { duration: 30, weeks: 2 } });
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    expect(old.body.data.workoutPlan.duration).toBe('2 weeks');
    expect(old.body.data.workoutPlan.description).toMatch(/30 minutes/);
    // Safety-relevant preferences are applied: injuries given with the request are added to the profile's.
    const knee = await user.api.post('/users/me/workout-plan', {
      preferences: { injuries: ['knee'], equipment: ['bodyweight'] },
    });
    expect(knee.status).toBe(201);
    for (const e of knee.body.data.workoutPlan.weeks.flatMap((w: any) => w.days.flatMap((d: any) => d.exercises))) {
      expect(exerciseLibrary.byId.get(e.exerciseId)!.unsafeFor, e.exerciseId).not.toContain('knee');
    }
  });

  it('a nutrition plan respects restrictions; its shopping list sums the ingredients by aisle', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: PROFILE });
    const res = await user.api.post('/users/me/nutrition-plan', {
      preferences: { days: 3, dietaryRestrictions: ['vegan'], allergies: ['peanuts'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const plan = res.body.data.nutritionPlan;
    expect(plan.days).toHaveLength(3);
    for (const day of plan.days) {
      for (const meal of day.meals) {
        for (const { foodId } of meal.ingredients) {
          const food = foodLibrary.byId.get(foodId)!;
          expect(food.tags, foodId).toContain('vegan');
          expect(food.allergens, foodId).not.toContain('peanuts');
        }
      }
    }
    const list = await user.api.get('/users/me/nutrition-plan/shopping-list');
    expect(list.status).toBe(200);
    expect(list.body.data.planId).toBe(res.body.data.id);
    const grams = new Map<string, number>();
    for (const day of plan.days)
      for (const meal of day.meals)
        for (const i of meal.ingredients) grams.set(i.foodId, (grams.get(i.foodId) ?? 0) + i.grams);
    const items = list.body.data.aisles.flatMap((a: any) => a.items);
    expect(items).toHaveLength(grams.size);
    for (const item of items) expect(item.grams).toBeCloseTo(grams.get(item.foodId)!, 1);
  });

  it('the daily plan shows the day’s workout and meals in the user’s zone', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: { ...PROFILE, timezone: 'Pacific/Kiritimati' } });
    const empty = await user.api.get('/users/me/daily-plan');
    expect(empty.body.data).toMatchObject({ workout: null, meals: [], classes: [], timezone: 'Pacific/Kiritimati' });

    const workout = (await user.api.post('/users/me/workout-plan', { preferences: { daysPerWeek: 3 } })).body.data;
    const nutrition = (await user.api.post('/users/me/nutrition-plan', { preferences: { days: 2 } })).body.data;
    const start = empty.body.data.date as string;
    // Kiritimati is UTC+14: its calendar is usually a day ahead of UTC's.
    expect([today(), addDays(today(), 1)]).toContain(start);
    const week = workout.workoutPlan.weeks[0];
    for (let i = 0; i < 7; i++) {
      const date = addDays(start, i);
      const res = await user.api.get(`/users/me/daily-plan?date=${date}`);
      expect(res.status).toBe(200);
      const session = week.days.find((d: any) => d.day === isoWeekday(date));
      if (session)
        expect(res.body.data.workout).toMatchObject({
          planId: workout.id,
          week: 1,
          name: session.name,
          exercises: session.exercises,
        });
      else expect(res.body.data.workout).toBeNull();
      expect(res.body.data.meals).toEqual(nutrition.nutritionPlan.days[i % 2].meals);
      expect(res.body.data.classes).toEqual([]);
    }
    expect((await user.api.get('/users/me/daily-plan?date=2026-02-30')).status).toBe(400);
    expect((await user.api.get('/users/me/daily-plan?date=tomorrow')).status).toBe(400);
  });

  it('plans are per user and per tenant; feature flags close the routes', async () => {
    const a = await createTenant(node);
    const b = await createTenant(node, { enabledFeatures: ['classes'] });
    const alice = await registerUser(node, a, { profile: PROFILE });
    const bob = await registerUser(node, a, { profile: PROFILE });
    await alice.api.post('/users/me/workout-plan', {});
    expect((await bob.api.get('/users/me/workout-plan')).status).toBe(404);
    expect(
      (await client(node.url, { apiKey: b.apiKey, token: alice.token }).get('/users/me/workout-plan')).status,
    ).toBe(401);

    const closed = await registerUser(node, b, { profile: PROFILE });
    for (const path of ['/users/me/workout-plan', '/users/me/nutrition-plan']) {
      const res = await closed.api.post(path, {});
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FEATURE_DISABLED');
    }
    expect((await closed.api.get('/users/me/nutrition-plan/shopping-list')).status).toBe(403);
  });
});

describe('/ai generators (not saved)', () => {
  const request = {
    userProfile: { ...PROFILE, injuries: ['knee'] },
    preferences: { daysPerWeek: 3, intensity: 'medium', duration: 45 },
  };

  it('answer the documented shapes with a client key alone, and save nothing', async () => {
    const tenant = await createTenant(node);
    const api = client(node.url, { apiKey: tenant.apiKey });
    const workout = await api.post('/ai/generate-workout-plan', request);
    expect(workout.status, JSON.stringify(workout.body)).toBe(200);
    expect(workout.body.data.workoutPlan).toMatchObject({
      title: expect.any(String),
      description: expect.any(String),
      duration: expect.any(String),
      daysPerWeek: 3,
    });
    expect(workout.body.data.workoutPlan.weeks[0]).toMatchObject({ week: 1, days: expect.any(Array) });
    // Deterministic: the same request gives the same plan.
    expect((await api.post('/ai/generate-workout-plan', request)).body.data).toEqual(workout.body.data);

    const nutrition = await api.post('/ai/generate-nutrition-plan', {
      userProfile: PROFILE,
      preferences: { days: 2, dietaryRestrictions: ['vegetarian'] },
    });
    expect(nutrition.status).toBe(200);
    expect(nutrition.body.data.nutritionPlan.days).toHaveLength(2);
    expect((await sql(node, `select count(*)::int as n from user_plans where client_id = ?`, [tenant.id]))[0].n).toBe(
      0,
    );
  });

  it('refuse bad input, a missing key and a disabled feature', async () => {
    const tenant = await createTenant(node, { enabledFeatures: ['nutrition'] });
    const api = client(node.url, { apiKey: tenant.apiKey });
    expect((await api.post('/ai/generate-workout-plan', request)).body.code).toBe('FEATURE_DISABLED');
    expect((await client(node.url).post('/ai/generate-nutrition-plan', { userProfile: PROFILE })).status).toBe(401);
    const bad = await api.post('/ai/generate-nutrition-plan', { userProfile: { ...PROFILE, age: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toMatch(/userProfile\.age/);
  });
});
