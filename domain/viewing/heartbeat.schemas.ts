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
