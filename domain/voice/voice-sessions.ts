import { randomUUID } from 'node:crypto';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';

/** Who a voice session acts for: a signed-in user, or an anonymous onboarding session (server-issued id). */
export type VoiceParty = { kind: 'user'; userId: number } | { kind: 'onboarding'; onboardingSessionId: string };

export interface VoiceSession {
  id: string;
  clientId: number;
  party: VoiceParty;
  roomName: string;
  roomLabel: string;
  agentName: string;
  context: string;
  eviConfigId: string | null;
  startedAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
}

interface SessionRow {
  id: string;
  client_id: number;
  user_id: number | null;
  onboarding_session_id: string | null;
  room_name: string;
  room_label: string;
  agent_name: string;
  context: string;
  evi_config_id: string | null;
  started_at: Date | string;
  expires_at: Date | string;
  ended_at: Date | string | null;
  duration_seconds: number | null;
}

const COLUMNS = `id, client_id, user_id, onboarding_session_id, room_name, room_label, agent_name, context, evi_config_id, started_at, expires_at, ended_at, duration_seconds`;

const toSession = (r: SessionRow): VoiceSession => ({
  id: r.id,
  clientId: Number(r.client_id),
  party:
    r.user_id !== null
      ? { kind: 'user', userId: Number(r.user_id) }
      : { kind: 'onboarding', onboardingSessionId: r.onboarding_session_id! },
  roomName: r.room_name,
  roomLabel: r.room_label,
  agentName: r.agent_name,
  context: r.context,
  eviConfigId: r.evi_config_id,
  startedAt: new Date(r.started_at),
  expiresAt: new Date(r.expires_at),
  endedAt: r.ended_at === null ? null : new Date(r.ended_at),
  durationSeconds: r.duration_seconds === null ? null : Number(r.duration_seconds),
});

/**
 * The LiveKit room of a voice session: ours, never the app's. It names the tenant and the session, so a
 * client-chosen label can never lead into another tenant's or another user's room.
 */
export const voiceRoomName = (clientId: number, voiceSessionId: string) => `t${clientId}-voice-${voiceSessionId}`;

export async function openVoiceSession(
  ctx: Ctx,
  input: {
    party: VoiceParty;
    roomLabel: string;
    agentName: string;
    context: string;
    eviConfigId: string | null;
    maxMinutes: number;
  },
): Promise<VoiceSession> {
  const id = randomUUID();
  const now = ctx.clock();
  const rows: SessionRow[] = await ctx.em.execute(
    `insert into voice_sessions (id, client_id, user_id, onboarding_session_id, room_name, room_label, agent_name, context, evi_config_id, started_at, expires_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz) returning ${COLUMNS}`,
    [
      id,
      ctx.tenant.id,
      input.party.kind === 'user' ? input.party.userId : null,
      input.party.kind === 'onboarding' ? input.party.onboardingSessionId : null,
      voiceRoomName(ctx.tenant.id, id),
      input.roomLabel,
      input.agentName,
      input.context,
      input.eviConfigId,
      now,
      new Date(now.getTime() + input.maxMinutes * 60_000),
    ],
  );
  return toSession(rows[0]!);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const voiceSessionNotFound = () =>
  new AppError('not_found', 'VOICE_SESSION_NOT_FOUND', 'No voice session with this id exists for this client');

/**
 * A session of this tenant that is still live (not ended, not past its maximum length), or the reason it is
 * not: another tenant's session is simply not found.
 */
export async function loadLiveVoiceSession(ctx: Ctx, voiceSessionId: string): Promise<VoiceSession> {
  if (!uuid.test(voiceSessionId)) throw voiceSessionNotFound();
  const rows: SessionRow[] = await ctx.em.execute(
    `select ${COLUMNS} from voice_sessions where client_id = ? and id = ?::uuid`,
    [ctx.tenant.id, voiceSessionId],
  );
  if (!rows[0]) throw voiceSessionNotFound();
  const session = toSession(rows[0]);
  if (session.endedAt || session.expiresAt <= ctx.clock()) {
    throw new AppError(
      'gone',
      'VOICE_SESSION_ENDED',
      'This voice session has ended; the agent can no longer act in it',
    );
  }
  return session;
}

/**
 * Closes a session once: the first close wins (a repeated chat_ended changes nothing). The duration is the
 * one Hume reports when there is one, else wall time; never beyond the session's own maximum.
 */
export async function endVoiceSession(
  ctx: Ctx,
  voiceSessionId: string,
  input: { endedAt: Date; durationSeconds?: number | undefined; reason: string },
) {
  const rows: SessionRow[] = await ctx.em.execute(
    `update voice_sessions set
       ended_at = greatest(started_at, least(?::timestamptz, expires_at)),
       duration_seconds = least(
         coalesce(?::int, extract(epoch from (greatest(started_at, least(?::timestamptz, expires_at)) - started_at))::int),
         extract(epoch from (expires_at - started_at))::int),
       end_reason = ?
     where client_id = ? and id = ?::uuid and ended_at is null returning ${COLUMNS}`,
    [input.endedAt, input.durationSeconds ?? null, input.endedAt, input.reason, ctx.tenant.id, voiceSessionId],
  );
  return rows[0] ? toSession(rows[0]) : null;
}

/**
 * Records the Hume chat a session's conversation runs in (from chat_started): the session's agent then attaches
 * to it. A later chat of the same live session (the app reconnected) replaces it; the session's agent name is
 * returned so the notice reaches the right agent.
 */
export async function attachHumeChat(
  ctx: Ctx,
  voiceSessionId: string,
  chatId: string,
): Promise<{ agentName: string } | null> {
  const rows: Array<{ agent_name: string }> = await ctx.em.execute(
    `update voice_sessions set hume_chat_id = ? where client_id = ? and id = ?::uuid and ended_at is null and expires_at > ?::timestamptz returning agent_name`,
    [chatId, ctx.tenant.id, voiceSessionId, ctx.clock()],
  );
  return rows[0] ? { agentName: rows[0].agent_name } : null;
}

/**
 * Voice minutes of ended sessions in [from, to), per user or onboarding: what the partner usage record and
 * billing read (domain function, so they never need this table's layout). Minutes are rounded up per session.
 */
export async function voiceMinutes(ctx: Ctx, range: { from: Date; to: Date }) {
  const rows: Array<{ sessions: number; seconds: number; minutes: number; users: number }> = await ctx.em.execute(
    `select count(*)::int as sessions, coalesce(sum(duration_seconds), 0)::int as seconds,
            coalesce(sum(ceil(duration_seconds / 60.0)), 0)::int as minutes, count(distinct user_id)::int as users
     from voice_sessions where client_id = ? and ended_at >= ?::timestamptz and ended_at < ?::timestamptz`,
    [ctx.tenant.id, range.from, range.to],
  );
  const r = rows[0]!;
  return {
    sessions: Number(r.sessions),
    seconds: Number(r.seconds),
    minutes: Number(r.minutes),
    users: Number(r.users),
  };
}

/** Voice minutes per user of this tenant in [from, to) (partner usage joins users to its members). */
export async function voiceMinutesByUser(
  ctx: Ctx,
  range: { from: Date; to: Date },
): Promise<Array<{ userId: number; minutes: number; sessions: number }>> {
  const rows: Array<{ user_id: number; minutes: number; sessions: number }> = await ctx.em.execute(
    `select user_id, coalesce(sum(ceil(duration_seconds / 60.0)), 0)::int as minutes, count(*)::int as sessions
     from voice_sessions where client_id = ? and user_id is not null and ended_at >= ?::timestamptz and ended_at < ?::timestamptz
     group by user_id order by user_id`,
    [ctx.tenant.id, range.from, range.to],
  );
  return rows.map((r) => ({ userId: Number(r.user_id), minutes: Number(r.minutes), sessions: Number(r.sessions) }));
}

/** Live sessions of every tenant by party (the /metrics gauge); `em` must be unscoped (withoutTenantScope). */
export async function countLiveVoiceSessions(
  em: import('@mikro-orm/postgresql').EntityManager,
  now: Date,
): Promise<{ user: number; onboarding: number }> {
  const rows: Array<{ users: number; onboarding: number }> = await em.execute(
    `select count(*) filter (where user_id is not null)::int as users, count(*) filter (where user_id is null)::int as onboarding
     from voice_sessions where ended_at is null and expires_at > ?::timestamptz`,
    [now],
  );
  return { user: Number(rows[0]?.users ?? 0), onboarding: Number(rows[0]?.onboarding ?? 0) };
}
