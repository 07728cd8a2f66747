import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { route, type Call } from '../../http/route.ts';
import { AppError } from '../../../domain/shared/errors.ts';
import { emailSchema, passwordSchema } from '../../../domain/auth/passwords.ts';
import {
  requestPasswordReset,
  resetPassword,
  type AccountKind,
  type RecoveryDeps,
} from '../../../domain/auth/password-recovery.ts';
import { changePassword } from '../../../domain/auth/change-password.ts';
import { startStaffSession, startUserSession } from '../../../domain/auth/auth-sessions.ts';
import { signAdminToken } from '../../../domain/auth/tokens.ts';
import { User } from '../../../domain/identity/user.entity.ts';
import { PartnerStaff } from '../../../domain/identity/partner.entity.ts';
import { authenticateAdmin } from '../../http/middleware/admin-auth.ts';
import { messageResult, tokensSchema } from './auth.schemas.ts';
import { keyClientOf, rootEm } from './auth-edge.ts';

/**
 * Forgot / reset / change password for the three kinds of accounts: app users (trainers are users) under
 * /auth, partner staff under /partner-auth, platform admins under /admin/auth. The domain lives in
 * domain/auth/password-recovery.ts and change-password.ts; mail goes through the outbox.
 */
const forgotBody = z.object({ email: emailSchema });
const resetBody = z.object({ token: z.string().min(1).max(200), password: passwordSchema });
const changeBody = z.object({
  currentPassword: z.string().min(1, 'is required').max(256),
  newPassword: passwordSchema,
});
const adminTokenResult = z.object({ accessToken: z.string(), expiresIn: z.number() });

/**
 * Forgot-password answers no sooner than this after the request arrived, whether or not a mail was queued,
 * so the time taken does not tell which e-mails have accounts (the work takes a few ms either way; this hides
 * the difference unless the database is slower than this).
 */
const FORGOT_ANSWER_MS = 300;
const FORGOT_MESSAGE = 'If an account with this e-mail exists, a reset code has been sent to it';

function recoveryDeps(call: Call): RecoveryDeps {
  const { services } = call;
  return {
    revocations: services.revocations,
    accessTtlSeconds: services.tokens.accessTtlSeconds,
    limits: services.limits,
    resetTtlMinutes: services.config.mail.resetTtlMinutes,
    publicUrl: services.config.publicUrl,
  };
}

async function forgot(call: Call, kind: AccountKind, email: string, clientId: number | null) {
  const started = Date.now();
  const queued = await requestPasswordReset(rootEm(call), recoveryDeps(call), {
    kind,
    email,
    clientId,
    ip: call.req.ip,
  });
  call.services.mail.afterCommit(queued);
  const left = FORGOT_ANSWER_MS - (Date.now() - started);
  if (left > 0) await sleep(left);
  return { message: FORGOT_MESSAGE };
}

async function reset(call: Call, kind: AccountKind, body: z.output<typeof resetBody>, clientId: number | null) {
  await resetPassword(rootEm(call), recoveryDeps(call), {
    kind,
    token: body.token,
    password: body.password,
    clientId,
    ip: call.req.ip,
  });
  return { message: 'Password changed; every session of the account was signed out' };
}

export const accountRecoveryRoutes = [
  route({
    method: 'post',
    path: '/auth/forgot-password',
    tag: 'auth',
    auth: 'key',
    universal: true,
    ignoreBearer: true,
    status: 202,
    summary:
      'Mail a single-use reset code (through the mail outbox); the answer is the same whether or not the e-mail has an account',
    body: forgotBody,
    response: messageResult,
    handler: async ({ body }, call) => forgot(call, 'user', body.email, keyClientOf(call)?.id ?? null),
  }),
  route({
    method: 'post',
    path: '/auth/reset-password',
    tag: 'auth',
    auth: 'key',
    universal: true,
    ignoreBearer: true,
    summary: 'Set a new password with a reset code; signs out every session of the account',
    body: resetBody,
    response: messageResult,
    handler: async ({ body }, call) => reset(call, 'user', body, keyClientOf(call)?.id ?? null),
  }),
  route({
    method: 'post',
    path: '/auth/change-password',
    tag: 'auth',
    auth: 'user',
    summary: 'Change the password (current one required); every other session ends, this device gets fresh tokens',
    body: changeBody,
    response: tokensSchema,
    handler: async ({ body }, call) => {
      const userId = call.claims!.sub;
      await changePassword(rootEm(call), recoveryDeps(call), { kind: 'user', id: userId, ...body, ip: call.req.ip });
      const em = call.ctx.em;
      const user = await em.findOneOrFail(User, { id: userId });
      return startUserSession(em, call.services.tokens, user);
    },
  }),
  route({
    method: 'post',
    path: '/partner-auth/forgot-password',
    tag: 'partner-auth',
    auth: 'none',
    status: 202,
    summary: 'Partner staff: mail a single-use reset code; the same answer whether or not the e-mail has an account',
    body: forgotBody,
    response: messageResult,
    handler: async ({ body }, call) => forgot(call, 'partner_staff', body.email, null),
  }),
  route({
    method: 'post',
    path: '/partner-auth/reset-password',
    tag: 'partner-auth',
    auth: 'none',
    summary: 'Partner staff: set a new password with a reset code; signs out every session',
    body: resetBody,
    response: messageResult,
    handler: async ({ body }, call) => reset(call, 'partner_staff', body, null),
  }),
  route({
    method: 'post',
    path: '/partner-auth/change-password',
    tag: 'partner-auth',
    auth: 'partner',
    summary: 'Partner staff: change the password; every other session ends, this device gets fresh tokens',
    body: changeBody,
    response: tokensSchema,
    handler: async ({ body }, call) => {
      const staffId = call.claims!.sub;
      await changePassword(rootEm(call), recoveryDeps(call), {
        kind: 'partner_staff',
        id: staffId,
        ...body,
        ip: call.req.ip,
      });
      const em = call.ctx.em;
      const staff = await em.findOneOrFail(PartnerStaff, { id: staffId });
      return startStaffSession(em, call.services.tokens, staff);
    },
  }),
  route({
    method: 'post',
    path: '/admin/auth/forgot-password',
    tag: 'admin',
    auth: 'none',
    status: 202,
    summary: 'Platform admin: mail a single-use reset code; the same answer whether or not the e-mail has an account',
    body: forgotBody,
    response: messageResult,
    handler: async ({ body }, call) => forgot(call, 'admin', body.email, null),
  }),
  route({
    method: 'post',
    path: '/admin/auth/reset-password',
    tag: 'admin',
    auth: 'none',
    summary: 'Platform admin: set a new password with a reset code; every admin token of the account stops',
    body: resetBody,
    response: messageResult,
    handler: async ({ body }, call) => reset(call, 'admin', body, null),
  }),
  route({
    method: 'post',
    path: '/admin/auth/change-password',
    tag: 'admin',
    auth: 'admin',
    summary:
      "Platform admin (a named account's token): change the password; earlier admin tokens stop, a fresh one is returned",
    body: changeBody,
    response: adminTokenResult,
    handler: async ({ body }, call) => {
      const adminId = await authenticateAdmin(call.services, call.req);
      if (adminId === null)
        throw new AppError(
          'forbidden',
          'NAMED_ADMIN_REQUIRED',
          'The configured ADMIN_TOKEN has no password; sign in as a named admin',
        );
      await changePassword(rootEm(call), recoveryDeps(call), { kind: 'admin', id: adminId, ...body, ip: call.req.ip });
      return {
        accessToken: await signAdminToken(call.services.tokens, adminId),
        expiresIn: call.services.tokens.accessTtlSeconds,
      };
    },
  }),
];
