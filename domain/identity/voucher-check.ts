import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, type IClient } from '../tenancy/client.entity.ts';
import { presentBranding } from '../tenancy/clients.ts';
import { Partner, type IPartner } from './partner.entity.ts';
import { Voucher, type IVoucher, type VoucherStatus } from './voucher.entity.ts';

export interface VoucherCheck {
  voucher: IVoucher | null;
  /** The status as of now: an active voucher past its expiry is `expired` even before the job marks it. */
  status: VoucherStatus | null;
  valid: boolean;
  partner: IPartner | null;
  client: IClient | null;
}

/**
 * Looks a code up without redeeming it. `em` decides the reach: tenant-scoped under a client key (so
 * another client's code is simply unknown), unscoped for the universal key and the deep link, where the
 * code itself names the client (codes are unique platform-wide).
 */
export async function checkVoucher(
  em: EntityManager,
  platform: EntityManager,
  code: string,
  now = new Date(),
): Promise<VoucherCheck> {
  const voucher = await em.findOne(Voucher, { code });
  if (!voucher) return { voucher: null, status: null, valid: false, partner: null, client: null };
  const expired = voucher.status === 'active' && voucher.expiresAt != null && voucher.expiresAt <= now;
  const status: VoucherStatus = expired ? 'expired' : voucher.status;
  const partner =
    voucher.partnerId == null ? null : await em.findOne(Partner, { id: voucher.partnerId, clientId: voucher.clientId });
  const client = await platform.findOne(Client, { id: voucher.clientId });
  return { voucher, status, valid: status === 'active', partner, client };
}

/** The client behind a code, for registration under the universal key (null when the code is unknown). */
export async function clientOfVoucher(unscoped: EntityManager, code: string): Promise<number | null> {
  const voucher = await unscoped.findOne(Voucher, { code }, { fields: ['clientId'] });
  return voucher?.clientId ?? null;
}

export function presentVoucherCheck(check: VoucherCheck, code: string, fallbackClient: IClient | null) {
  const client = check.client ?? fallbackClient;
  return {
    valid: check.valid,
    code,
    status: check.status,
    partner: check.partner ? { id: check.partner.id, name: check.partner.name } : null,
    client: client ? { id: client.id, slug: client.slug, name: client.name, branding: presentBranding(client) } : null,
  };
}
