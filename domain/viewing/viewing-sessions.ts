import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { progressPercent, type Heartbeat } from './heartbeat-merge.ts';
import { completeSessions } from './heartbeat-store.ts';
import { completedEvent, type HeartbeatWriter, type StoredSession } from './heartbeat-writer.ts';
import { ViewingSession, type IViewingSession } from './viewing-session.entity.ts';

const sessionNotFound = () => new AppError('not_found', 'SESSION_NOT_FOUND', 'Viewing session not found');

export function presentSession(s: IViewingSession) {
  return {
    id: s.id,
    classId: s.classId ?? null,
    deviceType: s.deviceType,
    status: s.status,
    progressSeconds: s.progressSeconds,
    totalDurationSeconds: s.totalDurationSeconds,
    progressPercent: progressPercent(s.progressSeconds, s.totalDurationSeconds),
    positionSeconds: s.positionSeconds,
    watchedSeconds: s.watchedSeconds,
    startedAt: s.startedAt.toISOString(),
    lastHeartbeatAt: s.lastHeartbeatAt.toISOString(),
    completedAt: s.completedAt?.toISOString() ?? null,
  };
}

/** What a heartbeat's ack (socket) and answer (REST) carry. */
export function presentProgress(s: StoredSession) {
  return {
    sessionId: s.sessionId,
    classId: s.classId,
    status: s.status,
    progressSeconds: s.progressSeconds,
    totalDurationSeconds: s.totalDurationSeconds,
    progressPercent: progressPercent(s.progressSeconds, s.totalDurationSeconds),
    watchedSeconds: s.watchedSeconds,
    completed: s.status === 'completed',
  };
}

/**
 * Starts watching a published class of this tenant on a device. The answer says where the user's latest
 * unfinished session of this class stopped, so a player can resume there.
 */
export async function startSession(ctx: Ctx, input: { classId: number; deviceType: string }) {
  const { userId } = requireUser(ctx);
  const [cls]: Array<{ id: number; duration_seconds: number }> = await ctx.em.execute(
    `select id, duration_seconds from classes where client_id = ? and id = ? and published_at <= ?::timestamptz`,
    [ctx.tenant.id, input.classId, ctx.clock()],
  );
  if (!cls) throw new AppError('not_found', 'CLASS_NOT_FOUND', 'Class not found');
  const previous = await ctx.em.findOne(
    ViewingSession,
    { userId, classId: cls.id, status: { $ne: 'completed' } },
    { orderBy: { lastHeartbeatAt: 'desc' } },
  );
  const now = ctx.clock();
  const session = ctx.em.create(ViewingSession, {
    clientId: ctx.tenant.id,
    userId,
    classId: cls.id,
    deviceType: input.deviceType,
    totalDurationSeconds: cls.duration_seconds,
    startedAt: now,
    lastHeartbeatAt: now,
  });
  await ctx.em.flush();
  return { ...presentSession(session), resumeFromSeconds: previous?.positionSeconds ?? 0 };
}

/**
 * The one heartbeat path, for `POST /sessions/:id/progress` and the socket's `session:heartbeat` alike: the
 * heartbeat joins the node's next batch and this resolves once that batch has committed.
 */
export function recordHeartbeat(
  ctx: Ctx,
  writer: HeartbeatWriter,
  sessionId: number,
  beat: Heartbeat,
): Promise<ReturnType<typeof presentProgress>> {
  const { userId } = requireUser(ctx);
  // Not async: one promise fewer per heartbeat on the hottest path (both callers await it inside their try).
  return writer
    .submit({ clientId: ctx.tenant.id, tenantSlug: ctx.tenant.slug, userId, sessionId }, beat)
    .then(presentProgress);
}

/** Manual completion; idempotent. Only the caller whose conditional UPDATE matched publishes `session:completed`. */
export async function completeSession(ctx: Ctx, sessionId: number) {
  const { userId } = requireUser(ctx);
  const owned = await ctx.em.findOne(ViewingSession, { id: sessionId, userId });
  if (!owned) throw sessionNotFound();
  const [done] = await completeSessions(ctx.em, [{ clientId: ctx.tenant.id, sessionId, userId }], ctx.clock());
  await ctx.em.refresh(owned);
  if (done) ctx.events.push(completedEvent(done, 'manual'));
  return presentSession(owned);
}

export async function getSession(ctx: Ctx, sessionId: number) {
  const { userId } = requireUser(ctx);
  const s = await ctx.em.findOne(ViewingSession, { id: sessionId, userId });
  if (!s) throw sessionNotFound();
  return presentSession(s);
}
