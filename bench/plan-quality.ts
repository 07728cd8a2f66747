/**
 * Nutrition-plan quality over the same 200 random profiles the property tests use (test/plans/random-requests.ts):
 * how many plan-days miss the guidance, and by how much. Runnable alone (`node bench/plan-quality.ts [cases=200]`)
 * and through `npm run bench`.
 *
 * Not a speed benchmark: the figures are counts of days. The baseline in the same run is the planner's own
 * selection without the quality terms (`--naive`-style: the calorie band and the macro fit only), so the table shows
 * what the guidance-aware selection buys on the very same requests. Time per plan is printed for both.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dailyCalorieTarget, macroTargetsFor } from '../domain/plans/energy-targets.ts';
import { foodLibrary } from '../domain/plans/food-library.ts';
import { generateNutritionPlan, type PlannerTuning } from '../domain/plans/nutrition-planner.ts';
import { FIBRE_MIN_G, portionCapGrams, PROTEIN_TOLERANCE } from '../domain/plans/nutrition-quality.ts';
import type { NutritionPlanRequest } from '../domain/plans/plan-request.schemas.ts';
import { screenProfile } from '../domain/plans/screening.ts';
import { randomNutritionRequest } from '../test/plans/random-requests.ts';
import { printTable, type BenchRow } from './support/table.ts';

const CASES = Number(process.argv[2] ?? 200);

interface Tally {
  plans: number;
  failed: number;
  days: number;
  sodiumOver: number;
  fibreShort: number;
  proteinShort: number;
  proteinShortRestrictive: number;
  restrictiveDays: number;
  oversized: number;
  worstEnergy: number;
  worstProtein: number;
  ms: number[];
}

const restrictive = (r: NutritionPlanRequest): boolean =>
  r.preferences.dietaryRestrictions.some((d) => d === 'vegan' || d === 'vegetarian');

function measure(tuning: PlannerTuning | undefined): Tally {
  const t: Tally = {
    plans: 0,
    failed: 0,
    days: 0,
    sodiumOver: 0,
    fibreShort: 0,
    proteinShort: 0,
    proteinShortRestrictive: 0,
    restrictiveDays: 0,
    oversized: 0,
    worstEnergy: 0,
    worstProtein: 1,
    ms: [],
  };
  for (let i = 0; i < CASES; i++) {
    const request = randomNutritionRequest(i);
    const target = dailyCalorieTarget(request.userProfile, request.preferences);
    const protein = macroTargetsFor(request.userProfile, target).protein;
    const sodiumLimit = screenProfile(request.userProfile).sodiumLimitMg;
    const started = performance.now();
    let plan;
    try {
      plan = generateNutritionPlan(request, undefined, tuning);
    } catch {
      t.failed++;
      continue;
    }
    t.ms.push(performance.now() - started);
    t.plans++;
    for (const day of plan.days) {
      t.days++;
      const r = restrictive(request);
      if (r) t.restrictiveDays++;
      if (day.totals.sodium > sodiumLimit) t.sodiumOver++;
      if (day.totals.fiber < FIBRE_MIN_G) t.fibreShort++;
      if (day.totals.protein < protein * (1 - PROTEIN_TOLERANCE)) {
        t.proteinShort++;
        if (r) t.proteinShortRestrictive++;
      }
      t.worstProtein = Math.min(t.worstProtein, day.totals.protein / protein);
      t.worstEnergy = Math.max(t.worstEnergy, Math.abs(day.totals.calories - target) / target);
      for (const meal of day.meals) {
        for (const ing of meal.ingredients)
          if (ing.grams > portionCapGrams(foodLibrary.byId.get(ing.foodId)!)) t.oversized++;
      }
    }
  }
  return t;
}

const pct = (n: number): string => `${(n * 100).toFixed(1)} %`;
const quantile = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
const baseline = measure({ qualityTerms: false });
const planner = measure(undefined);
const row = (label: string, f: (t: Tally) => string): string => `| ${label} | ${f(baseline)} | ${f(planner)} |`;
process.stdout.write(
  [
    `${CASES} random nutrition profiles (load average ${load})`,
    '',
    '| | calorie band + macros only | planner |',
    '|---|---|---|',
    row('plans (failed)', (t) => `${t.plans} (${t.failed})`),
    row('plan-days', (t) => `${t.days}`),
    row('days over the sodium limit', (t) => `${t.sodiumOver}`),
    row(`days under ${FIBRE_MIN_G} g fibre`, (t) => `${t.fibreShort}`),
    row('days with protein under 90 % of target', (t) => `${t.proteinShort}`),
    row('… of them vegan/vegetarian (of their days)', (t) => `${t.proteinShortRestrictive} (of ${t.restrictiveDays})`),
    row('lowest protein, share of target', (t) => pct(t.worstProtein)),
    row('oversized portions', (t) => `${t.oversized}`),
    row('largest energy error of a day', (t) => pct(t.worstEnergy)),
    row('ms per plan, median / p95', (t) => `${quantile(t.ms, 0.5).toFixed(1)} / ${quantile(t.ms, 0.95).toFixed(1)}`),
    '',
  ].join('\n'),
);
// Counts of plan-days that miss the guidance: fewer is better, so the ratio is the baseline's count over the planner's.
const daysRow = (what: string, f: (t: Tally) => number): BenchRow => ({
  bench: 'plan-quality',
  what: `${what}, of ${planner.days} plan-days (${CASES} profiles; ratio = baseline ÷ planner)`,
  value: `${f(planner)} days`,
  baseline: `calorie band + macros only: ${f(baseline)} of ${baseline.days}`,
  ...(f(planner) > 0 ? { ratio: f(baseline) / f(planner) } : {}),
  load,
});
printTable([
  daysRow('days over the sodium limit', (t) => t.sodiumOver),
  daysRow(`days under ${FIBRE_MIN_G} g fibre`, (t) => t.fibreShort),
  daysRow('days with protein under 90 % of target', (t) => t.proteinShort),
]);
