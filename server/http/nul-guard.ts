import { AppError } from '../../domain/shared/errors.ts';

/**
 * PostgreSQL cannot store a NUL character in text or jsonb (the driver's message is refused outright), so a
 * NUL anywhere in a request is bad input, refused at the edge for every route and socket event alike.
 */
export function assertNoNul(value: unknown, location: string): void {
  const field = nulPath(value, []);
  if (field !== null) {
    throw new AppError('validation', 'VALIDATION_ERROR', `Invalid ${location}`, [
      { field: field || location, message: 'must not contain NUL characters', location },
    ]);
  }
}

function nulPath(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key].join('.');
    const found = nulPath(child, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}
