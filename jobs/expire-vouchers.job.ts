import { z } from 'zod';
import { defineJob } from './job.ts';

/**
 * Marks active vouchers past `expires_at` as expired, in one set-based UPDATE per tenant. The tick's
 * time is the reference, so a replayed tick decides the same way. Partners hear how many of theirs expired.
 */
export const expireVouchersJob = defineJob({
  name: 'expire-vouchers',
  schedule: '*/5 * * * *',
  payload: z.object({}),
  async runForTenant(ctx) {
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
  },
});
