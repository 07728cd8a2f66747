import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { hashPassword } from '../auth/passwords.ts';
import { Partner, PartnerStaff, type IPartner, type IPartnerStaff, type PartnerRole } from './partner.entity.ts';

/** Partners (companies that hand out vouchers) of the context's client, and their staff accounts. */

export async function createPartner(ctx: Ctx, input: { name: string }): Promise<IPartner> {
  const partner = ctx.em.create(Partner, { clientId: ctx.tenant.id, name: input.name });
  await ctx.em.flush();
  return partner;
}

export async function listPartners(ctx: Ctx, q: PageQuery) {
  const [items, total] = await ctx.em.findAndCount(Partner, {}, { orderBy: { id: 'asc' }, ...offsetOf(q) });
  return pageOf(items.map(presentPartner), total, q);
}

/** Another client's partner is not found here: the tenant filter hides it. */
export async function getPartner(ctx: Ctx, partnerId: number): Promise<IPartner> {
  const partner = await ctx.em.findOne(Partner, { id: partnerId });
  if (!partner) throw notFound('Partner');
  return partner;
}

export interface NewStaff {
  email: string;
  password: string;
  name?: string | null;
  role?: PartnerRole;
}

/** Staff sign in without an API key, so the e-mail is unique across the platform (409 otherwise). */
export async function createPartnerStaff(ctx: Ctx, partnerId: number, input: NewStaff): Promise<IPartnerStaff> {
  // Hash before the first query, so the (slow, deliberately) hash never holds a transaction open.
  const passwordHash = await hashPassword(input.password);
  const partner = await getPartner(ctx, partnerId);
  const staff = ctx.em.create(PartnerStaff, {
    clientId: ctx.tenant.id,
    partnerId: partner.id,
    email: input.email.toLowerCase(),
    name: input.name ?? null,
    passwordHash,
    role: input.role ?? 'viewer',
  });
  try {
    await ctx.em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw new AppError('conflict', 'STAFF_EXISTS', 'A partner staff account with this e-mail already exists');
    }
    throw err;
  }
  return staff;
}

export async function listPartnerStaff(ctx: Ctx, partnerId: number): Promise<IPartnerStaff[]> {
  const partner = await getPartner(ctx, partnerId);
  return ctx.em.find(PartnerStaff, { partnerId: partner.id }, { orderBy: { id: 'asc' } });
}

export function presentPartner(p: IPartner) {
  return { id: p.id, clientId: p.clientId, name: p.name, createdAt: p.createdAt.toISOString() };
}

export function presentStaff(s: IPartnerStaff) {
  return {
    id: s.id,
    partnerId: s.partnerId,
    email: s.email,
    name: s.name,
    role: s.role,
    createdAt: s.createdAt.toISOString(),
    deactivatedAt: s.deactivatedAt?.toISOString() ?? null,
  };
}
