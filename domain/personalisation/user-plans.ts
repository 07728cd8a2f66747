import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { PlanProvider } from '../plans/plan-provider.port.ts';
import { generateCheckedNutritionPlan, generateCheckedWorkoutPlan } from '../plans/plan-generation.ts';
import {
  nutritionPlanRequestSchema,
  workoutPlanRequestSchema,
  type PlanProfile,
  type WorkoutPreferences,
} from '../plans/plan-request.schemas.ts';
import type { NutritionPlan, WorkoutPlan } from '../plans/plan.schemas.ts';
import { loadCurrentUser } from '../auth/current-account.ts';
import { planProfileOf } from './plan-profile.ts';

export type PlanKind = 'workout' | 'nutrition' | 'class';

export interface SavedPlan<T> {
  id: number;
  plan: T;
  seed: string;
  provider: string;
  createdAt: Date;
}

interface PlanRow {
  id: number;
  plan: unknown;
  seed: string;
  provider: string;
  created_at: Date | string;
}

const toSaved = <T>(row: PlanRow): SavedPlan<T> => ({
  id: Number(row.id),
  plan: (typeof row.plan === 'string' ? JSON.parse(row.plan) : row.plan) as T,
  seed: row.seed,
  provider: row.provider,
  createdAt: new Date(row.created_at),
});

/**
 * Saves a plan as the user's active one of its kind, retiring the previous one, in the caller's
 * transaction. Replacements of one user are serialised on the user's row, so two at once both succeed,
 * the later one ending active; the partial unique index (one active plan per kind) backs this up, and a
 * violation of it would still answer 409 rather than leave two active plans.
 */
export async function saveActivePlan<T>(
  ctx: Ctx,
  kind: PlanKind,
  plan: T,
  seed: string,
  provider: string,
): Promise<SavedPlan<T>> {
  const { userId } = requireUser(ctx);
  try {
    await ctx.em.execute(`select id from users where client_id = ? and id = ? for update`, [ctx.tenant.id, userId]);
    await ctx.em.execute(
      `update user_plans set active = false where client_id = ? and user_id = ? and kind = ? and active`,
      [ctx.tenant.id, userId, kind],
    );
    const rows: PlanRow[] = await ctx.em.execute(
      `insert into user_plans (client_id, user_id, kind, plan, seed, provider) values (?, ?, ?, ?::jsonb, ?, ?)
       returning id, plan, seed, provider, created_at`,
      [ctx.tenant.id, userId, kind, JSON.stringify(plan), seed, provider],
    );
    return toSaved<T>(rows[0]!);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw new AppError(
        'conflict',
        'PLAN_CONFLICT',
        'Another plan of this kind was saved at the same moment; try again',
      );
    }
    throw err;
  }
}

/** The active plan of a kind, or null. */
export async function findActivePlan<T>(ctx: Ctx, kind: PlanKind): Promise<SavedPlan<T> | null> {
  const { userId } = requireUser(ctx);
  const rows: PlanRow[] = await ctx.em.execute(
    `select id, plan, seed, provider, created_at from user_plans where client_id = ? and user_id = ? and kind = ? and active`,
    [ctx.tenant.id, userId, kind],
  );
  return rows[0] ? toSaved<T>(rows[0]) : null;
}

export async function getActivePlan<T>(ctx: Ctx, kind: PlanKind): Promise<SavedPlan<T>> {
  const plan = await findActivePlan<T>(ctx, kind);
  if (!plan)
    throw new AppError(
      'not_found',
      'NO_ACTIVE_PLAN',
      `There is no active ${kind} plan; create one with POST /users/me/${kind}-plan`,
    );
  return plan;
}

/** A fresh seed per request, so asking again gives a new plan; the seed is stored so it can be reproduced. */
const freshSeed = (ctx: Ctx, userId: number): string => `${userId}:${ctx.clock().toISOString()}`;

/**
 * Generates from the stored profile and the given preferences, then saves it as active in one short
 * transaction: the (possibly slow) provider call holds no transaction open.
 */
export async function createWorkoutPlan(
  ctx: Ctx,
  provider: PlanProvider,
  preferences: unknown,
  deadlineMs?: number,
): Promise<SavedPlan<WorkoutPlan>> {
  const { user } = await loadCurrentUser(ctx);
  const { profile, assumptions } = planProfileOf(user);
  const request = withAssumed(
    parseRequest(workoutPlanRequestSchema, {
      userProfile: withoutAssumed(profile),
      preferences: withWorkouts(user.profile, preferences),
    }),
    profile,
  );
  const seed = freshSeed(ctx, user.id);
  const checked = await generateCheckedWorkoutPlan(provider, request, {
    seed,
    assumptions,
    ...(deadlineMs ? { deadlineMs } : {}),
  });
  return inTx(ctx, (tx) => saveActivePlan(tx, 'workout', checked.plan, seed, checked.provider));
}

export async function createNutritionPlan(
  ctx: Ctx,
  provider: PlanProvider,
  preferences: unknown,
  deadlineMs?: number,
): Promise<SavedPlan<NutritionPlan>> {
  const { user } = await loadCurrentUser(ctx);
  const { profile, assumptions } = planProfileOf(user);
  const request = withAssumed(
    parseRequest(nutritionPlanRequestSchema, { userProfile: withoutAssumed(profile), preferences: preferences ?? {} }),
    profile,
  );
  const seed = freshSeed(ctx, user.id);
  const checked = await generateCheckedNutritionPlan(provider, request, {
    seed,
    assumptions,
    ...(deadlineMs ? { deadlineMs } : {}),
  });
  return inTx(ctx, (tx) => saveActivePlan(tx, 'nutrition', checked.plan, seed, checked.provider));
}

/** `assumed` is ours, not the request's: taken off before the strict request schema, put back after. */
const withoutAssumed = ({ assumed: _assumed, ...profile }: PlanProfile): Omit<PlanProfile, 'assumed'> => profile;
const withAssumed = <R extends { userProfile: PlanProfile }>(request: R, profile: PlanProfile): R => ({
  ...request,
  userProfile: { ...request.userProfile, assumed: profile.assumed ?? [] },
});

const inTx = <T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> =>
  ctx.em.transactional((em) => fn({ ...ctx, em: em as EntityManager }));

/** The profile's workoutsPerWeek is the default number of training days when the request does not say. */
function withWorkouts(profile: Record<string, unknown>, preferences: unknown): unknown {
  const perWeek = profile['workoutsPerWeek'];
  const prefs = (preferences ?? {}) as Partial<WorkoutPreferences>;
  if (typeof perWeek === 'number' && perWeek >= 1 && perWeek <= 7 && prefs.daysPerWeek === undefined)
    return { ...prefs, daysPerWeek: perWeek };
  return prefs;
}

function parseRequest<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'validation',
    'VALIDATION_ERROR',
    'Invalid plan request',
    parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  );
}
