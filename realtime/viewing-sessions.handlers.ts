import type { Services } from '../server/services.ts';
import { buildContext } from '../domain/shared/use-case.ts';
import type { Ctx } from '../domain/shared/context.ts';
import { AppError } from '../domain/shared/errors.ts';
import { requireFeature } from '../domain/shared/context.ts';
import { recordHeartbeat } from '../domain/viewing/viewing-sessions.ts';
import { isSocketHeartbeat } from '../domain/viewing/heartbeat.schemas.ts';
import { clientEventSchemas, type GatewaySocket } from './events.ts';
import { on } from './on-event.ts';

/**
 * `session:heartbeat`: the same domain call as `POST /sessions/:id/progress`. The ack comes once the heartbeat's
 * batch has committed (see realtime/README.md, "Heartbeats"), so `{ ok: true }` means the progress is stored.
 */
export function registerSessionHandlers(socket: GatewaySocket, services: Services): void {
  // A socket's tenant and user are fixed for its life, and the heartbeat path neither reads through the ORM nor
  // records events in the context (the writer publishes after its commit): one context per socket, built at its
  // first heartbeat (thousands a second arrive; a context each was a measurable share of their cost).
  let ctx: Ctx | undefined;
  on(
    socket,
    'session:heartbeat',
    clientEventSchemas['session:heartbeat'],
    (input) => {
      const { tenant, identity } = socket.data;
      if (identity.kind !== 'user') throw new AppError('forbidden', 'FORBIDDEN', 'Only a user socket sends heartbeats');
      ctx ??= buildContext(services.orm.em, {
        tenant,
        actor: { kind: 'user', userId: identity.userId, role: identity.role },
      });
      requireFeature(ctx, 'classes');
      return recordHeartbeat(ctx, services.heartbeats, input.sessionId, input);
    },
    services.logger,
    isSocketHeartbeat,
  );
}
