import type { Socket } from 'socket.io-client';
import type { RunningNode } from '../../server/node.ts';
import { tenantScope } from '../../domain/shared/scope.ts';
import { ContentClass } from '../../domain/content/class.entity.ts';
import type { TestTenant } from './tenant.ts';

/** A published on-demand class, inserted through the content entity in the tenant's scope. */
export async function createClass(
  node: RunningNode,
  tenant: TestTenant,
  input: { durationSeconds?: number; name?: string } = {},
) {
  const em = tenantScope(node.services.orm.em, tenant.id);
  const cls = em.create(ContentClass, {
    clientId: tenant.id,
    name: input.name ?? 'Morning Flow',
    description: '',
    thumbnailUrl: null,
    durationSeconds: input.durationSeconds ?? 1000,
    intensity: 'low',
    isPremium: false,
    trainerId: null,
    categoryId: null,
    kind: 'on_demand',
    videoProvider: null,
    videoAssetId: null,
    isFeatured: false,
    publishedAt: new Date(Date.now() - 60_000),
    scheduledAt: null,
    status: null,
    capacity: null,
    startedAt: null,
    endedAt: null,
  });
  await em.flush();
  return cls;
}

/** Emits with an ack and resolves with the ack. */
export function emitAck<T = any>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve) => socket.emit(event, payload, (ack: T) => resolve(ack)));
}

/** Every `event` a socket receives until `ms` have passed. */
export async function collect<T = unknown>(socket: Socket, event: string, ms: number): Promise<T[]> {
  const seen: T[] = [];
  const on = (p: T) => seen.push(p);
  socket.on(event, on);
  await new Promise((r) => setTimeout(r, ms));
  socket.off(event, on);
  return seen;
}

/** A scheduled live class of a trainer (what the admin content API schedules). */
export async function createLiveClass(
  node: RunningNode,
  tenant: TestTenant,
  input: { trainerId: number | null; capacity?: number | null; scheduledAt?: Date; durationSeconds?: number },
) {
  const em = tenantScope(node.services.orm.em, tenant.id);
  const cls = em.create(ContentClass, {
    clientId: tenant.id,
    name: 'Live HIIT',
    description: '',
    thumbnailUrl: null,
    durationSeconds: input.durationSeconds ?? 1800,
    intensity: 'high',
    isPremium: false,
    trainerId: input.trainerId,
    categoryId: null,
    kind: 'live',
    videoProvider: null,
    videoAssetId: null,
    isFeatured: false,
    publishedAt: new Date(Date.now() - 60_000),
    scheduledAt: input.scheduledAt ?? new Date(Date.now() + 3600_000),
    status: 'scheduled',
    capacity: input.capacity ?? null,
    startedAt: null,
    endedAt: null,
  });
  await em.flush();
  return cls;
}
