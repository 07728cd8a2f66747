import { randomBytes } from 'node:crypto';
import type { RunningNode } from '../../server/node.ts';
import { createClient, type NewClient } from '../../domain/tenancy/create-client.ts';
import { platformEm } from '../../server/db/orm.ts';

export interface TestTenant {
  id: number;
  slug: string;
  apiKey: string;
}

/** Every test builds the tenant it needs, with a unique slug, so tests never share data. */
export async function createTenant(node: RunningNode, input: Partial<NewClient> = {}): Promise<TestTenant> {
  const slug = input.slug ?? `t-${randomBytes(5).toString('hex')}`;
  const { client, key } = await createClient(platformEm(node.services.orm), { name: `Tenant ${slug}`, ...input, slug });
  return { id: client.id, slug: client.slug, apiKey: key.key };
}

export function uniqueEmail(tag = 'user'): string {
  return `${tag}-${randomBytes(5).toString('hex')}@example.com`;
}
