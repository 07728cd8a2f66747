import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { startOpenAiFake, type ChatRequest, type OpenAiFake } from './support/openai-fake.ts';
import { exerciseLibrary } from '../domain/plans/exercise-library.ts';
import { recipeLibrary } from '../domain/plans/recipe-library.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';
import { dailyCalorieTarget } from '../domain/plans/energy-targets.ts';
import { nutritionPlanRequestSchema, workoutPlanRequestSchema } from '../domain/plans/plan-request.schemas.ts';
import { createOpenAiPlanProvider } from '../domain/personalisation/openai/openai-plan-provider.ts';
import { PROFILE, registerUser } from './personalisation-fixtures.ts';

let node: RunningNode;
let fake: OpenAiFake;
beforeAll(async () => {
  fake = await startOpenAiFake();
  node = await startTestNode({ OPENAI_API_KEY: 'sk-test-fake', OPENAI_BASE_URL: fake.url, OPENAI_MODEL: 'gpt-test' });
});
afterAll(async () => {
  await node.stop('test end');
  await fake.stop();
});

/** The catalogue lines of the prompt: the ids the model was allowed to use. */
const catalogue = (body: ChatRequest): string[][] =>
  body.messages
    .flatMap((m) => m.content.split('\n'))
    .filter((l) => /^[a-z0-9-]+ \| /.test(l))
    .map((l) => l.split(' | '));

/** A well-behaved model: picks from the catalogue it was sent. */
function workoutAnswer(body: ChatRequest, weeks: number, weekdays: number[], tweak: (day: any[]) => any[] = (d) => d) {
  const ids = catalogue(body).map(([id]) => id!);
  return JSON.stringify({
    title: 'Model plan',
    description: 'From the fake model',
    weeks: Array.from({ length: weeks }, (_, w) => ({
      week: w + 1,
      days: weekdays.map((day, d) => ({
        day,
        name: `Day ${d + 1}`,
        exercises: tweak(
          ids
            .slice(d * 4, d * 4 + 4)
            .map((exerciseId) => ({ exerciseId, sets: 3, reps: '10', restTime: 60, instructions: '' })),
        ),
      })),
    })),
  });
}

/**
 * A menu like a model that follows the prompt's guidance: the catalogue's recipes ranked by fibre up and sodium
 * down per kcal (a menu over the sodium ceiling or under the fibre minimum is refused, see plans-vendor-cases).
 */
function nutritionAnswer(body: ChatRequest, days: number, dinnerOverride?: string) {
  const score = (id: string) => {
    const n = recipeLibrary.byId.get(id)?.perServing;
    return n ? (n.fiber * 20 - n.sodium) / Math.max(1, n.calories) : -Infinity;
  };
  const byType = (t: string) =>
    catalogue(body)
      .filter(([, type]) => type === t)
      .map(([id]) => id!)
      .sort((a, b) => score(b) - score(a));
  return JSON.stringify({
    title: 'Model menu',
    description: 'From the fake model',
    days: Array.from({ length: days }, (_, d) => ({
      day: d + 1,
      meals: [
        { mealType: 'breakfast', recipeId: byType('breakfast')[d % byType('breakfast').length], servings: 1 },
        { mealType: 'lunch', recipeId: byType('lunch')[d % byType('lunch').length], servings: 1 },
        { mealType: 'dinner', recipeId: dinnerOverride ?? byType('dinner')[d % byType('dinner').length], servings: 1 },
      ],
    })),
  });
}

const request = {
  userProfile: { ...PROFILE, injuries: ['knee'] },
  preferences: { daysPerWeek: 3, weeks: 2, duration: 45, equipment: ['bodyweight'] },
};

describe('OpenAI provider through the real SDK against a loopback fake', () => {
  it('asks with a strict JSON schema grounded on our catalogue, and answers the documented shape', async () => {
    fake.answer((body) => ({ content: workoutAnswer(body, 2, [1, 3, 5]) }));
    const tenant = await createTenant(node);
    const res = await client(node.url, { apiKey: tenant.apiKey }).post('/ai/generate-workout-plan', request);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.authorization).toBe('Bearer sk-test-fake');
    expect(sent.body).toMatchObject({
      model: 'gpt-test',
      max_completion_tokens: expect.any(Number),
      response_format: { type: 'json_schema', json_schema: { name: 'workout_plan', strict: true } },
    });
    const allowed = new Set(catalogue(sent.body).map(([id]) => id));
    expect(allowed.size).toBeGreaterThan(10);
    for (const id of allowed) expect(exerciseLibrary.byId.get(id!)!.unsafeFor).not.toContain('knee');
    const plan = res.body.data.workoutPlan;
    expect(plan).toMatchObject({ title: 'Model plan', daysPerWeek: 3, duration: '2 weeks' });
    for (const e of plan.weeks[0].days[0].exercises) expect(e.name).toBe(exerciseLibrary.byId.get(e.exerciseId)!.name);
  });

  it('repairs a malformed answer: unknown and unsafe exercises, excessive sets', async () => {
    const unsafe = exerciseLibrary.all.find(
      (e) => e.unsafeFor.includes('knee') && e.equipment.every((q) => q === 'bodyweight') && e.level !== 'advanced',
    )!;
    fake.answer((body) => ({
      content: workoutAnswer(body, 2, [1, 3, 5], (day) => [
        { exerciseId: 'moon-walk', sets: 3, reps: '10', restTime: 60, instructions: '' },
        { exerciseId: unsafe.id, sets: 3, reps: '10', restTime: 60, instructions: '' },
        ...day.map((e) => ({ ...e, sets: 12 })),
      ]),
    }));
    const tenant = await createTenant(node);
    const res = await client(node.url, { apiKey: tenant.apiKey }).post('/ai/generate-workout-plan', request);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const week of res.body.data.workoutPlan.weeks) {
      for (const day of week.days) {
        for (const e of day.exercises) {
          const known = exerciseLibrary.byId.get(e.exerciseId);
          expect(known, e.exerciseId).toBeDefined();
          expect(known!.unsafeFor).not.toContain('knee');
          expect(e.sets).toBeLessThanOrEqual(6);
        }
      }
    }
  });

  it('asks again after an answer that is not in the schema, and rejects one that never is', async () => {
    fake.answer((body, n) =>
      n === 1 ? { content: '{"title": "half a plan", "weeks": [' } : { content: workoutAnswer(body, 2, [1, 3, 5]) },
    );
    const tenant = await createTenant(node);
    const api = client(node.url, { apiKey: tenant.apiKey });
    const second = await api.post('/ai/generate-workout-plan', request);
    expect(second.status).toBe(200);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.messages.at(-1)!.content).toMatch(/invalid \(not JSON\)/);

    // An answer that never fits: the rule-based planner answers instead, and says so.
    fake.answer(() => ({ content: JSON.stringify({ title: 'no weeks', description: '' }) }));
    const rejected = await api.post('/ai/generate-workout-plan', request);
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toMatchObject({
      provider: 'rule-based',
      fallbackFrom: { provider: 'openai:gpt-test', reason: 'PLAN_REJECTED' },
    });

    // A refusal: its text never reaches the app.
    fake.answer(() => ({ content: '', refusal: 'I cannot help with that' }));
    const refused = await api.post('/ai/generate-workout-plan', request);
    expect(refused.body.data.provider).toBe('rule-based');
    expect(JSON.stringify(refused.body)).not.toMatch(/cannot help/);
  });

  it('a saved nutrition plan from the model keeps restrictions and the calorie target', async () => {
    const meaty = recipeLibrary.all.find((r) => r.mealType === 'dinner' && !r.tags.includes('vegan'))!;
    fake.answer((body) => ({ content: nutritionAnswer(body, 3, meaty.id) }));
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: PROFILE });
    const res = await user.api.post('/users/me/nutrition-plan', {
      preferences: { days: 3, dietaryRestrictions: ['vegan'] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.data.provider).toBe('openai:gpt-test');
    const parsed = nutritionPlanRequestSchema.parse({
      userProfile: PROFILE,
      preferences: { days: 3, dietaryRestrictions: ['vegan'] },
    });
    const target = dailyCalorieTarget(parsed.userProfile, parsed.preferences);
    for (const day of res.body.data.nutritionPlan.days) {
      expect(Math.abs(day.totals.calories - target)).toBeLessThanOrEqual(target * 0.039);
      for (const meal of day.meals) {
        expect(meal.recipeId).not.toBe(meaty.id);
        for (const i of meal.ingredients) expect(foodLibrary.byId.get(i.foodId)!.tags).toContain('vegan');
      }
    }
  });

  it('the saved-plan journey runs through the SDK: workout and nutrition plans, daily plan, shopping list, progress', async () => {
    fake.answer((body) =>
      body.response_format?.json_schema?.name === 'workout_plan'
        ? { content: workoutAnswer(body, 4, [1, 3, 5]) }
        : { content: nutritionAnswer(body, 7) },
    );
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: { ...PROFILE, workoutsPerWeek: 3 } });
    const workout = await user.api.post('/users/me/workout-plan', {});
    expect(workout.status, JSON.stringify(workout.body)).toBe(201);
    expect(workout.body.data.provider).toBe('openai:gpt-test');
    const nutrition = await user.api.post('/users/me/nutrition-plan', {});
    expect(nutrition.status, JSON.stringify(nutrition.body)).toBe(201);
    expect(fake.requests).toHaveLength(2);
    const today = await user.api.get('/users/me/daily-plan');
    expect(today.body.data.meals).toEqual(nutrition.body.data.nutritionPlan.days[0].meals);
    expect((await user.api.get('/users/me/nutrition-plan/shopping-list')).body.data.itemCount).toBeGreaterThan(3);
    expect(
      (await user.api.post('/progress/workout', { planId: workout.body.data.id, durationMinutes: 45 })).status,
    ).toBe(201);
    const progress = await user.api.get('/progress');
    expect(progress.body.data.targets.calories).toBe(Math.round(nutrition.body.data.nutritionPlan.dailyCalories));
    expect(progress.body.data.streaks.workout.current).toBe(1);
  });

  it('times out per attempt, retries, then answers PLAN_PROVIDER_TIMEOUT; vendor errors are 503 too', async () => {
    const provider = createOpenAiPlanProvider({
      apiKey: 'sk-test-fake',
      baseUrl: fake.url,
      model: 'gpt-test',
      timeoutMs: 300,
      maxRetries: 1,
    });
    const parsed = workoutPlanRequestSchema.parse(request);
    fake.answer(() => ({ hangMs: 5_000 }));
    const started = Date.now();
    await expect(provider.generateWorkoutPlan(parsed)).rejects.toMatchObject({
      code: 'PLAN_PROVIDER_TIMEOUT',
      kind: 'unavailable',
    });
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(4_000);

    fake.answer(() => ({ status: 500, message: 'upstream exploded' }));
    await expect(provider.generateWorkoutPlan(parsed)).rejects.toMatchObject({ code: 'PLAN_PROVIDER_ERROR' });
    expect(fake.requests).toHaveLength(2);
  });
});
