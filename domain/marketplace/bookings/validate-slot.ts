import { AppError } from '../../shared/errors.ts';
import { gridCandidates, planOpening } from './open-hours.ts';
import { parseSlotId } from './slot-id.ts';
import { bookableBounds, busyRanges, isBusy, presentSlot, type Slot, type SlotContext } from './slots.ts';
import { MINUTE_MS } from '../wall-clock.ts';

/**
 * Re-checks, at booking time and from the server's own rules and clock, the slot a client asks
 * for. It says why a slot cannot be booked; the database's exclusion constraint still has the last
 * word on races, which this check (a read) cannot close.
 */

export type SlotRejectionCode = 'SLOT_UNAVAILABLE' | 'TOO_SOON' | 'OUTSIDE_BOOKING_WINDOW';
export type SlotRejectionReason =
  | 'unknown_slot' // malformed, or for another trainer or service
  | 'outside_hours' // not on the grid of the trainer's hours
  | 'time_off'
  | 'busy' // overlaps a booking or class, buffers included
  | 'too_soon' // inside the minimum notice, or past
  | 'beyond_window';

export type SlotValidation =
  { ok: true; slot: Slot } | { ok: false; code: SlotRejectionCode; reason: SlotRejectionReason; message: string };

const reject = (code: SlotRejectionCode, reason: SlotRejectionReason, message: string): SlotValidation => ({
  ok: false,
  code,
  reason,
  message,
});

export function validateRequestedSlot(ctx: SlotContext & { slotId: string }): SlotValidation {
  const key = parseSlotId(ctx.slotId);
  if (!key || key.trainerId !== ctx.trainerId || key.serviceId !== ctx.serviceId || !(ctx.durationMinutes > 0)) {
    return reject('SLOT_UNAVAILABLE', 'unknown_slot', 'This slot does not exist for this trainer and service');
  }
  const start = key.start.getTime();
  const { earliest, latest } = bookableBounds(ctx);
  if (start < earliest) {
    return reject('TOO_SOON', 'too_soon', `Bookings need at least ${ctx.rules.minimumNoticeMinutes} minutes' notice`);
  }
  if (start >= latest) {
    return reject('OUTSIDE_BOOKING_WINDOW', 'beyond_window', `Bookings open ${ctx.rules.bookingWindowDays} days ahead`);
  }
  const plan = planOpening(ctx.rules, start, start + 1);
  const durationMs = ctx.durationMinutes * MINUTE_MS;
  const find = (withTimeOff: boolean) =>
    gridCandidates(plan, ctx.rules, durationMs, withTimeOff).find((c) => c.start === start);
  const slot = find(true);
  if (!slot) {
    return find(false)
      ? reject('SLOT_UNAVAILABLE', 'time_off', 'The trainer is away at this time')
      : reject('SLOT_UNAVAILABLE', 'outside_hours', 'The trainer does not offer this time');
  }
  if (isBusy(ctx.rules, busyRanges(ctx.busy), slot))
    return reject('SLOT_UNAVAILABLE', 'busy', 'This slot has just been taken');
  return { ok: true, slot: presentSlot(ctx, slot) };
}

/**
 * The domain error for a rejection: a slot that is gone is a conflict (409, as a lost race is);
 * notice and window are rules the request broke (422).
 */
export function slotRejectionError(r: Extract<SlotValidation, { ok: false }>): AppError {
  const kind = r.code === 'SLOT_UNAVAILABLE' ? 'conflict' : 'rule';
  return new AppError(kind, r.code, r.message, { reason: r.reason });
}
