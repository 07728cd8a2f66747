import { requireUser, type Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { claimSlot } from './booking-claim.ts';
import { announceBooking, BOOKING_COLUMNS, BOOKING_JOINS, presentBooking, type BookingRow } from './booking-rows.ts';
import { sql } from '../marketplace-rows.ts';
import { parseSlotId } from './slot-id.ts';
import { blockedRange } from './slots.ts';
import { slotRejectionError, validateRequestedSlot } from './validate-slot.ts';
import { MINUTE_MS } from '../wall-clock.ts';

export interface BookInput {
  serviceId: number;
  slotId: string;
  notes?: string | undefined;
}

/** Postgres' exclusion_violation, whichever way the driver error reaches us. */
export function isExclusionViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  return e?.code === '23P01' || e?.cause?.code === '23P01';
}

/**
 * Books a 1-on-1 slot for the signed-in user. The slot is recomputed from the server's rules and clock
 * (notice, window, hours, buffers, busy time); nothing but the id is trusted. The read cannot close
 * a race, so the insert relies on `bookings_no_overlap`: of concurrent requests for overlapping time
 * exactly one commits, the others answer 409 SLOT_UNAVAILABLE. Runs inside the caller's transaction.
 */
export async function bookSession(ctx: Ctx, trainerId: number, input: BookInput) {
  const { userId } = requireUser(ctx);
  const requested = parseSlotId(input.slotId)?.start ?? null;
  const { service, rules, busy } = await claimSlot(ctx, trainerId, input.serviceId, requested);
  const check = validateRequestedSlot({
    trainerId,
    serviceId: service.id,
    rules,
    durationMinutes: service.duration_minutes,
    busy,
    now: ctx.clock(),
    slotId: input.slotId,
  });
  if (!check.ok) throw slotRejectionError(check);

  const session = {
    start: new Date(check.slot.start),
    end: new Date(check.slot.start).getTime() + service.duration_minutes * MINUTE_MS,
  };
  const blocked = blockedRange({ start: session.start, end: new Date(session.end) }, rules);
  let booking: BookingRow | undefined;
  try {
    // The insert and the row presented, in one round trip (the winner's statements are what its node's losers wait on).
    [booking] = await sql<BookingRow>(
      ctx,
      `with b as (
         insert into bookings (client_id, trainer_id, user_id, service_id, starts_at, ends_at, blocked_range, notes, price_minor, currency)
         values (?, ?, ?, ?, ?, ?, tstzrange(?::timestamptz, ?::timestamptz), ?, ?, ?) returning *)
       select ${BOOKING_COLUMNS} from b ${BOOKING_JOINS}`,
      [
        ctx.tenant.id,
        trainerId,
        userId,
        service.id,
        session.start,
        new Date(session.end),
        blocked.start,
        blocked.end,
        input.notes ?? '',
        service.price_minor,
        service.currency,
      ],
    );
  } catch (err) {
    if (isExclusionViolation(err))
      throw new AppError('conflict', 'SLOT_UNAVAILABLE', 'This slot has just been taken', { reason: 'busy' });
    throw err;
  }
  if (!booking) throw new Error('a booking inserted in this transaction is missing');
  await announceBooking(ctx, 'booking:created', booking);
  return presentBooking(booking);
}
