import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { User, type IUser } from '../identity/user.entity.ts';
import { PartnerStaff, type IPartnerStaff } from '../identity/partner.entity.ts';
import { signAccessToken, type AccessClaims, type TokenSettings } from './tokens.ts';
import { findRefreshToken, issueRefreshToken, rotateRefreshToken, type TokenSubject } from './refresh-tokens.ts';
import { suspendedAccount } from './revocations.ts';
import type { RevokeDeps } from './revoke-access.ts';

/** What every sign-in answers with: a short-lived JWT and a long-lived, rotating refresh token. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

function claimsOfUser(user: IUser): AccessClaims {
  return { typ: 'user', sub: user.id, cid: user.clientId, role: user.role };
}

function claimsOfStaff(staff: IPartnerStaff): AccessClaims {
  return { typ: 'partner', sub: staff.id, cid: staff.clientId, pid: staff.partnerId };
}

/** A new session (a new refresh family) for a user; `em` may be inside the registration transaction. */
export async function startUserSession(em: EntityManager, settings: TokenSettings, user: IUser): Promise<Session> {
  const { token, familyId } = await issueRefreshToken(em, settings, {
    clientId: user.clientId,
    subject: { kind: 'user', userId: user.id },
  });
  const accessToken = await signAccessToken(settings, { ...claimsOfUser(user), sid: familyId });
  return { accessToken, refreshToken: token, expiresIn: settings.accessTtlSeconds };
}

export async function startStaffSession(
  em: EntityManager,
  settings: TokenSettings,
  staff: IPartnerStaff,
): Promise<Session> {
  const subject: TokenSubject = { kind: 'partner_staff', staffId: staff.id };
  const { token, familyId } = await issueRefreshToken(em, settings, { clientId: staff.clientId, subject });
  const accessToken = await signAccessToken(settings, { ...claimsOfStaff(staff), sid: familyId });
  return { accessToken, refreshToken: token, expiresIn: settings.accessTtlSeconds };
}

/**
 * A suspended member's refresh is refused before rotation, so the token they hold still works once the
 * partner restores them (rotating first would burn it, and presenting it again would look like reuse).
 */
async function refuseSuspended(em: EntityManager, presented: string): Promise<void> {
  const row = await findRefreshToken(em, presented);
  if (row?.userId == null) return;
  const user = await em.findOne(User, { id: row.userId }, { fields: ['id', 'suspendedAt'] });
  if (user?.suspendedAt) throw suspendedAccount();
}

/**
 * Rotates a refresh token and signs a fresh access token from the account as it is now (a role
 * change takes effect at the next refresh). `em` is tenant-scoped under a client key, so another
 * client's token is simply not found; under the universal key it is unscoped.
 */
export async function refreshSession(
  em: EntityManager,
  settings: TokenSettings,
  presented: string,
  kind: TokenSubject['kind'],
  revoke?: RevokeDeps,
): Promise<Session> {
  if (kind === 'user') await refuseSuspended(em, presented);
  const { subject, refreshToken, familyId } = await rotateRefreshToken(em, settings, presented, kind, revoke);
  const claims =
    subject.kind === 'user'
      ? await em.findOne(User, { id: subject.userId }).then((u) => u && claimsOfUser(u))
      : await em.findOne(PartnerStaff, { id: subject.staffId, deactivatedAt: null }).then((s) => s && claimsOfStaff(s));
  if (!claims)
    throw new AppError('unauthenticated', 'INVALID_REFRESH_TOKEN', 'The account of this token no longer exists');
  return {
    accessToken: await signAccessToken(settings, { ...claims, sid: familyId }),
    refreshToken,
    expiresIn: settings.accessTtlSeconds,
  };
}
