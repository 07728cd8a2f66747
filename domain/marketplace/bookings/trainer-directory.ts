import type { Ctx } from '../../shared/context.ts';
import { offsetOf, pageOf, type PageQuery } from '../../shared/pagination.ts';
import { CLASS_COLUMNS, CLASS_FROM, presentClass, visibleTo, type ClassRow } from '../../content/class-rows.ts';
import { findTrainer, presentService, servicesOf, servicesPage, sql, type TrainerRow } from '../marketplace-rows.ts';

/** Discovery: what a user of the client sees of its trainers. */

export interface TrainerSearch extends PageQuery {
  search?: string | undefined;
  active?: boolean | undefined;
}

function presentTrainerCard(t: TrainerRow) {
  return {
    id: t.id,
    name: t.name,
    bio: t.bio,
    image: t.image_url,
    specialisations: [...t.specialisations],
    isActive: t.is_active,
  };
}

export async function searchTrainers(ctx: Ctx, q: TrainerSearch) {
  const where = ['client_id = ?'];
  const params: unknown[] = [ctx.tenant.id];
  if (q.active !== undefined) {
    where.push('is_active = ?');
    params.push(q.active);
  }
  if (q.search) {
    // Matches the name, the bio or a specialisation, ignoring case; the pattern's own wildcards are escaped.
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`(name ilike ? or bio ilike ? or array_to_string(specialisations, ' ') ilike ?)`);
    params.push(like, like, like);
  }
  const { limit, offset } = offsetOf(q);
  const rows = await sql<TrainerRow & { total: string }>(
    ctx,
    `select id, user_id, name, bio, image_url, specialisations, is_active, count(*) over () as total
     from trainers where ${where.join(' and ')} order by name, id limit ? offset ?`,
    [...params, limit, offset],
  );
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (!rows.length && q.page > 1) {
    const [c] = await sql<{ n: string }>(
      ctx,
      `select count(*) as n from trainers where ${where.join(' and ')}`,
      params,
    );
    total = Number(c?.n ?? 0);
  }
  return pageOf(rows.map(presentTrainerCard), total, q);
}

export async function upcomingGroupClasses(ctx: Ctx, trainerId: number) {
  const rows = await sql<{
    id: number;
    name: string;
    starts_at: Date;
    duration_minutes: number;
    capacity: number;
    joined_count: number;
  }>(
    ctx,
    `select id, name, starts_at, duration_minutes, capacity, joined_count from group_classes
     where client_id = ? and trainer_id = ? and status = 'scheduled' and starts_at > ? order by starts_at, id limit 100`,
    [ctx.tenant.id, trainerId, ctx.clock()],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scheduledDate: new Date(r.starts_at).toISOString(),
    duration: r.duration_minutes,
    capacity: r.capacity,
    spotsLeft: r.capacity - r.joined_count,
  }));
}

/** The trainer's on-demand classes the app may see (published, this client's), newest first, at most 50. */
async function recordedClasses(ctx: Ctx, trainerId: number) {
  const visible = visibleTo(ctx);
  const rows = await sql<ClassRow>(
    ctx,
    `select ${CLASS_COLUMNS} from ${CLASS_FROM} where ${visible.sql} and c.kind = 'on_demand' and c.trainer_id = ?
     order by c.published_at desc, c.id desc limit 50`,
    [...visible.params, trainerId],
  );
  return rows.map(presentClass);
}

export async function trainerClasses(ctx: Ctx, trainerId: number) {
  await findTrainer(ctx, trainerId);
  return {
    recordedClasses: await recordedClasses(ctx, trainerId),
    upcomingGroupClasses: await upcomingGroupClasses(ctx, trainerId),
  };
}

export async function trainerServices(ctx: Ctx, trainerId: number, q: PageQuery) {
  await findTrainer(ctx, trainerId);
  const { rows, total } = await servicesPage(ctx, trainerId, q);
  return pageOf(rows.map(presentService), total, q);
}

export async function trainerProfile(ctx: Ctx, trainerId: number) {
  const trainer = await findTrainer(ctx, trainerId);
  const [services, classes, programmes] = [
    await servicesOf(ctx, trainerId),
    await trainerClasses(ctx, trainerId),
    await sql<{ id: number; name: string; weeks: number; price_minor: number; currency: string }>(
      ctx,
      `select id, name, jsonb_array_length(weeks) as weeks, price_minor, currency from programmes
       where client_id = ? and trainer_id = ? and is_active order by id`,
      [ctx.tenant.id, trainerId],
    ),
  ];
  return {
    ...presentTrainerCard(trainer),
    services: services.map(presentService),
    classes: [...classes.recordedClasses, ...classes.upcomingGroupClasses],
    programmes: programmes.map((p) => ({
      id: p.id,
      name: p.name,
      weeks: Number(p.weeks),
      price: p.price_minor,
      currency: p.currency,
    })),
  };
}
