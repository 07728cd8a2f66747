import type { Ctx } from './context.ts';

/** How long a booking's Idempotency-Key replays its first answer: a client retrying after a day is a new request. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

/** Deletes this tenant's stored answers older than the retention window, as of the context's clock. */
export async function purgeIdempotencyKeys(ctx: Ctx): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - IDEMPOTENCY_RETENTION_HOURS * 3_600_000);
  const rows = await ctx.em.execute<{ n: number }[]>(
    `with gone as (delete from booking_idempotency where client_id = ? and created_at < ? returning 1) select count(*)::int as n from gone`,
    [ctx.tenant.id, cutoff],
  );
  return rows[0]?.n ?? 0;
}
