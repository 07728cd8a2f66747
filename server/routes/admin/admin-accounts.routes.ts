import { z } from 'zod';
import { route } from '../../http/route.ts';
import { emailSchema, passwordSchema } from '../../../domain/auth/passwords.ts';
import { signAdminToken } from '../../../domain/auth/tokens.ts';
import {
  createPlatformAdmin,
  presentPlatformAdmin,
  verifyPlatformAdmin,
} from '../../../domain/identity/platform-admins.ts';
import { PlatformAdmin } from '../../../domain/identity/platform-admin.entity.ts';
import { withRetryAfter } from '../auth/auth-edge.ts';
import { offsetOf, pageOf, pageQuery, pageSchema } from '../../../domain/shared/pagination.ts';

export const adminAccountBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(120).optional(),
});
const adminSchema = z.object({ id: z.number(), email: z.string(), name: z.string().nullable(), createdAt: z.string() });

/** Named platform-admin accounts: created by an admin (or the CLI), signing in for a short-lived admin token. */
export const adminAccountRoutes = [
  route({
    method: 'post',
    path: '/admin/auth/login',
    tag: 'admin',
    auth: 'none',
    limit: 'token',
    summary: 'Platform admin sign-in → admin bearer token for the admin API (limited like /auth/login)',
    body: z.strictObject({ email: emailSchema, password: z.string().min(1).max(128) }),
    response: z.object({ accessToken: z.string(), expiresIn: z.number(), admin: adminSchema }),
    handler: async ({ body }, call) => {
      const em = call.platformEm();
      const admin = await withRetryAfter(call, () =>
        verifyPlatformAdmin(em, call.services.limits, { ...body, ip: call.req.ip }),
      );
      const accessToken = await signAdminToken(call.services.tokens, admin.id);
      return { accessToken, expiresIn: call.services.tokens.accessTtlSeconds, admin: presentPlatformAdmin(admin) };
    },
  }),
  route({
    method: 'post',
    path: '/admin/admins',
    tag: 'admin',
    auth: 'admin',
    status: 201,
    summary: 'Create a platform admin account',
    body: adminAccountBody,
    response: adminSchema,
    handler: async ({ body }, call) => presentPlatformAdmin(await createPlatformAdmin(call.platformEm(), body)),
  }),
  route({
    method: 'get',
    path: '/admin/admins',
    tag: 'admin',
    auth: 'admin',
    summary: 'List platform admin accounts',
    query: pageQuery,
    response: pageSchema(adminSchema),
    handler: async ({ query }, call) => {
      const [admins, total] = await call
        .platformEm()
        .findAndCount(PlatformAdmin, {}, { orderBy: { id: 'asc' }, ...offsetOf(query) });
      return pageOf(admins.map(presentPlatformAdmin), total, query);
    },
  }),
];
