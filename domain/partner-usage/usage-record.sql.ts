/**
 * SQL fragments of the usage record. PARTNER_OF_MEMBER is part of the heartbeat batch statement
 * (domain/viewing/heartbeat-store.ts) and reads its CTE `u`: the sessions the batch updated.
 */

/** Quarter-hour bucket of an instant (see migration 0065: exact days in every time zone). */
export const bucketOf = (expr: string) => `date_bin('15 minutes', ${expr}, timestamptz '2000-01-01 00:00:00+00')`;

/**
 * The partner a member joined through (their first redeemed partner voucher) and the partner's time zone
 * (else the client's, else UTC): an index lookup per updated session, in the same statement.
 */
export const PARTNER_OF_MEMBER = `
  left join lateral (
    select vch.partner_id, coalesce(p.time_zone, c.settings->>'timezone', 'UTC') as partner_time_zone
    from vouchers vch
    join partners p on p.client_id = vch.client_id and p.id = vch.partner_id
    join clients c on c.id = vch.client_id
    where vch.client_id = u.client_id and vch.redeemed_by_user_id = u.user_id and vch.status = 'redeemed'
    order by vch.redeemed_at, vch.id limit 1) m on true`;

/**
 * The members of one partner (params: client id, partner id): users who redeemed its vouchers, each counted for
 * the partner of their first redeemed partner voucher only, with when and how they joined.
 */
export const PARTNER_MEMBERS = `
  select v.redeemed_by_user_id as user_id, v.redeemed_at as joined_at, v.id as voucher_id, v.code as voucher_code
  from vouchers v
  where v.client_id = ? and v.partner_id = ? and v.status = 'redeemed' and v.redeemed_by_user_id is not null
    and not exists (
      select 1 from vouchers e
      where e.client_id = v.client_id and e.redeemed_by_user_id = v.redeemed_by_user_id and e.status = 'redeemed'
        and e.partner_id is not null and (e.redeemed_at, e.id) < (v.redeemed_at, v.id))`;
