import type { Logger } from '../server/logger.ts';
import { clientEventSchemas, type GatewaySocket } from './events.ts';
import { on } from './on-event.ts';

/**
 * `presence:ping`: proves the socket path end to end (auth, validation, rate limit, ack) and tells the app
 * which rooms the server put it in. The other areas (sessions, live classes, agent tools) register theirs alike.
 */
export function registerPresenceHandlers(socket: GatewaySocket, logger: Logger): void {
  on(
    socket,
    'presence:ping',
    clientEventSchemas['presence:ping'],
    async () => ({
      at: new Date().toISOString(),
      rooms: [...socket.rooms].filter((r) => r !== socket.id).sort(),
    }),
    logger,
  );
}
