import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sha256 } from '../auth/tokens.ts';
import { AppError } from '../shared/errors.ts';
import { ApiKey } from './api-key.entity.ts';
import { Client } from './client.entity.ts';
import type { IssuedKey } from './api-keys.ts';

/**
 * Agent keys let a voice agent (a trusted backend, not an app) open a socket and act for users of one
 * client. They live in `api_keys` with kind 'agent' (migration 0004) so rotation, revocation and
 * last-used tracking work as for client keys; they are only accepted as `agentKey` in a socket handshake.
 */

export function generateAgentKey(): { key: string; prefix: string; hash: string } {
  const prefix = `stv_ak_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: sha256(key) };
}

export async function issueAgentKey(em: EntityManager, input: { clientId: number; name?: string }): Promise<IssuedKey> {
  const client = await em.findOne(Client, { id: input.clientId });
  if (!client) throw new AppError('not_found', 'NOT_FOUND', 'Client not found');
  const { key, prefix, hash } = generateAgentKey();
  const apiKey = em.create(ApiKey, {
    clientId: client.id,
    kind: 'agent',
    name: input.name ?? 'agent',
    prefix,
    keyHash: hash,
    rotatedFromId: null,
  });
  await em.flush();
  return { apiKey, key };
}

/** The live agent key behind a secret, or INVALID_AGENT_KEY; never reveals whether it was revoked. */
export async function resolveAgentKey(em: EntityManager, secret: string): Promise<{ keyId: number; clientId: number }> {
  const invalid = new AppError('unauthenticated', 'INVALID_AGENT_KEY', 'Invalid agent key');
  if (secret.length > 200) throw invalid;
  const key = await em.findOne(ApiKey, { keyHash: sha256(secret) });
  if (!key || key.revokedAt || key.kind !== 'agent' || key.clientId == null) throw invalid;
  return { keyId: key.id, clientId: key.clientId };
}
