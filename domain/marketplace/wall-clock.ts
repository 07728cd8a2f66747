/**
 * Wall-clock readings ("2026-03-29 09:00" on a trainer's wall) encoded as the number of milliseconds
 * that reading would be if it were UTC. That makes calendar arithmetic plain arithmetic (a day is
 * always 24 h on the wall) while keeping the type distinct in intent from a real instant; the zone
 * only matters when a reading is turned into instants (zoned-time.ts).
 */
export type WallClock = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** "2026-03-29" → the wall clock at that date's midnight, or null for a malformed or impossible date. */
export function parseLocalDate(text: string): WallClock | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const wall = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 2026-02-30 over into March; a round trip catches that.
  return formatLocalDate(wall) === text ? wall : null;
}

/** "09:30" → 570 minutes after midnight; "24:00" is allowed so an interval can run to the end of a day. */
export function parseTimeOfDay(text: string): number | null {
  const m = TIME_RE.exec(text);
  if (!m) return null;
  if (text === '24:00') return 24 * 60;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** "2026-03-29T01:30" (no zone: it is read on the trainer's wall) → a wall clock, or null. */
export function parseLocalDateTime(text: string): WallClock | null {
  const m = DATE_TIME_RE.exec(text);
  if (!m) return null;
  const date = parseLocalDate(m[1] as string);
  const minutes = parseTimeOfDay(m[2] as string);
  if (date === null || minutes === null || minutes === 24 * 60) return null;
  return date + minutes * MINUTE_MS;
}

export function formatLocalDate(wall: WallClock): string {
  return new Date(wall).toISOString().slice(0, 10);
}

/** "2026-03-29T09:00:00" — the reading without any offset. */
export function formatWallClock(wall: WallClock): string {
  return new Date(wall).toISOString().slice(0, 19);
}

/** The wall clock's date at midnight. */
export function startOfLocalDay(wall: WallClock): WallClock {
  return Math.floor(wall / DAY_MS) * DAY_MS;
}

export function weekdayOf(wall: WallClock): Weekday {
  // getUTCDay: 0 = Sunday; our week starts on Monday.
  return WEEKDAYS[(new Date(wall).getUTCDay() + 6) % 7] as Weekday;
}
