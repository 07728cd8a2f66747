import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { findRefreshToken, revokeAllOfUser, revokeFamily } from './refresh-tokens.ts';

/**
 * Ends the caller's sessions: with a refresh token, that token's family (one device); without, every
 * family of the user (all devices). Access tokens already issued live out their short lifetime.
 */
export async function signOut(ctx: Ctx, refreshToken: string | undefined): Promise<{ scope: 'session' | 'all' }> {
  if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated', 'UNAUTHORIZED', 'A user token is required');
  if (refreshToken === undefined) {
    await revokeAllOfUser(ctx.em, ctx.tenant.id, ctx.actor.userId);
    return { scope: 'all' };
  }
  // ctx.em is tenant-scoped; the user check keeps one user from signing another out.
  const row = await findRefreshToken(ctx.em, refreshToken);
  if (!row || row.userId !== ctx.actor.userId) {
    throw new AppError('unauthenticated', 'INVALID_REFRESH_TOKEN', 'This refresh token does not belong to the signed-in user');
  }
  await revokeFamily(ctx.em, row.familyId);
  return { scope: 'session' };
}
