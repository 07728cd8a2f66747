import type { Request } from 'express';
import { AppError } from '../../domain/shared/errors.ts';
import { requestHash } from '../../domain/shared/idempotency.ts';

/**
 * `idempotency`: the route honours an `Idempotency-Key` header (1–200 visible ASCII characters): the first answer
 * per (client, user, key) is stored in the use case's transaction and replayed, same status and body, with
 * `Idempotent-Replayed: true`; a refusal (conflict, rule, not found) is stored too. The value names the request
 * kind in the stored hash, so one key cannot be replayed for another request. Such a route runs one use case.
 */
export type IdempotencyScope = 'book';

/**
 * `invalidates`: what the route changes that a node caches. `discover`: the cached content (discover sections and
 * the published catalogue the class lists are served from) of every tenant whose use case committed in this call;
 * `discover-all`: of every tenant (platform-wide categories).
 */
export type Invalidates = 'discover' | 'discover-all';

export interface IdempotentRequest {
  key: string;
  hash: string;
}

/** The Idempotency-Key of a request to an idempotent route, or null when the caller sent none. */
export function idempotentRequest(
  req: Request,
  scope: IdempotencyScope,
  input: { params: unknown; body: unknown },
): IdempotentRequest | null {
  const key = req.get('idempotency-key');
  if (key === undefined) return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new AppError('validation', 'VALIDATION_ERROR', 'Invalid Idempotency-Key header', [
      { field: 'Idempotency-Key', message: '1-200 visible ASCII characters', location: 'headers' },
    ]);
  }
  return { key, hash: requestHash([scope, ...Object.values(input.params ?? {}), input.body]) };
}
