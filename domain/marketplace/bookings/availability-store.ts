import type { Ctx } from '../../shared/context.ts';
import { availabilityRules, type AvailabilityRules, type AvailabilityRulesInput } from './availability.schemas.ts';
import type { BusyRange } from './slots.ts';
import { sql } from '../marketplace-rows.ts';

/** Until a trainer states hours, nothing is bookable: empty weekly hours in UTC. */
const NO_HOURS: AvailabilityRulesInput = { timeZone: 'UTC', weekly: {} };

/** The trainer's stored rules as one scalar subquery (null: none stated), for loadRules and the booking claim. */
export const RULES_SQL = `(select rules from trainer_availability where client_id = ? and trainer_id = ?)`;

/** Rules as stored (null: none), parsed again: defaults added since apply and the zone is re-canonicalised. */
export function parseRules(stored: unknown): AvailabilityRules {
  const parsed = availabilityRules.safeParse(stored ?? NO_HOURS);
  return parsed.success ? parsed.data : availabilityRules.parse(NO_HOURS);
}

export async function loadRules(ctx: Ctx, trainerId: number): Promise<AvailabilityRules> {
  const [row] = await sql<{ rules: unknown }>(ctx, `select ${RULES_SQL} as rules`, [ctx.tenant.id, trainerId]);
  return parseRules(row?.rules);
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

/** Busy time as stored: a booking's blocked range (its buffers included), a group class as scheduled (unwidened). */
export interface StoredBusy {
  kind: 'booking' | 'class';
  s: Date | string;
  e: Date | string;
}

/**
 * The trainer's busy time overlapping [from, to) widened by a day each side, as a query for `sql` (shared by
 * loadBusy and the booking claim, which reads it in the same statement as the rules and cannot widen in SQL).
 */
export function storedBusySql(ctx: Ctx, trainerId: number, from: Date, to: Date): { text: string; params: unknown[] } {
  const [wideFrom, wideTo] = [new Date(from.getTime() - 86_400_000), new Date(to.getTime() + 86_400_000)];
  return {
    text: `select 'booking' as kind, lower(blocked_range) as s, upper(blocked_range) as e from bookings
       where client_id = ? and trainer_id = ? and status in ('confirmed', 'in_progress', 'completed')
         and blocked_range && tstzrange(?::timestamptz, ?::timestamptz)
     union all
     select 'class', starts_at, starts_at + make_interval(mins => duration_minutes) from group_classes
       where client_id = ? and trainer_id = ? and status = 'scheduled'
         and starts_at < ?::timestamptz and starts_at + make_interval(mins => duration_minutes) > ?::timestamptz`,
    params: [ctx.tenant.id, trainerId, wideFrom, wideTo, ctx.tenant.id, trainerId, wideTo, wideFrom],
  };
}

/** Busy ranges from stored busy time: group classes widened by the current buffers, as blockedRange would. */
export function busyRanges(rows: readonly StoredBusy[], rules: AvailabilityRules): BusyRange[] {
  const [before, after] = [rules.bufferBeforeMinutes * 60_000, rules.bufferAfterMinutes * 60_000];
  return rows.map((r) => {
    const [start, end] = [new Date(r.s), new Date(r.e)];
    if (r.kind === 'booking') return { start, end };
    return { start: new Date(start.getTime() - before), end: new Date(end.getTime() + after) };
  });
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
  const q = storedBusySql(ctx, trainerId, from, to);
  return busyRanges(await sql<StoredBusy>(ctx, q.text, q.params), rules);
}
