import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { getMe } from './user-account.ts';

type Row = Record<string, unknown>;

/**
 * Everything we hold about the signed-in user, as JSON (the right of access). Secrets (password hash,
 * refresh-token hashes) are left out; the sessions are listed by their dates only.
 */
export async function exportUserData(ctx: Ctx) {
  const { userId } = requireUser(ctx);
  const params = [ctx.tenant.id, userId];
  const rows = (sql: string): Promise<Row[]> => ctx.em.execute(sql, params);
  const [plans, workouts, nutrition, water, sessions] = await Promise.all([
    rows(`select id, kind, plan, seed, provider, active, created_at as "createdAt" from user_plans where client_id = ? and user_id = ? order by id`),
    rows(`select id, to_char(local_date, 'YYYY-MM-DD') as date, plan_id as "planId", name, duration_minutes as "durationMinutes",
            calories_burned as "caloriesBurned", exercises, notes, logged_at as "loggedAt"
          from progress_workouts where client_id = ? and user_id = ? order by id`),
    rows(`select id, to_char(local_date, 'YYYY-MM-DD') as date, meal_type as "mealType", food_id as "foodId", grams::float8 as grams, name,
            calories::float8 as calories, protein::float8 as protein, carbs::float8 as carbs, fat::float8 as fat, logged_at as "loggedAt"
          from progress_nutrition where client_id = ? and user_id = ? order by id`),
    rows(`select id, to_char(local_date, 'YYYY-MM-DD') as date, ml, logged_at as "loggedAt" from progress_water where client_id = ? and user_id = ? order by id`),
    rows(`select created_at as "createdAt", expires_at as "expiresAt", revoked_at as "revokedAt" from refresh_tokens where client_id = ? and user_id = ? order by created_at`),
  ]);
  return {
    exportedAt: ctx.clock().toISOString(),
    user: await getMe(ctx),
    plans,
    progress: { workouts, nutrition, water },
    sessions,
  };
}
