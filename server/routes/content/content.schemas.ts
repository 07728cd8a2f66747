import { z } from 'zod';
import { pageQuery, paginationSchema } from '../../../domain/shared/pagination.ts';
import { INTENSITIES, LIVE_STATUSES } from '../../../domain/content/class.entity.ts';
import { CLASS_SORTS } from '../../../domain/content/browse-classes.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const minutes = z.coerce.number().int().min(0).max(1440);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const classParams = z.object({ id });
export const videoParams = z.object({ classId: id });

export const classListQuery = pageQuery
  .extend({
    category: z.string().trim().min(1).max(80).optional().describe('category name (or slug), any case'),
    trainer: id.optional().describe('trainer id'),
    intensity: z.enum(INTENSITIES).optional(),
    minDuration: minutes.optional().describe('minutes, inclusive'),
    maxDuration: minutes.optional().describe('minutes, inclusive'),
    isLive: flag.optional(),
    sort: z.enum(CLASS_SORTS).default('newest'),
  })
  .refine((q) => q.minDuration === undefined || q.maxDuration === undefined || q.minDuration <= q.maxDuration, {
    message: 'minDuration must not exceed maxDuration',
    path: ['minDuration'],
  });

export const searchQuery = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const iso = z.string().nullable();
export const classSummary = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  thumbnailUrl: z.string().nullable(),
  duration: z.number().describe('whole minutes'),
  durationSeconds: z.number(),
  intensity: z.enum(INTENSITIES),
  isPremium: z.boolean(),
  isFeatured: z.boolean(),
  isLive: z.boolean(),
  publishedAt: iso,
  trainer: z.object({ id: z.number(), name: z.string(), image: z.string().nullable() }).nullable(),
  category: z.object({ id: z.number(), name: z.string() }).nullable(),
  live: z
    .object({ scheduledAt: iso, status: z.enum(LIVE_STATUSES).nullable(), capacity: z.number().nullable() })
    .nullable(),
});

export const clientCategory = z.object({
  id: z.number(),
  name: z.string(),
  slug: z.string(),
  image: z.string().nullable(),
  classCount: z.number(),
});

const pagination = paginationSchema;
export const classPage = z.object({ items: z.array(classSummary), pagination });
export const classDetail = classSummary.extend({ relatedClasses: z.array(classSummary) });
export const searchResult = z.object({
  query: z.string(),
  items: z.array(classSummary.extend({ match: z.enum(['text', 'similar']) })),
});
export const discoverResponse = z.object({
  featured: z.array(classSummary),
  continueWatching: z.array(
    classSummary.extend({
      sessionId: z.number(),
      progressSeconds: z.number(),
      positionSeconds: z.number().describe('resume here'),
      progressPercent: z.number(),
      lastWatchedAt: z.string(),
    }),
  ),
  upcomingLive: z.array(classSummary),
  categories: z.array(clientCategory),
  newThisWeek: z.array(classSummary),
});
export const playbackResponse = z.object({
  classId: z.number(),
  url: z.string(),
  provider: z.string(),
  expiresAt: z.string(),
  expiresIn: z.number(),
});
