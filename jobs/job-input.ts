import { AppError } from '../domain/shared/errors.ts';
import { fieldErrors } from '../server/http/error-map.ts';
import { findJob } from './registry.ts';
import { strictInput } from '../server/http/strict.ts';

/**
 * A manual run's payload (admin API `input`, CLI flags such as `--month`), checked by the job's own schema
 * before anything runs, so bad input is a 400 naming the field rather than a failed run.
 */
export function jobInput(name: string, input: Record<string, unknown> | undefined): unknown {
  const job = findJob(name);
  if (!job) throw new AppError('not_found', 'JOB_NOT_FOUND', `No job named "${name}"`);
  // Strict like every input: a mistyped option is refused, not silently replaced by its default.
  const parsed = strictInput(job.payload).safeParse(input ?? {});
  if (!parsed.success) {
    throw new AppError(
      'validation',
      'VALIDATION_ERROR',
      'Invalid job input',
      fieldErrors(parsed.error).map((e) => ({ ...e, location: 'body' })),
    );
  }
  return parsed.data;
}
