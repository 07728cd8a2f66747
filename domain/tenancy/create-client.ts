import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AppError } from '../shared/errors.ts';
import { Client, type Branding, type ClientSettings, type Feature, type IClient } from './client.entity.ts';
import { issueApiKey, type IssuedKey } from './api-keys.ts';

export interface NewClient {
  slug: string;
  name: string;
  branding?: Branding;
  enabledFeatures?: Feature[];
  requiresVoucher?: boolean;
  isDefault?: boolean;
  settings?: ClientSettings;
}

/** Creates a tenant and its first API key in one transaction. The key's secret is in the result, once. */
export async function createClient(em: EntityManager, input: NewClient): Promise<{ client: IClient; key: IssuedKey }> {
  try {
    return await em.transactional(async (tx) => {
      const client = tx.create(Client, {
        slug: input.slug,
        name: input.name,
        branding: input.branding ?? {},
        enabledFeatures: input.enabledFeatures ?? [
          'classes',
          'live_classes',
          'workout_builder',
          'nutrition',
          'coach_connect',
          'ai_coach',
        ],
        requiresVoucher: input.requiresVoucher ?? false,
        isDefault: input.isDefault ?? false,
        settings: input.settings ?? {},
      });
      await tx.flush();
      const key = await issueApiKey(tx as EntityManager, { clientId: client.id, name: 'default' });
      return { client, key };
    });
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      const which = String(err.message).includes('clients_one_default')
        ? 'Another client is already the default'
        : `A client with slug "${input.slug}" already exists`;
      throw new AppError('conflict', 'CLIENT_EXISTS', which);
    }
    throw err;
  }
}
