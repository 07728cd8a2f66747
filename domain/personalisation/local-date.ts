import type { IUser } from '../identity/user.entity.ts';

/** True for a zone Intl knows ("Europe/London", "UTC"); anything else would fail every date computed later. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The user's zone: the profile's, else the settings', else UTC. A stale, unknown zone falls back too. */
export function zoneOf(user: Pick<IUser, 'profile' | 'settings'>): string {
  for (const zone of [user.profile['timezone'], user.settings['timezone']]) {
    if (typeof zone === 'string' && isTimeZone(zone)) return zone;
  }
  return 'UTC';
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function localDateOf(instant: Date, zone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date; the date alone decides, not any zone. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
