import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import type { Publisher } from '../../shared/events.ts';
import { runUseCase } from '../../shared/use-case.ts';
import type { LiveKitPort } from '../../live/livekit.port.ts';
import {
  announceBooking,
  BOOKING_COLUMNS,
  BOOKING_FROM,
  findBooking,
  presentBooking,
  type BookingRow,
} from './booking-rows.ts';
import { sql } from '../marketplace-rows.ts';
import { MINUTE_MS } from '../wall-clock.ts';

/** A session can be launched this long before its start, and joined until this long after its end. */
export const LAUNCH_EARLY_MINUTES = 15;
const JOIN_GRACE_MINUTES = 30;

/** One room per booking, named by tenant and booking so a name never crosses tenants. */
export const sessionRoomName = (clientId: number, bookingId: number) => `booking-${clientId}-${bookingId}`;

const joinPath = (bookingId: number) => `/api/v1/my-bookings/sessions/${bookingId}/join`;

function tokenTtlSeconds(b: BookingRow, now: Date): number {
  return Math.max(
    60,
    Math.ceil((new Date(b.ends_at).getTime() + JOIN_GRACE_MINUTES * MINUTE_MS - now.getTime()) / 1000),
  );
}

function assertJoinable(b: BookingRow, now: Date): void {
  if (new Date(b.starts_at).getTime() - LAUNCH_EARLY_MINUTES * MINUTE_MS > now.getTime()) {
    throw new AppError('rule', 'TOO_EARLY', `A session opens ${LAUNCH_EARLY_MINUTES} minutes before its start`);
  }
  if (new Date(b.ends_at).getTime() + JOIN_GRACE_MINUTES * MINUTE_MS <= now.getTime())
    throw new AppError('rule', 'SESSION_OVER', 'This session is over');
}

/**
 * The trainer launches a booked session: a LiveKit room for the two of them, the trainer's join token,
 * and the booking moves to in_progress; the user is told (booking:updated with where to get their token).
 * The room is created before the transaction so no row lock is held across a call to LiveKit; a second
 * launch reuses the room and hands out a fresh token.
 */
export async function launchSession(
  ctx: Ctx,
  publisher: Publisher,
  livekit: LiveKitPort,
  trainer: { id: number; userId: number },
  bookingId: number,
) {
  const trainerId = trainer.id;
  const booking = await findBooking(ctx, bookingId, { trainerId });
  if (booking.status !== 'confirmed' && booking.status !== 'in_progress') {
    throw new AppError('rule', 'INVALID_TRANSITION', `A ${booking.status} booking cannot be launched`, {
      from: booking.status,
      action: 'launch',
    });
  }
  const now = ctx.clock();
  assertJoinable(booking, now);
  const room = sessionRoomName(ctx.tenant.id, booking.id);
  await livekit.createRoom({
    name: room,
    maxParticipants: 2,
    emptyTimeoutSeconds: 600,
    metadata: JSON.stringify({ bookingId: booking.id }),
  });
  // booking:updated is published once the move has committed.
  const updated = await runUseCase(ctx, publisher, async (tx) => {
    const [moved] = await sql<{ id: number }>(
      tx,
      `update bookings set status = 'in_progress', updated_at = now() where client_id = ? and id = ? and status in ('confirmed', 'in_progress') returning id`,
      [ctx.tenant.id, booking.id],
    );
    if (!moved) throw new AppError('conflict', 'BOOKING_CHANGED', 'The booking changed meanwhile');
    const [row] = await sql<BookingRow>(
      tx,
      `select ${BOOKING_COLUMNS} from ${BOOKING_FROM} where b.client_id = ? and b.id = ?`,
      [ctx.tenant.id, booking.id],
    );
    if (!row) throw new Error('a booking updated in this transaction is missing');
    if (booking.status === 'confirmed')
      await announceBooking(tx, 'booking:updated', row, {
        launch: { room, wsUrl: livekit.wsUrl, joinPath: joinPath(row.id) },
      });
    return row;
  });
  const token = await livekit.joinToken({
    room,
    identity: `trainer-${trainer.userId}`,
    name: updated.trainer_name ?? 'Trainer',
    ttlSeconds: tokenTtlSeconds(updated, now),
    canPublish: true,
    roomAdmin: true,
  });
  return {
    booking: presentBooking(updated),
    room,
    wsUrl: token.wsUrl,
    token: token.token,
    expiresAt: token.expiresAt.toISOString(),
    meetingLink: joinPath(updated.id),
  };
}

/** The user's side: a join token for the launched session's room. */
export async function joinSession(ctx: Ctx, livekit: LiveKitPort, userId: number, bookingId: number) {
  const booking = await findBooking(ctx, bookingId, { userId });
  if (booking.status !== 'in_progress')
    throw new AppError('rule', 'NOT_LAUNCHED', 'The trainer has not started this session yet');
  const now = ctx.clock();
  assertJoinable(booking, now);
  const room = sessionRoomName(ctx.tenant.id, booking.id);
  const token = await livekit.joinToken({
    room,
    identity: `user-${userId}`,
    name: 'Client',
    ttlSeconds: tokenTtlSeconds(booking, now),
    canPublish: true,
  });
  return {
    booking: presentBooking(booking),
    room,
    wsUrl: token.wsUrl,
    token: token.token,
    expiresAt: token.expiresAt.toISOString(),
    meetingLink: joinPath(booking.id),
  };
}
