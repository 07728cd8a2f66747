import { io as connect, type Socket } from 'socket.io-client';
import type { RunningNode } from '../../server/node.ts';
import { tenantScope } from '../../domain/shared/scope.ts';
import { signAccessToken } from '../../domain/auth/tokens.ts';
import { User } from '../../domain/identity/user.entity.ts';
import { Trainer } from '../../domain/identity/trainer.entity.ts';
import { Partner, PartnerStaff } from '../../domain/identity/partner.entity.ts';
import { uniqueEmail, type TestTenant } from './tenant.ts';

/**
 * Identities and tokens made straight in the database, so the socket tests do not depend on the auth
 * routes. The tokens are signed exactly as the auth routes sign them.
 */
export async function createUser(node: RunningNode, tenant: TestTenant, role: 'user' | 'trainer' = 'user') {
  const em = tenantScope(node.services.orm.em, tenant.id);
  const user = em.create(User, {
    clientId: tenant.id,
    email: uniqueEmail(role),
    passwordHash: 'x',
    name: role,
    role,
    profile: {},
    settings: {},
    coachId: null,
  });
  await em.flush();
  let trainerId: number | null = null;
  if (role === 'trainer') {
    const trainer = em.create(Trainer, {
      clientId: tenant.id,
      userId: user.id,
      name: 'Coach',
      email: null,
      bio: '',
      imageUrl: null,
      specialisations: [],
      isActive: true,
    });
    await em.flush();
    trainerId = trainer.id;
  }
  const token = await userToken(node, tenant.id, user.id, role);
  return { id: user.id, trainerId, token };
}

export function userToken(
  node: RunningNode,
  clientId: number,
  userId: number,
  role: 'user' | 'trainer' = 'user',
  now = new Date(),
) {
  return signAccessToken(node.services.tokens, { typ: 'user', sub: userId, cid: clientId, role }, now);
}

export async function createPartnerStaff(node: RunningNode, tenant: TestTenant) {
  const em = tenantScope(node.services.orm.em, tenant.id);
  const partner = em.create(Partner, { clientId: tenant.id, name: 'Gym' });
  await em.flush();
  const staff = em.create(PartnerStaff, {
    clientId: tenant.id,
    partnerId: partner.id,
    email: uniqueEmail('staff'),
    name: null,
    passwordHash: 'x',
    role: 'viewer',
  });
  await em.flush();
  const token = await signAccessToken(node.services.tokens, {
    typ: 'partner',
    sub: staff.id,
    cid: tenant.id,
    pid: partner.id,
  });
  return { partnerId: partner.id, staffId: staff.id, token };
}

const open: Socket[] = [];

/** A real socket.io-client socket; resolves on `connect`, rejects with the `connect_error` error. */
export function connectSocket(url: string, slug: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = connect(`${url}/clients/${slug}`, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The `data` of the refusal a handshake gets (`{ code, message }`); fails if the socket connects. */
export async function refusal(
  url: string,
  slug: string,
  auth: Record<string, unknown>,
): Promise<{ code?: string; message?: string; error: string }> {
  try {
    const socket = await connectSocket(url, slug, auth);
    socket.close();
  } catch (err) {
    const e = err as Error & { data?: { code: string; message: string } };
    return { ...e.data, error: e.message };
  }
  throw new Error('the handshake was accepted');
}

/** The next `event` on `socket`, or null after `ms` (to assert that nothing arrives). */
export function nextEvent<T = unknown>(socket: Socket, event: string, ms = 1000): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      resolve(null);
    }, ms);
    const on = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, on);
  });
}

export function closeSockets(): void {
  for (const s of open.splice(0)) s.close();
}
