import type { AvailabilityRules } from './availability.schemas.ts';
import { containedInAny, mergeRanges, subtractRanges, type Range } from '../instant-ranges.ts';
import {
  DAY_MS,
  MINUTE_MS,
  formatLocalDate,
  parseLocalDateTime,
  parseTimeOfDay,
  startOfLocalDay,
  weekdayOf,
  type WallClock,
} from '../wall-clock.ts';
import {
  instantsFromSegments,
  offsetSegments,
  wallClockAt,
  wallRangeToInstantRanges,
  type OffsetSegment,
} from '../zoned-time.ts';

/**
 * Turns a trainer's wall-clock rules into instants for a stretch of time, and lays the slot grid
 * over them. Work is done per local date, then checked against instants, which is what keeps a
 * 09:00 slot at 09:00 on both sides of a DST change.
 */

/** One merged open interval of one local date, on the wall clock. */
export interface WallInterval {
  start: WallClock;
  end: WallClock;
}

export interface OpeningPlan {
  segments: OffsetSegment[];
  intervals: WallInterval[];
  /** Instants inside the stated hours, before time off. */
  hours: Range[];
  /** Instants blocked by `time_off` exceptions. */
  timeOff: Range[];
}

function toWall(date: WallClock, interval: { start: string; end: string }): WallInterval {
  return {
    start: date + (parseTimeOfDay(interval.start) ?? 0) * MINUTE_MS,
    end: date + (parseTimeOfDay(interval.end) ?? 0) * MINUTE_MS,
  };
}

/** The wall-clock intervals open on one local date: weekly hours unless a day off, plus extra hours. */
export function wallIntervalsOn(rules: AvailabilityRules, date: WallClock): WallInterval[] {
  const day = formatLocalDate(date);
  const exceptions = rules.exceptions.filter((e) => e.kind !== 'time_off' && e.date === day);
  const dayOff = exceptions.some((e) => e.kind === 'day_off');
  const intervals = dayOff ? [] : rules.weekly[weekdayOf(date)].map((i) => toWall(date, i));
  for (const e of exceptions) {
    if (e.kind === 'extra_hours') intervals.push(...e.intervals.map((i) => toWall(date, i)));
  }
  return mergeRanges(intervals);
}

/**
 * Everything needed to place slots whose start lies in [from, to). Local dates one either side are
 * included so slots near midnight and zones far from UTC are seen whole; offset segments reach
 * further still so every instant those dates can touch has a known offset.
 */
export function planOpening(rules: AvailabilityRules, from: number, to: number): OpeningPlan {
  const zone = rules.timeZone;
  const segments = offsetSegments(zone, from - 3 * DAY_MS, to + 3 * DAY_MS);
  const firstDate = startOfLocalDay(wallClockAt(zone, from)) - DAY_MS;
  const lastDate = startOfLocalDay(wallClockAt(zone, to)) + DAY_MS;
  const intervals: WallInterval[] = [];
  for (let date = firstDate; date <= lastDate; date += DAY_MS) intervals.push(...wallIntervalsOn(rules, date));
  const hours = intervals.flatMap((i) => wallRangeToInstantRanges(segments, i.start, i.end));
  const timeOff: Range[] = [];
  for (const e of rules.exceptions) {
    if (e.kind !== 'time_off') continue;
    timeOff.push(...wallRangeToInstantRanges(segments, parseLocalDateTime(e.from) ?? 0, parseLocalDateTime(e.to) ?? 0));
  }
  return { segments, intervals, hours: mergeRanges(hours), timeOff: mergeRanges(timeOff) };
}

/**
 * Candidate sessions of `durationMs` on the slot grid, ascending. The grid is anchored at each
 * interval's wall-clock start and stepped on the wall clock: a reading that does not exist (the
 * spring-forward hour) yields nothing; one that exists twice (the fall-back hour) yields both
 * instants. A candidate must lie wholly inside the stated hours and, `withTimeOff`, outside time off.
 *
 * Within one interval, candidates closer than min(step, duration) are thinned, keeping the earlier:
 * normally the grid never produces that, but the repeated hour can (a 90-minute grid puts 01:30
 * twice an hour apart), and two such slots would overlap in a way the trainer never offered. Thinning
 * happens before time off is applied, so time off only ever removes slots and never shifts the grid.
 */
export function gridCandidates(
  plan: OpeningPlan,
  rules: AvailabilityRules,
  durationMs: number,
  withTimeOff: boolean,
): Range[] {
  const open = subtractRanges(plan.hours, plan.timeOff);
  const stepMs = rules.slotStepMinutes * MINUTE_MS;
  const minGap = Math.min(stepMs, durationMs);
  const out: Range[] = [];
  for (const interval of plan.intervals) {
    const found: Range[] = [];
    for (let wall = interval.start; wall < interval.end; wall += stepMs) {
      for (const start of instantsFromSegments(plan.segments, wall)) {
        const slot = { start, end: start + durationMs };
        if (containedInAny(slot, plan.hours)) found.push(slot);
      }
    }
    found.sort((a, b) => a.start - b.start);
    let lastKept: Range | undefined;
    for (const slot of found) {
      if (lastKept && slot.start - lastKept.start < minGap) continue;
      lastKept = slot;
      if (!withTimeOff || containedInAny(slot, open)) out.push(slot);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
