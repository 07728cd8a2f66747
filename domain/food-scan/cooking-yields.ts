/**
 * Grams of food as served per gram as our library stores it. The library holds rice, pasta, grains and
 * lentils dry and meat and fish raw (as they are bought); on a plate they are cooked: rice takes up water
 * (×2.8–3), meat loses it (×0.72–0.85). A photo's cooked grams are divided by the yield to find the
 * stored grams, so "white rice 200 g" is about 71 g of dry rice (≈260 kcal, USDA cooked white rice
 * 130 kcal/100 g), not 730 kcal. Yields from USDA cooked/raw nutrient pairs and retention tables.
 */
export const COOKED_YIELD: Readonly<Record<string, number>> = {
  'white-rice': 2.8,
  'brown-rice': 3.0,
  'basmati-rice': 3.0,
  'wild-rice': 3.5,
  quinoa: 3.0,
  pasta: 2.35,
  'wholewheat-pasta': 2.35,
  'gluten-free-pasta': 2.4,
  'chickpea-pasta': 2.3,
  couscous: 3.35,
  bulgur: 4.1,
  buckwheat: 3.7,
  millet: 3.2,
  polenta: 5.0,
  'egg-noodles': 2.8,
  'rice-noodles': 3.4,
  'red-lentils': 3.1,
  'rolled-oats': 5.3,
  'gluten-free-oats': 5.3,
  'chicken-breast': 0.75,
  'chicken-thigh': 0.72,
  'turkey-breast': 0.75,
  'turkey-mince': 0.75,
  'lean-beef-mince': 0.72,
  'sirloin-steak': 0.75,
  'lamb-leg': 0.72,
  'pork-tenderloin': 0.75,
  'pork-loin-chop': 0.75,
  bacon: 0.65,
  'salmon-fillet': 0.8,
  'cod-fillet': 0.8,
  'haddock-fillet': 0.8,
  'sea-bass-fillet': 0.8,
  'trout-fillet': 0.8,
  'mackerel-fillet': 0.8,
  'tilapia-fillet': 0.8,
  shrimp: 0.85,
  scallops: 0.8,
  squid: 0.75,
};

export type FoodState = 'cooked' | 'as-stored';

/** Library grams for grams in a state: cooked grams of a food we store dry or raw are converted back. */
export function storedGrams(foodId: string, grams: number, state: FoodState): number {
  const yieldFactor = COOKED_YIELD[foodId];
  return state === 'cooked' && yieldFactor ? grams / yieldFactor : grams;
}
