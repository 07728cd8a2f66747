import type { z } from 'zod';

/**
 * Validates a library's raw rows one by one so a bad entry fails loudly at load, naming its id and the
 * offending field, instead of surfacing later as a strange plan. Duplicate ids are refused too: plans and
 * progress logs refer to entries by id.
 */
export function loadEntries<S extends z.ZodType<{ id: string }>>(
  library: string,
  schema: S,
  rows: readonly unknown[],
): z.output<S>[] {
  const seen = new Set<string>();
  return rows.map((row, index) => {
    const id = typeof row === 'object' && row !== null && 'id' in row ? String(row.id) : `#${index}`;
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
      throw new Error(`Invalid ${library} entry "${id}": ${problems}`);
    }
    if (seen.has(parsed.data.id)) throw new Error(`Duplicate ${library} id "${parsed.data.id}"`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

/** Stable, URL-safe ids: lower-case words joined by single hyphens. */
export const KEBAB_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
