import { requireUser, type Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { loadBusy, loadRules } from './availability-store.ts';
import { announceBooking, BOOKING_COLUMNS, BOOKING_FROM, presentBooking, type BookingRow } from './booking-rows.ts';
import { findService, findTrainer, sql } from '../marketplace-rows.ts';
import { parseSlotId } from './slot-id.ts';
import { blockedRange } from './slots.ts';
import { slotRejectionError, validateRequestedSlot } from './validate-slot.ts';
import { DAY_MS, MINUTE_MS } from '../wall-clock.ts';

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
 * Contention answered fast (issue 12): the first statement of a booking takes a transaction-scoped advisory lock
 * on (trainer, slot start) without waiting. Of 200 concurrent requests for one slot, the ones that find it held
 * are answered 409 at once instead of each running its reads and then queueing on the winner's uncommitted row
 * (the exclusion constraint waits for that transaction). The lock is only a fast refusal: what decides is still
 * `bookings_no_overlap` (overlapping slots with other starts, nodes on the embedded database where every
 * connection shares one session). The price: a request refused while the holder fails anyway may retry.
 */
async function claimSlot(ctx: Ctx, trainerId: number, start: Date): Promise<void> {
  const [row] = await sql<{ got: boolean }>(ctx, `select pg_try_advisory_xact_lock(hashtextextended(?, 0)) as got`, [
    `booking:${trainerId}:${start.toISOString()}`,
  ]);
  if (!row?.got)
    throw new AppError('conflict', 'SLOT_UNAVAILABLE', 'This slot is being booked by someone else', { reason: 'busy' });
}

/**
 * Books a 1-on-1 slot for the signed-in user. The slot is recomputed from the server's rules and clock
 * (notice, window, hours, buffers, busy time); nothing but the id is trusted. The read cannot close
 * a race, so the insert relies on `bookings_no_overlap`: of concurrent requests for overlapping time
 * exactly one commits, the others answer 409 SLOT_UNAVAILABLE. Runs inside the caller's transaction.
 */
export async function bookSession(ctx: Ctx, trainerId: number, input: BookInput) {
  const { userId } = requireUser(ctx);
  const requested = parseSlotId(input.slotId)?.start;
  if (requested) await claimSlot(ctx, trainerId, requested);
  const trainer = await findTrainer(ctx, trainerId);
  if (!trainer.is_active) throw new AppError('rule', 'TRAINER_INACTIVE', 'This trainer is not taking bookings');
  const service = await findService(ctx, trainerId, input.serviceId);
  const rules = await loadRules(ctx, trainerId);
  const start = requested ?? ctx.clock();
  const busy = await loadBusy(
    ctx,
    trainerId,
    rules,
    new Date(start.getTime() - DAY_MS),
    new Date(start.getTime() + DAY_MS),
  );
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
  let id: number;
  try {
    const [row] = await sql<{ id: number }>(
      ctx,
      `insert into bookings (client_id, trainer_id, user_id, service_id, starts_at, ends_at, blocked_range, notes, price_minor, currency)
       values (?, ?, ?, ?, ?, ?, tstzrange(?::timestamptz, ?::timestamptz), ?, ?, ?) returning id`,
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
    id = Number(row?.id);
  } catch (err) {
    if (isExclusionViolation(err))
      throw new AppError('conflict', 'SLOT_UNAVAILABLE', 'This slot has just been taken', { reason: 'busy' });
    throw err;
  }
  const [booking] = await sql<BookingRow>(
    ctx,
    `select ${BOOKING_COLUMNS} from ${BOOKING_FROM} where b.client_id = ? and b.id = ?`,
    [ctx.tenant.id, id],
  );
  if (!booking) throw new Error('a booking inserted in this transaction is missing');
  await announceBooking(ctx, 'booking:created', booking);
  return presentBooking(booking);
}
