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

  it('never gives a cooked dish the nutrients of a food we store dry, nor guesses unknown foods', () => {
    expect(idOf('cooked basmati rice')).toBeNull();
    expect(idOf('boiled egg noodles')).toBeNull(); // not "egg"
    expect(idOf('basmati rice')).toBe('basmati-rice');
    expect(idOf('chicken tikka masala')).toBeNull();
    expect(idOf('')).toBeNull();
  });

  it('every library food finds itself by its own name', () => {
    for (const food of foodLibrary.all) expect(idOf(food.name), food.name).toBe(food.id);
  });

  it('scales per-100 g nutrients to the portion and totals only matched items', () => {
    const r = presentScan([{ name: 'Banana', estimatedGrams: 120, confidence: 0.9 }, { name: 'Unicorn', estimatedGrams: 50, confidence: 0.1 }]);
    const banana = foodLibrary.byId.get('banana')!.per100g;
    expect(r.totals.calories).toBeCloseTo(banana.calories * 1.2, 1);
    expect(r.totals.grams).toBe(120);
    expect(r.items[1]).toEqual({ name: 'Unicorn', estimatedGrams: 50, confidence: 0.1, matched: false });
  });

  it('knows images by their bytes and decodes data URLs', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
    expect(decodeDataUrl('data:image/png;base64,aGVsbG8=').toString()).toBe('hello');
    expect(() => decodeDataUrl('data:text/plain,hello')).toThrow();
  });
});
