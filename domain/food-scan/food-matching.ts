import { foodLibrary, type Food, type FoodLibrary } from '../plans/food-library.ts';
import { COOKED_YIELD, type FoodState } from './cooking-yields.ts';

export type MatchedBy = 'exact' | 'alias' | 'tokens';

/** Words that describe a dish rather than name a food; they neither help nor block a match. */
const NOISE = new Set([
  'a',
  'an',
  'the',
  'of',
  'with',
  'and',
  'in',
  'on',
  'fresh',
  'plain',
  'slice',
  'piece',
  'portion',
  'serving',
  'bowl',
  'cup',
  'some',
]);
/** Words that say a dish is cooked, and words that say it is as bought (raw, dry). */
const PREPARED = new Set([
  'cooked',
  'boiled',
  'steamed',
  'fried',
  'grilled',
  'roasted',
  'baked',
  'scrambled',
  'poached',
  'stewed',
  'braised',
  'pan',
  'stir',
  'sauteed',
  'barbecued',
  'bbq',
  'roast',
  'seared',
]);
const AS_BOUGHT = new Set(['raw', 'uncooked', 'dry', 'dried']);

const singular = (t: string): string =>
  t.length > 4 && t.endsWith('ies')
    ? `${t.slice(0, -3)}y`
    : t.length > 3 && t.endsWith('s') && !t.endsWith('ss')
      ? t.slice(0, -1)
      : t;

export function tokensOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(singular);
}

const key = (text: string): string =>
  tokensOf(text)
    .filter((t) => !NOISE.has(t))
    .join(' ');

interface Entry {
  food: Food;
  exact: string;
  aliases: string[];
  /** The head of the name (before the first comma), parentheses dropped: all of it must be in the asked name. */
  head: string[];
}

function entryOf(food: Food): Entry {
  const [headText = food.name] = food.name.split(',');
  const inParens = [...headText.matchAll(/\(([^)]+)\)/g)].map((m) => m[1]!);
  const outside = headText.replace(/\([^)]*\)/g, ' ');
  return {
    food,
    exact: key(food.name),
    aliases: [key(outside), ...inParens.map(key), key(food.id)].filter(Boolean),
    head: tokensOf(outside).filter((t) => !NOISE.has(t)),
  };
}

export interface FoodMatch {
  food: Food;
  matchedBy: MatchedBy;
  /** The state the grams are in: `cooked` converts through the food's cooking yield (cooking-yields.ts). */
  state: FoodState;
}

/**
 * Maps a model's food name to one of our foods, in three steps: the whole name equals ours (`exact`);
 * it equals an alias — our name without its qualifiers, a name in parentheses, or the id (`alias`);
 * or every word of one of our names' heads appears in it (`tokens`), the food with the longest head
 * winning ("grilled chicken breast" → Chicken breast, not a one-word food). The match says whether the
 * grams are cooked (converted through the food's cooking yield) or as stored. No match is `null`:
 * nutrients are never guessed.
 */
export function createFoodMatcher(library: FoodLibrary = foodLibrary) {
  const entries = library.all.map(entryOf);
  return (name: string, stated?: 'cooked' | 'raw'): FoodMatch | null => {
    const asked = tokensOf(name).filter((t) => !NOISE.has(t));
    const askedKey = asked.join(' ');
    const words = new Set(asked);
    let found: { entry: Entry; matchedBy: MatchedBy } | null = null;
    const exact = entries.find((e) => e.exact === askedKey);
    const alias = exact ? undefined : entries.find((e) => e.aliases.includes(askedKey));
    if (exact) found = { entry: exact, matchedBy: 'exact' };
    else if (alias) found = { entry: alias, matchedBy: 'alias' };
    else {
      let best: Entry | null = null;
      for (const e of entries) {
        if (e.head.length === 0 || !e.head.every((t) => words.has(t))) continue;
        if (!best || e.head.length > best.head.length) best = e;
      }
      if (best) found = { entry: best, matchedBy: 'tokens' };
    }
    if (!found) return null;
    // The dish's state: its own words first, then what the model said, then "as served" — cooked — for
    // the starches and meats we store dry or raw.
    const food = found.entry.food;
    const cookable = COOKED_YIELD[food.id] !== undefined;
    const raw = tokensOf(name);
    const said = raw.some((t) => PREPARED.has(t)) ? 'cooked' : raw.some((t) => AS_BOUGHT.has(t)) ? 'raw' : stated;
    const state: FoodState = cookable && said !== 'raw' ? 'cooked' : 'as-stored';
    return { food, matchedBy: found.matchedBy, state };
  };
}
