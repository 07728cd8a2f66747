import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';
import { exerciseLibrary } from '../domain/plans/exercise-library.ts';
import { PROFILE, registerUser } from './personalisation-fixtures.ts';

let node: RunningNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node.stop('test end');
});

const foodsOf = (meals: any[]) => meals.flatMap((m) => m.ingredients.map((i: any) => foodLibrary.byId.get(i.foodId)!));

describe('safe inputs are stored on the profile and applied to every plan', () => {
  it('PUT /users/me stores allergies, diet, dislikes, injuries and conditions (was: 400), and the per-user plan applies them', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: PROFILE });
    const put = await user.api.put('/users/me', {
      profile: {
        allergies: ['nuts'],
        dietaryRestrictions: ['vegan'],
        dislikes: ['mushrooms'],
        conditions: ['asthma'],
        pregnant: false,
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.data.profile).toMatchObject({
      allergies: ['nuts'],
      dietaryRestrictions: ['vegan'],
      dislikes: ['mushrooms'],
      conditions: ['asthma'],
    });
    // The same words a plan request refuses are refused here, named.
    const bad = await user.api.put('/users/me', { profile: { dislikes: ['kryptonite'], allergies: ['moonbeams'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field)).toEqual(
      expect.arrayContaining(['profile.dislikes.0', 'profile.allergies.0']),
    );

    const res = await user.api.post('/users/me/nutrition-plan', { preferences: { days: 7 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    for (const food of foodsOf(res.body.data.nutritionPlan.days.flatMap((d: any) => d.meals))) {
      expect(food.tags, food.id).toContain('vegan');
      expect(food.allergens, food.id).not.toContain('nuts');
      expect(food.id).not.toBe('mushrooms');
    }
    expect(res.body.data.nutritionPlan.safetyNotes.join(' ')).toMatch(/inhaler/);
  });

  it('a later allergy or injury is applied to the daily plan and the shopping list of a plan made before it', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant, { profile: { ...PROFILE, workoutsPerWeek: 7 } });
    const menu = await user.api.post('/users/me/nutrition-plan', { preferences: { days: 1, mealsPerDay: 4 } });
    expect(menu.status).toBe(201);
    const workout = await user.api.post('/users/me/workout-plan', {
      preferences: { daysPerWeek: 6, equipment: ['bodyweight', 'dumbbells'] },
    });
    expect(workout.status).toBe(201);
    const allergens = new Set(foodsOf(menu.body.data.nutritionPlan.days[0].meals).flatMap((f) => f.allergens));
    const allergy = ['dairy', 'gluten', 'egg', 'fish', 'soy', 'nuts'].find((a) => allergens.has(a as never));
    expect(allergy).toBeDefined();
    await user.api.put('/users/me', {
      profile: { allergies: [allergy], injuries: ['knee', 'shoulder', 'lower_back'] },
    });

    const today = await user.api.get('/users/me/daily-plan');
    expect(today.status).toBe(200);
    for (const food of foodsOf(today.body.data.meals)) expect(food.allergens).not.toContain(allergy);
    expect(today.body.data.warnings.join(' ')).toMatch(/profile changed/);
    for (const e of today.body.data.workout?.exercises ?? []) {
      expect(
        exerciseLibrary.byId.get(e.exerciseId)!.unsafeFor.filter((i) => ['knee', 'shoulder', 'lower_back'].includes(i)),
      ).toEqual([]);
    }
    const list = await user.api.get('/users/me/nutrition-plan/shopping-list');
    for (const item of list.body.data.aisles.flatMap((a: any) => a.items))
      expect(foodLibrary.byId.get(item.foodId)!.allergens).not.toContain(allergy);
    expect(list.body.data.warnings.length).toBeGreaterThan(0);
  });
});
