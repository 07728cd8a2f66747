import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError } from '../shared/errors.ts';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { throttledLogin, type LoginLimiters } from '../auth/login-throttle.ts';
import { PlatformAdmin, type IPlatformAdmin } from './platform-admin.entity.ts';

/**
 * Named operator accounts. The configured ADMIN_TOKEN bootstraps a platform (and suits automation);
 * people sign in with their own account and get a short-lived admin token, so access can be given and
 * taken per person.
 */
export async function createPlatformAdmin(
  em: EntityManager,
  input: { email: string; password: string; name?: string | undefined },
): Promise<IPlatformAdmin> {
  const passwordHash = await hashPassword(input.password);
  try {
    const admin = em.create(PlatformAdmin, { email: input.email, passwordHash, name: input.name ?? null });
    await em.flush();
    return admin;
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException)
      throw new AppError('conflict', 'ADMIN_EXISTS', 'An admin with this e-mail already exists');
    throw err;
  }
}

export async function verifyPlatformAdmin(
  em: EntityManager,
  limits: LoginLimiters,
  input: { email: string; password: string; ip: string | undefined },
): Promise<IPlatformAdmin> {
  return throttledLogin(limits, `admin:${input.email}`, input.ip, async () => {
    const admin = await em.findOne(PlatformAdmin, { email: input.email });
    const ok = await verifyPassword(admin?.passwordHash ?? (await dummyHash()), input.password);
    if (!admin || !ok) throw new AppError('unauthenticated', 'INVALID_CREDENTIALS', 'Invalid e-mail or password');
    return admin;
  });
}

export function presentPlatformAdmin(a: IPlatformAdmin) {
  return { id: a.id, email: a.email, name: a.name ?? null, createdAt: a.createdAt.toISOString() };
}
