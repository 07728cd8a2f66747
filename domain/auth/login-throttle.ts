import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../shared/errors.ts';

export interface LoginLimiters {
  loginPerAccount: RateLimiterAbstract;
  loginPerIp: RateLimiterAbstract;
}

/** Thrown when over the limit; `retryAfterSeconds` is what the edge puts in `Retry-After`. */
export class LoginThrottled extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 'TOO_MANY_LOGIN_ATTEMPTS', 'Too many login attempts; retry after the time in Retry-After', { retryAfterSeconds });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Counts one login attempt against the account and the caller's address. Called before any password
 * is hashed or verified, so a flood of guesses costs the attacker a 429, not us an argon2 run each.
 * `account` is `<clientId|universal>:<email>` or `partner:<email>`.
 */
export async function consumeLoginAttempt(limits: LoginLimiters, account: string, ip: string | undefined): Promise<void> {
  try {
    await limits.loginPerIp.consume(ip ?? 'unknown');
    await limits.loginPerAccount.consume(account);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw new LoginThrottled(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
    throw err;
  }
}

/**
 * A successful login clears the account's count, so someone who mistyped twice is not locked out for
 * the rest of the window; the per-address count stays, which is what slows a spray across accounts.
 */
export async function clearLoginAttempts(limits: LoginLimiters, account: string): Promise<void> {
  await limits.loginPerAccount.delete(account).catch(() => undefined);
}
