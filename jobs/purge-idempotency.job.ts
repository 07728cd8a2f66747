import { z } from 'zod';
import { defineJob } from './job.ts';
import { purgeIdempotencyKeys } from '../domain/shared/idempotency-retention.ts';

/** Booking Idempotency-Keys are honoured for 24 h; older stored answers are deleted once an hour. */
export const purgeIdempotencyJob = defineJob({
  name: 'purge-idempotency',
  schedule: '17 * * * *',
  payload: z.object({}),
  async runForTenant(ctx) {
    return { purged: await purgeIdempotencyKeys(ctx) };
  },
});
