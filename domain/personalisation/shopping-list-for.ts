import type { Ctx } from '../shared/context.ts';
import { loadCurrentUser } from '../auth/current-account.ts';
import type { NutritionPlan } from '../plans/plan.schemas.ts';
import { buildShoppingList } from '../plans/shopping-list.ts';
import { mealsForProfile } from './plan-safety.ts';
import { getActivePlan } from './user-plans.ts';

/** The active nutrition plan's shopping list, without meals the profile as it is now rules out. */
export async function shoppingListFor(ctx: Ctx) {
  const { user } = await loadCurrentUser(ctx);
  const plan = await getActivePlan<NutritionPlan>(ctx, 'nutrition');
  const warnings = new Set<string>();
  const days = plan.plan.days.map((d) => {
    const safe = mealsForProfile(d.meals, user.profile);
    for (const w of safe.warnings) warnings.add(w);
    return { ...d, meals: safe.meals };
  });
  return { planId: plan.id, ...buildShoppingList({ days }), warnings: [...warnings] };
}
