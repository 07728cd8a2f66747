import type { Ctx } from '../shared/context.ts';

/**
 * Marks the tenant's active vouchers past `expires_at` as expired, in one set-based UPDATE. The context's clock is the
 * reference, so a replayed job tick decides the same way. Partners hear how many of theirs expired.
 */
export async function expireVouchers(ctx: Ctx): Promise<{ expired: number }> {
  const rows: Array<{ partner_id: number | null; expired: string | number }> = await ctx.em.execute(
    `with expired as (
       update vouchers set status = 'expired'
       where client_id = ? and status = 'active' and expires_at is not null and expires_at <= ?::timestamptz
       returning partner_id)
     select partner_id, count(*) as expired from expired group by partner_id`,
    [ctx.tenant.id, ctx.clock()],
  );
  let total = 0;
  for (const row of rows) {
    const count = Number(row.expired);
    total += count;
    if (row.partner_id !== null) {
      ctx.events.push({ rooms: [`partner:${row.partner_id}`], event: 'vouchers:expired', payload: { count } });
    }
  }
  return { expired: total };
}
