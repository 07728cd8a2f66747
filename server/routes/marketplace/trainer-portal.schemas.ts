import { z } from 'zod';
import { pageQuery } from '../../../domain/shared/pagination.ts';
import { availabilityException, availabilityRules } from '../../../domain/marketplace/bookings/availability.schemas.ts';
import { dbId, lineText, typedText } from './marketplace.schemas.ts';

/** Inputs and views of the trainer portal (/trainer/...). */

export const profilePatch = z.object({
  name: lineText(120).pipe(z.string().min(1)).optional(),
  bio: typedText(4000).optional(),
  imageUrl: z.url().max(2000).nullable().optional(),
  specialisations: z
    .array(lineText(60).pipe(z.string().min(1)))
    .max(20)
    .optional(),
  isActive: z.boolean().optional(),
});

export const profileView = z.object({
  id: z.number(),
  name: z.string(),
  bio: z.string(),
  image: z.string().nullable(),
  specialisations: z.array(z.string()),
  isActive: z.boolean(),
});

export const availabilityBody = availabilityRules;
export const exceptionBody = availabilityException;
export const exceptionParams = z.object({ index: z.coerce.number().int().min(0).max(999) });

export const rulesView = z.object({
  timeZone: z.string(),
  weekly: z.record(z.string(), z.array(z.object({ start: z.string(), end: z.string() }))),
  exceptions: z.array(z.record(z.string(), z.unknown())),
  bufferBeforeMinutes: z.number(),
  bufferAfterMinutes: z.number(),
  minimumNoticeMinutes: z.number(),
  bookingWindowDays: z.number(),
  slotStepMinutes: z.number(),
});

export const groupClassBody = z.object({
  name: lineText(120).pipe(z.string().min(1)),
  description: typedText(4000).optional(),
  startsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  duration: z.number().int().min(5).max(480),
  capacity: z.number().int().min(1).max(1000),
});

export const clientParams = z.object({ userId: dbId });
export const clientsQuery = pageQuery;

export const clientView = z.object({
  id: z.number(),
  name: z.string().nullable(),
  email: z.string(),
  sessions: z.number(),
  completedSessions: z.number(),
  upcomingSessions: z.number(),
  groupClasses: z.number(),
  lastSeenAt: z.string().nullable(),
});
