import { describe, expect, it } from 'vitest';
import { createFoodMatcher } from '../domain/food-scan/food-matching.ts';
import { presentScan } from '../domain/food-scan/scan-food.ts';
import { sniffImageType, decodeDataUrl } from '../domain/food-scan/food-image.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';

const match = createFoodMatcher();
const idOf = (name: string) => match(name)?.food.id ?? null;

describe('food matching', () => {
  it('matches exact names, aliases and word containment, the most specific food winning', () => {
    expect(match('Sweet potato')).toMatchObject({ matchedBy: 'exact', food: { id: 'sweet-potato' } });
    expect(match('chickpeas')).toMatchObject({ matchedBy: 'alias', food: { id: 'chickpeas' } }); // "Chickpeas, canned, drained"
    expect(match('arugula')).toMatchObject({ matchedBy: 'alias', food: { id: 'rocket' } });
    expect(match('Shrimp')).toMatchObject({ matchedBy: 'alias', food: { id: 'shrimp' } });
    expect(match('grilled chicken breasts')).toMatchObject({ matchedBy: 'tokens', food: { id: 'chicken-breast' } });
    expect(idOf('Red onion, sliced')).toBe('red-onion');
    expect(idOf('scrambled eggs')).toBe('egg');
    expect(idOf('Crème fraîche')).toBeNull();
  });

  it("matches the dish's state: cooked for starches and meats as served, as stored when it says raw or dry; never guesses unknown foods", () => {
    expect(match('cooked basmati rice')).toMatchObject({ food: { id: 'basmati-rice' }, state: 'cooked' });
    expect(match('boiled egg noodles')).toMatchObject({ food: { id: 'egg-noodles' }, state: 'cooked' }); // not "egg"
    expect(match('white rice')).toMatchObject({ food: { id: 'white-rice' }, state: 'cooked' }); // as served
    expect(match('dry white rice')).toMatchObject({ food: { id: 'white-rice' }, state: 'as-stored' });
    expect(match('chicken breast', 'raw')).toMatchObject({ food: { id: 'chicken-breast' }, state: 'as-stored' });
    expect(match('Broccoli')).toMatchObject({ state: 'as-stored' }); // stored as eaten
    expect(idOf('chicken tikka masala')).toBeNull();
    expect(idOf('')).toBeNull();
  });

  it('cooked portions get cooked values (was: white rice 200 g = 730 kcal, pasta 250 g = 927 kcal, grilled chicken at raw values)', () => {
    const r = presentScan([
      { name: 'white rice', estimatedGrams: 200, confidence: 0.9 },
      { name: 'pasta', estimatedGrams: 250, confidence: 0.9 },
      { name: 'grilled chicken breast', estimatedGrams: 100, confidence: 0.9 },
    ]);
    const kcal = r.items.map((i) => (i.matched ? i.perPortion.calories : NaN));
    // USDA cooked values: white rice 130 kcal/100 g, pasta 158, roasted chicken breast 165 — within 5 %.
    expect(kcal[0]! / 260).toBeGreaterThan(0.95);
    expect(kcal[0]! / 260).toBeLessThan(1.05);
    expect(kcal[1]! / 395).toBeGreaterThan(0.95);
    expect(kcal[1]! / 395).toBeLessThan(1.05);
    expect(kcal[2]! / 165).toBeGreaterThan(0.95);
    expect(kcal[2]! / 165).toBeLessThan(1.05);
  });

  it('every library food finds itself by its own name', () => {
    for (const food of foodLibrary.all) expect(idOf(food.name), food.name).toBe(food.id);
  });

  it('scales per-100 g nutrients to the portion and totals only matched items', () => {
    const r = presentScan([
      { name: 'Banana', estimatedGrams: 120, confidence: 0.9 },
      { name: 'Unicorn', estimatedGrams: 50, confidence: 0.1 },
    ]);
    const banana = foodLibrary.byId.get('banana')!.per100g;
    expect(r.totals.calories).toBeCloseTo(banana.calories * 1.2, 1);
    expect(r.totals.grams).toBe(120);
    expect(r.items[1]).toEqual({
      name: 'Unicorn',
      estimatedGrams: 50,
      confidence: 0.1,
      needsReview: true,
      matched: false,
    });
  });

  it('knows images by their bytes and decodes data URLs', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
    expect(decodeDataUrl('data:image/png;base64,aGVsbG8=').toString()).toBe('hello');
    expect(() => decodeDataUrl('data:text/plain,hello')).toThrow();
  });
});
