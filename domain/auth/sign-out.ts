import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { findRefreshToken, revokeAllOfStaff, revokeAllOfUser, revokeFamily } from './refresh-tokens.ts';
import { revokeAccountTokens, revokeSessionTokens, type RevokeDeps } from './revoke-access.ts';
import type { AccountRef } from './revocations.ts';

const notYours = () =>
  new AppError(
    'unauthenticated',
    'INVALID_REFRESH_TOKEN',
    'This refresh token does not belong to the signed-in account',
  );

/**
 * Ends the caller's sessions: with a refresh token, that token's family (one device) and the session of
 * the access token used; without, every family of the account (all devices). Either way the access tokens
 * concerned stop working at once on every node, and the sockets opened with them are closed.
 */
export async function signOut(
  ctx: Ctx,
  deps: RevokeDeps,
  input: { refreshToken: string | undefined; sid: string },
): Promise<{ scope: 'session' | 'all' }> {
  const actor = ctx.actor;
  if (actor.kind !== 'user' && actor.kind !== 'partner_staff')
    throw new AppError('unauthenticated', 'UNAUTHORIZED', 'A user or partner token is required');
  const account: AccountRef = actor.kind === 'user' ? `user:${actor.userId}` : `staff:${actor.staffId}`;
  if (input.refreshToken === undefined) {
    if (actor.kind === 'user') await revokeAllOfUser(ctx.em, ctx.tenant.id, actor.userId);
    else await revokeAllOfStaff(ctx.em, ctx.tenant.id, actor.staffId);
    await revokeAccountTokens(deps, account);
    return { scope: 'all' };
  }
  // ctx.em is tenant-scoped; the owner check keeps one account from signing another out.
  const row = await findRefreshToken(ctx.em, input.refreshToken);
  const owns = row && (actor.kind === 'user' ? row.userId === actor.userId : row.partnerStaffId === actor.staffId);
  if (!row || !owns) throw notYours();
  await revokeFamily(ctx.em, row.familyId);
  await revokeSessionTokens(deps, account, [row.familyId, input.sid]);
  return { scope: 'session' };
}
