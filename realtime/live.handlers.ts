import type { Services } from '../server/services.ts';
import type { Ctx } from '../domain/shared/context.ts';
import { requireFeature } from '../domain/shared/context.ts';
import { AppError } from '../domain/shared/errors.ts';
import { buildContext, runUseCase } from '../domain/shared/use-case.ts';
import { loadAttendableClass } from '../domain/live/live-classes.ts';
import {
  presenceOf,
  socketJoined,
  socketLeft,
  takePresenceChanges,
  type PresenceMode,
} from '../domain/live/live-presence.ts';
import { liveDeltaRoom, PRESENCE_MIN_INTERVAL_MS } from '../domain/live/presence-broadcaster.ts';
import { clientEventSchemas, room, type GatewaySocket } from './events.ts';
import { on } from './on-event.ts';
import { stageTimer } from '../server/stage-timings.ts';

/**
 * `live:join` / `live:leave`: socket presence in a live class of the socket's tenant. Joining puts the socket in
 * `live:<classId>` (only after the class was found in this tenant, so another tenant's id never opens a room);
 * a disconnect leaves every class the socket joined. Broadcasts are coalesced by the presence broadcaster.
 * `presence: 'delta'` also puts it in `live:<classId>:delta`: it gets `live:presence:delta` instead of the whole
 * list. The ack is the snapshot (with its version) in both modes; sending `live:join` again answers a fresh one
 * (what a client does on a gap) and keeps the mode of the first join.
 */
export function registerLiveHandlers(socket: GatewaySocket, services: Services): void {
  const joined = new Map<number, PresenceMode>();
  const contextOf = (): Ctx & { userId: number } => {
    const { tenant, identity } = socket.data;
    if (identity.kind !== 'user') throw new AppError('forbidden', 'FORBIDDEN', 'Only a user socket joins live classes');
    const ctx = buildContext(services.orm.em, {
      tenant,
      actor: { kind: 'user', userId: identity.userId, role: identity.role },
    });
    requireFeature(ctx, 'live_classes');
    return Object.assign(ctx, { userId: identity.userId });
  };
  const changed = (ctx: Ctx, classId: number) => services.presence.changed(ctx.tenant, classId);

  on(
    socket,
    'live:join',
    clientEventSchemas['live:join'],
    async ({ classId, presence }) => {
      const t = stageTimer('live:join');
      const ctx = contextOf();
      // From here to its commit, a broadcast of this class whose slot opens waits (briefly) for this join.
      const over = joined.has(classId) ? () => undefined : services.presence.coming(ctx.tenant, classId);
      try {
        const cls = await loadAttendableClass(ctx, classId);
        t.mark('class');
        if (cls.status === 'ended') throw new AppError('conflict', 'LIVE_CLASS_ENDED', 'This live class has ended');
        if (!joined.has(classId)) {
          // In a quiet room the join takes the broadcast slot in its own transaction (the counter row is locked by
          // its change already) and the delta goes out right after the commit: no claim, no read of its own.
          const idle = services.presence.idle(ctx.tenant, classId);
          const took = await runUseCase(ctx, services.publisher, async (tx) => {
            await socketJoined(tx, classId, ctx.userId, presence);
            return idle ? takePresenceChanges(tx, classId, PRESENCE_MIN_INTERVAL_MS) : null;
          });
          t.mark('commit');
          joined.set(classId, presence);
          // In the rooms before the delta is sent and the snapshot below is read: no change can pass this socket by.
          await socket.join(presence === 'delta' ? [room.live(classId), liveDeltaRoom(classId)] : room.live(classId));
          t.mark('rooms');
          if (!took) changed(ctx, classId);
          else services.presence.taken(ctx.tenant, classId, 'heldMs' in took ? took : { value: took });
          t.mark('publish');
        }
      } finally {
        over();
      }
      // The joiner's snapshot (500 entries in a big room) is built after the others were told.
      const snapshot = await presenceOf(ctx, classId);
      t.mark('snapshot');
      t.done();
      return snapshot;
    },
    services.logger,
  );

  on(
    socket,
    'live:leave',
    clientEventSchemas['live:leave'],
    async ({ classId }) => {
      const ctx = contextOf();
      const mode = joined.get(classId);
      if (mode && joined.delete(classId)) {
        await runUseCase(ctx, services.publisher, (tx) => socketLeft(tx, classId, ctx.userId, mode));
        await socket.leave(room.live(classId));
        await socket.leave(liveDeltaRoom(classId));
        changed(ctx, classId);
      }
      return { classId, left: true };
    },
    services.logger,
  );

  socket.on('disconnect', () => {
    if (!joined.size) return;
    const ctx = contextOf();
    for (const [classId, mode] of joined) {
      runUseCase(ctx, services.publisher, (tx) => socketLeft(tx, classId, ctx.userId, mode))
        .then(() => changed(ctx, classId))
        .catch((err: unknown) =>
          services.logger.warn({ err, classId }, 'live presence: could not record a disconnect'),
        );
    }
    joined.clear();
  });
}
