import type { Ctx } from '../shared/context.ts';
import { notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { Partner } from '../identity/partner.entity.ts';
import { partnerCaller } from './partner-access.ts';
import { PartnerProduct, type IPartnerProduct } from './partner-product.entity.ts';

export interface ProductInput {
  name: string;
  description?: string;
  url: string;
  imageUrl?: string | null;
  priceLabel?: string | null;
}

/** Affiliate products: the owner writes, any staff member reads, only the caller's partner's rows. */

export async function listPartnerProducts(ctx: Ctx, q: PageQuery) {
  const { partnerId } = await partnerCaller(ctx);
  const [items, total] = await ctx.em.findAndCount(
    PartnerProduct,
    { partnerId },
    { orderBy: { id: 'asc' }, ...offsetOf(q) },
  );
  return pageOf(items.map(presentProduct), total, q);
}

export async function getPartnerProduct(ctx: Ctx, productId: number): Promise<IPartnerProduct> {
  const { partnerId } = await partnerCaller(ctx);
  return ownProduct(ctx, partnerId, productId);
}

export async function createPartnerProduct(ctx: Ctx, input: ProductInput): Promise<IPartnerProduct> {
  const { partnerId } = await partnerCaller(ctx, 'write');
  const product = ctx.em.create(PartnerProduct, {
    clientId: ctx.tenant.id,
    partnerId,
    name: input.name,
    description: input.description ?? '',
    url: input.url,
    imageUrl: input.imageUrl ?? null,
    priceLabel: input.priceLabel ?? null,
  });
  await ctx.em.flush();
  return product;
}

export async function updatePartnerProduct(
  ctx: Ctx,
  productId: number,
  input: Partial<ProductInput>,
): Promise<IPartnerProduct> {
  const { partnerId } = await partnerCaller(ctx, 'write');
  const product = await ownProduct(ctx, partnerId, productId);
  ctx.em.assign(product, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
  await ctx.em.flush();
  return product;
}

export async function deletePartnerProduct(ctx: Ctx, productId: number): Promise<void> {
  const { partnerId } = await partnerCaller(ctx, 'write');
  const deleted = await ctx.em.nativeDelete(PartnerProduct, { id: productId, partnerId });
  if (deleted === 0) throw notFound('Product');
}

async function ownProduct(ctx: Ctx, partnerId: number, productId: number): Promise<IPartnerProduct> {
  const product = await ctx.em.findOne(PartnerProduct, { id: productId, partnerId });
  if (!product) throw notFound('Product');
  return product;
}

/** What the app shows: every partner's products of the key's client, with the partner's name. */
export async function listClientProducts(ctx: Ctx, q: PageQuery) {
  const [items, total] = await ctx.em.findAndCount(PartnerProduct, {}, { orderBy: { id: 'asc' }, ...offsetOf(q) });
  const partners = items.length
    ? await ctx.em.find(
        Partner,
        { id: { $in: [...new Set(items.map((p) => p.partnerId))] } },
        { fields: ['id', 'name'] },
      )
    : [];
  const nameOf = new Map(partners.map((p) => [p.id, p.name]));
  return pageOf(
    items.map((p) => ({ ...presentProduct(p), partner: { id: p.partnerId, name: nameOf.get(p.partnerId) ?? '' } })),
    total,
    q,
  );
}

export function presentProduct(p: IPartnerProduct) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    url: p.url,
    imageUrl: p.imageUrl ?? null,
    priceLabel: p.priceLabel ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
