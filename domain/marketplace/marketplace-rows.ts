import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { pageRows, type PageQuery } from '../shared/pagination.ts';

/**
 * Row readers shared by the marketplace use cases. The marketplace reads and writes with SQL (the
 * invariants live in constraints and single statements), so every query here names `client_id`
 * explicitly: the ORM's tenant filter does not reach raw SQL.
 */

export interface TrainerRow {
  id: number;
  user_id: number | null;
  name: string;
  bio: string;
  image_url: string | null;
  specialisations: string[];
  is_active: boolean;
}

export interface ServiceRow {
  id: number;
  trainer_id: number;
  name: string;
  description: string;
  duration_minutes: number;
  price_minor: number;
  currency: string;
  is_active: boolean;
}

export async function sql<T>(ctx: Ctx, text: string, params: unknown[] = []): Promise<T[]> {
  return ctx.em.execute(text, params) as Promise<T[]>;
}

export async function findTrainer(ctx: Ctx, trainerId: number): Promise<TrainerRow> {
  const [row] = await sql<TrainerRow>(
    ctx,
    `select id, user_id, name, bio, image_url, specialisations, is_active from trainers where client_id = ? and id = ?`,
    [ctx.tenant.id, trainerId],
  );
  if (!row) throw notFound('Trainer');
  return row;
}

/** The trainer profile of the signed-in trainer account; a trainer token without one has nothing to manage. */
export async function ownTrainer(ctx: Ctx): Promise<TrainerRow> {
  if (ctx.actor.kind !== 'user' || ctx.actor.role !== 'trainer')
    throw new AppError('forbidden', 'FORBIDDEN', 'This route is for trainers');
  const [row] = await sql<TrainerRow>(
    ctx,
    `select id, user_id, name, bio, image_url, specialisations, is_active from trainers where client_id = ? and user_id = ?`,
    [ctx.tenant.id, ctx.actor.userId],
  );
  if (!row) throw new AppError('forbidden', 'NO_TRAINER_PROFILE', 'This account has no trainer profile');
  return row;
}

export async function servicesOf(ctx: Ctx, trainerId: number, activeOnly = true): Promise<ServiceRow[]> {
  return sql<ServiceRow>(
    ctx,
    `select id, trainer_id, name, description, duration_minutes, price_minor, currency, is_active from trainer_services
     where client_id = ? and trainer_id = ? ${activeOnly ? 'and is_active' : ''} order by id`,
    [ctx.tenant.id, trainerId],
  );
}

export function servicesPage(ctx: Ctx, trainerId: number, q: PageQuery, activeOnly = true) {
  return pageRows<ServiceRow>(
    ctx.em,
    `select id, trainer_id, name, description, duration_minutes, price_minor, currency, is_active from trainer_services
     where client_id = ? and trainer_id = ? ${activeOnly ? 'and is_active' : ''} order by id`,
    [ctx.tenant.id, trainerId],
    q,
  );
}

export async function findService(ctx: Ctx, trainerId: number, serviceId: number): Promise<ServiceRow> {
  const [row] = await sql<ServiceRow>(
    ctx,
    `select id, trainer_id, name, description, duration_minutes, price_minor, currency, is_active from trainer_services
     where client_id = ? and trainer_id = ? and id = ? and is_active`,
    [ctx.tenant.id, trainerId, serviceId],
  );
  if (!row) throw notFound('Service');
  return row;
}

export function presentService(s: ServiceRow) {
  return {
    id: s.id,
    trainerId: s.trainer_id,
    name: s.name,
    description: s.description,
    duration: s.duration_minutes,
    price: s.price_minor,
    currency: s.currency,
    isActive: s.is_active,
  };
}

export const isoOf = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
