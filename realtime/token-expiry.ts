import type { GatewaySocket } from './events.ts';

/** setTimeout's ceiling (~24.8 days); longer waits are taken in steps. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * A socket lives no longer than the access token it was opened with. At expiry the app gets
 * `auth:expired { code: 'TOKEN_EXPIRED' }`, then a server disconnect (reason "io server disconnect", so the
 * client does not retry with the stale token): it refreshes its token and connects again.
 * Returns a function that stops watching (on disconnect).
 */
export function watchTokenExpiry(socket: GatewaySocket): () => void {
  const expiresAt = socket.data.expiresAt;
  if (expiresAt === null) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = expiresAt * 1000 - Date.now();
    if (left > 0) {
      timer = setTimeout(check, Math.min(left, MAX_DELAY));
      timer.unref();
      return;
    }
    socket.emit('auth:expired', { code: 'TOKEN_EXPIRED', error: 'Access token expired: refresh it and reconnect' });
    socket.disconnect();
  };
  check();
  return () => clearTimeout(timer);
}
