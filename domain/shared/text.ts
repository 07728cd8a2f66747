import { z } from 'zod';

/**
 * One line a person typed (names, titles, search terms, short notes): trimmed, bounded, and free of control
 * characters. NUL is refused for every input at the edge (server/http/nul-guard.ts); this also keeps tabs,
 * newlines and escapes out of values shown on one line.
 */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/\p{Cc}/u.test(s), 'must not contain control characters');
