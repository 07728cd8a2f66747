import { HOUR_MS, formatWallClock, type WallClock } from './wall-clock.ts';

/**
 * Time-zone arithmetic on Node's ICU through Intl.DateTimeFormat, so the tz database ships with the
 * runtime and no dependency has to be kept current. Instants are epoch milliseconds.
 *
 * The hard direction is wall clock → instant: a reading can map to one instant, to none (the hour
 * skipped when clocks spring forward) or to two (the hour repeated when they fall back). We find the
 * stretches of constant UTC offset around the reading and keep each offset that maps the reading
 * back into its own stretch.
 */

/** A stretch [start, end) of instants over which a zone's UTC offset (ms, wall − UTC) is constant. */
export interface OffsetSegment {
  start: number;
  end: number;
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** An IANA name ICU knows. Fixed offsets like "+01:00" are refused: they do not follow a region's DST. */
export function isValidTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** ICU's spelling of a valid zone ("europe/london" → "Europe/London"), so stored names compare equal. */
export function canonicalTimeZone(zone: string): string {
  return formatterFor(zone).resolvedOptions().timeZone;
}

/** What the wall clock in `zone` reads at `instant`. */
export function wallClockAt(zone: string, instant: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const subSecond = ((instant % 1000) + 1000) % 1000; // the formatter drops milliseconds
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second) + subSecond;
  // Date.UTC maps years 0–99 to 1900–1999; irrelevant for bookings but cheap to get right.
  return year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
}

export function offsetAt(zone: string, instant: number): number {
  return wallClockAt(zone, instant) - instant;
}

// No zone changes its offset twice within six hours, so equal offsets at two samples six hours
// apart mean no change in between; a difference is narrowed down by bisection to the millisecond.
const SAMPLE_MS = 6 * HOUR_MS;

/** The constant-offset stretches covering [from, to). */
export function offsetSegments(zone: string, from: number, to: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let start = from;
  let offset = offsetAt(zone, from);
  for (let probe = from; probe < to;) {
    const next = Math.min(probe + SAMPLE_MS, to);
    const nextOffset = offsetAt(zone, next);
    if (nextOffset !== offset) {
      let lo = probe; // offset(lo) === offset
      let hi = next; // offset(hi) !== offset
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid) === offset) lo = mid;
        else hi = mid;
      }
      segments.push({ start, end: hi, offset });
      start = hi;
      offset = offsetAt(zone, hi);
      probe = hi;
    } else {
      probe = next;
    }
  }
  segments.push({ start, end: to, offset });
  return segments;
}

/** The instants (0, 1 or 2, ascending) at which the wall clock reads `wall`, given segments covering them. */
export function instantsFromSegments(segments: readonly OffsetSegment[], wall: WallClock): number[] {
  const found: number[] = [];
  for (const s of segments) {
    const t = wall - s.offset;
    if (t >= s.start && t < s.end && !found.includes(t)) found.push(t);
  }
  return found.sort((a, b) => a - b);
}

/** Offsets run from −12 h to +14 h, so a day either side of the reading holds every candidate. */
export function localToInstants(zone: string, wall: WallClock): number[] {
  return instantsFromSegments(offsetSegments(zone, wall - 36 * HOUR_MS, wall + 36 * HOUR_MS), wall);
}

/**
 * The instants whose wall clock lies in [wallStart, wallEnd), as ascending disjoint ranges. Usually
 * one range; across a fall-back it can be two, because the repeated hour is read twice.
 */
export function wallRangeToInstantRanges(
  segments: readonly OffsetSegment[],
  wallStart: WallClock,
  wallEnd: WallClock,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const s of segments) {
    const start = Math.max(wallStart - s.offset, s.start);
    const end = Math.min(wallEnd - s.offset, s.end);
    if (start >= end) continue;
    const last = out[out.length - 1];
    if (last && last.end >= start) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "2026-10-25T01:30:00+01:00": the wall clock with its offset, unambiguous even in a repeated hour. */
export function formatInZone(zone: string, instant: number): string {
  return formatWithOffset(instant, offsetAt(zone, instant));
}

/**
 * formatInZone for many instants in [from, to): one offset lookup per instant instead of an Intl
 * call, which is what dominates presenting a long list of slots.
 */
export function zonedFormatter(zone: string, from: number, to: number): (instant: number) => string {
  const segments = offsetSegments(zone, from, to);
  return (instant) => {
    const s = segments.find((x) => instant >= x.start && instant < x.end);
    return s ? formatWithOffset(instant, s.offset) : formatInZone(zone, instant);
  };
}

function formatWithOffset(instant: number, offsetMs: number): string {
  const offsetMinutes = Math.round(offsetMs / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${formatWallClock(instant + offsetMs)}${sign}${hh}:${mm}`;
}
