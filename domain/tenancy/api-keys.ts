import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../auth/tokens.ts';
import { AppError } from '../shared/errors.ts';
import { ApiKey, type IApiKey } from './api-key.entity.ts';

/**
 * API keys look like `stv_<kind>_<prefix>_<secret>`. The prefix stays visible in listings so an
 * operator can tell keys apart; the full key is returned once and only its SHA-256 is stored (the
 * secret has 256 bits of entropy, so a slow hash would add cost without adding safety).
 */
export function generateApiKey(kind: 'client' | 'universal'): { key: string; prefix: string; hash: string } {
  const prefix = `stv_${kind === 'client' ? 'ck' : 'uk'}_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: sha256(key) };
}

export interface IssuedKey {
  apiKey: IApiKey;
  /** The secret, shown once. */
  key: string;
}

export async function issueApiKey(
  em: EntityManager,
  input: { clientId: number | null; name?: string; rotatedFromId?: number },
): Promise<IssuedKey> {
  const kind = input.clientId === null ? 'universal' : 'client';
  const { key, prefix, hash } = generateApiKey(kind);
  const apiKey = em.create(ApiKey, {
    clientId: input.clientId,
    kind,
    name: input.name ?? 'default',
    prefix,
    keyHash: hash,
    rotatedFromId: input.rotatedFromId ?? null,
  });
  await em.flush();
  return { apiKey, key };
}

/** Rotation issues a new key and revokes the old one in one transaction. */
export async function rotateApiKey(em: EntityManager, keyId: number, clientId: number | null): Promise<IssuedKey> {
  return em.transactional(async (tx) => {
    const old = await tx.findOne(ApiKey, { id: keyId, clientId, revokedAt: null });
    if (!old) throw new AppError('not_found', 'NOT_FOUND', 'API key not found');
    old.revokedAt = new Date();
    return issueApiKey(tx as EntityManager, { clientId, name: old.name, rotatedFromId: old.id });
  });
}

export async function revokeApiKey(em: EntityManager, keyId: number, clientId: number | null): Promise<IApiKey> {
  const key = await em.findOne(ApiKey, { id: keyId, clientId });
  if (!key) throw new AppError('not_found', 'NOT_FOUND', 'API key not found');
  key.revokedAt ??= new Date();
  await em.flush();
  return key;
}

export function presentApiKey(k: IApiKey) {
  return {
    id: k.id,
    clientId: k.clientId,
    kind: k.kind,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
