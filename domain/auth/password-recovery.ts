import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../shared/errors.ts';
import { unscoped, withoutTenantScope } from '../shared/scope.ts';
import { enqueueMail, type QueuedMail } from '../mail/outbox.ts';
import { hashPassword } from './passwords.ts';
import { rememberAddress, type LoginLimiters } from './login-throttle.ts';
import { revokeAccountTokens, type RevokeDeps } from './revoke-access.ts';
import type { AccountRef } from './revocations.ts';
import { sha256 } from './tokens.ts';

/** The three kinds of accounts that have a password, and where each lives. */
export type AccountKind = 'user' | 'partner_staff' | 'admin';

export const accountTables = {
  user: { table: 'users', column: 'user_id', throttle: 'user', ref: (id: number): AccountRef => `user:${id}` },
  partner_staff: {
    table: 'partner_staff',
    column: 'partner_staff_id',
    throttle: 'partner',
    ref: (id: number): AccountRef => `staff:${id}`,
  },
  admin: {
    table: 'platform_admins',
    column: 'platform_admin_id',
    throttle: 'admin',
    ref: (id: number): AccountRef => `admin:${id}`,
  },
} as const;

export interface RecoveryDeps extends RevokeDeps {
  limits: LoginLimiters;
  resetTtlMinutes: number;
  publicUrl: string | undefined;
}

interface Found {
  id: number;
  client_id: number | null;
  email: string;
}

/** Under the universal key one e-mail may be a user of several clients; each gets its own mail, a bounded number. */
const MAX_ACCOUNTS = 5;

async function findAccounts(
  root: EntityManager,
  kind: AccountKind,
  email: string,
  clientId: number | null,
): Promise<Found[]> {
  return withoutTenantScope('password reset: the e-mail names the account', root, (em) => {
    if (kind === 'admin')
      return em.execute(`select id, null as client_id, email from platform_admins where email = ?`, [email]);
    if (kind === 'partner_staff') {
      return em.execute(`select id, client_id, email from partner_staff where email = ? and deactivated_at is null`, [
        email,
      ]);
    }
    return clientId === null
      ? em.execute(`select id, client_id, email from users where email = ? order by id limit ${MAX_ACCOUNTS}`, [email])
      : em.execute(`select id, client_id, email from users where email = ? and client_id = ?`, [email, clientId]);
  });
}

function resetMail(kind: AccountKind, account: Found, token: string, deps: RecoveryDeps) {
  const link =
    kind === 'user'
      ? `studiostv://reset-password?token=${token}`
      : deps.publicUrl
        ? `${deps.publicUrl.replace(/\/$/, '')}/${kind === 'admin' ? 'admin' : 'partner'}/reset-password?token=${token}`
        : null;
  const body = [
    `Someone (hopefully you) asked to reset the password of ${account.email}.`,
    '',
    `Your reset code, valid for ${deps.resetTtlMinutes} minutes and usable once:`,
    token,
    ...(link ? ['', `Or open: ${link}`] : []),
    '',
    'If you did not ask for this, ignore this mail: your password stays as it is.',
  ].join('\n');
  return {
    clientId: account.client_id,
    kind: 'password_reset',
    to: account.email,
    subject: 'Reset your password',
    body,
  };
}

async function consumeOrSkip(limiter: LoginLimiters['loginPerIp'], key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
}

/**
 * "Forgot password": for each account with this e-mail, a new single-use token (stored hashed; earlier unused
 * ones die) and its mail, in one transaction per account. The caller answers the same whether or not any
 * account exists; mail beyond 5 an hour per account is silently not queued (no mail bombing), while an
 * address asking too often gets a 429 (which says nothing about any account).
 */
export async function requestPasswordReset(
  root: EntityManager,
  deps: RecoveryDeps,
  input: { kind: AccountKind; email: string; clientId: number | null; ip: string | undefined },
): Promise<QueuedMail[]> {
  if (!(await consumeOrSkip(deps.limits.resetPerIp, input.ip ?? 'unknown'))) {
    throw new AppError(
      'rate_limited',
      'TOO_MANY_REQUESTS',
      'Too many password reset requests from this address; try again later',
    );
  }
  const { column } = accountTables[input.kind];
  const queued: QueuedMail[] = [];
  for (const account of await findAccounts(root, input.kind, input.email, input.clientId)) {
    if (!(await consumeOrSkip(deps.limits.resetPerAccount, accountTables[input.kind].ref(account.id)))) continue;
    const token = randomBytes(32).toString('base64url');
    const mail = await unscoped(root, 'password reset: the account found by e-mail, of any kind').transactional(
      async (tx) => {
        await tx.execute(`update password_resets set used_at = now() where ${column} = ? and used_at is null`, [
          account.id,
        ]);
        await tx.execute(
          `insert into password_resets (id, client_id, ${column}, token_hash, expires_at) values (?, ?, ?, ?, now() + make_interval(mins => ?))`,
          [randomUUID(), account.client_id, account.id, sha256(token), deps.resetTtlMinutes],
        );
        return enqueueMail(tx as EntityManager, resetMail(input.kind, account, token, deps));
      },
    );
    queued.push(mail);
  }
  return queued;
}

const invalidToken = () =>
  new AppError('validation', 'INVALID_RESET_TOKEN', 'This reset code is invalid, already used or expired');

/**
 * Sets a new password with a reset token: the token is used up by one atomic UPDATE (a second use, or two at
 * once, find nothing), every other reset token of the account dies, every refresh family is revoked, and
 * after the commit every access token of the account stops and its sockets close. The address that reset
 * the password is remembered as the owner's by the login throttle.
 */
export async function resetPassword(
  root: EntityManager,
  deps: RecoveryDeps,
  input: { kind: AccountKind; token: string; password: string; clientId: number | null; ip: string | undefined },
): Promise<void> {
  if (input.token.length > 200) throw invalidToken();
  const { table, column, throttle, ref } = accountTables[input.kind];
  const passwordHash = await hashPassword(input.password);
  const account = await unscoped(root, 'password reset: the reset code names the account').transactional(async (tx) => {
    const used: Array<{ id: number; client_id: number | null }> = await tx.execute(
      `update password_resets set used_at = now()
       where token_hash = ? and used_at is null and expires_at > now() and ${column} is not null
         ${input.clientId === null ? '' : 'and client_id = ?'}
       returning ${column} as id, client_id`,
      input.clientId === null ? [sha256(input.token)] : [sha256(input.token), input.clientId],
    );
    const row = used[0];
    if (!row) throw invalidToken();
    const updated: Array<{ email: string }> = await tx.execute(
      `update ${table} set password_hash = ? where id = ? returning email`,
      [passwordHash, row.id],
    );
    if (!updated[0]) throw invalidToken();
    await tx.execute(`update password_resets set used_at = now() where ${column} = ? and used_at is null`, [row.id]);
    if (input.kind !== 'admin')
      await tx.execute(`update refresh_tokens set revoked_at = now() where ${column} = ? and revoked_at is null`, [
        row.id,
      ]);
    return { id: row.id, email: updated[0].email };
  });
  await revokeAccountTokens(deps, ref(account.id));
  await rememberAddress(deps.limits, `${throttle}:${account.email}`, input.ip);
}
