import { z } from 'zod';
import { AppError } from '../shared/errors.ts';

/** An account across the platform, as access tokens name it: app users (trainers too), partner staff, platform admins. */
export type AccountRef = `user:${number}` | `staff:${number}` | `admin:${number}`;

/**
 * What revokes access tokens before their expiry:
 * - `session`: one sign-in (the token's `sid`, the refresh family of users and staff): logout of one device;
 * - `account`: every token of the account issued before `before` (unix ms): logout everywhere, a
 *   password change or reset, erasure, suspension. `reason: 'suspended'` answers 403 ACCOUNT_SUSPENDED.
 * `until` (ms) is when the entry may be forgotten: every token it could refuse has expired by then.
 */
export const revocationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('session'),
    sid: z.string().min(1).max(100),
    account: z.string().max(40),
    until: z.number(),
  }),
  z.object({
    kind: z.literal('account'),
    account: z.string().max(40),
    before: z.number().int(),
    reason: z.enum(['revoked', 'suspended']),
    at: z.number(),
    until: z.number(),
  }),
]);
export type Revocation = z.infer<typeof revocationSchema>;

/** What a verified access token says about itself, as far as revocation cares; `iat` in seconds, with milliseconds. */
export interface TokenIdentity {
  account: AccountRef;
  sid: string;
  iat: number;
}

/** Whether a token issued at `iat` (seconds, fractional) falls under an account revocation of `before` (ms). */
export function issuedBefore(iat: number, before: number): boolean {
  return Math.round(iat * 1000) < before;
}

export interface Revocations {
  /** Synchronous and local (a Map lookup): the hot path of every request and handshake. */
  assertLive(token: TokenIdentity): void;
  /** Earliest issue time (ms) a new token of this account may carry (tokens issued from then on are not refused). */
  notBefore(account: AccountRef): number;
  /** Records revocations on this node and on every other node (through Redis when configured). */
  revoke(entries: Revocation[]): Promise<void>;
  /** Called once per revocation this node learns, its own or another node's (to close sockets). */
  onRevoke(listener: (entry: Revocation) => void): void;
  close(): Promise<void>;
}

export const revokedToken = () =>
  new AppError('unauthenticated', 'TOKEN_REVOKED', 'This access token has been revoked; sign in again');
export const suspendedAccount = () =>
  new AppError(
    'forbidden',
    'ACCOUNT_SUSPENDED',
    'This account has been suspended by the partner that gave access to it',
  );

/**
 * The per-node list. Entries are dropped once `until` passes, so its size is bounded by the revocations of
 * one access-token lifetime. Applying an entry twice is harmless (pub/sub and polling may both deliver it).
 */
export class RevocationList {
  private readonly sessions = new Map<string, number>();
  private readonly accounts = new Map<
    string,
    { before: number; reason: 'revoked' | 'suspended'; at: number; until: number }
  >();

  /** True when the entry was new to this list. */
  apply(e: Revocation, now = Date.now()): boolean {
    if (e.until <= now) return false;
    if (e.kind === 'session') {
      const had = this.sessions.has(e.sid);
      this.sessions.set(e.sid, Math.max(e.until, this.sessions.get(e.sid) ?? 0));
      return !had;
    }
    const prev = this.accounts.get(e.account);
    if (prev && prev.at >= e.at && prev.before >= e.before) return false;
    const latest = !prev || e.at >= prev.at;
    this.accounts.set(e.account, {
      before: Math.max(e.before, prev?.before ?? 0),
      reason: latest ? e.reason : prev.reason,
      at: Math.max(e.at, prev?.at ?? 0),
      until: Math.max(e.until, prev?.until ?? 0),
    });
    return true;
  }

  assertLive(t: TokenIdentity, now = Date.now()): void {
    const session = this.sessions.get(t.sid);
    if (session !== undefined && session > now) throw revokedToken();
    const account = this.accounts.get(t.account);
    if (account && account.until > now && issuedBefore(t.iat, account.before))
      throw account.reason === 'suspended' ? suspendedAccount() : revokedToken();
  }

  notBefore(account: AccountRef, now = Date.now()): number {
    const a = this.accounts.get(account);
    return a && a.until > now ? a.before : 0;
  }

  prune(now = Date.now()): void {
    for (const [k, until] of this.sessions) if (until <= now) this.sessions.delete(k);
    for (const [k, a] of this.accounts) if (a.until <= now) this.accounts.delete(k);
  }

  get size(): number {
    return this.sessions.size + this.accounts.size;
  }
}

/**
 * Entries for "every token of this account so far". Tokens carry `iat` to the millisecond and `before` is
 * the next millisecond: a token signed in this very millisecond is refused too, and new tokens are signed
 * with an issue time of at least `before` (see `notBefore`), so a fresh session right after a password
 * change is not caught by it.
 */
export function accountRevocation(
  account: AccountRef,
  ttlSeconds: number,
  reason: 'revoked' | 'suspended' = 'revoked',
  now = Date.now(),
): Revocation {
  return { kind: 'account', account, before: now + 1, reason, at: now, until: now + (ttlSeconds + 60) * 1000 };
}

export function sessionRevocation(account: AccountRef, sid: string, ttlSeconds: number, now = Date.now()): Revocation {
  return { kind: 'session', sid, account, until: now + (ttlSeconds + 60) * 1000 };
}
