import { z } from 'zod';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../domain/shared/errors.ts';
import type { Tenant } from '../domain/shared/context.ts';
import { tenantOf, tenantScope, unscoped } from '../domain/shared/scope.ts';
import { accountOfClaims } from '../domain/auth/tokens.ts';
import { Client } from '../domain/tenancy/client.entity.ts';
import { resolveAgentKey } from '../domain/tenancy/agent-keys.ts';
import { Trainer } from '../domain/identity/trainer.entity.ts';
import { assertTokenMatchesKey, resolveApiKey, verifyBearer } from '../server/http/request-auth.ts';
import type { Services } from '../server/services.ts';
import { NAMESPACE_PREFIX, room, type SocketData } from './events.ts';

const credential = z.string().min(1).max(4096);
const authSchema = z.object({
  apiKey: credential.optional(),
  token: credential.optional(),
  partnerToken: credential.optional(),
  agentKey: credential.optional(),
});

/**
 * Concurrent calls with the same key share one in-flight lookup (nothing is kept after it settles, so nothing goes
 * stale). When a node dies, its sockets reconnect to the others all at once, mostly into the same few tenants with
 * the same app key: without this, each of hundreds of handshakes ran the same two or three queries.
 */
function singleFlight<V>(fn: (key: string) => Promise<V>): (key: string) => Promise<V> {
  const inFlight = new Map<string, Promise<V>>();
  return (key) => {
    let p = inFlight.get(key);
    if (!p) {
      p = fn(key).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  };
}

const mismatch = (what: string) =>
  new AppError('unauthenticated', 'TENANT_MISMATCH', `This ${what} does not belong to the client of this namespace`);

/** The tenant behind `/clients/<slug>`, or UNKNOWN_CLIENT. */
export async function tenantOfNamespace(em: EntityManager, nspName: string): Promise<Tenant> {
  const client = await em.findOne(Client, { slug: nspName.slice(NAMESPACE_PREFIX.length) });
  if (!client) throw new AppError('not_found', 'UNKNOWN_CLIENT', 'No client has this namespace');
  return tenantOf(client);
}

/** `tenantOfNamespace` for handshakes: one query for a burst of handshakes into the same namespace (a node part). */
export function handshakeTenant(services: Services, nspName: string): Promise<Tenant> {
  const lookups = services.handshakeLookups;
  lookups.tenant ??= singleFlight((name) =>
    tenantOfNamespace(unscoped(services.orm.em, 'socket handshake: the namespace names the tenant'), name),
  );
  return lookups.tenant(nspName);
}

/** The handshake's API key, one lookup for a burst of handshakes with the same key (read only: ids and kind). */
function handshakeKey(services: Services, header: string | undefined): ReturnType<typeof resolveApiKey> {
  if (header === undefined) return resolveApiKey(services, null, header);
  const lookups = services.handshakeLookups;
  lookups.key ??= singleFlight((h) => resolveApiKey(services, null, h));
  return lookups.key(header);
}

/**
 * Decides who a socket is and which rooms it joins. Key, token and namespace must all belong to the
 * same client, otherwise the handshake is refused as a whole: nothing is joined before this returns.
 */
export async function authenticateHandshake(
  services: Services,
  tenant: Tenant,
  rawAuth: unknown,
): Promise<{ data: SocketData; rooms: string[] }> {
  const parsed = authSchema.safeParse(rawAuth ?? {});
  if (!parsed.success)
    throw new AppError(
      'unauthenticated',
      'INVALID_CREDENTIALS',
      'Handshake auth must be an object of string credentials',
    );
  const auth = parsed.data;
  const em = unscoped(services.orm.em, 'socket handshake: the API key names the tenant');

  if (auth.partnerToken) {
    // Partner staff connect without an API key, as they do on REST.
    const claims = await verifyBearer(services, auth.partnerToken);
    if (claims.typ !== 'partner') throw new AppError('unauthenticated', 'INVALID_TOKEN', 'A partner token is required');
    if (claims.cid !== tenant.id) throw mismatch('token');
    const session = { account: accountOfClaims(claims), sid: claims.sid, iat: claims.iat };
    return {
      data: {
        tenant,
        identity: { kind: 'partner_staff', staffId: claims.sub, partnerId: claims.pid },
        expiresAt: claims.exp,
        session,
      },
      rooms: [room.partner(claims.pid)],
    };
  }

  const key = await handshakeKey(services, auth.apiKey);
  if (key.kind === 'client' && key.client.id !== tenant.id) throw mismatch('API key');

  if (auth.agentKey) {
    const agent = await resolveAgentKey(em, auth.agentKey);
    if (agent.clientId !== tenant.id) throw mismatch('agent key');
    // An agent acts per call for the voice session it names; its one room is where it hears of chats waiting for it.
    return {
      data: { tenant, identity: { kind: 'agent', agentKeyId: agent.keyId }, expiresAt: null, session: null },
      rooms: [room.agents()],
    };
  }

  if (!auth.token) throw new AppError('unauthenticated', 'UNAUTHORIZED', 'A user token is required');
  // Verified and checked against revocations; the expiry ends the socket with the token.
  const claims = await verifyBearer(services, auth.token);
  if (claims.typ !== 'user') throw new AppError('unauthenticated', 'INVALID_TOKEN', 'A user token is required');
  if (claims.cid !== tenant.id) throw mismatch('token');
  assertTokenMatchesKey(claims, key); // the REST rule, kept as the last word (a universal key passes)

  let trainerId: number | null = null;
  if (claims.role === 'trainer') {
    const trainer = await tenantScope(services.orm.em, tenant.id).findOne(Trainer, { userId: claims.sub });
    trainerId = trainer?.id ?? null;
  }
  const rooms = [room.user(claims.sub), ...(trainerId === null ? [] : [room.trainer(trainerId)])];
  return {
    data: {
      tenant,
      identity: { kind: 'user', userId: claims.sub, role: claims.role, trainerId },
      expiresAt: claims.exp,
      session: { account: accountOfClaims(claims), sid: claims.sid, iat: claims.iat },
    },
    rooms,
  };
}
