import { z, type ZodType } from 'zod';
import cron from 'node-cron';
import type { Ctx } from '../domain/shared/context.ts';

/**
 * A cron job. The scheduler runs it once per tick on one node, then fans out: `runForTenant` is
 * called for every client with a tenant-scoped context inside its own transaction.
 */
export interface JobDefinition<P = unknown> {
  name: string;
  /** A node-cron expression (5 or 6 fields). */
  schedule: string;
  /** The tick's payload, validated before the fan-out; jobs without input take `{}`. */
  payload: ZodType<P>;
  runForTenant(ctx: Ctx, payload: P): Promise<Record<string, unknown> | void>;
}

const definitionSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]{1,60}$/, 'must be kebab-case'),
  schedule: z.string().refine((s) => cron.validate(s), 'must be a valid cron expression'),
  payload: z.custom<ZodType>((v) => v instanceof z.ZodType, 'must be a zod schema'),
  runForTenant: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'must be a function'),
});

/** Declares a job; a malformed definition fails at import time, not at 3 a.m. on the first tick. */
export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  const parsed = definitionSchema.safeParse(def);
  if (!parsed.success)
    throw new Error(
      `Invalid job definition "${def.name}": ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  return def;
}

/** Ticks are identified to the second: every node computes the same tick for the same cron slot. */
export function tickOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
