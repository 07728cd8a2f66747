import type { Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { AvailabilityRules } from './availability.schemas.ts';
import { busyRanges, parseRules, RULES_SQL, storedBusySql, type StoredBusy } from './availability-store.ts';
import type { BusyRange } from './slots.ts';
import { sql, type ServiceRow, type TrainerRow } from '../marketplace-rows.ts';
import { DAY_MS } from '../wall-clock.ts';

export interface SlotClaim {
  trainer: TrainerRow;
  service: ServiceRow;
  rules: AvailabilityRules;
  /** Busy time within a day of `start`, read in the same statement as the claim. */
  busy: BusyRange[];
}

/**
 * The first statement of a booking (issue 12, contention answered fast): one round trip that takes a
 * transaction-scoped advisory lock on (trainer, slot start) without waiting and reads everything the booking checks
 * (trainer, service, rules, busy time). Of 200 concurrent requests for one slot, one that finds the lock held is
 * answered 409 at once; one that comes after the winner committed sees the booking in `busy` and is answered 409
 * by the caller without further statements. Losers on a node wait for the winner's transaction, whose statements
 * each wait for a turn of the node's busy event loop: hence one round trip here where there were five.
 *
 * The lock is only a fast refusal: what decides is still `bookings_no_overlap` (overlapping slots with other starts,
 * nodes on the embedded database where every connection shares one session). The reads share the statement's
 * snapshot, taken before the lock: a booking committed in between is missed here and refused by the constraint.
 * `start` null (a malformed slot id): no lock, the caller's validation refuses it.
 */
export async function claimSlot(
  ctx: Ctx,
  trainerId: number,
  serviceId: number,
  start: Date | null,
): Promise<SlotClaim> {
  const around = start ?? ctx.clock();
  const busy = storedBusySql(ctx, trainerId, new Date(around.getTime() - DAY_MS), new Date(around.getTime() + DAY_MS));
  const [row] = await sql<{
    got: boolean;
    trainer: TrainerRow | null;
    service: ServiceRow | null;
    rules: unknown;
    busy: StoredBusy[];
  }>(
    ctx,
    `select coalesce(pg_try_advisory_xact_lock(hashtextextended(?::text, 0)), true) as got,
       (select row_to_json(t) from (select id, user_id, name, bio, image_url, specialisations, is_active from trainers
          where client_id = ? and id = ?) t) as trainer,
       (select row_to_json(s) from (select id, trainer_id, name, description, duration_minutes, price_minor, currency,
          is_active from trainer_services where client_id = ? and trainer_id = ? and id = ? and is_active) s) as service,
       ${RULES_SQL} as rules,
       (select coalesce(json_agg(b), '[]'::json) from (${busy.text}) b) as busy`,
    [
      start ? `booking:${trainerId}:${start.toISOString()}` : null,
      ctx.tenant.id,
      trainerId,
      ctx.tenant.id,
      trainerId,
      serviceId,
      ctx.tenant.id,
      trainerId,
      ...busy.params,
    ],
  );
  if (!row?.got)
    throw new AppError('conflict', 'SLOT_UNAVAILABLE', 'This slot is being booked by someone else', { reason: 'busy' });
  if (!row.trainer) throw notFound('Trainer');
  if (!row.trainer.is_active) throw new AppError('rule', 'TRAINER_INACTIVE', 'This trainer is not taking bookings');
  if (!row.service) throw notFound('Service');
  const rules = parseRules(row.rules);
  return { trainer: row.trainer, service: row.service, rules, busy: busyRanges(row.busy, rules) };
}
