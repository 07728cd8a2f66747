import { route } from '../../http/route.ts';
import {
  createNutritionPlan,
  createWorkoutPlan,
  getActivePlan,
  type SavedPlan,
} from '../../../domain/personalisation/user-plans.ts';
import { planProviderFor } from '../../../domain/personalisation/plan-providers.ts';
import { getDailyPlan } from '../../../domain/personalisation/daily-plan.ts';
import { createClassPlan } from '../../../domain/personalisation/class-plan.ts';
import type { ClassPlan } from '../../../domain/personalisation/class-planner.ts';
import { shoppingListFor } from '../../../domain/personalisation/shopping-list-for.ts';
import type { NutritionPlan, WorkoutPlan } from '../../../domain/plans/plan.schemas.ts';
import {
  classPlanBody,
  dailyPlanQuery,
  dailyPlanResult,
  savedClassPlan,
  nutritionPlanBody,
  savedNutritionPlan,
  savedWorkoutPlan,
  shoppingListResult,
  workoutPlanBody,
} from './plans.schemas.ts';

const meta = <T>(p: SavedPlan<T>) => ({
  id: p.id,
  provider: p.provider,
  seed: p.seed,
  createdAt: p.createdAt.toISOString(),
});
const presentWorkout = (p: SavedPlan<WorkoutPlan>) => ({ ...meta(p), workoutPlan: p.plan });
const presentClass = (p: SavedPlan<ClassPlan>) => ({ ...meta(p), classPlan: p.plan });
const presentNutrition = (p: SavedPlan<NutritionPlan>) => ({ ...meta(p), nutritionPlan: p.plan });

/** The signed-in user's saved plans: generated from the stored profile, one active plan per kind. */
export const planRoutes = [
  route({
    method: 'post',
    path: '/users/me/workout-plan',
    tag: 'plans',
    auth: 'user',
    limit: 'ai',
    feature: 'workout_builder',
    status: 201,
    summary: 'Generate a workout plan from the profile and preferences and save it as the active one',
    body: workoutPlanBody,
    response: savedWorkoutPlan,
    handler: async ({ body }, call) =>
      presentWorkout(
        await createWorkoutPlan(
          call.ctx,
          planProviderFor(call.services.config.openai),
          body.preferences,
          call.services.config.openai.deadlineMs,
        ),
      ),
  }),
  route({
    method: 'get',
    path: '/users/me/workout-plan',
    tag: 'plans',
    auth: 'user',
    feature: 'workout_builder',
    summary: 'The active workout plan (404 NO_ACTIVE_PLAN when there is none)',
    response: savedWorkoutPlan,
    handler: async (_input, call) => presentWorkout(await getActivePlan<WorkoutPlan>(call.ctx, 'workout')),
  }),
  route({
    method: 'post',
    path: '/users/me/nutrition-plan',
    tag: 'plans',
    auth: 'user',
    limit: 'ai',
    feature: 'nutrition',
    status: 201,
    summary: 'Generate a nutrition plan (restrictions and allergies respected) and save it as the active one',
    body: nutritionPlanBody,
    response: savedNutritionPlan,
    handler: async ({ body }, call) =>
      presentNutrition(
        await createNutritionPlan(
          call.ctx,
          planProviderFor(call.services.config.openai),
          body.preferences,
          call.services.config.openai.deadlineMs,
        ),
      ),
  }),
  route({
    method: 'get',
    path: '/users/me/nutrition-plan',
    tag: 'plans',
    auth: 'user',
    feature: 'nutrition',
    summary: 'The active nutrition plan (404 NO_ACTIVE_PLAN when there is none)',
    response: savedNutritionPlan,
    handler: async (_input, call) => presentNutrition(await getActivePlan<NutritionPlan>(call.ctx, 'nutrition')),
  }),
  route({
    method: 'get',
    path: '/users/me/nutrition-plan/shopping-list',
    tag: 'plans',
    auth: 'user',
    feature: 'nutrition',
    summary: "The active nutrition plan's ingredients summed, units normalised, grouped by aisle",
    response: shoppingListResult,
    handler: async (_input, call) => shoppingListFor(call.ctx),
  }),
  route({
    method: 'post',
    path: '/users/me/class-plan',
    tag: 'plans',
    auth: 'user',
    limit: 'ai',
    feature: 'classes',
    status: 201,
    summary:
      "Fit the user's training days and goal to this client's live, group and on-demand classes, around their bookings; saved as active",
    body: classPlanBody,
    response: savedClassPlan,
    handler: async ({ body }, call) => presentClass(await createClassPlan(call.ctx, body.preferences)),
  }),
  route({
    method: 'get',
    path: '/users/me/class-plan',
    tag: 'plans',
    auth: 'user',
    feature: 'classes',
    summary: 'The active class plan (404 NO_ACTIVE_PLAN when there is none)',
    response: savedClassPlan,
    handler: async (_input, call) => presentClass(await getActivePlan<ClassPlan>(call.ctx, 'class')),
  }),
  route({
    method: 'get',
    path: '/users/me/daily-plan',
    tag: 'plans',
    auth: 'user',
    summary: "One day of the active plans in the user's time zone: workout, meals and classes",
    query: dailyPlanQuery,
    response: dailyPlanResult,
    handler: async ({ query }, call) => getDailyPlan(call.ctx, query.date),
  }),
];
