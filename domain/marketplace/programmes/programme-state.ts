import { DAY_MS, formatLocalDate, parseLocalDate } from '../wall-clock.ts';

/**
 * A user's subscription to a multi-week programme, as a pure state machine. Sessions are scheduled
 * on local calendar dates (the user's), not instants: "day 3 of week 2" is a date, and dates do not
 * move when clocks change. The caller passes `today` in the user's zone and persists the result;
 * the status column should still be updated with a guarded statement (where status = :from) so two
 * concurrent moves cannot both win.
 */

export type SubscriptionStatus = 'active' | 'paused' | 'cancelled' | 'completed';

export interface ProgrammeSession {
  /** Stable within a programme: "w2s1" is week 2, session 1. */
  key: string;
  week: number;
  date: string;
  completedOn: string | null;
}

export interface ProgrammeSubscription {
  status: SubscriptionStatus;
  sessions: ProgrammeSession[];
  /** The date the current pause began; null unless paused. */
  pausedOn: string | null;
  /** Total days spent paused, for the trainer's view and for limits the product may add. */
  pausedDays: number;
}

export type ProgrammeCommand =
  | { type: 'pause'; today: string }
  | { type: 'resume'; today: string }
  | { type: 'cancel'; today: string }
  | { type: 'complete_session'; today: string; sessionKey: string };

export type ProgrammeMoveResult =
  | { ok: true; subscription: ProgrammeSubscription }
  | {
      ok: false;
      code: 'INVALID_TRANSITION' | 'UNKNOWN_SESSION';
      message: string;
      from: SubscriptionStatus;
      action: ProgrammeCommand['type'];
    };

/** Which commands each status accepts; cancelled and completed are final. */
const ALLOWED: Record<SubscriptionStatus, ReadonlyArray<ProgrammeCommand['type']>> = {
  active: ['pause', 'cancel', 'complete_session'],
  paused: ['resume', 'cancel'],
  cancelled: [],
  completed: [],
};

export function allowedActions(status: SubscriptionStatus): ReadonlyArray<ProgrammeCommand['type']> {
  return ALLOWED[status];
}

/** A programme's shape: per week, the day (1–7, counted from the start date) of each session. */
export interface ProgrammePlan {
  weeks: Array<{ sessionDays: number[] }>;
}

export function subscribe(plan: ProgrammePlan, startDate: string): ProgrammeSubscription {
  const start = dateOrThrow(startDate);
  const sessions = plan.weeks.flatMap((week, w) =>
    [...week.sessionDays]
      .sort((a, b) => a - b)
      .map((day, s) => ({
        key: `w${w + 1}s${s + 1}`,
        week: w + 1,
        date: formatLocalDate(start + (w * 7 + day - 1) * DAY_MS),
        completedOn: null,
      })),
  );
  return { status: sessions.length ? 'active' : 'completed', sessions, pausedOn: null, pausedDays: 0 };
}

export function applyProgrammeCommand(sub: ProgrammeSubscription, cmd: ProgrammeCommand): ProgrammeMoveResult {
  const today = dateOrThrow(cmd.today);
  if (!ALLOWED[sub.status].includes(cmd.type)) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `A ${sub.status} subscription cannot ${cmd.type.replace('_', ' ')}`,
      from: sub.status,
      action: cmd.type,
    };
  }
  switch (cmd.type) {
    case 'pause':
      return { ok: true, subscription: { ...sub, status: 'paused', pausedOn: cmd.today } };
    case 'resume':
      return { ok: true, subscription: resume(sub, today) };
    case 'cancel':
      return { ok: true, subscription: { ...sub, status: 'cancelled', pausedOn: null } };
    case 'complete_session':
      return completeSession(sub, cmd);
  }
}

/**
 * Every session not yet done and dated on or after the day the pause began moves later by the
 * length of the pause, so the programme keeps its rhythm instead of piling missed sessions up.
 * Sessions missed before the pause stay where they were.
 */
function resume(sub: ProgrammeSubscription, today: number): ProgrammeSubscription {
  const pausedOn = dateOrThrow(sub.pausedOn ?? formatLocalDate(today));
  const days = Math.max(0, Math.round((today - pausedOn) / DAY_MS));
  const sessions = sub.sessions.map((s) =>
    s.completedOn === null && dateOrThrow(s.date) >= pausedOn
      ? { ...s, date: formatLocalDate(dateOrThrow(s.date) + days * DAY_MS) }
      : s,
  );
  return { ...sub, status: 'active', sessions, pausedOn: null, pausedDays: sub.pausedDays + days };
}

function completeSession(
  sub: ProgrammeSubscription,
  cmd: Extract<ProgrammeCommand, { type: 'complete_session' }>,
): ProgrammeMoveResult {
  if (!sub.sessions.some((s) => s.key === cmd.sessionKey)) {
    return {
      ok: false,
      code: 'UNKNOWN_SESSION',
      message: 'No such session in this programme',
      from: sub.status,
      action: cmd.type,
    };
  }
  // Completing a completed session is a replay, not an error: the first completion date stands.
  const sessions = sub.sessions.map((s) =>
    s.key === cmd.sessionKey && s.completedOn === null ? { ...s, completedOn: cmd.today } : s,
  );
  const done = sessions.every((s) => s.completedOn !== null);
  return { ok: true, subscription: { ...sub, sessions, status: done ? 'completed' : 'active' } };
}

function dateOrThrow(text: string): number {
  const date = parseLocalDate(text);
  if (date === null) throw new RangeError(`not a calendar date: ${text}`);
  return date;
}
