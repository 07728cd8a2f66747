import { randomBytes } from 'node:crypto';
import type { RunningNode } from '../../server/node.ts';
import { tenantScope } from '../../domain/shared/scope.ts';
import { hashPassword } from '../../domain/auth/passwords.ts';
import { Voucher, type VoucherStatus } from '../../domain/identity/voucher.entity.ts';
import { Partner, PartnerStaff } from '../../domain/identity/partner.entity.ts';
import { Trainer, TrainerInvite } from '../../domain/identity/trainer.entity.ts';
import { issueApiKey } from '../../domain/tenancy/api-keys.ts';
import { platformEm } from '../../server/db/orm.ts';
import type { TestTenant } from './tenant.ts';

/** Identities for auth tests, inserted through the entities in the tenant's scope (not the admin API). */

const em = (node: RunningNode, tenant: TestTenant) => tenantScope(node.services.orm.em, tenant.id);

export function uniqueCode(prefix = 'T'): string {
  return `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

export async function createPartner(node: RunningNode, tenant: TestTenant, name = 'Acme Corp') {
  const scoped = em(node, tenant);
  const partner = scoped.create(Partner, { clientId: tenant.id, name });
  await scoped.flush();
  return partner;
}

export async function createVoucher(
  node: RunningNode,
  tenant: TestTenant,
  input: { code?: string; status?: VoucherStatus; expiresAt?: Date | null; partnerId?: number | null } = {},
) {
  const scoped = em(node, tenant);
  const status = input.status ?? 'active';
  const voucher = scoped.create(Voucher, {
    clientId: tenant.id,
    partnerId: input.partnerId ?? null,
    code: input.code ?? uniqueCode('V'),
    status,
    expiresAt: input.expiresAt ?? null,
    redeemedAt: status === 'redeemed' ? new Date() : null,
    revokedAt: status === 'revoked' ? new Date() : null,
  });
  await scoped.flush();
  return voucher;
}

export async function createTrainer(
  node: RunningNode,
  tenant: TestTenant,
  input: { name?: string; isActive?: boolean } = {},
) {
  const scoped = em(node, tenant);
  const trainer = scoped.create(Trainer, {
    clientId: tenant.id,
    name: input.name ?? 'Coach Carter',
    bio: '',
    specialisations: [],
    isActive: input.isActive ?? true,
  });
  await scoped.flush();
  return trainer;
}

export async function createInvite(
  node: RunningNode,
  tenant: TestTenant,
  trainerId: number,
  input: { code?: string; expiresAt?: Date | null; status?: 'active' | 'used' | 'revoked' | 'expired' } = {},
) {
  const scoped = em(node, tenant);
  const invite = scoped.create(TrainerInvite, {
    clientId: tenant.id,
    trainerId,
    code: input.code ?? uniqueCode('INV'),
    status: input.status ?? 'active',
    expiresAt: input.expiresAt ?? null,
  });
  await scoped.flush();
  return invite;
}

export async function createStaff(
  node: RunningNode,
  tenant: TestTenant,
  partnerId: number,
  input: { email: string; password: string },
) {
  const scoped = em(node, tenant);
  const staff = scoped.create(PartnerStaff, {
    clientId: tenant.id,
    partnerId,
    email: input.email,
    name: 'Pat Partner',
    passwordHash: await hashPassword(input.password),
    role: 'owner',
  });
  await scoped.flush();
  return staff;
}

/** A universal key (no client): one app binary serving many clients. */
export async function createUniversalKey(node: RunningNode): Promise<string> {
  return (await issueApiKey(platformEm(node.services.orm), { clientId: null, name: 'test-universal' })).key;
}
