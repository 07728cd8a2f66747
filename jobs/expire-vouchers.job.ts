import { z } from 'zod';
import { defineJob } from './job.ts';
import { expireVouchers } from '../domain/identity/voucher-expiry.ts';

/** Every five minutes, vouchers past their expiry become expired (domain/identity/voucher-expiry.ts). */
export const expireVouchersJob = defineJob({
  name: 'expire-vouchers',
  schedule: '*/5 * * * *',
  payload: z.object({}),
  runForTenant: (ctx) => expireVouchers(ctx),
});
