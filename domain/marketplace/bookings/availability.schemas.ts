import { z } from 'zod';
import { DAY_MS, parseLocalDate, parseLocalDateTime, parseTimeOfDay } from '../wall-clock.ts';
import { canonicalTimeZone, isValidTimeZone } from '../zoned-time.ts';
import { lineText } from '../../shared/text.ts';

/**
 * What a trainer states about when they can be booked, as the trainer portal will send it. The
 * slot engine takes the parsed output (AvailabilityRules) and trusts it, so every invariant it
 * relies on (valid zone, start before end, no overlaps within a day) is checked here.
 */

export const timeOfDay = z.string().refine((s) => parseTimeOfDay(s) !== null, 'Expected a time "HH:MM" (00:00–24:00)');
export const localDate = z.string().refine((s) => parseLocalDate(s) !== null, 'Expected a calendar date "YYYY-MM-DD"');
export const localDateTime = z
  .string()
  .refine((s) => parseLocalDateTime(s) !== null, 'Expected a local date-time "YYYY-MM-DDTHH:MM"');

/** A note stored in jsonb: one line, no control characters. */
const note = lineText(200);

export const timeZone = z
  .string()
  .refine(isValidTimeZone, 'Expected an IANA time zone such as "Europe/London"')
  .transform(canonicalTimeZone);

// zod runs refinements even when a field already failed; a malformed side is reported by its field alone.
const isBefore = (a: number | null, b: number | null) => a === null || b === null || a < b;

/** One stretch of a day on the trainer's wall clock; "24:00" ends at midnight. */
export const hoursInterval = z
  .object({ start: timeOfDay, end: timeOfDay })
  .refine((i) => isBefore(parseTimeOfDay(i.start), parseTimeOfDay(i.end)), {
    message: 'start must be before end',
    path: ['end'],
  });
export type HoursInterval = z.infer<typeof hoursInterval>;

/** A day's intervals; touching is fine (09:00–12:00, 12:00–13:00), overlapping is a mistake. */
export const dayHours = z
  .array(hoursInterval)
  .max(24)
  .superRefine((intervals, ctx) => {
    const sorted = intervals
      .map((i, index) => ({ index, start: parseTimeOfDay(i.start) ?? 0, end: parseTimeOfDay(i.end) ?? 0 }))
      .filter((i) => i.start < i.end)
      .sort((a, b) => a.start - b.start);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1];
      const cur = sorted[k];
      if (prev && cur && cur.start < prev.end) {
        ctx.addIssue({ code: 'custom', message: 'intervals within a day must not overlap', path: [cur.index] });
      }
    }
  });

export const weeklyHours = z
  .object({
    mon: dayHours.default([]),
    tue: dayHours.default([]),
    wed: dayHours.default([]),
    thu: dayHours.default([]),
    fri: dayHours.default([]),
    sat: dayHours.default([]),
    sun: dayHours.default([]),
  })
  .strict();
export type WeeklyHours = z.infer<typeof weeklyHours>;

/**
 * Date exceptions. `day_off` drops the weekly hours of one date; `time_off` blocks a stretch of the
 * wall clock that may cross midnight (a holiday); `extra_hours` opens intervals on one date on top
 * of whatever else is open. Time off wins over extra hours, so a trainer can always block time.
 */
export const availabilityException = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('day_off'), date: localDate, note: note.optional() }),
  z
    .object({ kind: z.literal('time_off'), from: localDateTime, to: localDateTime, note: note.optional() })
    .refine((e) => isBefore(parseLocalDateTime(e.from), parseLocalDateTime(e.to)), {
      message: 'from must be before to',
      path: ['to'],
    }),
  z.object({ kind: z.literal('extra_hours'), date: localDate, intervals: dayHours.min(1) }),
]);
export type AvailabilityException = z.infer<typeof availabilityException>;

/** How bookings are spaced and how far ahead they may be made. */
export const bookingPolicy = z.object({
  bufferBeforeMinutes: z.number().int().min(0).max(240).default(0),
  bufferAfterMinutes: z.number().int().min(0).max(240).default(0),
  minimumNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .default(0),
  bookingWindowDays: z.number().int().min(1).max(365).default(60),
  slotStepMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
});

export const availabilityRules = z.object({
  timeZone,
  weekly: weeklyHours,
  exceptions: z.array(availabilityException).max(1000).default([]),
  ...bookingPolicy.shape,
});
/** The parsed, trusted input of the slot engine. */
export type AvailabilityRules = z.infer<typeof availabilityRules>;
/** What a client sends (defaults not yet applied). */
export type AvailabilityRulesInput = z.input<typeof availabilityRules>;

/** Longest range one slots request may ask for; bounds the work of one request. */
export const MAX_SLOT_QUERY_DAYS = 62;

/** `GET /trainers/:id/availability?serviceId&from&to` — instants with an offset, e.g. "...Z". */
export const slotsQuery = z
  .object({
    serviceId: z.coerce.number().int().positive(),
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  })
  .superRefine((q, ctx) => {
    // zod still runs object refinements when a field failed; only compare what parsed into dates.
    if (!(q.from instanceof Date) || !(q.to instanceof Date)) return;
    if (q.from >= q.to) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['to'] });
    else if (q.to.getTime() - q.from.getTime() > MAX_SLOT_QUERY_DAYS * DAY_MS) {
      ctx.addIssue({ code: 'custom', message: `a range may span at most ${MAX_SLOT_QUERY_DAYS} days`, path: ['to'] });
    }
  });
export type SlotsQuery = z.infer<typeof slotsQuery>;
