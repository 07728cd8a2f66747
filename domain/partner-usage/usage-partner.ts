import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';

export interface UsagePartner {
  partnerId: number;
  /** IANA time zone the partner's days and months are counted in. */
  timeZone: string;
}

/** A time zone both Intl and PostgreSQL know (both use the IANA database); 'UTC' always. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length <= 64;
  } catch {
    return false;
  }
}

/** The partner of the signed-in staff member, with its time zone (else the client's, else UTC). */
export async function usagePartnerOf(ctx: Ctx): Promise<UsagePartner> {
  if (ctx.actor.kind !== 'partner_staff')
    throw new AppError('unauthenticated', 'INVALID_TOKEN', 'A partner token is required');
  const [row]: Array<{ tz: string | null }> = await ctx.em.execute(
    `select coalesce(p.time_zone, c.settings->>'timezone', 'UTC') as tz from partners p join clients c on c.id = p.client_id where p.client_id = ? and p.id = ?`,
    [ctx.tenant.id, ctx.actor.partnerId],
  );
  if (!row) throw notFound('Partner');
  return { partnerId: ctx.actor.partnerId, timeZone: row.tz && isTimeZone(row.tz) ? row.tz : 'UTC' };
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
