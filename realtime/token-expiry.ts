import type { GatewaySocket } from './events.ts';

/** setTimeout's ceiling (~24.8 days); longer waits are taken in steps. */
const MAX_DELAY = 2 ** 31 - 1;

function expire(socket: GatewaySocket): void {
  socket.emit('auth:expired', { code: 'TOKEN_EXPIRED', error: 'Access token expired: refresh it and reconnect' });
  socket.disconnect();
}

/**
 * A socket lives no longer than the access token it was opened with. At expiry the app gets
 * `auth:expired { code: 'TOKEN_EXPIRED' }`, then a server disconnect (reason "io server disconnect", so the
 * client does not retry with the stale token): it refreshes its token and connects again.
 *
 * One timer per node, not one per socket (a Timeout, its closure and the stop function cost ~0.4 KB a socket):
 * sockets wait in buckets by expiry second (a token's `exp` is whole seconds), and the one timer is set for the
 * earliest bucket. A socket costs one Set entry.
 */
export function createTokenExpiry() {
  const buckets = new Map<number, Set<GatewaySocket>>();
  let timer: NodeJS.Timeout | undefined;
  /** The expiry second the timer is set for (Infinity: no timer). */
  let timerAt = Infinity;

  function arm(at: number): void {
    clearTimeout(timer);
    timerAt = at;
    timer = undefined;
    if (at === Infinity) return;
    timer = setTimeout(fire, Math.min(Math.max(0, at * 1000 - Date.now()), MAX_DELAY));
    timer.unref();
  }

  function fire(): void {
    const now = Date.now();
    let next = Infinity;
    for (const [at, sockets] of buckets) {
      if (at * 1000 > now) {
        next = Math.min(next, at);
        continue;
      }
      buckets.delete(at);
      for (const socket of sockets) expire(socket);
    }
    arm(next);
  }

  return {
    /** Ends the socket when its token expires (at once if it already has); agent sockets have no expiry. */
    watch(socket: GatewaySocket): void {
      const at = socket.data.expiresAt;
      if (at === null) return;
      if (at * 1000 <= Date.now()) return expire(socket);
      let sockets = buckets.get(at);
      if (!sockets) buckets.set(at, (sockets = new Set()));
      sockets.add(socket);
      if (at < timerAt) arm(at);
    },
    /** On disconnect. An emptied bucket is dropped; the timer may then fire once for nothing. */
    unwatch(socket: GatewaySocket): void {
      const at = socket.data.expiresAt;
      if (at === null) return;
      const sockets = buckets.get(at);
      if (sockets?.delete(socket) && sockets.size === 0) buckets.delete(at);
    },
    close(): void {
      arm(Infinity);
      buckets.clear();
    },
  };
}

export type TokenExpiry = ReturnType<typeof createTokenExpiry>;
