import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createTenant } from './support/tenant.ts';
import { startGeminiFake, type GeminiFake } from './support/gemini-fake.ts';
import { registerUser } from './personalisation-fixtures.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';
import { dataUrl, foodsAnswer, jpeg } from './food-scan-support.ts';

let fake: GeminiFake;
let node: RunningNode;
beforeAll(async () => {
  fake = await startGeminiFake();
  node = await startTestNode({ GOOGLE_CLOUD_PROJECT: 'test-project', GOOGLE_API_KEY: 'k', GEMINI_BASE_URL: fake.url });
});
afterAll(async () => {
  await node.stop('test end');
  await fake.stop();
});

const today = () => new Date().toISOString().slice(0, 10);

describe('POST /food-scanner/log', () => {
  it('logs the corrected scan as progress nutrition (library nutrients), visible in GET /progress and only to its user', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant);
    const neighbour = await registerUser(node, tenant);
    fake.answer(() => foodsAnswer([
      { name: 'Salmon fillet', estimatedGrams: 140, confidence: 0.9 },
      { name: 'Steamed rice noodles', estimatedGrams: 200, confidence: 0.5 },
    ]));
    const scan = await user.api.post('/food-scanner/scan-food', { image: dataUrl(jpeg()) });
    expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    const [salmon, noodles] = scan.body.data.items;
    expect(salmon).toMatchObject({ matched: true, food: { id: 'salmon-fillet' } });
    expect(noodles.matched).toBe(false);

    // The user corrects the portion and replaces the unmatched item with a library food.
    const items = [{ foodId: salmon.food.id, grams: 120 }, { foodId: 'broccoli', grams: 90 }];
    const logged = await user.api.post('/food-scanner/log', { items, mealType: 'dinner' });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body.data.entries).toHaveLength(2);
    const expected = items.reduce((sum, i) => sum + (foodLibrary.byId.get(i.foodId)!.per100g.calories * i.grams) / 100, 0);
    expect(logged.body.data.entries[0]).toMatchObject({ foodId: 'salmon-fillet', grams: 120, mealType: 'dinner', date: today() });

    const progress = await user.api.get(`/progress?from=${today()}&to=${today()}`);
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    const day = progress.body.data.days.find((d: any) => d.date === today());
    expect(day.nutrition.entries).toBe(2);
    expect(Math.abs(day.nutrition.calories - expected)).toBeLessThanOrEqual(1);
    // Another user of the same client sees none of it.
    const theirs = (await neighbour.api.get(`/progress?from=${today()}&to=${today()}`)).body.data.days.find((d: any) => d.date === today());
    expect(theirs.nutrition.entries).toBe(0);
  });

  it('logs nothing when one food is unknown; refuses bad input, a foreign key with this token, and a future date', async () => {
    const tenant = await createTenant(node);
    const other = await createTenant(node);
    const user = await registerUser(node, tenant);
    const r = await user.api.post('/food-scanner/log', { items: [{ foodId: 'broccoli', grams: 90 }, { foodId: 'dragon-steak', grams: 100 }] });
    expect([r.status, r.body.code]).toEqual([422, 'UNKNOWN_FOOD']);
    const day = (await user.api.get(`/progress?from=${today()}&to=${today()}`)).body.data.days[0];
    expect(day.nutrition.entries).toBe(0);

    for (const body of [{}, { items: [] }, { items: [{ foodId: 'broccoli', grams: -5 }] }, { items: [{ foodId: 'broccoli' }] }, { items: [{ foodId: 'broccoli', grams: 10 }], mealType: 'brunch-ish' }, { items: [{ foodId: 'broccoli', grams: 10, calories: 1 }] }]) {
      const res = await user.api.post('/food-scanner/log', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect((await user.api.post('/food-scanner/log', { items: [{ foodId: 'broccoli', grams: 10 }], date: future })).status).toBe(400);

    const crossed = await client(node.url, { apiKey: other.apiKey, token: user.token }).post('/food-scanner/log', { items: [{ foodId: 'broccoli', grams: 10 }] });
    expect(crossed.status).toBe(401);
    expect((await client(node.url, { apiKey: tenant.apiKey }).post('/food-scanner/log', { items: [{ foodId: 'broccoli', grams: 10 }] })).status).toBe(401);
    expect((await user.api.get(`/progress?from=${today()}&to=${today()}`)).body.data.days[0].nutrition.entries).toBe(0);
  });
});
