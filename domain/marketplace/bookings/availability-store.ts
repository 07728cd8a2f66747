import type { Ctx } from '../../shared/context.ts';
import { availabilityRules, type AvailabilityRules, type AvailabilityRulesInput } from './availability.schemas.ts';
import type { BusyRange } from './slots.ts';
import { sql } from '../marketplace-rows.ts';

/** Until a trainer states hours, nothing is bookable: empty weekly hours in UTC. */
const NO_HOURS: AvailabilityRulesInput = { timeZone: 'UTC', weekly: {} };

export async function loadRules(ctx: Ctx, trainerId: number): Promise<AvailabilityRules> {
  const [row] = await sql<{ rules: unknown }>(
    ctx,
    `select rules from trainer_availability where client_id = ? and trainer_id = ?`,
    [ctx.tenant.id, trainerId],
  );
  // Stored rules were parsed on the way in; parsing again applies defaults added since and re-canonicalises the zone.
  const parsed = availabilityRules.safeParse(row?.rules ?? NO_HOURS);
  return parsed.success ? parsed.data : availabilityRules.parse(NO_HOURS);
}

export async function saveRules(ctx: Ctx, trainerId: number, rules: AvailabilityRules): Promise<AvailabilityRules> {
  await sql(
    ctx,
    `insert into trainer_availability (client_id, trainer_id, rules) values (?, ?, ?::jsonb)
     on conflict (client_id, trainer_id) do update set rules = excluded.rules, updated_at = now()`,
    [ctx.tenant.id, trainerId, JSON.stringify(rules)],
  );
  return rules;
}

/**
 * The trainer's busy time overlapping [from, to): live bookings by their stored blocked range (buffers
 * included) and scheduled group classes widened by the current buffers, as blockedRange would.
 */
export async function loadBusy(
  ctx: Ctx,
  trainerId: number,
  rules: AvailabilityRules,
  from: Date,
  to: Date,
): Promise<BusyRange[]> {
  const rows = await sql<{ s: Date; e: Date }>(
    ctx,
    `select lower(blocked_range) as s, upper(blocked_range) as e from bookings
       where client_id = ? and trainer_id = ? and status in ('confirmed', 'in_progress', 'completed')
         and blocked_range && tstzrange(?::timestamptz, ?::timestamptz)
     union all
     select starts_at - make_interval(mins => ?) as s, starts_at + make_interval(mins => duration_minutes + ?) as e from group_classes
       where client_id = ? and trainer_id = ? and status = 'scheduled'
         and starts_at < ?::timestamptz and starts_at + make_interval(mins => duration_minutes) > ?::timestamptz`,
    [
      ctx.tenant.id,
      trainerId,
      new Date(from.getTime() - 86_400_000),
      new Date(to.getTime() + 86_400_000),
      rules.bufferBeforeMinutes,
      rules.bufferAfterMinutes,
      ctx.tenant.id,
      trainerId,
      new Date(to.getTime() + 86_400_000),
      new Date(from.getTime() - 86_400_000),
    ],
  );
  return rows.map((r) => ({ start: new Date(r.s), end: new Date(r.e) }));
}
