import { route } from '../../http/route.ts';
import { withoutTenantScope } from '../../../domain/shared/scope.ts';
import { loginPartnerStaff } from '../../../domain/auth/login-user.ts';
import { refreshSession } from '../../../domain/auth/auth-sessions.ts';
import { loadCurrentStaff } from '../../../domain/auth/current-account.ts';
import { presentStaff } from '../../../domain/auth/present-auth.ts';
import { signOut } from '../../../domain/auth/sign-out.ts';
import { logoutBody, messageResult, tokensSchema } from '../auth/auth.schemas.ts';
import { loginDeps, revokeDeps, rootEm, tenantClientOf, withRetryAfter } from '../auth/auth-edge.ts';
import { partnerLoginBody, partnerLoginResult, partnerRefreshBody, staffSchema } from './partner-auth.schemas.ts';

/** The partner portal's sign-in: staff accounts, no API key. */
export const partnerAuthRoutes = [
  route({
    method: 'post',
    path: '/partner-auth/login',
    tag: 'partner-auth',
    auth: 'none',
    limit: 'token',
    summary: 'Partner staff sign-in (limited like /auth/login)',
    body: partnerLoginBody,
    response: partnerLoginResult,
    handler: async ({ body }, call) => {
      const { staff, partner, client, session } = await withRetryAfter(call, () =>
        loginPartnerStaff(rootEm(call), body, loginDeps(call)),
      );
      return { ...session, ...presentStaff(staff, partner, client) };
    },
  }),
  route({
    method: 'post',
    path: '/partner-auth/refresh',
    tag: 'partner-auth',
    auth: 'none',
    limit: 'token',
    summary: 'Rotate a partner refresh token; reuse of a rotated token revokes its family',
    body: partnerRefreshBody,
    response: tokensSchema,
    handler: async ({ body }, call) =>
      withoutTenantScope('partner refresh: the token names its client', rootEm(call), (em) =>
        refreshSession(em, call.services.tokens, body.refreshToken, 'partner_staff', revokeDeps(call)),
      ),
  }),
  route({
    method: 'get',
    path: '/partner-auth/me',
    tag: 'partner-auth',
    auth: 'partner',
    summary: 'The signed-in partner staff member, their partner and client',
    response: staffSchema,
    handler: async (_input, call) => {
      const { staff, partner } = await loadCurrentStaff(call.ctx);
      return presentStaff(staff, partner, await tenantClientOf(call));
    },
  }),
  route({
    method: 'post',
    path: '/partner-auth/logout',
    tag: 'partner-auth',
    auth: 'partner',
    summary:
      'Revoke the given refresh token family and this access token, or without one every session of the staff member',
    body: logoutBody,
    response: messageResult,
    handler: async ({ body }, call) => {
      const { scope } = await signOut(call.ctx, revokeDeps(call), {
        refreshToken: body.refreshToken,
        sid: call.claims!.sid,
      });
      return { message: scope === 'all' ? 'Signed out of all sessions' : 'Signed out' };
    },
  }),
];
