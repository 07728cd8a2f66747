import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { MAX_SLOT_QUERY_DAYS } from './availability.schemas.ts';
import { loadBusy, loadRules } from './availability-store.ts';
import { findService, findTrainer, presentService, servicesOf } from '../marketplace-rows.ts';
import { computeSlots } from './slots.ts';
import { DAY_MS } from '../wall-clock.ts';

export interface AvailabilityQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  serviceId?: number | undefined;
  /** The viewer's IANA zone; slots are also shown on that wall clock. */
  tz?: string | undefined;
}

const DEFAULT_RANGE_DAYS = 7;

/**
 * A trainer's weekly hours and exceptions (in the trainer's zone) and the bookable slots starting in
 * [from, to) for one service (the first active one unless named), on both wall clocks.
 */
export async function trainerAvailability(ctx: Ctx, trainerId: number, q: AvailabilityQuery) {
  const trainer = await findTrainer(ctx, trainerId);
  const now = ctx.clock();
  const from = q.from ?? now;
  const to = q.to ?? new Date(from.getTime() + DEFAULT_RANGE_DAYS * DAY_MS);
  if (from >= to)
    throw new AppError('validation', 'VALIDATION_ERROR', 'from must be before to', [
      { field: 'to', message: 'must be after from', location: 'query' },
    ]);
  if (to.getTime() - from.getTime() > MAX_SLOT_QUERY_DAYS * DAY_MS) {
    throw new AppError('validation', 'VALIDATION_ERROR', `A range may span at most ${MAX_SLOT_QUERY_DAYS} days`, [
      { field: 'to', message: 'range too long', location: 'query' },
    ]);
  }
  const rules = await loadRules(ctx, trainerId);
  const service =
    q.serviceId !== undefined
      ? await findService(ctx, trainerId, q.serviceId)
      : ((await servicesOf(ctx, trainerId))[0] ?? null);
  // An inactive trainer takes no bookings, so offers no slots (booking one would be refused TRAINER_INACTIVE).
  const bookable = service !== null && trainer.is_active;
  const busy = bookable ? await loadBusy(ctx, trainerId, rules, from, to) : [];
  const slots = bookable
    ? computeSlots({
        trainerId,
        serviceId: service.id,
        rules,
        durationMinutes: service.duration_minutes,
        busy,
        now,
        from,
        to,
        ...(q.tz ? { viewerTimeZone: q.tz } : {}),
      })
    : [];
  return {
    trainerId,
    timeZone: rules.timeZone,
    viewerTimeZone: q.tz ?? null,
    weekly: rules.weekly,
    exceptions: rules.exceptions,
    policy: {
      bufferBeforeMinutes: rules.bufferBeforeMinutes,
      bufferAfterMinutes: rules.bufferAfterMinutes,
      minimumNoticeMinutes: rules.minimumNoticeMinutes,
      bookingWindowDays: rules.bookingWindowDays,
      slotStepMinutes: rules.slotStepMinutes,
    },
    service: service ? presentService(service) : null,
    from: from.toISOString(),
    to: to.toISOString(),
    slots,
  };
}
