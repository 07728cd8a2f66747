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
    fake.answer(() =>
      foodsAnswer([
        { name: 'Salmon fillet', estimatedGrams: 140, confidence: 0.9 },
        { name: 'Steamed rice noodles', estimatedGrams: 200, confidence: 0.5 },
      ]),
    );
    const scan = await user.api.post('/food-scanner/scan-food', { image: dataUrl(jpeg()) });
    expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    const [salmon, noodles] = scan.body.data.items;
    expect(salmon).toMatchObject({ matched: true, food: { id: 'salmon-fillet' }, foodState: 'cooked' });
    expect(noodles).toMatchObject({ matched: true, food: { id: 'rice-noodles' }, foodState: 'cooked' });

    // The user corrects the portion (cooked weight, as scanned) and replaces the noodles with a library food.
    const items = [
      { foodId: salmon.food.id, grams: 120, foodState: 'cooked' },
      { foodId: 'broccoli', grams: 90 },
    ];
    const logged = await user.api.post('/food-scanner/log', { items, mealType: 'dinner' });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect(logged.body.data.entries).toHaveLength(2);
    // 120 g of cooked salmon is 150 g of the raw fillet our library stores.
    const expected =
      (foodLibrary.byId.get('salmon-fillet')!.per100g.calories * 150) / 100 +
      (foodLibrary.byId.get('broccoli')!.per100g.calories * 90) / 100;
    expect(logged.body.data.entries[0]).toMatchObject({
      foodId: 'salmon-fillet',
      grams: 150,
      mealType: 'dinner',
      date: today(),
    });

    const progress = await user.api.get(`/progress?from=${today()}&to=${today()}`);
    expect(progress.status, JSON.stringify(progress.body)).toBe(200);
    const day = progress.body.data.days.find((d: any) => d.date === today());
    expect(day.nutrition.entries).toBe(2);
    expect(Math.abs(day.nutrition.calories - expected)).toBeLessThanOrEqual(1);
    // Another user of the same client sees none of it.
    const theirs = (await neighbour.api.get(`/progress?from=${today()}&to=${today()}`)).body.data.days.find(
      (d: any) => d.date === today(),
    );
    expect(theirs.nutrition.entries).toBe(0);
  });

  it('log limits are what the database accepts, named per item (was: a 400 without field details)', async () => {
    const tenant = await createTenant(node);
    const user = await registerUser(node, tenant);
    const oil = await user.api.post('/food-scanner/log', {
      items: [
        { foodId: 'broccoli', grams: 100 },
        { foodId: 'olive-oil', grams: 4000 },
      ],
    });
    expect(oil.status).toBe(400);
    expect(oil.body.details).toEqual([
      { field: 'items.1.grams', message: expect.stringMatching(/between 0.01 and 2000 g of Olive oil/) },
    ]);
    const tiny = await user.api.post('/food-scanner/log', { items: [{ foodId: 'broccoli', grams: 0.001 }] });
    expect(tiny.status).toBe(400);
    expect(tiny.body.details[0].field).toBe('items.0.grams');
    const most = await user.api.post('/food-scanner/log', { items: [{ foodId: 'olive-oil', grams: 2000 }] });
    expect(most.status, JSON.stringify(most.body)).toBe(201);
    const progress = (await user.api.get('/progress')).body.data.days.at(-1);
    expect(progress.nutrition.entries).toBe(1);
  });

  it('logs nothing when one food is unknown; refuses bad input, a foreign key with this token, and a future date', async () => {
    const tenant = await createTenant(node);
    const other = await createTenant(node);
    const user = await registerUser(node, tenant);
    const r = await user.api.post('/food-scanner/log', {
      items: [
        { foodId: 'broccoli', grams: 90 },
        { foodId: 'dragon-steak', grams: 100 },
      ],
    });
    expect([r.status, r.body.code]).toEqual([422, 'UNKNOWN_FOOD']);
    const day = (await user.api.get(`/progress?from=${today()}&to=${today()}`)).body.data.days[0];
    expect(day.nutrition.entries).toBe(0);

    for (const body of [
      {},
      { items: [] },
      { items: [{ foodId: 'broccoli', grams: -5 }] },
      { items: [{ foodId: 'broccoli' }] },
      { items: [{ foodId: 'broccoli', grams: 10 }], mealType: 'brunch-ish' },
      { items: [{ foodId: 'broccoli', grams: 10, calories: 1 }] },
    ]) {
      const res = await user.api.post('/food-scanner/log', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    expect(
      (await user.api.post('/food-scanner/log', { items: [{ foodId: 'broccoli', grams: 10 }], date: future })).status,
    ).toBe(400);

    const crossed = await client(node.url, { apiKey: other.apiKey, token: user.token }).post('/food-scanner/log', {
      items: [{ foodId: 'broccoli', grams: 10 }],
    });
    expect(crossed.status).toBe(401);
    expect(
      (
        await client(node.url, { apiKey: tenant.apiKey }).post('/food-scanner/log', {
          items: [{ foodId: 'broccoli', grams: 10 }],
        })
      ).status,
    ).toBe(401);
    expect((await user.api.get(`/progress?from=${today()}&to=${today()}`)).body.data.days[0].nutrition.entries).toBe(0);
  });
});
