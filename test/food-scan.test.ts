import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningNode } from '../server/node.ts';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startNode } from '../server/node.ts';
import { loadConfig } from '../server/config.ts';
import { startTestNode, testEnv } from './support/node.ts';
import { createTenant } from './support/tenant.ts';
import { startGeminiFake, type GeminiFake } from './support/gemini-fake.ts';
import { registerUser, type TestUser } from './personalisation-fixtures.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';
import { dataUrl, foodsAnswer, gif, jpeg, png, uploadImage, webp } from './food-scan-support.ts';

const MB = 1024 * 1024;
let fake: GeminiFake;
let node: RunningNode;
let user: TestUser;
let apiKey: string;

beforeAll(async () => {
  fake = await startGeminiFake();
  node = await startTestNode({
    GOOGLE_CLOUD_PROJECT: 'test-project',
    GOOGLE_CLOUD_LOCATION: 'europe-west4',
    GEMINI_MODEL: 'gemini-test',
    GOOGLE_API_KEY: 'vertex-express-test-key',
    GEMINI_BASE_URL: fake.url,
    GEMINI_TIMEOUT_MS: '3000',
  });
  const tenant = await createTenant(node);
  apiKey = tenant.apiKey;
  user = await registerUser(node, tenant);
});
afterAll(async () => {
  await node.stop('test end');
  await fake.stop();
});

const upload = (file: Parameters<typeof uploadImage>[2]) => uploadImage(node.url, { apiKey, token: user.token }, file);
const food = (id: string) => foodLibrary.byId.get(id)!;

describe('POST /food-scanner/scan-food', () => {
  it('sends a multipart photo to Gemini on Vertex AI and maps the foods to our library', async () => {
    fake.answer(() =>
      foodsAnswer([
        { name: 'Grilled chicken breast', estimatedGrams: 150, confidence: 0.92 },
        { name: 'Broccoli', estimatedGrams: 80, confidence: 0.88 },
        { name: 'Cooked white rice', estimatedGrams: 180, confidence: 0.7 },
        { name: 'Mystery sauce', estimatedGrams: 30, confidence: 0.4 },
      ]),
    );
    const image = jpeg(4096);
    const res = await upload({ bytes: image, name: 'lunch.jpg' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    // The real SDK call, as Vertex AI receives it.
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    expect(sent.path).toMatch(
      /^\/v1beta1\/projects\/test-project\/locations\/europe-west4\/publishers\/google\/models\/gemini-test:generateContent$/,
    );
    expect(sent.apiKey).toBe('vertex-express-test-key');
    const inline = sent.body.contents[0]!.parts.find((p) => p.inlineData)!.inlineData!;
    expect(inline).toEqual({ mimeType: 'image/jpeg', data: image.toString('base64') });
    expect(sent.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', required: ['foods'] },
    });

    const { items, totals, matchedCount, unmatchedCount } = res.body.data;
    expect([matchedCount, unmatchedCount]).toEqual([3, 1]);
    const chicken = food('chicken-breast');
    expect(items[0]).toMatchObject({
      name: 'Grilled chicken breast',
      matched: true,
      matchedBy: 'tokens',
      confidence: 0.92,
      food: { id: 'chicken-breast' },
      foodState: 'cooked',
      needsReview: false,
    });
    // Grilled: cooked values (raw chicken loses a quarter of its weight), not the raw ones.
    expect(items[0].per100g.calories).toBeCloseTo(chicken.per100g.calories / 0.75, 0);
    expect(items[0].perPortion.calories).toBeCloseTo(items[0].per100g.calories * 1.5, 0);
    expect(items[1]).toMatchObject({
      matched: true,
      matchedBy: 'exact',
      food: { id: 'broccoli' },
      foodState: 'as-stored',
    });
    expect(items[1].per100g).toEqual(food('broccoli').per100g);
    // We store rice dry: a cooked portion gets cooked-rice values (about 130 kcal per 100 g).
    expect(items[2]).toMatchObject({ matched: true, food: { id: 'white-rice' }, foodState: 'cooked' });
    expect(items[2].per100g.calories).toBeGreaterThan(120);
    expect(items[2].per100g.calories).toBeLessThan(140);
    expect(items[3]).toMatchObject({ matched: false, needsReview: true });
    expect(items[3]).not.toHaveProperty('perPortion');
    expect(totals.grams).toBe(410);
    expect(totals.protein).toBeCloseTo(
      items[0].perPortion.protein + items[1].perPortion.protein + items[2].perPortion.protein,
      0,
    );
  });

  it('takes a JSON data URL (type from the bytes, not the declared one) and multipart WebP declared as octet-stream', async () => {
    fake.answer(() => foodsAnswer([{ name: 'Zucchini', estimatedGrams: 100, confidence: 0.6 }]));
    const res = await user.api.post('/food-scanner/scan-food', { image: dataUrl(png(), 'image/jpeg') });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(fake.requests[0]!.body.contents[0]!.parts[0]!.inlineData!.mimeType).toBe('image/png');
    expect(res.body.data.items[0]).toMatchObject({ matched: true, matchedBy: 'alias', food: { id: 'zucchini' } });

    const w = await upload({ bytes: webp(), type: 'application/octet-stream', name: 'photo.bin' });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(fake.requests[1]!.body.contents[0]!.parts[0]!.inlineData!.mimeType).toBe('image/webp');
  });

  it('answers 415 for a GIF or a text file named .jpg, 413 over 10 MB (exactly 10 MB passes), 400 without an image', async () => {
    fake.answer(() => foodsAnswer([]));
    for (const file of [
      { bytes: gif(), type: 'image/gif', name: 'a.gif' },
      { bytes: Buffer.from('just some text, honest'), type: 'image/jpeg', name: 'meal.jpg' },
    ]) {
      const r = await upload(file);
      expect([r.status, r.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    const g = await user.api.post('/food-scanner/scan-food', { image: dataUrl(gif(), 'image/jpeg') });
    expect([g.status, g.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    const big = await upload({ bytes: jpeg(10 * MB + 1) });
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const bigUrl = await user.api.post('/food-scanner/scan-food', { image: dataUrl(jpeg(10 * MB + 1)) });
    expect([bigUrl.status, bigUrl.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const huge = await user.api.post('/food-scanner/scan-food', { image: dataUrl(jpeg(12 * MB)) });
    expect([huge.status, huge.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(fake.requests).toHaveLength(0);
    const exact = await upload({ bytes: jpeg(10 * MB) });
    expect(exact.status, JSON.stringify(exact.body)).toBe(200);
    expect(exact.body.data.items).toEqual([]);

    for (const res of [
      await upload(null),
      await upload({ bytes: Buffer.alloc(0) }),
      await upload({ bytes: jpeg(), field: 'photo' }),
      await user.api.post('/food-scanner/scan-food', {}),
      await user.api.post('/food-scanner/scan-food', { image: 'https://example.com/meal.jpg' }),
      await user.api.post('/food-scanner/scan-food', { image: 'data:image/jpeg;base64,@@not base64@@' }),
      await user.api.post('/food-scanner/scan-food', { image: 42 }),
    ]) {
      expect(res.status, JSON.stringify(res.body)).toBe(400);
    }
  });

  it('vendor cases: malformed answers, vendor errors and a hung model are 503s with Retry-After; refusals a 422; never a 500', async () => {
    const cases: Array<[Parameters<GeminiFake['answer']>[0], number, string]> = [
      [() => ({ text: 'Here is your food: chicken!' }), 503, 'PROVIDER_BAD_RESPONSE'],
      [() => ({ text: JSON.stringify({ items: [] }) }), 503, 'PROVIDER_BAD_RESPONSE'],
      [() => ({ text: '{"foods": [{"name": "Apple"', finishReason: 'MAX_TOKENS' }), 503, 'PROVIDER_BAD_RESPONSE'],
      [() => ({ blockReason: 'SAFETY' }), 422, 'SCAN_REFUSED'],
      // A candidate finished for safety is refused even though it carries text (was: accepted).
      [
        () => ({
          text: JSON.stringify({ foods: [{ name: 'Apple', estimatedGrams: 120, confidence: 0.9 }] }),
          finishReason: 'SAFETY',
        }),
        422,
        'SCAN_REFUSED',
      ],
      [() => ({ status: 429, message: 'Resource exhausted', statusText: 'RESOURCE_EXHAUSTED' }), 503, 'PROVIDER_ERROR'],
      [() => ({ hangMs: 15_000 }), 503, 'PROVIDER_TIMEOUT'],
    ];
    for (const [answer, status, code] of cases) {
      fake.answer(answer);
      const started = Date.now();
      const res = await upload({ bytes: jpeg() });
      expect([res.status, res.body.code], JSON.stringify(res.body)).toEqual([status, code]);
      if (status === 503) expect(res.headers['retry-after']).toBe('30');
      expect(JSON.stringify(res.body)).not.toMatch(/Resource exhausted/);
      expect(Date.now() - started).toBeLessThan(6000);
    }
  });

  it('keeps the good items when one item is bad, flagging the bad one for the user (was: the whole scan discarded)', async () => {
    fake.answer(() => ({
      text: JSON.stringify({
        foods: [
          { name: 'Banana', estimatedGrams: 120, confidence: 0.9, state: 'raw' },
          { name: 'Apple', estimatedGrams: 120, confidence: 87 },
          { estimatedGrams: 50 },
        ],
      }),
    }));
    const res = await upload({ bytes: jpeg() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [banana, apple, nameless] = res.body.data.items;
    expect(banana).toMatchObject({ matched: true, food: { id: 'banana' }, needsReview: false });
    expect(apple).toMatchObject({ name: 'Apple', matched: false, needsReview: true, problem: expect.any(String) });
    expect(nameless).toMatchObject({ name: 'unreadable item', matched: false, needsReview: true });
    expect(res.body.data.totals.grams).toBe(120);
  });

  it("needs a user token of the key's client and the nutrition feature", async () => {
    const other = await createTenant(node);
    expect((await uploadImage(node.url, { apiKey }, { bytes: jpeg() })).status).toBe(401);
    const crossed = await uploadImage(node.url, { apiKey: other.apiKey, token: user.token }, { bytes: jpeg() });
    expect(crossed.status).toBe(401);
    const off = await createTenant(node, { enabledFeatures: ['classes'] });
    const offUser = await registerUser(node, off);
    const r = await offUser.api.post('/food-scanner/scan-food', { image: dataUrl(jpeg()) });
    expect([r.status, r.body.code]).toEqual([403, 'FEATURE_DISABLED']);
  });
});

describe('POST /food-scanner/scan-food without Gemini configured', () => {
  it('answers 503 PROVIDER_NOT_CONFIGURED, never a made-up result, logged as a warning (not an error per call)', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const bare = await startNode(
      loadConfig(testEnv({ GOOGLE_CLOUD_PROJECT: '', LOG_LEVEL: 'info' })),
      pino({ level: 'info' }, sink),
    );
    try {
      const tenant = await createTenant(bare);
      const u = await registerUser(bare, tenant);
      const res = await u.api.post('/food-scanner/scan-food', { image: dataUrl(jpeg()) });
      expect([res.status, res.body.code]).toEqual([503, 'PROVIDER_NOT_CONFIGURED']);
      const multi = await uploadImage(bare.url, { apiKey: tenant.apiKey, token: u.token }, { bytes: jpeg() });
      expect([multi.status, multi.body.code]).toEqual([503, 'PROVIDER_NOT_CONFIGURED']);
      const entries = lines
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; code?: string });
      const unavailable = entries.filter((e) => e.code === 'PROVIDER_NOT_CONFIGURED');
      expect(unavailable.length).toBeGreaterThanOrEqual(2);
      expect(unavailable.every((e) => e.level === 40)).toBe(true);
      expect(entries.filter((e) => e.level >= 50)).toEqual([]);
    } finally {
      await bare.stop('test end');
    }
  });
});
