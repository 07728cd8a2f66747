import type { AvailabilityRules } from './availability.schemas.ts';
import { overlapsAny, type Range } from '../instant-ranges.ts';
import { gridCandidates, planOpening } from './open-hours.ts';
import { slotId } from './slot-id.ts';
import { DAY_MS, MINUTE_MS } from '../wall-clock.ts';
import { formatInZone, zonedFormatter } from '../zoned-time.ts';

/**
 * Bookable 1-on-1 slots: the grid over a trainer's open hours, minus what is too soon, beyond the
 * booking window or too close to something already busy. Pure: the caller loads rules, busy time
 * and the clock; the same function re-checks a requested slot at booking time (validate-slot.ts).
 */

export interface BusyRange {
  start: Date;
  end: Date;
}

/** Everything about one trainer and service that decides whether a start is bookable. */
export interface SlotContext {
  trainerId: number;
  serviceId: number;
  rules: AvailabilityRules;
  durationMinutes: number;
  /** Live bookings and group classes of the trainer, each already widened by blockedRange. */
  busy: readonly BusyRange[];
  now: Date;
}

export interface SlotQuery extends SlotContext {
  /** Slots whose start lies in [from, to). */
  from: Date;
  to: Date;
  /** Also render each slot on this wall clock (the viewer's), besides the trainer's. */
  viewerTimeZone?: string;
}

export interface WallClockView {
  timeZone: string;
  /** ISO 8601 with the offset in force, e.g. "2026-10-25T01:30:00+00:00". */
  start: string;
  end: string;
}

export interface Slot {
  id: string;
  /** ISO 8601 UTC instants. */
  start: string;
  end: string;
  /** On the trainer's wall clock. */
  local: WallClockView;
  viewer?: WallClockView;
}

/**
 * The time a session takes out of the trainer's calendar: the session plus its buffers. Bookings
 * should be stored with this range so the database's exclusion constraint enforces buffers exactly
 * as this module does (two sessions then sit at least after + before apart).
 */
export function blockedRange(
  session: BusyRange,
  rules: Pick<AvailabilityRules, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
): BusyRange {
  return {
    start: new Date(session.start.getTime() - rules.bufferBeforeMinutes * MINUTE_MS),
    end: new Date(session.end.getTime() + rules.bufferAfterMinutes * MINUTE_MS),
  };
}

/** Starts must be ≥ earliest (minimum notice) and < latest (the booking window, counted in real days). */
export function bookableBounds(ctx: Pick<SlotContext, 'rules' | 'now'>): { earliest: number; latest: number } {
  const now = ctx.now.getTime();
  return {
    earliest: now + ctx.rules.minimumNoticeMinutes * MINUTE_MS,
    latest: now + ctx.rules.bookingWindowDays * DAY_MS,
  };
}

/** Whether the slot, widened by its buffers, overlaps busy time (already converted to ms ranges). */
export function isBusy(rules: SlotContext['rules'], busy: readonly Range[], slot: Range): boolean {
  const padded = {
    start: slot.start - rules.bufferBeforeMinutes * MINUTE_MS,
    end: slot.end + rules.bufferAfterMinutes * MINUTE_MS,
  };
  return overlapsAny(padded, busy);
}

export function busyRanges(busy: readonly BusyRange[]): Range[] {
  return busy.map((b) => ({ start: b.start.getTime(), end: b.end.getTime() }));
}

type Format = (timeZone: string, instant: number) => string;

export function presentSlot(
  ctx: SlotContext,
  slot: Range,
  viewerTimeZone?: string,
  format: Format = formatInZone,
): Slot {
  const view = (timeZone: string): WallClockView => ({
    timeZone,
    start: format(timeZone, slot.start),
    end: format(timeZone, slot.end),
  });
  return {
    id: slotId(ctx.trainerId, ctx.serviceId, new Date(slot.start)),
    start: new Date(slot.start).toISOString(),
    end: new Date(slot.end).toISOString(),
    local: view(ctx.rules.timeZone),
    ...(viewerTimeZone ? { viewer: view(viewerTimeZone) } : {}),
  };
}

/** The bookable slots starting in [from, to), ascending. */
export function computeSlots(q: SlotQuery): Slot[] {
  if (!(q.durationMinutes > 0)) return [];
  const { earliest, latest } = bookableBounds(q);
  const from = Math.max(q.from.getTime(), earliest);
  const to = Math.min(q.to.getTime(), latest);
  if (from >= to) return [];
  const candidates = gridCandidates(planOpening(q.rules, from, to), q.rules, q.durationMinutes * MINUTE_MS, true);
  const busy = busyRanges(q.busy);
  const bookable = candidates.filter((c) => c.start >= from && c.start < to && !isBusy(q.rules, busy, c));
  // Slots end at most a day after `to` (durations are shorter), so formatters built for that stretch cover them.
  const formatters = new Map<string, (instant: number) => string>();
  const format: Format = (zone, instant) => {
    let f = formatters.get(zone);
    if (!f) formatters.set(zone, (f = zonedFormatter(zone, from, to + DAY_MS)));
    return f(instant);
  };
  return bookable.map((c) => presentSlot(q, c, q.viewerTimeZone, format));
}
