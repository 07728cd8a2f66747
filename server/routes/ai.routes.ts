import { z } from 'zod';
import { route } from '../http/route.ts';
import { planProviderFor } from '../../domain/personalisation/plan-providers.ts';
import { generateCheckedNutritionPlan, generateCheckedWorkoutPlan } from '../../domain/plans/plan-generation.ts';
import { nutritionPlanRequestSchema, workoutPlanRequestSchema } from '../../domain/plans/plan-request.schemas.ts';
import { nutritionPlanSchema, workoutPlanSchema } from '../../domain/plans/plan.schemas.ts';

/** The generators without saving: an app previews a plan for a profile it holds itself. */
export const aiRoutes = [
  route({
    method: 'post', path: '/ai/generate-workout-plan', tag: 'ai', auth: 'key', feature: 'workout_builder',
    summary: 'Generate a workout plan for a profile and preferences (not saved)',
    body: workoutPlanRequestSchema, response: z.object({ workoutPlan: workoutPlanSchema }),
    handler: async ({ body }, call) => {
      const { plan } = await generateCheckedWorkoutPlan(planProviderFor(call.services.config.openai), body);
      return { workoutPlan: plan };
    },
  }),
  route({
    method: 'post', path: '/ai/generate-nutrition-plan', tag: 'ai', auth: 'key', feature: 'nutrition',
    summary: 'Generate a nutrition plan for a profile and preferences (not saved)',
    body: nutritionPlanRequestSchema, response: z.object({ nutritionPlan: nutritionPlanSchema }),
    handler: async ({ body }, call) => {
      const { plan } = await generateCheckedNutritionPlan(planProviderFor(call.services.config.openai), body);
      return { nutritionPlan: plan };
    },
  }),
];
