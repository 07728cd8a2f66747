import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppError } from '../../domain/shared/errors.ts';
import type { Services } from '../services.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * /metrics and /health/detailed tell a stranger a lot (routes, load, versions, dependency errors). In
 * production they need `Authorization: Bearer <METRICS_TOKEN>` (what a Prometheus scrape config sends) or the
 * platform admin token (as a bearer or X-Admin-Token); in development and test they stay open.
 */
export function assertOpsAccess(services: Services, req: Request): void {
  const { env, metricsToken, adminToken } = services.config;
  if (env !== 'production') return;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  const admin = req.get('x-admin-token');
  const accepted = [metricsToken, adminToken].filter((t): t is string => Boolean(t));
  const ok = accepted.some(
    (t) =>
      (bearer !== undefined && same(bearer, t)) ||
      (admin !== undefined && adminToken !== undefined && same(admin, adminToken)),
  );
  if (!ok)
    throw new AppError(
      'unauthenticated',
      'UNAUTHORIZED',
      'This endpoint needs the metrics token (Authorization: Bearer) in production',
    );
}
