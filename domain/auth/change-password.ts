import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { unscoped, withoutTenantScope } from '../shared/scope.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { throttledLogin } from './login-throttle.ts';
import { accountTables, type AccountKind, type RecoveryDeps } from './password-recovery.ts';
import { revokeAccountTokens } from './revoke-access.ts';

const wrongPassword = () => new AppError('forbidden', 'CURRENT_PASSWORD_WRONG', 'The current password is wrong');

/**
 * An authenticated password change. The current password is checked under the login throttle (a stolen
 * access token must not become a password oracle), then the new hash is stored, every refresh family and
 * unused reset token dies, and every access token of the account issued until now stops, on every node.
 * The caller then opens a fresh session (`afterChange`), whose token is issued after the revocation.
 */
export async function changePassword(
  root: EntityManager,
  deps: RecoveryDeps,
  input: { kind: AccountKind; id: number; currentPassword: string; newPassword: string; ip: string | undefined },
): Promise<void> {
  const { table, column, throttle, ref } = accountTables[input.kind];
  const rows: Array<{ email: string; password_hash: string }> = await withoutTenantScope(
    'password change: the token named the account',
    root,
    (em) => em.execute(`select email, password_hash from ${table} where id = ?`, [input.id]),
  );
  const account = rows[0];
  if (!account) throw new AppError('unauthenticated', 'INVALID_TOKEN', 'The account of this token no longer exists');
  await throttledLogin(deps.limits, `${throttle}:${account.email}`, input.ip, async () => {
    if (!(await verifyPassword(account.password_hash, input.currentPassword))) throw wrongPassword();
  });
  const passwordHash = await hashPassword(input.newPassword);
  await unscoped(root, 'password change: the token names the account, of any kind').transactional(async (tx) => {
    await tx.execute(`update ${table} set password_hash = ? where id = ?`, [passwordHash, input.id]);
    await tx.execute(`update password_resets set used_at = now() where ${column} = ? and used_at is null`, [input.id]);
    if (input.kind !== 'admin')
      await tx.execute(`update refresh_tokens set revoked_at = now() where ${column} = ? and revoked_at is null`, [
        input.id,
      ]);
  });
  await revokeAccountTokens(deps, ref(input.id));
}
