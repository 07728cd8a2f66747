import { foodLibrary, type Food, type FoodLibrary } from './food-library.ts';
import { recipeLibrary, type RecipeLibrary } from './recipe-library.ts';
import type { Allergen, Origin } from './plan-vocabulary.ts';

/**
 * What a person types to exclude a food ("eggs", "Salmon", "prawns", "red meat", "mushroom") resolved to
 * our food ids and recipe ids. A word matches a food by its id, its name, a name in parentheses
 * ("Courgette (zucchini)"), a synonym, or when every word of it appears in the food's name (plural or
 * singular): "salmon" excludes the salmon fillet and the smoked salmon, "eggs" the egg, the egg whites,
 * the egg noodles and the mayonnaise (its origin). Recipe names match the same way, so "granola" removes
 * every granola dish whatever its ingredients. Words naming a whole group ("fish", "meat", "dairy") match
 * by origin. An exclusion that matches nothing is reported, never ignored.
 */
const singular = (t: string): string =>
  t.length > 4 && t.endsWith('ies')
    ? `${t.slice(0, -3)}y`
    : t.length > 4 && t.endsWith('oes')
      ? t.slice(0, -2)
      : t.length > 3 && t.endsWith('s') && !t.endsWith('ss')
        ? t.slice(0, -1)
        : t;

export const wordsOf = (text: string): string[] =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map(singular);

/** Other names people use for our foods (British and American English, common shorthand). */
const SYNONYMS: Record<string, string[]> = {
  prawn: ['shrimp'],
  shrimp: ['shrimp'],
  zucchini: ['zucchini'],
  eggplant: ['eggplant'],
  arugula: ['rocket'],
  cilantro: ['coriander'],
  scallion: ['spring-onion'],
  'green onion': ['spring-onion'],
  garbanzo: ['chickpeas'],
  'garbanzo bean': ['chickpeas'],
  yoghurt: ['greek-yogurt-nonfat', 'greek-yogurt', 'natural-yogurt', 'coconut-yogurt', 'soy-yogurt'],
  cheese: [
    'cheddar',
    'mozzarella',
    'feta',
    'parmesan',
    'halloumi',
    'paneer',
    'goat-cheese',
    'ricotta',
    'cream-cheese',
    'cottage-cheese',
  ],
  bean: ['black-beans', 'kidney-beans', 'cannellini-beans', 'baked-beans', 'green-beans', 'frozen-edamame'],
  nut: [
    'almonds',
    'ground-almonds',
    'walnuts',
    'cashews',
    'pistachios',
    'hazelnuts',
    'almond-butter',
    'almond-milk',
    'granola',
    'muesli',
    'pesto',
    'peanuts',
    'peanut-butter',
  ],
  mushroom: ['mushrooms'],
  pepper: ['red-bell-pepper', 'green-bell-pepper', 'chili-pepper'],
  chilli: ['chili-pepper'],
  'bell pepper': ['red-bell-pepper', 'green-bell-pepper'],
  capsicum: ['red-bell-pepper', 'green-bell-pepper'],
  whey: ['whey-protein'],
};

/** Words for a whole group of foods, matched by where the food comes from. */
const GROUPS: Record<string, Origin[]> = {
  meat: ['poultry', 'red-meat', 'pork'],
  'red meat': ['red-meat', 'pork'],
  poultry: ['poultry'],
  pork: ['pork'],
  fish: ['fish'],
  seafood: ['fish', 'shellfish'],
  shellfish: ['shellfish'],
  dairy: ['dairy'],
  egg: ['egg'],
};

export interface ExclusionMatch {
  foodIds: Set<string>;
  recipeIds: Set<string>;
}

/** Allergen words match every food carrying the allergen (a name may not say it: pesto holds nuts). */
const ALLERGEN_WORDS: Record<string, Allergen> = {
  gluten: 'gluten',
  wheat: 'gluten',
  dairy: 'dairy',
  milk: 'dairy',
  lactose: 'dairy',
  egg: 'egg',
  nut: 'nuts',
  'tree nut': 'nuts',
  peanut: 'peanuts',
  soy: 'soy',
  soya: 'soy',
  fish: 'fish',
  shellfish: 'shellfish',
  sesame: 'sesame',
};

/** A name's words without "X free" pairs: "Gluten-free bread" does not name gluten. */
const nameWords = (name: string): string[] => {
  const w = wordsOf(name);
  return w.filter((word, i) => word !== 'free' && w[i + 1] !== 'free');
};

function foodMatches(food: Food, words: string[], joined: string): boolean {
  if (food.id === joined.replaceAll(' ', '-')) return true;
  const allergen = ALLERGEN_WORDS[joined];
  if (allergen && food.allergens.includes(allergen)) return true;
  const name = nameWords(food.name);
  if (words.every((w) => name.includes(w))) return true;
  return wordsOf(food.id).join(' ') === joined;
}

/** Ids excluded by one phrase; empty sets when it names nothing we know. */
export function matchExclusion(
  phrase: string,
  libs: { foods: FoodLibrary; recipes: RecipeLibrary } = { foods: foodLibrary, recipes: recipeLibrary },
): ExclusionMatch {
  const words = wordsOf(phrase);
  const joined = words.join(' ');
  const foodIds = new Set<string>();
  const recipeIds = new Set<string>();
  if (words.length === 0) return { foodIds, recipeIds };
  const origins = GROUPS[joined];
  for (const food of libs.foods.all) {
    if (foodMatches(food, words, joined) || (origins && origins.includes(food.origin))) foodIds.add(food.id);
  }
  for (const id of SYNONYMS[joined] ?? []) if (libs.foods.byId.has(id)) foodIds.add(id);
  for (const recipe of libs.recipes.all) {
    const name = nameWords(recipe.name);
    if (words.every((w) => name.includes(w)) || recipe.ingredients.some((i) => foodIds.has(i.foodId)))
      recipeIds.add(recipe.id);
  }
  return { foodIds, recipeIds };
}

/** Every phrase resolved; `unmatched` lists (with their index) the phrases that named nothing. */
export function resolveExclusions(phrases: readonly string[]): {
  foodIds: string[];
  recipeIds: string[];
  unmatched: Array<{ index: number; phrase: string }>;
} {
  const foods = new Set<string>();
  const recipes = new Set<string>();
  const unmatched: Array<{ index: number; phrase: string }> = [];
  phrases.forEach((phrase, index) => {
    const m = matchExclusion(phrase);
    if (m.foodIds.size === 0 && m.recipeIds.size === 0) unmatched.push({ index, phrase });
    for (const id of m.foodIds) foods.add(id);
    for (const id of m.recipeIds) recipes.add(id);
  });
  return { foodIds: [...foods].sort(), recipeIds: [...recipes].sort(), unmatched };
}
