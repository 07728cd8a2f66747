import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { appendToFeeds, type BookingEvent } from './booking-feed.ts';
import { isoOf, sql } from '../marketplace-rows.ts';

export interface BookingRow {
  id: number;
  trainer_id: number;
  user_id: number;
  service_id: number;
  status: 'confirmed' | 'in_progress' | 'completed' | 'cancelled' | 'no_show';
  starts_at: Date;
  ends_at: Date;
  notes: string;
  price_minor: number;
  currency: string;
  cancelled_at: Date | null;
  cancelled_by: 'user' | 'trainer' | null;
  late_cancellation: boolean;
  created_at: Date;
  service_name?: string;
  trainer_name?: string;
  /** The trainer's own account, if any (their feed gets the booking's events). */
  trainer_user_id: number | null;
}

export const BOOKING_COLUMNS = `b.id, b.trainer_id, b.user_id, b.service_id, b.status, b.starts_at, b.ends_at, b.notes, b.price_minor,
  b.currency, b.cancelled_at, b.cancelled_by, b.late_cancellation, b.created_at, s.name as service_name, t.name as trainer_name,
  t.user_id as trainer_user_id`;
/** The joins BOOKING_COLUMNS reads, after a source aliased or named `b`. */
export const BOOKING_JOINS = `join trainer_services s on s.client_id = b.client_id and s.id = b.service_id
  join trainers t on t.client_id = b.client_id and t.id = b.trainer_id`;
export const BOOKING_FROM = `bookings b ${BOOKING_JOINS}`;

export function presentBooking(b: BookingRow) {
  return {
    id: b.id,
    kind: 'one_on_one' as const,
    trainerId: b.trainer_id,
    trainerName: b.trainer_name ?? null,
    userId: b.user_id,
    serviceId: b.service_id,
    serviceName: b.service_name ?? null,
    status: b.status,
    start: new Date(b.starts_at).toISOString(),
    end: new Date(b.ends_at).toISOString(),
    notes: b.notes,
    price: b.price_minor,
    currency: b.currency,
    cancelledAt: isoOf(b.cancelled_at),
    cancelledBy: b.cancelled_by,
    lateCancellation: b.late_cancellation,
    createdAt: new Date(b.created_at).toISOString(),
  };
}
export type BookingView = ReturnType<typeof presentBooking>;

/** One booking seen by its user (`userId`) or its trainer (`trainerId`); anything else is a 404. */
export async function findBooking(
  ctx: Ctx,
  bookingId: number,
  owner: { userId?: number; trainerId?: number },
  lock = false,
): Promise<BookingRow> {
  const [row] = await sql<BookingRow>(
    ctx,
    `select ${BOOKING_COLUMNS} from ${BOOKING_FROM}
     where b.client_id = ? and b.id = ? and (b.user_id = ? or b.trainer_id = ?) ${lock ? 'for update of b' : ''}`,
    [ctx.tenant.id, bookingId, owner.userId ?? null, owner.trainerId ?? null],
  );
  if (!row) throw notFound('Booking');
  return row;
}

/** Stores and publishes a booking event to the booking's user and trainer. */
export async function announceBooking(
  ctx: Ctx,
  event: BookingEvent,
  booking: BookingRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await appendToFeeds(
    ctx,
    [
      { userId: booking.user_id, room: `user:${booking.user_id}` },
      { userId: booking.trainer_user_id, room: `trainer:${booking.trainer_id}` },
    ],
    event,
    { booking: presentBooking(booking), ...extra },
  );
}
