import { AppError } from '../domain/shared/errors.ts';
import { findJob } from './registry.ts';

/**
 * A manual run's payload (admin API `input`, CLI flags such as `--month`), checked by the job's own schema
 * before anything runs, so bad input is a 400 naming the field rather than a failed run.
 */
export function jobInput(name: string, input: Record<string, unknown> | undefined): unknown {
  const job = findJob(name);
  if (!job) throw new AppError('not_found', 'JOB_NOT_FOUND', `No job named "${name}"`);
  const parsed = job.payload.safeParse(input ?? {});
  if (!parsed.success) {
    throw new AppError('validation', 'VALIDATION_ERROR', 'Invalid job input',
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, location: 'body' })));
  }
  return parsed.data;
}
