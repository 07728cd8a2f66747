import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../shared/errors.ts';

/**
 * Login abuse without lockout (OWASP Authentication Cheat Sheet: "slow down, don't lock"; device-bound
 * budgets). Four counters, all shared through Redis when it is configured:
 * - per address, every attempt (refunded on success): one address spraying many accounts is stopped,
 *   before any argon2 run;
 * - per account + address, failures: one address guessing one account is stopped after `attempts`,
 *   and only that address;
 * - per account, failures from anywhere (24 h): past `attempts`, attempts from addresses the account has
 *   never signed in from wait an exponential backoff (1 s, 2 s, 4 s ... at most `BACKOFF_MAX_SECONDS`)
 *   after each failure — a distributed guesser is slowed to a trickle;
 * - known addresses (20 days): an address the account signed in from (or reset its password from) keeps
 *   its own budget and skips the backoff, so a stranger hammering the account cannot lock its owner out.
 * A correct password on a throttled pair or gate is still refused (429): the counters are read before
 * the password is looked at.
 */
export interface LoginLimiters {
  loginPerIp: RateLimiterAbstract;
  loginPerAccountIp: RateLimiterAbstract;
  loginFailuresPerAccount: RateLimiterAbstract;
  loginBackoff: RateLimiterAbstract;
  loginKnownAddress: RateLimiterAbstract;
  /** Password-reset requests per address (over: 429) and per account (over: silently no more mail, 5 an hour). */
  resetPerIp: RateLimiterAbstract;
  resetPerAccount: RateLimiterAbstract;
  /** Failures per account + address in 15 minutes, and the per-account count at which backoff starts. */
  loginAttempts: number;
}

export type LimiterFactory = (keyPrefix: string, points: number, durationSeconds: number) => RateLimiterAbstract;

const BACKOFF_MAX_SECONDS = 300;
// 20 days: the in-memory store keeps each key with a timer, and Node's timers stop at ~24.8 days.
const KNOWN_ADDRESS_SECONDS = 20 * 24 * 3600;

export function createLoginLimiters(make: LimiterFactory, attempts: number): LoginLimiters {
  return {
    loginPerIp: make('rl:login:ip', attempts * 5, 15 * 60),
    loginPerAccountIp: make('rl:login:pair', attempts, 15 * 60),
    // A counter, not a limit: consume never refuses below this many points.
    loginFailuresPerAccount: make('rl:login:fails', 1_000_000_000, 24 * 3600),
    loginBackoff: make('rl:login:backoff', 1, 1),
    loginKnownAddress: make('rl:login:known', 1, KNOWN_ADDRESS_SECONDS),
    resetPerIp: make('rl:reset:ip', attempts * 2, 15 * 60),
    resetPerAccount: make('rl:reset:acct', 5, 3600),
    loginAttempts: attempts,
  };
}

/** Thrown when over the limit; `retryAfterSeconds` is what the edge puts in `Retry-After`. */
export class LoginThrottled extends AppError {
  readonly retryAfterSeconds: number;
  constructor(msBeforeNext: number) {
    const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    super('rate_limited', 'TOO_MANY_LOGIN_ATTEMPTS', 'Too many login attempts; retry after the time in Retry-After', {
      retryAfterSeconds,
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** `account` names the account across the platform: `user:<email>`, `partner:<email>`, `admin:<email>`. */
interface Attempt {
  account: string;
  ip: string;
  pair: string;
}

async function read(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  return limiter.get(key);
}

/** Counts the attempt and refuses it when the address, the pair or (for an unknown address) the account is throttled. */
export async function beginLoginAttempt(
  limits: LoginLimiters,
  account: string,
  ip: string | undefined,
): Promise<Attempt> {
  const address = ip ?? 'unknown';
  const attempt = { account, ip: address, pair: `${account}|${address}` };
  try {
    await limits.loginPerIp.consume(address);
  } catch (err) {
    if (err instanceof RateLimiterRes) throw new LoginThrottled(err.msBeforeNext);
    throw err;
  }
  const pair = await read(limits.loginPerAccountIp, attempt.pair);
  if (pair && pair.consumedPoints >= limits.loginAttempts) throw new LoginThrottled(pair.msBeforeNext);
  if (!(await isKnownAddress(limits, attempt.pair))) {
    const gate = await read(limits.loginBackoff, account);
    if (gate && gate.consumedPoints > 1 && gate.msBeforeNext > 0) throw new LoginThrottled(gate.msBeforeNext);
  }
  return attempt;
}

async function isKnownAddress(limits: LoginLimiters, pair: string): Promise<boolean> {
  return (await read(limits.loginKnownAddress, pair)) !== null;
}

/** A wrong password: the pair's count and the account's count go up; past the threshold the account's gate closes for a while. */
export async function loginFailed(limits: LoginLimiters, attempt: Attempt): Promise<void> {
  await limits.loginPerAccountIp.penalty(attempt.pair);
  const failures = await limits.loginFailuresPerAccount.penalty(attempt.account);
  const over = failures.consumedPoints - limits.loginAttempts;
  if (over >= 0)
    await limits.loginBackoff.block(attempt.account, Math.min(BACKOFF_MAX_SECONDS, 2 ** Math.min(over, 20)));
}

/** The right password: the address gets its attempt back, the pair is cleared and remembered as the owner's. */
export async function loginSucceeded(limits: LoginLimiters, attempt: Attempt): Promise<void> {
  await Promise.all([
    limits.loginPerIp.reward(attempt.ip).catch(() => undefined),
    limits.loginPerAccountIp.delete(attempt.pair).catch(() => undefined),
    rememberAddress(limits, attempt.account, attempt.ip),
  ]);
}

/** An address that proved it is the owner's (a sign-in, a password reset) keeps its own budget. */
export async function rememberAddress(limits: LoginLimiters, account: string, ip: string | undefined): Promise<void> {
  await limits.loginKnownAddress.set(`${account}|${ip ?? 'unknown'}`, 1, KNOWN_ADDRESS_SECONDS).catch(() => undefined);
}

/** A wrong password at sign-in, or a wrong current password at a password change. */
const FAILURES = new Set(['INVALID_CREDENTIALS', 'CURRENT_PASSWORD_WRONG']);

/**
 * Runs `verify` (which checks the password) between the counters: an INVALID_CREDENTIALS answer counts
 * as a failure, success clears the pair. Any other refusal (a suspended account) counts as neither.
 */
export async function throttledLogin<T>(
  limits: LoginLimiters,
  account: string,
  ip: string | undefined,
  verify: () => Promise<T>,
): Promise<T> {
  const attempt = await beginLoginAttempt(limits, account, ip);
  let result: T;
  try {
    result = await verify();
  } catch (err) {
    if (err instanceof AppError && FAILURES.has(err.code)) await loginFailed(limits, attempt);
    throw err;
  }
  await loginSucceeded(limits, attempt);
  return result;
}
