import { z } from 'zod';

/** Two days: longer than any class, small enough for the integer columns. */
const MAX_SECONDS = 172_800;

/** One heartbeat's fields, the same for `POST /sessions/:id/progress` and the socket's `session:heartbeat`. */
export const heartbeatFields = {
  progressSeconds: z.number().min(0).max(MAX_SECONDS),
  totalDurationSeconds: z.number().positive().max(MAX_SECONDS),
  /** Increasing per session on the app's side; orders late and batched heartbeats. */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
};

export const sessionIdField = z.number().int().positive().max(2_147_483_647);

export const socketHeartbeatSchema = z.strictObject({ sessionId: sessionIdField, ...heartbeatFields });

export type SocketHeartbeat = z.output<typeof socketHeartbeatSchema>;

/**
 * The socket heartbeat's fast path (thousands a second): true only for a plain object with exactly the schema's
 * keys, each a number the schema accepts, i.e. a payload `socketHeartbeatSchema` accepts unchanged. Everything
 * else (a missing or unknown key, a string, a bound crossed) answers false and goes through the schema, so the
 * refusals and their messages are zod's. test/sessions-heartbeats.test.ts checks the two agree.
 */
export function isSocketHeartbeat(p: unknown): p is SocketHeartbeat {
  if (typeof p !== 'object' || p === null || Object.getPrototypeOf(p) !== Object.prototype) return false;
  let keys = 0;
  for (const key in p) {
    if (key !== 'sessionId' && key !== 'progressSeconds' && key !== 'totalDurationSeconds' && key !== 'seq')
      return false;
    keys++;
  }
  const { sessionId, progressSeconds, totalDurationSeconds, seq } = p as Record<string, unknown>;
  return (
    typeof sessionId === 'number' &&
    Number.isInteger(sessionId) &&
    sessionId > 0 &&
    sessionId <= 2_147_483_647 &&
    typeof progressSeconds === 'number' &&
    progressSeconds >= 0 &&
    progressSeconds <= MAX_SECONDS &&
    typeof totalDurationSeconds === 'number' &&
    totalDurationSeconds > 0 &&
    totalDurationSeconds <= MAX_SECONDS &&
    (keys === 3 ? seq === undefined : keys === 4 && typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0)
  );
}
