import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import {
  announceBooking,
  BOOKING_COLUMNS,
  BOOKING_FROM,
  findBooking,
  presentBooking,
  type BookingRow,
} from './booking-rows.ts';
import { sql } from '../marketplace-rows.ts';
import { HOUR_MS } from '../wall-clock.ts';

/** Cancellation window when the client has not set one. */
export const DEFAULT_CANCELLATION_WINDOW_HOURS = 24;

export async function cancellationWindowHours(ctx: Ctx): Promise<number> {
  const [row] = await sql<{ hours: unknown }>(
    ctx,
    `select settings -> 'cancellationWindowHours' as hours from clients where id = ?`,
    [ctx.tenant.id],
  );
  const hours = row?.hours;
  return typeof hours === 'number' && Number.isFinite(hours) && hours >= 0 ? hours : DEFAULT_CANCELLATION_WINDOW_HOURS;
}

type Move = 'cancel' | 'complete' | 'no_show' | 'start';

/** Which status each move needs and leads to; everything else is 422 INVALID_TRANSITION. */
const MOVES: Record<Move, { from: ReadonlyArray<BookingRow['status']>; to: BookingRow['status'] }> = {
  cancel: { from: ['confirmed'], to: 'cancelled' },
  start: { from: ['confirmed'], to: 'in_progress' },
  complete: { from: ['confirmed', 'in_progress'], to: 'completed' },
  no_show: { from: ['confirmed', 'in_progress'], to: 'no_show' },
};

async function reload(ctx: Ctx, id: number): Promise<BookingRow> {
  const [row] = await sql<BookingRow>(
    ctx,
    `select ${BOOKING_COLUMNS} from ${BOOKING_FROM} where b.client_id = ? and b.id = ?`,
    [ctx.tenant.id, id],
  );
  if (!row) throw new Error('a locked booking vanished');
  return row;
}

/**
 * Moves one booking (locked for the transaction, so two moves cannot both win). A cancellation by the
 * user inside the client's window is allowed and recorded as late; a trainer's is never late for the user.
 * Completing or marking a no-show only makes sense once the session has started.
 */
export async function moveBooking(
  ctx: Ctx,
  bookingId: number,
  owner: { userId?: number; trainerId?: number },
  move: Move,
  by: 'user' | 'trainer',
) {
  const booking = await findBooking(ctx, bookingId, owner, true);
  const rule = MOVES[move];
  if (!rule.from.includes(booking.status)) {
    throw new AppError('rule', 'INVALID_TRANSITION', `A ${booking.status} booking cannot ${move.replace('_', ' ')}`, {
      from: booking.status,
      action: move,
    });
  }
  const now = ctx.clock().getTime();
  const startsAt = new Date(booking.starts_at).getTime();
  if (move === 'cancel' && startsAt <= now)
    throw new AppError('rule', 'SESSION_STARTED', 'A session that has started cannot be cancelled');
  if ((move === 'complete' || move === 'no_show') && startsAt > now) {
    throw new AppError(
      'rule',
      'SESSION_NOT_STARTED',
      'A session can be completed or marked a no-show once it has started',
    );
  }
  const late = move === 'cancel' && by === 'user' && startsAt - now < (await cancellationWindowHours(ctx)) * HOUR_MS;
  await sql(
    ctx,
    `update bookings set status = ?, updated_at = now(),
       cancelled_at = case when ? then now() else cancelled_at end, cancelled_by = case when ? then ? else cancelled_by end,
       late_cancellation = ?
     where client_id = ? and id = ?`,
    [rule.to, move === 'cancel', move === 'cancel', by, late, ctx.tenant.id, bookingId],
  );
  const updated = await reload(ctx, bookingId);
  await announceBooking(ctx, move === 'cancel' ? 'booking:cancelled' : 'booking:updated', updated);
  return presentBooking(updated);
}
