import { createHash } from 'node:crypto';
import { requireUser, type Ctx } from './context.ts';
import { AppError, type ErrorKind } from './errors.ts';

/**
 * `Idempotency-Key` for routes declared with `idempotency` (today: booking): the first answer per (client, user, key) is stored and
 * replayed, same status and body. The key row is inserted first in the request's transaction, so a
 * concurrent retry waits on it and then reads the committed answer instead of booking again.
 */

export interface Answer<T> {
  replayed: boolean;
  status: number;
  body: T;
}

interface StoredError {
  kind: ErrorKind;
  code: string;
  message: string;
  details?: unknown;
}

export function requestHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

async function storedAnswer(ctx: Ctx, userId: number, key: string, hash: string): Promise<Answer<unknown> | null> {
  const [row] = await ctx.em.execute<{ request_hash: string; status_code: number; body: unknown }[]>(
    `select request_hash, status_code, body from booking_idempotency where client_id = ? and user_id = ? and key = ?`,
    [ctx.tenant.id, userId, key],
  );
  if (!row) return null;
  if (row.request_hash !== hash) {
    throw new AppError('rule', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
  }
  if (row.status_code >= 400) {
    const e = row.body as StoredError;
    throw new AppError(e.kind, e.code, e.message, e.details);
  }
  return { replayed: true, status: row.status_code, body: row.body };
}

/** Runs `fn` once per key inside the caller's transaction `tx`; a replay returns the stored answer. */
export async function once<T>(
  tx: Ctx,
  key: string,
  hash: string,
  status: number,
  fn: () => Promise<T>,
): Promise<Answer<T>> {
  const { userId } = requireUser(tx);
  const claimed = await tx.em.execute(
    `insert into booking_idempotency (client_id, user_id, key, request_hash, status_code, body) values (?, ?, ?, ?, 0, 'null'::jsonb)
     on conflict do nothing returning key`,
    [tx.tenant.id, userId, key, hash],
  );
  if (!claimed.length) return (await storedAnswer(tx, userId, key, hash)) as Answer<T>;
  const body = await fn();
  await tx.em.execute(
    `update booking_idempotency set status_code = ?, body = ?::jsonb where client_id = ? and user_id = ? and key = ?`,
    [status, JSON.stringify(body), tx.tenant.id, userId, key],
  );
  return { replayed: false, status, body };
}

/**
 * A refused first attempt (conflict, rule) is an answer too: stored after the rollback so a retry gets
 * the same refusal. A concurrent winner's row is left alone.
 */
export async function rememberRefusal(ctx: Ctx, key: string, hash: string, err: unknown): Promise<void> {
  if (!(err instanceof AppError) || !['conflict', 'rule', 'not_found'].includes(err.kind)) return;
  const { userId } = requireUser(ctx);
  const status = { conflict: 409, rule: 422, not_found: 404 }[err.kind as 'conflict' | 'rule' | 'not_found'];
  const body: StoredError = { kind: err.kind, code: err.code, message: err.message, details: err.details };
  await ctx.em.execute(
    `insert into booking_idempotency (client_id, user_id, key, request_hash, status_code, body) values (?, ?, ?, ?, ?, ?::jsonb)
     on conflict do nothing`,
    [ctx.tenant.id, userId, key, hash, status, JSON.stringify(body)],
  );
}

/** Looks up a stored answer before any work (cheap path for plain retries). */
export async function replayIfAnswered(ctx: Ctx, key: string, hash: string): Promise<Answer<unknown> | null> {
  return storedAnswer(ctx, requireUser(ctx).userId, key, hash);
}
