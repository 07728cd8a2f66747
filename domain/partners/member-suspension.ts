import type { Ctx } from '../shared/context.ts';
import { notFound } from '../shared/errors.ts';
import { revokeAccountTokens, type RevokeDeps } from '../auth/revoke-access.ts';
import { partnerCaller } from './partner-access.ts';

/**
 * A partner owner suspends or restores the access of a member: a user of this client who redeemed one of
 * this partner's vouchers (anyone else, another partner's member included, is not found). One atomic UPDATE
 * decides; nothing is deleted. Suspending revokes every access token of the user at once on every node (the
 * app gets 403 ACCOUNT_SUSPENDED, its sockets close) and sign-in and refresh are refused while it lasts;
 * restoring lets the same refresh token work again.
 */
export async function setMemberSuspended(ctx: Ctx, deps: RevokeDeps, userId: number, suspend: boolean) {
  const { partnerId } = await partnerCaller(ctx, 'write');
  const rows: Array<{ id: number; suspended_at: Date | null }> = await ctx.em.execute(
    `update users u set suspended_at = ${suspend ? 'coalesce(u.suspended_at, now())' : 'null'}
     where u.client_id = ? and u.id = ?
       and exists (select 1 from vouchers v where v.client_id = u.client_id and v.redeemed_by_user_id = u.id and v.partner_id = ?)
     returning u.id, u.suspended_at`,
    [ctx.tenant.id, userId, partnerId],
  );
  const row = rows[0];
  if (!row) throw notFound('Member');
  // A restore also writes an entry, so tokens from before the suspension now answer TOKEN_REVOKED, not suspended.
  await revokeAccountTokens(deps, `user:${row.id}`, suspend ? 'suspended' : 'revoked');
  return {
    id: row.id,
    suspended: row.suspended_at !== null,
    suspendedAt: row.suspended_at ? new Date(row.suspended_at).toISOString() : null,
  };
}
