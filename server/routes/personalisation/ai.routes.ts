import { z } from 'zod';
import { route } from '../../http/route.ts';
import { planProviderFor } from '../../../domain/personalisation/plan-providers.ts';
import { generateCheckedNutritionPlan, generateCheckedWorkoutPlan } from '../../../domain/plans/plan-generation.ts';
import { nutritionPlanRequestSchema, workoutPlanRequestSchema } from '../../../domain/plans/plan-request.schemas.ts';
import { nutritionPlanSchema, workoutPlanSchema } from '../../../domain/plans/plan.schemas.ts';
import { previewClassPlan } from '../../../domain/personalisation/class-plan.ts';
import { classPlanSchema, generateClassPlanBody } from './plans.schemas.ts';

/** Which provider made the plan; `fallbackFrom` when the configured one failed and the rule-based planner answered. */
const madeBy = {
  provider: z.string().describe('rule-based, or openai:<model>'),
  fallbackFrom: z.object({ provider: z.string(), reason: z.string() }).optional(),
};

/** The generators without saving: an app previews a plan for a profile it holds itself. */
export const aiRoutes = [
  route({
    method: 'post',
    path: '/ai/generate-workout-plan',
    tag: 'ai',
    auth: 'key',
    limit: 'ai',
    feature: 'workout_builder',
    summary: 'Generate a workout plan for a profile and preferences (not saved)',
    body: workoutPlanRequestSchema,
    response: z.object({ workoutPlan: workoutPlanSchema, ...madeBy }),
    handler: async ({ body }, call) => {
      const { openai } = call.services.config;
      const { plan, provider, fallbackFrom } = await generateCheckedWorkoutPlan(planProviderFor(openai), body, {
        deadlineMs: openai.deadlineMs,
      });
      return { workoutPlan: plan, provider, ...(fallbackFrom ? { fallbackFrom } : {}) };
    },
  }),
  route({
    method: 'post',
    path: '/ai/generate-nutrition-plan',
    tag: 'ai',
    auth: 'key',
    limit: 'ai',
    feature: 'nutrition',
    summary: 'Generate a nutrition plan for a profile and preferences (not saved)',
    body: nutritionPlanRequestSchema,
    response: z.object({ nutritionPlan: nutritionPlanSchema, ...madeBy }),
    handler: async ({ body }, call) => {
      const { openai } = call.services.config;
      const { plan, provider, fallbackFrom } = await generateCheckedNutritionPlan(planProviderFor(openai), body, {
        deadlineMs: openai.deadlineMs,
      });
      return { nutritionPlan: plan, provider, ...(fallbackFrom ? { fallbackFrom } : {}) };
    },
  }),
  route({
    method: 'post',
    path: '/ai/generate-class-plan',
    tag: 'ai',
    auth: 'key',
    limit: 'ai',
    feature: 'classes',
    summary: "Fit a profile's training days and goal to this client's class schedule (not saved; no bookings known)",
    body: generateClassPlanBody,
    response: z.object({ classPlan: classPlanSchema }),
    handler: async ({ body }, call) => ({
      classPlan: await previewClassPlan(call.ctx, body.userProfile, body.preferences),
    }),
  }),
];
