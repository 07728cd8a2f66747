import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../../../domain/shared/errors.ts';
import { verifyAdminToken } from '../../../domain/auth/tokens.ts';
import { PlatformAdmin } from '../../../domain/identity/platform-admin.entity.ts';
import type { Services } from '../../services.ts';
import { unscoped } from '../../../domain/shared/scope.ts';

/**
 * Admin routes accept the configured admin token (`X-Admin-Token`, or `Authorization: Bearer`), compared
 * in constant time, or a platform admin's signed-in token (`Authorization: Bearer`, from
 * `/admin/auth/login`) whose account still exists. Returns the admin's id, or null for the configured token.
 */
export async function authenticateAdmin(services: Services, req: Request): Promise<number | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  const header = req.get('x-admin-token') ?? bearer;
  if (!header) throw new AppError('unauthenticated', 'ADMIN_TOKEN_REQUIRED', 'X-Admin-Token header is required');
  const expected = Buffer.from(services.secrets.adminToken);
  const given = Buffer.from(header);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  if (header === bearer && header.split('.').length === 3) {
    const { adminId, sid, iat } = await verifyAdminToken(services.tokens, header);
    services.revocations.assertLive({ account: `admin:${adminId}`, sid, iat });
    const admin = await unscoped(services.orm.em, 'platform admin sign-in').findOne(PlatformAdmin, { id: adminId });
    if (admin) return admin.id;
  }
  throw new AppError('unauthenticated', 'INVALID_ADMIN_TOKEN', 'Invalid admin token');
}
