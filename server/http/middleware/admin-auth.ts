import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../../../domain/shared/errors.ts';
import type { Services } from '../../services.ts';

/** The platform admin token, from `X-Admin-Token` or `Authorization: Bearer`, compared in constant time. */
export async function authenticateAdmin(services: Services, req: Request): Promise<void> {
  const header = req.get('x-admin-token') ?? /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!header) throw new AppError('unauthenticated', 'ADMIN_TOKEN_REQUIRED', 'X-Admin-Token header is required');
  const expected = Buffer.from(services.secrets.adminToken);
  const given = Buffer.from(header);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('unauthenticated', 'INVALID_ADMIN_TOKEN', 'Invalid admin token');
  }
}
