/**
 * The one error type domain code throws. `kind` says what went wrong in domain terms; the edges
 * (HTTP, socket acks, jobs) turn a kind into a status in one table (server/http/error-map.ts).
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'rule'
  | 'payload_too_large'
  | 'unsupported_media'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: unknown;

  constructor(kind: ErrorKind, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new AppError('not_found', 'NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'Not allowed', code = 'FORBIDDEN') => new AppError('forbidden', code, message);
export const unauthenticated = (message = 'Authentication required', code = 'UNAUTHORIZED') =>
  new AppError('unauthenticated', code, message);
