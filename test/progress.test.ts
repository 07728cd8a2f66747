import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';
import { PROFILE, registerUser } from './personalisation-fixtures.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop('test end');
});

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('progress', () => {
  it('logs workouts, food and water; GET /progress sums each day against the plan targets, with streaks', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: PROFILE });
    const plan = (await user.api.post('/users/me/nutrition-plan', { preferences: { days: 3 } })).body.data;
    const target = Math.round(plan.nutritionPlan.dailyCalories);
    const workoutPlan = (await user.api.post('/users/me/workout-plan', {})).body.data;

    for (const n of [0, 1, 2, 4]) {
      const res = await user.api.post('/progress/workout', {
        date: daysAgo(n),
        durationMinutes: 30 + n,
        caloriesBurned: 200,
        planId: workoutPlan.id,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.data).toMatchObject({ date: daysAgo(n), planId: workoutPlan.id, durationMinutes: 30 + n });
    }
    await user.api.post('/progress/workout', {
      durationMinutes: 20,
      name: 'Evening walk',
      exercises: [{ name: 'Walk', reps: '20 min' }],
    });

    const food = foodLibrary.all[0]!;
    const logged = await user.api.post('/progress/nutrition', { foodId: food.id, grams: 150, mealType: 'breakfast' });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body.data).toMatchObject({ foodId: food.id, grams: 150, name: food.name });
    expect(logged.body.data.calories).toBeCloseTo(food.per100g.calories * 1.5, 1);
    const rest = Math.round(target - logged.body.data.calories);
    expect(
      (
        await user.api.post('/progress/nutrition', {
          name: 'Big dinner',
          calories: rest,
          protein: 40,
          carbs: 100,
          fat: 30,
        })
      ).status,
    ).toBe(201);
    // Yesterday on target too; three days ago far under it.
    await user.api.post('/progress/nutrition', {
      date: daysAgo(1),
      name: 'All day',
      calories: target,
      protein: 100,
      carbs: 200,
      fat: 60,
    });
    await user.api.post('/progress/nutrition', {
      date: daysAgo(3),
      name: 'Snack',
      calories: 300,
      protein: 5,
      carbs: 40,
      fat: 10,
    });
    for (const ml of [500, 750]) expect((await user.api.post('/progress/water', { ml })).status).toBe(201);

    const res = await user.api.get(`/progress?from=${daysAgo(6)}&to=${today()}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body.data;
    expect(body.targets).toMatchObject({ calories: target, waterMl: 2250 });
    expect(body.days).toHaveLength(7);
    const day = (d: string) => body.days.find((x: any) => x.date === d);
    expect(day(today()).workout).toMatchObject({ count: 2, minutes: 50, caloriesBurned: 200 });
    expect(day(today()).nutrition).toMatchObject({ entries: 2, onTarget: true });
    expect(Math.abs(day(today()).nutrition.calories - target)).toBeLessThanOrEqual(1);
    expect(day(today()).water).toEqual({ ml: 1250, onTarget: false });
    expect(day(daysAgo(3)).workout.count).toBe(0);
    expect(day(daysAgo(3)).nutrition).toMatchObject({ calories: 300, onTarget: false });
    expect(day(daysAgo(5))).toMatchObject({ workout: { count: 0 }, nutrition: { entries: 0 }, water: { ml: 0 } });
    expect(body.streaks).toEqual({ workout: { current: 3, longest: 3 }, nutrition: { current: 2, longest: 2 } });
    const planned = workoutPlan.workoutPlan.weeks[0].days.map((d: any) => d.day);
    for (const d of body.days)
      expect(d.workout.planned).toBe(planned.includes(new Date(`${d.date}T00:00:00Z`).getUTCDay() || 7));
  });

  it('defaults to the last seven days and has no nutrition streak without a plan', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant);
    const res = await user.api.get('/progress');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      from: daysAgo(6),
      to: today(),
      timezone: 'UTC',
      targets: { calories: null, waterMl: 2000 },
    });
    expect(res.body.data.streaks).toEqual({ workout: { current: 0, longest: 0 }, nutrition: null });
  });

  it('refuses bad entries and ranges', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant);
    const unknown = await user.api.post('/progress/nutrition', { foodId: 'unobtainium', grams: 10 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_FOOD');
    const cases: Array<[string, unknown]> = [
      ['/progress/nutrition', { foodId: 'oats', grams: 10, calories: 5 }],
      ['/progress/nutrition', { name: 'x', calories: -1, protein: 0, carbs: 0, fat: 0 }],
      ['/progress/water', { ml: 0 }],
      ['/progress/water', { ml: 100, date: '2999-01-01' }],
      ['/progress/workout', { durationMinutes: 0 }],
      ['/progress/workout', { durationMinutes: 10, date: '2026-02-31' }],
    ];
    for (const [path, body] of cases) {
      const res = await user.api.post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
    }
    expect((await user.api.get(`/progress?from=${today()}&to=${daysAgo(1)}`)).status).toBe(400);
    expect((await user.api.get(`/progress?from=2020-01-01&to=${today()}`)).status).toBe(400);
    expect((await user.api.get('/progress?from=yesterday')).status).toBe(400);
  });

  it('a workout can only name a plan of the same user and tenant', async () => {
    const a = await createTenant(node);
    const b = await createTenant(node);
    const alice = await registerUser(node, a, { profile: PROFILE });
    const bob = await registerUser(node, a, { profile: PROFILE });
    const carol = await registerUser(node, b, { profile: PROFILE });
    const bobsPlan = (await bob.api.post('/users/me/workout-plan', {})).body.data.id;
    const carolsPlan = (await carol.api.post('/users/me/workout-plan', {})).body.data.id;
    const bobsNutrition = (await bob.api.post('/users/me/nutrition-plan', {})).body.data.id;
    for (const planId of [bobsPlan, carolsPlan, bobsNutrition, 999_999_999]) {
      const res = await alice.api.post('/progress/workout', { durationMinutes: 20, planId });
      expect(res.status, String(planId)).toBe(404);
      expect(res.body.code).toBe('PLAN_NOT_FOUND');
    }
    // Another tenant's key with Alice's token is refused outright.
    expect(
      (await client(node.url, { apiKey: b.apiKey, token: alice.token }).post('/progress/water', { ml: 100 })).status,
    ).toBe(401);
    expect((await client(node.url, { apiKey: b.apiKey, token: alice.token }).get('/progress')).status).toBe(401);
    // Nothing of Bob's shows in Alice's totals.
    await bob.api.post('/progress/water', { ml: 900 });
    const mine = await alice.api.get('/progress');
    expect(mine.body.data.days.every((d: any) => d.water.ml === 0 && d.workout.count === 0)).toBe(true);
  });
});
