import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant, uniqueEmail } from './support/tenant.ts';
import { createTrainer } from './support/identities.ts';
import { rowsOfUser, sql } from './personalisation-fixtures.ts';

let node: RunningNode;
beforeAll(async () => {
  // No vendor configured: plans come from the embedded rule-based provider.
  node = await startTestNode({ OPENAI_API_KEY: '' });
});
afterAll(async () => {
  await node.stop('test end');
});

describe('the personalisation journey with no vendor configured', () => {
  it('onboard → recommend → register → plans → daily plan → shopping list → progress → export → erase', async () => {
    const tenant = await createTenant(node);
    const trainer = await createTrainer(node, tenant, { name: 'Nia Nutrition' });
    await sql(node, `update trainers set specialisations = '{"weight loss","nutrition"}' where id = ?`, [trainer.id]);
    await createTrainer(node, tenant, { name: 'Gus Generalist' });
    const app = client(node.url, { apiKey: tenant.apiKey });

    const start = await app.post('/onboarding/profile', { name: 'Jo', age: 35, gender: 'male' });
    expect(start.status).toBe(200);
    const sessionId = start.body.data.sessionId as string;
    expect(
      (
        await app.post('/onboarding/profile', {
          sessionId,
          height: 182,
          weight: 90,
          fitnessGoal: 'lose weight',
          fitnessLevel: 'beginner',
          workoutsPerWeek: 3,
          timezone: 'America/New_York',
        })
      ).status,
    ).toBe(200);
    const recommended = await app.post('/onboarding/recommend-coaches', { sessionId });
    expect(recommended.body.data.coaches[0]).toMatchObject({ id: trainer.id, name: 'Nia Nutrition' });
    expect((await app.post('/onboarding/select-coach', { sessionId, coachId: trainer.id })).status).toBe(200);

    const reg = await app.post('/auth/register', {
      email: uniqueEmail(),
      password: 'correct-horse-battery-9',
      sessionId,
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const userId = reg.body.data.user.id as number;
    const me = client(node.url, { apiKey: tenant.apiKey, token: reg.body.data.accessToken });
    expect((await me.get('/users/me')).body.data).toMatchObject({
      name: 'Jo',
      coach: { id: trainer.id },
      profile: { timezone: 'America/New_York', weight: 90 },
    });

    const workout = await me.post('/users/me/workout-plan', {
      preferences: { equipment: ['bodyweight', 'dumbbells'] },
    });
    expect(workout.status, JSON.stringify(workout.body)).toBe(201);
    expect(workout.body.data.workoutPlan.daysPerWeek).toBe(3);
    const nutrition = await me.post('/users/me/nutrition-plan', {
      preferences: { dietaryRestrictions: ['pescatarian'], allergies: ['shellfish'] },
    });
    expect(nutrition.status, JSON.stringify(nutrition.body)).toBe(201);

    const today = await me.get('/users/me/daily-plan');
    expect(today.status).toBe(200);
    expect(today.body.data.timezone).toBe('America/New_York');
    expect(today.body.data.meals.length).toBeGreaterThanOrEqual(3);
    expect(today.body.data.classes).toEqual([]);
    const list = await me.get('/users/me/nutrition-plan/shopping-list');
    expect(list.body.data.itemCount).toBeGreaterThan(5);

    const date = today.body.data.date as string;
    expect((await me.post('/progress/workout', { planId: workout.body.data.id, durationMinutes: 35 })).status).toBe(
      201,
    );
    const meal = today.body.data.meals[0];
    for (const i of meal.ingredients)
      expect(
        (await me.post('/progress/nutrition', { foodId: i.foodId, grams: i.grams, mealType: meal.mealType })).status,
      ).toBe(201);
    expect((await me.post('/progress/water', { ml: 400 })).status).toBe(201);
    const progress = await me.get(`/progress?from=${date}&to=${date}`);
    expect(progress.status).toBe(200);
    const day = progress.body.data.days[0];
    expect(day.date).toBe(date);
    expect(day.workout.count).toBe(1);
    expect(day.nutrition.entries).toBe(meal.ingredients.length);
    expect(Math.abs(day.nutrition.calories - meal.calories)).toBeLessThan(meal.calories * 0.1 + 5);
    expect(day.water.ml).toBe(400);
    expect(progress.body.data.streaks.workout.current).toBe(1);

    const exported = (await me.get('/users/me/export')).body.data;
    expect(exported.plans.map((p: any) => p.kind).sort()).toEqual(['nutrition', 'workout']);
    expect(exported.progress.workouts).toHaveLength(1);
    expect(exported.progress.nutrition).toHaveLength(meal.ingredients.length);
    expect(exported.progress.water).toEqual([expect.objectContaining({ ml: 400, date })]);

    expect((await me.delete('/users/me')).status).toBe(200);
    const left = await rowsOfUser(node, userId);
    expect(
      Object.values(left).every((n) => n === 0),
      JSON.stringify(left),
    ).toBe(true);
    expect(Object.keys(left)).toEqual(
      expect.arrayContaining([
        'user_plans',
        'progress_workouts',
        'progress_nutrition',
        'progress_water',
        'refresh_tokens',
      ]),
    );
  });
});
