import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { ZodError } from 'zod';
import { AppError, type ErrorKind } from '../../domain/shared/errors.ts';

/** The one table from error kind to HTTP status. Socket acks use the same codes without the status. */
export const statusOf: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media: 415,
  rule: 422,
  rate_limited: 429,
  unavailable: 503,
};

export interface PublicError {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Field errors in the shape the contract promises for 400s: `[{ field, message }]`. */
export function fieldErrors(error: ZodError, prefix?: string): Array<{ field: string; message: string }> {
  const field = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.') || (prefix ?? 'body');
  return error.issues.flatMap((i) =>
    // An unknown key is reported on the key itself, so the caller sees which name was not recognised.
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ field: field([...i.path, key]), message: `Unknown key "${key}"` }))
      : [{ field: field(i.path), message: i.message }],
  );
}

/**
 * The database cannot be reached or is restarting: connection refused/reset, `57P01`–`57P03` (admin shutdown,
 * crash shutdown, cannot connect now), class `08` (connection exceptions), too many connections, pool timeouts.
 * That is the service being unavailable for a moment, not a bug: 503, and the same request works again after it.
 */
const DB_UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const DB_UNAVAILABLE_TEXT =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|connection error|the database system is (starting up|shutting down|in recovery)|Connection is not open|ECONNREFUSED|ECONNRESET/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, sqlState, message } = e as { code?: unknown; sqlState?: unknown; message?: unknown };
    for (const c of [code, sqlState])
      if (typeof c === 'string' && (DB_UNAVAILABLE_CODES.has(c) || /^08...$/.test(c))) return true;
    if (typeof message === 'string' && DB_UNAVAILABLE_TEXT.test(message)) return true;
  }
  return false;
}

/** Maps anything thrown to what a caller may see. Unknown errors become a 500 with no internals. */
export function toPublicError(err: unknown): PublicError {
  if (err instanceof AppError) {
    return { status: statusOf[err.kind], code: err.code, message: err.message, details: err.details };
  }
  if (err instanceof ZodError) {
    return { status: 400, code: 'VALIDATION_ERROR', message: 'Invalid input', details: fieldErrors(err) };
  }
  // Constraint violations that domain code did not translate itself still answer as conflicts, not 500s.
  if (err instanceof UniqueConstraintViolationException) {
    return { status: 409, code: 'CONFLICT', message: 'A conflicting record already exists' };
  }
  if (err instanceof ForeignKeyConstraintViolationException) {
    return { status: 404, code: 'NOT_FOUND', message: 'A referenced record was not found' };
  }
  if (err instanceof CheckConstraintViolationException || err instanceof NotNullConstraintViolationException) {
    return { status: 400, code: 'VALIDATION_ERROR', message: 'Invalid input' };
  }
  const pgCode = (err as { code?: unknown } | null)?.code;
  if (pgCode === '23P01')
    return { status: 409, code: 'CONFLICT', message: 'The request conflicts with an existing record' };
  // Text PostgreSQL cannot store (a NUL character in text or jsonb) is the caller's input, whichever route took it.
  if (pgCode === '22021' || pgCode === '22P05') {
    return {
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'The input contains characters that cannot be stored (e.g. NUL)',
    };
  }
  if (isDatabaseUnavailable(err))
    return {
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database is unavailable for a moment; try again shortly',
    };
  return { status: 500, code: 'INTERNAL_ERROR', message: 'Internal server error' };
}
