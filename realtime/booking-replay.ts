import { z } from 'zod';
import { missedEvents } from '../domain/marketplace/bookings/booking-feed.ts';
import { buildContext } from '../domain/shared/use-case.ts';
import type { Logger } from '../server/logger.ts';
import type { Services } from '../server/services.ts';
import type { GatewaySocket } from './events.ts';

const lastEventId = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const REPLAY_PAGE = 500;

/**
 * A user socket that connects with `auth.lastEventId` gets the stored booking events it missed, oldest
 * first, as the same events live delivery uses. The socket joined its rooms before this runs, so an event
 * committed during the replay arrives live as well: delivery is at least once, and apps dedupe by `eventId`.
 */
export function replayMissedEvents(socket: GatewaySocket, services: Services, logger: Logger): void {
  const identity = socket.data.identity;
  const raw = (socket.handshake.auth as Record<string, unknown> | undefined)?.['lastEventId'];
  if (identity.kind !== 'user' || raw === undefined || raw === null) return;
  const parsed = lastEventId.safeParse(raw);
  if (!parsed.success) return;
  const ctx = buildContext(services.orm.em, {
    tenant: socket.data.tenant,
    actor: { kind: 'user', userId: identity.userId, role: identity.role },
  });
  void (async () => {
    let since = parsed.data;
    for (;;) {
      const { items, hasMore } = await missedEvents(ctx, identity.userId, since, REPLAY_PAGE);
      if (!socket.connected) return;
      // Domain events are not in the typed map, as in the gateway's emitToRooms.
      for (const e of items) (socket as unknown as { emit(ev: string, p: unknown): void }).emit(e.event, e.payload);
      if (!hasMore || !items.length) return;
      since = items[items.length - 1]?.id ?? since;
    }
  })().catch((err: unknown) => logger.error({ err }, 'booking feed replay failed'));
}
