import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { RefreshToken, type IRefreshToken } from './refresh-token.entity.ts';
import { newRefreshToken, sha256, type TokenSettings } from './tokens.ts';
import { revokeSessionTokens, type RevokeDeps } from './revoke-access.ts';

/** Who a refresh token stands for: an app user or a partner-staff account. */
export type TokenSubject = { kind: 'user'; userId: number } | { kind: 'partner_staff'; staffId: number };

const invalid = () => new AppError('unauthenticated', 'INVALID_REFRESH_TOKEN', 'Invalid or expired refresh token');
const reused = () =>
  new AppError(
    'unauthenticated',
    'REFRESH_TOKEN_REUSED',
    'This refresh token was already used; the session has been signed out',
  );

/**
 * Stores a new refresh token (a new family at login, the same family on rotation); returns the secret and
 * the family, which is also the `sid` of the access tokens of this sign-in.
 */
export async function issueRefreshToken(
  em: EntityManager,
  settings: TokenSettings,
  input: { clientId: number; subject: TokenSubject; familyId?: string; now?: Date },
): Promise<{ token: string; familyId: string }> {
  const { id, token, hash } = newRefreshToken();
  const now = input.now ?? new Date();
  const familyId = input.familyId ?? randomUUID();
  em.create(RefreshToken, {
    id,
    clientId: input.clientId,
    userId: input.subject.kind === 'user' ? input.subject.userId : null,
    partnerStaffId: input.subject.kind === 'partner_staff' ? input.subject.staffId : null,
    familyId,
    tokenHash: hash,
    expiresAt: new Date(now.getTime() + settings.refreshTtlSeconds * 1000),
  });
  await em.flush();
  return { token, familyId };
}

/** Finds a presented token by its hash. `em` decides the reach: tenant-scoped under a client key. */
export async function findRefreshToken(em: EntityManager, presented: string): Promise<IRefreshToken | null> {
  if (presented.length > 200) return null;
  return em.findOne(RefreshToken, { tokenHash: sha256(presented) });
}

function subjectOf(row: IRefreshToken): TokenSubject | null {
  if (row.userId != null) return { kind: 'user', userId: row.userId };
  if (row.partnerStaffId != null) return { kind: 'partner_staff', staffId: row.partnerStaffId };
  return null;
}

/**
 * Rotation with reuse detection. The winning rotation is one atomic UPDATE (`rotated_at is null`), so two
 * concurrent refreshes with the same token cannot both succeed; the loser is treated as a reuse, like
 * any replay of a rotated token: the whole family is revoked, the newest token included.
 */
export async function rotateRefreshToken(
  em: EntityManager,
  settings: TokenSettings,
  presented: string,
  kind: TokenSubject['kind'],
  revoke?: RevokeDeps,
): Promise<{ clientId: number; subject: TokenSubject; refreshToken: string; familyId: string }> {
  const row = await findRefreshToken(em, presented);
  const subject = row ? subjectOf(row) : null;
  if (!row || !subject || subject.kind !== kind) throw invalid();
  if (row.rotatedAt) {
    await revokeFamily(em, row.familyId);
    await revokeReusedSession(revoke, subject, row.familyId);
    throw reused();
  }
  if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw invalid();

  const refreshToken = await em.transactional(async (tx) => {
    const claimed: unknown[] = await tx.execute(
      `update refresh_tokens set rotated_at = now()
       where id = ? and rotated_at is null and revoked_at is null and expires_at > now() returning id`,
      [row.id],
    );
    if (claimed.length === 0) return null;
    return (
      await issueRefreshToken(tx as EntityManager, settings, {
        clientId: row.clientId,
        subject,
        familyId: row.familyId,
      })
    ).token;
  });
  if (refreshToken) return { clientId: row.clientId, subject, refreshToken, familyId: row.familyId };

  // Lost a race: another request rotated (reuse) or revoked (logout) this token a moment ago.
  const now: Array<{ rotated_at: Date | null }> = await em.execute(
    `select rotated_at from refresh_tokens where id = ?`,
    [row.id],
  );
  if (now[0]?.rotated_at) {
    await revokeFamily(em, row.familyId);
    await revokeReusedSession(revoke, subject, row.familyId);
    throw reused();
  }
  throw invalid();
}

/** A replayed refresh token also stops the access tokens of its sign-in (their `sid` is the family), on every node. */
async function revokeReusedSession(
  revoke: RevokeDeps | undefined,
  subject: TokenSubject,
  familyId: string,
): Promise<void> {
  if (!revoke) return;
  await revokeSessionTokens(revoke, subject.kind === 'user' ? `user:${subject.userId}` : `staff:${subject.staffId}`, [
    familyId,
  ]);
}

/** Revokes every token of a family, the rotated ones and the newest alike. */
export async function revokeFamily(em: EntityManager, familyId: string): Promise<void> {
  await em.execute(`update refresh_tokens set revoked_at = now() where family_id = ? and revoked_at is null`, [
    familyId,
  ]);
}

/** Signs a user out everywhere: every family of theirs in this client. */
export async function revokeAllOfUser(em: EntityManager, clientId: number, userId: number): Promise<number> {
  const result: { affectedRows?: number } = await em.execute(
    `update refresh_tokens set revoked_at = now() where client_id = ? and user_id = ? and revoked_at is null`,
    [clientId, userId],
    'run',
  );
  return result.affectedRows ?? 0;
}

/** Signs a partner staff member out everywhere. */
export async function revokeAllOfStaff(em: EntityManager, clientId: number, staffId: number): Promise<number> {
  const result: { affectedRows?: number } = await em.execute(
    `update refresh_tokens set revoked_at = now() where client_id = ? and partner_staff_id = ? and revoked_at is null`,
    [clientId, staffId],
    'run',
  );
  return result.affectedRows ?? 0;
}
