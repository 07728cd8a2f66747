import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { getMe } from './user-account.ts';

type Row = Record<string, unknown>;

/**
 * Exported by name below, or secrets only (refresh tokens are listed by their dates; password-reset codes
 * are credentials in flight and are not the user's data).
 */
const OWN_TABLES = new Set([
  'users',
  'user_plans',
  'progress_workouts',
  'progress_nutrition',
  'progress_water',
  'refresh_tokens',
  'password_resets',
]);
/** Columns never exported from any table: credentials and their hashes. */
const SECRET_COLUMN = /hash|secret|password|token/i;

/**
 * Everything we hold about the signed-in user, as JSON (the right of access). Our own tables are
 * presented; every other table of the schema with a `user_id` column (bookings, viewing sessions, …,
 * whoever added them) is exported as stored, found through the catalogue so a new area is never missed,
 * minus secret-looking columns.
 */
export async function exportUserData(ctx: Ctx) {
  const { userId } = requireUser(ctx);
  const params = [ctx.tenant.id, userId];
  const rows = (sql: string): Promise<Row[]> => ctx.em.execute(sql, params);
  const plans = await rows(
    `select id, kind, plan, seed, provider, active, created_at as "createdAt" from user_plans where client_id = ? and user_id = ? order by id`,
  );
  const workouts =
    await rows(`select id, to_char(local_date, 'YYYY-MM-DD') as date, plan_id as "planId", name, duration_minutes as "durationMinutes",
      calories_burned as "caloriesBurned", exercises, notes, logged_at as "loggedAt"
    from progress_workouts where client_id = ? and user_id = ? order by id`);
  const nutrition =
    await rows(`select id, to_char(local_date, 'YYYY-MM-DD') as date, meal_type as "mealType", food_id as "foodId", grams::float8 as grams, name,
      calories::float8 as calories, protein::float8 as protein, carbs::float8 as carbs, fat::float8 as fat, logged_at as "loggedAt"
    from progress_nutrition where client_id = ? and user_id = ? order by id`);
  const water = await rows(
    `select id, to_char(local_date, 'YYYY-MM-DD') as date, ml, logged_at as "loggedAt" from progress_water where client_id = ? and user_id = ? order by id`,
  );
  const sessions = await rows(
    `select created_at as "createdAt", expires_at as "expiresAt", revoked_at as "revokedAt" from refresh_tokens where client_id = ? and user_id = ? order by created_at`,
  );
  return {
    exportedAt: ctx.clock().toISOString(),
    user: await getMe(ctx),
    plans,
    progress: { workouts, nutrition, water },
    sessions,
    other: await otherTables(ctx, params),
  };
}

async function otherTables(ctx: Ctx, params: unknown[]): Promise<Record<string, Row[]>> {
  const columns: Array<{ table_name: string; column_name: string }> = await ctx.em.execute(
    `select c.table_name, c.column_name from information_schema.columns c
     where c.table_schema = current_schema()
       and c.table_name in (select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'user_id'
                            intersect
                            select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'client_id')
     order by c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name: table, column_name: column } of columns) {
    if (OWN_TABLES.has(table) || SECRET_COLUMN.test(column)) continue;
    byTable.set(table, [...(byTable.get(table) ?? []), column]);
  }
  const out: Record<string, Row[]> = {};
  for (const [table, cols] of byTable) {
    // Names come from the catalogue, not from input; quoted all the same.
    const list = cols.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
    out[table] = await ctx.em.execute(
      `select ${list} from "${table.replace(/"/g, '""')}" where client_id = ? and user_id = ?`,
      params,
    );
  }
  return out;
}
