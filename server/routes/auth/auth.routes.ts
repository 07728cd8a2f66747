import { route } from '../../http/route.ts';
import { tenantOf, withoutTenantScope } from '../../../domain/shared/scope.ts';
import { registerUser, resolveRegistrationClient } from '../../../domain/auth/register-user.ts';
import { loginUser } from '../../../domain/auth/login-user.ts';
import { refreshSession } from '../../../domain/auth/auth-sessions.ts';
import { signOut } from '../../../domain/auth/sign-out.ts';
import { loadCurrentUser } from '../../../domain/auth/current-account.ts';
import { presentAuthResult, presentMe } from '../../../domain/auth/present-auth.ts';
import { checkVoucher, presentVoucherCheck } from '../../../domain/identity/voucher-check.ts';
import { keyClientOf, loginDeps, revokeDeps, rootEm, tenantClientOf, withRetryAfter } from './auth-edge.ts';
import {
  authResult,
  loginBody,
  logoutBody,
  meResult,
  messageResult,
  refreshBody,
  registerBody,
  tokensSchema,
  voucherCheckResult,
  voucherValidateBody,
} from './auth.schemas.ts';

export const authRoutes = [
  route({
    method: 'post',
    path: '/auth/register',
    tag: 'auth',
    auth: 'key',
    limit: 'register',
    universal: true,
    ignoreBearer: true,
    status: 201,
    summary: 'Create a user account (with a voucher: redeemed, and the user mapped to its client, atomically)',
    body: registerBody,
    response: authResult,
    handler: async ({ body }, call) => {
      const keyClient = keyClientOf(call);
      const client = await resolveRegistrationClient(rootEm(call), keyClient, body.voucherCode);
      const ctx = keyClient ? call.ctx : call.contextFor(tenantOf(client), { kind: 'anonymous' });
      const { user, session } = await registerUser(ctx, client, body, call.services.tokens);
      return presentAuthResult(user, session, client);
    },
  }),
  route({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    auth: 'key',
    limit: 'token',
    universal: true,
    ignoreBearer: true,
    summary: 'Sign in; under the universal key the answer names the client the account belongs to',
    body: loginBody,
    response: authResult,
    handler: async ({ body }, call) => {
      const { user, session, client } = await withRetryAfter(call, () =>
        loginUser(rootEm(call), keyClientOf(call), body, loginDeps(call)),
      );
      return presentAuthResult(user, session, client);
    },
  }),
  route({
    method: 'post',
    path: '/auth/refresh',
    tag: 'auth',
    auth: 'key',
    limit: 'token',
    universal: true,
    ignoreBearer: true,
    summary: 'Rotate a refresh token; presenting an already-rotated token revokes its whole family',
    body: refreshBody,
    response: tokensSchema,
    handler: async ({ body }, call) => {
      const { tokens } = call.services;
      // Under a client key the lookup is tenant-scoped: another client's token is simply unknown.
      if (keyClientOf(call)) return refreshSession(call.ctx.em, tokens, body.refreshToken, 'user', revokeDeps(call));
      return withoutTenantScope('refresh under the universal key: the token names its client', rootEm(call), (em) =>
        refreshSession(em, tokens, body.refreshToken, 'user', revokeDeps(call)),
      );
    },
  }),
  route({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    auth: 'user',
    summary:
      'Revoke the given refresh token family and this access token, or without one every session of the user (their sockets are closed)',
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
  route({
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    auth: 'user',
    summary: 'The signed-in user, their coach, and the features enabled for their client',
    response: meResult,
    handler: async (_input, call) => {
      const { user, coach } = await loadCurrentUser(call.ctx);
      return presentMe(user, coach, await tenantClientOf(call));
    },
  }),
  route({
    method: 'post',
    path: '/auth/voucher/validate',
    tag: 'auth',
    auth: 'key',
    universal: true,
    ignoreBearer: true,
    summary: "Check a voucher code without redeeming it; another client's code is simply not valid",
    body: voucherValidateBody,
    response: voucherCheckResult,
    handler: async ({ body }, call) => {
      const keyClient = keyClientOf(call);
      const platform = call.platformEm();
      const check = keyClient
        ? await checkVoucher(call.ctx.em, platform, body.code)
        : await withoutTenantScope(
            'voucher check under the universal key: codes are platform-unique',
            rootEm(call),
            (em) => checkVoucher(em, platform, body.code),
          );
      return presentVoucherCheck(check, body.code, keyClient);
    },
  }),
];
