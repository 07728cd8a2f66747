import { z } from 'zod';

export const liveClassParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const presenceSchema = z.object({
  classId: z.number(),
  count: z.number(),
  participants: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      joinedAt: z.string().nullable(),
      socket: z.boolean(),
      media: z.boolean(),
    }),
  ),
});

export const startedSchema = z.object({
  classId: z.number(),
  status: z.literal('live'),
  room: z.string(),
  token: z.string(),
  wsUrl: z.string(),
  expiresAt: z.string(),
});
export const endedSchema = z.object({ classId: z.number(), status: z.literal('ended'), attendees: z.number() });
export const joinSchema = z.object({
  classId: z.number(),
  room: z.string(),
  identity: z.string(),
  token: z.string(),
  wsUrl: z.string(),
  expiresAt: z.string(),
});
export const leaveSchema = z.object({ classId: z.number(), left: z.boolean() });
export const webhookAnswerSchema = z.object({
  received: z.literal(true),
  applied: z.boolean(),
  reason: z.string().optional(),
});
