import { accountRevocation, sessionRevocation, type AccountRef, type Revocations } from './revocations.ts';

/** What revoking access tokens needs: the shared list and how long an access token can live. */
export interface RevokeDeps {
  revocations: Revocations;
  accessTtlSeconds: number;
}

/** Every access token of the account issued so far (logout everywhere, password change/reset, erasure, suspension). */
export function revokeAccountTokens(
  deps: RevokeDeps,
  account: AccountRef,
  reason: 'revoked' | 'suspended' = 'revoked',
): Promise<void> {
  return deps.revocations.revoke([accountRevocation(account, deps.accessTtlSeconds, reason)]);
}

/** The access tokens of these sign-ins (one device's logout). */
export function revokeSessionTokens(deps: RevokeDeps, account: AccountRef, sids: readonly string[]): Promise<void> {
  return deps.revocations.revoke(
    [...new Set(sids)].map((sid) => sessionRevocation(account, sid, deps.accessTtlSeconds)),
  );
}
