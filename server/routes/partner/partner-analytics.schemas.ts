import { z } from 'zod';

const DAY_MS = 86_400_000;
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'must be a real date',
  );

/** Local dates of the partner (inclusive); defaults: the last 30 days ending today. */
export const analyticsQuery = z
  .object({
    from: localDate.optional(),
    to: localDate.optional(),
    granularity: z.enum(['hour', 'day', 'week', 'month']).default('day'),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    const span = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS;
    if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (span > 366) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range is at most 366 days' });
    if (q.granularity === 'hour' && span > 2)
      ctx.addIssue({ code: 'custom', path: ['granularity'], message: 'hour is for ranges of at most 3 days' });
  });

export const dashboardQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

export const dashboardSchema = z.object({
  totalMembers: z.number(),
  activeMembers: z.number(),
  totalWatchTimeMinutes: z.number(),
  totalClassesWatched: z.number(),
  trends: z.object({ membersChange: z.number(), watchTimeChange: z.number() }),
  periodDays: z.number(),
});

export const analyticsSchema = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  granularity: z.string(),
  series: z.array(
    z.object({ period: z.string(), watchMinutes: z.number(), liveMinutes: z.number(), activeMembers: z.number() }),
  ),
  totals: z.object({
    activeMembers: z.number(),
    watchMinutes: z.number(),
    liveMinutes: z.number(),
    voiceMinutes: z.number(),
    sessionsStarted: z.number(),
    sessionsCompleted: z.number(),
  }),
  completionRate: z.number(),
  popularContent: z.array(
    z.object({ classId: z.number(), name: z.string(), watchMinutes: z.number(), viewers: z.number() }),
  ),
});
