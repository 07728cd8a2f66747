import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantScope, unscoped, withoutTenantScope } from '../shared/scope.ts';
import { Client, type IClient } from '../tenancy/client.entity.ts';
import { Partner, type IPartner, type IPartnerStaff } from '../identity/partner.entity.ts';
import type { IUser } from '../identity/user.entity.ts';
import { throttledLogin, type LoginLimiters } from './login-throttle.ts';
import { startStaffSession, startUserSession, type Session } from './auth-sessions.ts';
import type { TokenSettings } from './tokens.ts';
import { verifyStaffCredentials, verifyUserCredentials } from './verify-credentials.ts';

export interface LoginDeps {
  tokens: TokenSettings;
  limits: LoginLimiters;
  ip: string | undefined;
}

/**
 * Sign-in happens before a tenant context exists under the universal key (the account found decides
 * the client), so this takes the root manager and scopes each step itself: the attempt is counted
 * first, the password checked in the key's client (or across clients, named as unscoped), and the
 * session opened in the user's own client.
 */
export async function loginUser(
  root: EntityManager,
  keyClient: IClient | null,
  creds: { email: string; password: string },
  deps: LoginDeps,
): Promise<{ user: IUser; session: Session; client: IClient }> {
  // Counted per e-mail platform-wide: the universal key and a client key share one budget.
  const user = await throttledLogin(deps.limits, `user:${creds.email}`, deps.ip, () =>
    keyClient
      ? verifyUserCredentials(tenantScope(root, keyClient.id), creds.email, creds.password)
      : withoutTenantScope('universal-key login: the account decides the client', root, (em) =>
          verifyUserCredentials(em, creds.email, creds.password),
        ),
  );
  const client =
    keyClient ??
    (await unscoped(root, 'login: the account names its client').findOneOrFail(Client, { id: user.clientId }));
  const session = await startUserSession(tenantScope(root, user.clientId), deps.tokens, user);
  return { user, session, client };
}

/** Partner staff sign in with no API key; the staff account names its partner and client. */
export async function loginPartnerStaff(
  root: EntityManager,
  creds: { email: string; password: string },
  deps: LoginDeps,
): Promise<{ staff: IPartnerStaff; partner: IPartner; client: IClient; session: Session }> {
  const staff = await throttledLogin(deps.limits, `partner:${creds.email}`, deps.ip, () =>
    withoutTenantScope('partner login: staff e-mail is unique platform-wide', root, (em) =>
      verifyStaffCredentials(em, creds.email, creds.password),
    ),
  );
  const em = tenantScope(root, staff.clientId);
  const partner = await em.findOneOrFail(Partner, { id: staff.partnerId });
  const client = await unscoped(root, 'partner login: the staff account names its client').findOneOrFail(Client, {
    id: staff.clientId,
  });
  const session = await startStaffSession(em, deps.tokens, staff);
  return { staff, partner, client, session };
}
