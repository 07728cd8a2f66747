import type { RunningNode } from '../../server/node.ts';
import { platformEm } from '../../server/db/orm.ts';
import type { TestTenant } from './tenant.ts';
import { createPartnerStaff, createUser } from './realtime.ts';
import { createVoucher } from './identities.ts';
import { createClass } from './viewing.ts';

/** Fixtures for the usage, analytics and billing tests: partner members and usage rows written straight in. */
export function usageFixtures(node: RunningNode) {
  const sql = (q: string, params: unknown[] = []): Promise<any[]> => platformEm(node.services.orm).execute(q, params);
  return {
    sql,
    /** A partner with a signed-in staff member (token) of `tenant`. */
    partner: (tenant: TestTenant) => createPartnerStaff(node, tenant),
    /** A user who joined through a voucher of the partner at `joinedAt`. */
    async member(tenant: TestTenant, partnerId: number, joinedAt = new Date(Date.now() - 90 * 86_400_000)) {
      const user = await createUser(node, tenant);
      const voucher = await createVoucher(node, tenant, { partnerId, status: 'redeemed' });
      await sql(`update vouchers set redeemed_by_user_id = ?, redeemed_at = ? where id = ?`, [
        user.id,
        joinedAt,
        voucher.id,
      ]);
      return { ...user, voucherId: voucher.id, voucherCode: voucher.code };
    },
    classOf: (tenant: TestTenant, name = 'Morning Flow') => createClass(node, tenant, { name }),
    /** Usage seconds at an instant (its quarter hour). */
    usage: (
      tenant: TestTenant,
      userId: number,
      input: { kind?: string; classId?: number; at: Date; seconds: number },
    ) =>
      sql(
        `insert into usage_records (client_id, user_id, kind, subject_id, bucket, seconds)
           values (?, ?, ?, ?, date_bin('15 minutes', ?::timestamptz, timestamptz '2000-01-01 00:00:00+00'), ?)
           on conflict (client_id, user_id, kind, subject_id, bucket) do update set seconds = usage_records.seconds + excluded.seconds`,
        [tenant.id, userId, input.kind ?? 'watch', input.classId ?? 0, input.at, input.seconds],
      ),
  };
}
