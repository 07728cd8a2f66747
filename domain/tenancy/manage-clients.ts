import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { Client, type Branding, type ClientSettings, type Feature, type IClient } from './client.entity.ts';

/** Platform-level client management (admin API and CLI). Clients are not tenant-scoped rows. */

export async function getClient(em: EntityManager, id: number): Promise<IClient> {
  const client = await em.findOne(Client, { id });
  if (!client) throw notFound('Client');
  return client;
}

export async function findClientBySlug(em: EntityManager, slug: string): Promise<IClient | null> {
  return em.findOne(Client, { slug });
}

export async function listClients(em: EntityManager, q: PageQuery & { search?: string }) {
  const where = q.search ? { $or: [{ slug: { $ilike: `%${q.search}%` } }, { name: { $ilike: `%${q.search}%` } }] } : {};
  const [items, total] = await em.findAndCount(Client, where, { orderBy: { id: 'asc' }, ...offsetOf(q) });
  return pageOf(items.map(presentClient), total, q);
}

export interface ClientPatch {
  name?: string;
  branding?: Branding;
  enabledFeatures?: Feature[];
  requiresVoucher?: boolean;
  isDefault?: boolean;
  settings?: ClientSettings;
  rateLimitPerMinute?: number | null;
}

/** A partial update; `branding` and `settings` are merged key by key so one colour can change alone. */
export async function updateClient(em: EntityManager, id: number, patch: ClientPatch): Promise<IClient> {
  const client = await getClient(em, id);
  if (patch.name !== undefined) client.name = patch.name;
  if (patch.branding) client.branding = { ...client.branding, ...patch.branding };
  if (patch.settings) client.settings = { ...client.settings, ...patch.settings };
  if (patch.enabledFeatures) client.enabledFeatures = [...new Set(patch.enabledFeatures)];
  if (patch.requiresVoucher !== undefined) client.requiresVoucher = patch.requiresVoucher;
  if (patch.isDefault !== undefined) client.isDefault = patch.isDefault;
  if (patch.rateLimitPerMinute !== undefined) client.rateLimitPerMinute = patch.rateLimitPerMinute;
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw new AppError('conflict', 'CLIENT_EXISTS', 'Another client is already the default');
    }
    throw err;
  }
  return client;
}

/** The operator's view of a client: everything, including settings. */
export function presentClient(c: IClient) {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    branding: c.branding,
    enabledFeatures: [...c.enabledFeatures],
    requiresVoucher: c.requiresVoucher,
    isDefault: c.isDefault,
    settings: c.settings,
    rateLimitPerMinute: c.rateLimitPerMinute ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
