import { z } from 'zod';
import { heartbeatFields } from '../../../domain/viewing/heartbeat.schemas.ts';

export const sessionParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const startSessionBody = z.strictObject({
  classId: z.number().int().positive().max(2_147_483_647),
  /** ios, android, web, tv, ... (lower-cased; anything outside [a-z0-9_-] becomes `_`). */
  deviceType: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .transform((d) => d.toLowerCase().replace(/[^a-z0-9_-]/g, '_')),
});

export const progressBody = z.strictObject(heartbeatFields);

const status = z.enum(['active', 'completed', 'abandoned']);

export const sessionSchema = z.object({
  id: z.number(),
  classId: z.number().nullable(),
  deviceType: z.string(),
  status,
  progressSeconds: z.number(),
  totalDurationSeconds: z.number(),
  progressPercent: z.number(),
  positionSeconds: z.number(),
  watchedSeconds: z.number(),
  startedAt: z.string(),
  lastHeartbeatAt: z.string(),
  completedAt: z.string().nullable(),
});

export const startedSessionSchema = sessionSchema.extend({ resumeFromSeconds: z.number() });

export const progressSchema = z.object({
  sessionId: z.number(),
  classId: z.number().nullable(),
  status,
  progressSeconds: z.number(),
  totalDurationSeconds: z.number(),
  progressPercent: z.number(),
  watchedSeconds: z.number(),
  completed: z.boolean(),
});
