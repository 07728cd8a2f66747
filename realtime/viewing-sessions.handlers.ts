import type { Services } from '../server/services.ts';
import { buildContext } from '../domain/shared/use-case.ts';
import { AppError } from '../domain/shared/errors.ts';
import { requireFeature } from '../domain/shared/context.ts';
import { recordHeartbeat } from '../domain/viewing/viewing-sessions.ts';
import { clientEventSchemas, type GatewaySocket } from './events.ts';
import { on } from './on-event.ts';

/**
 * `session:heartbeat`: the same domain call as `POST /sessions/:id/progress`. The ack comes once the heartbeat's
 * batch has committed (see realtime/README.md, "Heartbeats"), so `{ ok: true }` means the progress is stored.
 */
export function registerSessionHandlers(socket: GatewaySocket, services: Services): void {
  on(
    socket,
    'session:heartbeat',
    clientEventSchemas['session:heartbeat'],
    async ({ sessionId, ...beat }) => {
      const { tenant, identity } = socket.data;
      if (identity.kind !== 'user') throw new AppError('forbidden', 'FORBIDDEN', 'Only a user socket sends heartbeats');
      // The heartbeat path does not read through the ORM; the context forks its scope only if something asks for it.
      const ctx = buildContext(services.orm.em, {
        tenant,
        actor: { kind: 'user', userId: identity.userId, role: identity.role },
      });
      requireFeature(ctx, 'classes');
      return recordHeartbeat(ctx, services.heartbeats, sessionId, beat);
    },
    services.logger,
  );
}
