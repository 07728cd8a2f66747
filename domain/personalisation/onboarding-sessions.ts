import { randomBytes } from 'node:crypto';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { UserProfile } from '../identity/user.entity.ts';

/** An onboarding session lives this long after its last write. */
export const ONBOARDING_TTL_MS = 24 * 60 * 60 * 1000;

interface SessionRow {
  session_id: string;
  name: string | null;
  profile: UserProfile | string;
  coach_id: number | null;
  expires_at: Date | string;
}

export interface OnboardingSession {
  sessionId: string;
  name: string | null;
  profile: UserProfile;
  coachId: number | null;
  expiresAt: Date;
}

const RETURNING = `returning session_id, name, profile, coach_id, expires_at`;

export const toSession = (row: SessionRow): OnboardingSession => ({
  sessionId: row.session_id,
  name: row.name,
  profile: (typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile) as UserProfile,
  coachId: row.coach_id === null ? null : Number(row.coach_id),
  expiresAt: new Date(row.expires_at),
});

export const sessionNotFound = () =>
  new AppError(
    'not_found',
    'ONBOARDING_SESSION_NOT_FOUND',
    'No onboarding session with this id exists for this client',
  );
export const sessionExpired = () =>
  new AppError(
    'gone',
    'ONBOARDING_SESSION_EXPIRED',
    'This onboarding session has expired (24 h after its last change); start a new one',
  );

/**
 * Session ids are issued by the server only: 192 random bits, so the id itself is what proves the holder
 * (an app, or a voice room) is the one who started the session. An id the server did not issue is not found.
 */
export const issueOnboardingSessionId = (): string => `onb_${randomBytes(24).toString('base64url')}`;

/** Starts an anonymous onboarding session with a server-issued id (REST, and voice rooms through this). */
export function startOnboardingSession(ctx: Ctx, name?: string, profile: UserProfile = {}): Promise<OnboardingSession> {
  return saveOnboardingProfile(ctx, issueOnboardingSessionId(), name, profile);
}

/**
 * Merges answers into a live session of this client and moves its expiry; unknown is 404, expired 410
 * (never created here: an app cannot pick an id, so it cannot pick someone else's).
 */
export async function updateOnboardingProfile(
  ctx: Ctx,
  sessionId: string,
  name: string | undefined,
  profile: UserProfile,
): Promise<OnboardingSession> {
  const now = ctx.clock();
  const rows: SessionRow[] = await ctx.em.execute(
    `update onboarding_profiles set name = coalesce(?, name), profile = profile || ?::jsonb, updated_at = ?::timestamptz, expires_at = ?::timestamptz
     where client_id = ? and session_id = ? and expires_at > ?::timestamptz ${RETURNING}`,
    [
      name ?? null,
      JSON.stringify(profile),
      now,
      new Date(now.getTime() + ONBOARDING_TTL_MS),
      ctx.tenant.id,
      sessionId,
      now,
    ],
  );
  if (rows[0]) return toSession(rows[0]);
  await loadOnboardingSession(ctx, sessionId); // throws the precise reason
  throw sessionNotFound();
}

/**
 * Upsert by session id in one statement (callers pass a server-issued id: startOnboardingSession): the given fields are merged over the stored ones and the expiry
 * moves to 24 h from now. A session that has expired but not yet been purged starts afresh rather than
 * reviving yesterday's answers.
 */
export async function saveOnboardingProfile(
  ctx: Ctx,
  sessionId: string,
  name: string | undefined,
  profile: UserProfile,
): Promise<OnboardingSession> {
  const now = ctx.clock();
  const rows: SessionRow[] = await ctx.em.execute(
    `insert into onboarding_profiles (client_id, session_id, name, profile, expires_at, created_at, updated_at)
     values (?, ?, ?, ?::jsonb, ?::timestamptz, ?::timestamptz, ?::timestamptz)
     on conflict (client_id, session_id) do update set
       name = case when onboarding_profiles.expires_at <= excluded.updated_at then excluded.name else coalesce(excluded.name, onboarding_profiles.name) end,
       profile = case when onboarding_profiles.expires_at <= excluded.updated_at then excluded.profile else onboarding_profiles.profile || excluded.profile end,
       coach_id = case when onboarding_profiles.expires_at <= excluded.updated_at then null else onboarding_profiles.coach_id end,
       updated_at = excluded.updated_at,
       expires_at = excluded.expires_at
     ${RETURNING}`,
    [
      ctx.tenant.id,
      sessionId,
      name ?? null,
      JSON.stringify(profile),
      new Date(now.getTime() + ONBOARDING_TTL_MS),
      now,
      now,
    ],
  );
  return toSession(rows[0]!);
}

/** A live session of this client, or the reason there is none (404 unknown, 410 expired). */
export async function loadOnboardingSession(ctx: Ctx, sessionId: string): Promise<OnboardingSession> {
  const rows: SessionRow[] = await ctx.em.execute(
    `select session_id, name, profile, coach_id, expires_at from onboarding_profiles where client_id = ? and session_id = ?`,
    [ctx.tenant.id, sessionId],
  );
  if (!rows[0]) throw sessionNotFound();
  const session = toSession(rows[0]);
  if (session.expiresAt <= ctx.clock()) throw sessionExpired();
  return session;
}

/** Records the chosen coach on a live session (a write, so the expiry moves too). */
export async function selectOnboardingCoach(ctx: Ctx, sessionId: string, coachId: number): Promise<OnboardingSession> {
  const now = ctx.clock();
  const rows: SessionRow[] = await ctx.em.execute(
    `update onboarding_profiles set coach_id = ?, updated_at = ?::timestamptz, expires_at = ?::timestamptz
     where client_id = ? and session_id = ? and expires_at > ?::timestamptz ${RETURNING}`,
    [coachId, now, new Date(now.getTime() + ONBOARDING_TTL_MS), ctx.tenant.id, sessionId, now],
  );
  if (rows[0]) return toSession(rows[0]);
  await loadOnboardingSession(ctx, sessionId); // throws the precise reason
  throw sessionNotFound();
}

/**
 * Registration's lookup (domain/auth/onboarding-link.ts), inside its transaction: the session is consumed
 * by one DELETE … RETURNING, so two registrations cannot both take it. An expired one throws 410, which
 * rolls the delete back with the registration; the purge job removes it later. Unknown → null (422 there).
 */
export async function consumeOnboardingSession(ctx: Ctx, sessionId: string): Promise<OnboardingSession | null> {
  const rows: SessionRow[] = await ctx.em.execute(
    `delete from onboarding_profiles where client_id = ? and session_id = ? ${RETURNING}`,
    [ctx.tenant.id, sessionId],
  );
  if (!rows[0]) return null;
  const session = toSession(rows[0]);
  if (session.expiresAt <= ctx.clock()) throw sessionExpired();
  return session;
}

/** Removes sessions past their expiry; used by the purge job. */
export async function purgeExpiredOnboarding(ctx: Ctx): Promise<number> {
  const rows: Array<{ n: number }> = await ctx.em.execute(
    `with purged as (delete from onboarding_profiles where client_id = ? and expires_at <= ?::timestamptz returning 1) select count(*)::int as n from purged`,
    [ctx.tenant.id, ctx.clock()],
  );
  return Number(rows[0]?.n ?? 0);
}
