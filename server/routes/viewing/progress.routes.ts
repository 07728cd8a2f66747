import { route } from '../../http/route.ts';
import { logNutrition, logWater, logWorkout } from '../../../domain/personalisation/progress-log.ts';
import { progressSummary } from '../../../domain/personalisation/progress-summary.ts';
import {
  entryResult,
  nutritionEntryBody,
  progressQuery,
  progressResult,
  waterEntryBody,
  workoutEntryBody,
} from './progress.schemas.ts';

/** What the user did: workouts, food, water; and the daily totals against the active plans. */
export const progressRoutes = [
  route({
    method: 'post',
    path: '/progress/workout',
    tag: 'progress',
    auth: 'user',
    status: 201,
    summary: 'Log a completed workout (optionally naming the workout plan followed)',
    body: workoutEntryBody,
    response: entryResult,
    handler: async ({ body }, call) => logWorkout(call.ctx, body),
  }),
  route({
    method: 'post',
    path: '/progress/nutrition',
    tag: 'progress',
    auth: 'user',
    status: 201,
    summary: 'Log food: a library food id and grams (nutrients computed by us), or free macros',
    body: nutritionEntryBody,
    response: entryResult,
    handler: async ({ body }, call) => logNutrition(call.ctx, body),
  }),
  route({
    method: 'post',
    path: '/progress/water',
    tag: 'progress',
    auth: 'user',
    status: 201,
    summary: 'Log water in ml',
    body: waterEntryBody,
    response: entryResult,
    handler: async ({ body }, call) => logWater(call.ctx, body),
  }),
  route({
    method: 'get',
    path: '/progress',
    tag: 'progress',
    auth: 'user',
    summary: 'Daily totals over a date range (default the last 7 days) against the active plans, and streaks',
    query: progressQuery,
    response: progressResult,
    handler: async ({ query }, call) => progressSummary(call.ctx, query),
  }),
];
