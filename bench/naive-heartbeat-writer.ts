import type { MikroORM } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { AppError } from '../domain/shared/errors.ts';
import type { Publisher } from '../domain/shared/events.ts';
import { tenantScope } from '../domain/shared/scope.ts';
import { applyMerged, mergeHeartbeats } from '../domain/viewing/heartbeat-merge.ts';
import { completedEvent, type HeartbeatWriter, type StoredSession } from '../domain/viewing/heartbeat-writer.ts';
import { ViewingSession } from '../domain/viewing/viewing-session.entity.ts';

/**
 * The baseline the benchmark compares against: what one would write first — one ORM transaction per heartbeat
 * (load the session with a row lock, apply the same rules, flush, commit). Same answers as the batched writer.
 */
export function createNaiveHeartbeatWriter(orm: MikroORM, publisher: Publisher): HeartbeatWriter {
  return {
    async submit(owner, beat) {
      const em = tenantScope(orm.em, owner.clientId);
      const stored = await em.transactional(async (tx) => {
        const s = await tx.findOne(
          ViewingSession,
          { id: owner.sessionId, userId: owner.userId },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (!s) throw new AppError('not_found', 'SESSION_NOT_FOUND', 'Viewing session not found');
        const wasCompleted = s.status === 'completed';
        const next = applyMerged(
          { ...s, lastSeq: Number(s.lastSeq), status: s.status === 'abandoned' ? 'active' : s.status },
          mergeHeartbeats([beat]),
        );
        Object.assign(s, next, { heartbeats: s.heartbeats + 1, lastHeartbeatAt: new Date() });
        if (!wasCompleted && next.status === 'completed') s.completedAt = new Date();
        await tx.flush();
        const out: StoredSession = {
          clientId: owner.clientId,
          sessionId: s.id,
          userId: s.userId,
          classId: s.classId ?? null,
          status: s.status,
          progressSeconds: s.progressSeconds,
          totalDurationSeconds: s.totalDurationSeconds,
          watchedSeconds: s.watchedSeconds,
          completedAt: s.completedAt ?? null,
          completedNow: !wasCompleted && next.status === 'completed',
        };
        return out;
      });
      if (stored.completedNow) publisher.publish(owner.tenantSlug, [completedEvent(stored, 'heartbeat')]);
      return stored;
    },
    async flush() {},
    async close() {},
    pendingSessions: 0,
  };
}
