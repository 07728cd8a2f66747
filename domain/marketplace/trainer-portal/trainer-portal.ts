import type { Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import type { AvailabilityException, AvailabilityRules } from '../bookings/availability.schemas.ts';
import { loadRules, saveRules } from '../bookings/availability-store.ts';
import { pageOf, type PageQuery } from '../../shared/pagination.ts';
import { presentService, servicesPage, sql, type ServiceRow, type TrainerRow } from '../marketplace-rows.ts';

/** The trainer's own profile, services and availability; every function takes the trainer from `ownTrainer`. */

export function presentOwnProfile(t: TrainerRow) {
  return {
    id: t.id,
    name: t.name,
    bio: t.bio,
    image: t.image_url,
    specialisations: [...t.specialisations],
    isActive: t.is_active,
  };
}

export interface ProfilePatch {
  name?: string | undefined;
  bio?: string | undefined;
  imageUrl?: string | null | undefined;
  specialisations?: string[] | undefined;
  isActive?: boolean | undefined;
}

export async function updateOwnProfile(ctx: Ctx, trainer: TrainerRow, patch: ProfilePatch) {
  // As JSON: the query builder would spread a JS array into a list of parameters.
  const specialisations = patch.specialisations ? JSON.stringify(patch.specialisations) : null;
  const [row] = await sql<TrainerRow>(
    ctx,
    `update trainers set name = coalesce(?, name), bio = coalesce(?, bio),
       image_url = case when ? then ? else image_url end,
       specialisations = case when ?::jsonb is null then specialisations else array(select jsonb_array_elements_text(?::jsonb)) end, is_active = coalesce(?, is_active), updated_at = now()
     where client_id = ? and id = ? returning id, user_id, name, bio, image_url, specialisations, is_active`,
    [
      patch.name ?? null,
      patch.bio ?? null,
      patch.imageUrl !== undefined,
      patch.imageUrl ?? null,
      specialisations,
      specialisations,
      patch.isActive ?? null,
      ctx.tenant.id,
      trainer.id,
    ],
  );
  if (!row) throw notFound('Trainer');
  return presentOwnProfile(row);
}

export interface ServiceInput {
  name: string;
  description: string;
  duration: number;
  price: number;
  currency: string;
}

const SERVICE_COLUMNS = 'id, trainer_id, name, description, duration_minutes, price_minor, currency, is_active';

export async function createService(ctx: Ctx, trainer: TrainerRow, input: ServiceInput) {
  const [row] = await sql<ServiceRow>(
    ctx,
    `insert into trainer_services (client_id, trainer_id, name, description, duration_minutes, price_minor, currency)
     values (?, ?, ?, ?, ?, ?, ?) returning ${SERVICE_COLUMNS}`,
    [ctx.tenant.id, trainer.id, input.name, input.description, input.duration, input.price, input.currency],
  );
  if (!row) throw new Error('insert returned nothing');
  return presentService(row);
}

/** Services are retired (isActive false), not deleted: past bookings keep pointing at them. */
export async function updateService(
  ctx: Ctx,
  trainer: TrainerRow,
  serviceId: number,
  patch: Partial<ServiceInput> & { isActive?: boolean | undefined },
) {
  const [row] = await sql<ServiceRow>(
    ctx,
    `update trainer_services set name = coalesce(?, name), description = coalesce(?, description),
       duration_minutes = coalesce(?, duration_minutes), price_minor = coalesce(?, price_minor),
       currency = coalesce(?, currency), is_active = coalesce(?, is_active)
     where client_id = ? and trainer_id = ? and id = ? returning ${SERVICE_COLUMNS}`,
    [
      patch.name ?? null,
      patch.description ?? null,
      patch.duration ?? null,
      patch.price ?? null,
      patch.currency ?? null,
      patch.isActive ?? null,
      ctx.tenant.id,
      trainer.id,
      serviceId,
    ],
  );
  if (!row) throw notFound('Service');
  return presentService(row);
}

export async function ownServices(ctx: Ctx, trainer: TrainerRow, q: PageQuery) {
  const { rows, total } = await servicesPage(ctx, trainer.id, q, false);
  return pageOf(rows.map(presentService), total, q);
}

export const ownAvailability = (ctx: Ctx, trainer: TrainerRow) => loadRules(ctx, trainer.id);

/** Replaces the rules; bookings already made stand (they are re-checked only at booking time). */
export const replaceAvailability = (ctx: Ctx, trainer: TrainerRow, rules: AvailabilityRules) =>
  saveRules(ctx, trainer.id, rules);

const MAX_EXCEPTIONS = 1000;

export async function addException(ctx: Ctx, trainer: TrainerRow, exception: AvailabilityException) {
  // The row lock keeps two concurrent additions from overwriting each other.
  await sql(ctx, `select 1 from trainer_availability where client_id = ? and trainer_id = ? for update`, [
    ctx.tenant.id,
    trainer.id,
  ]);
  const rules = await loadRules(ctx, trainer.id);
  if (rules.exceptions.length >= MAX_EXCEPTIONS)
    throw new AppError('rule', 'TOO_MANY_EXCEPTIONS', `At most ${MAX_EXCEPTIONS} exceptions`);
  return saveRules(ctx, trainer.id, { ...rules, exceptions: [...rules.exceptions, exception] });
}

export async function removeException(ctx: Ctx, trainer: TrainerRow, index: number) {
  await sql(ctx, `select 1 from trainer_availability where client_id = ? and trainer_id = ? for update`, [
    ctx.tenant.id,
    trainer.id,
  ]);
  const rules = await loadRules(ctx, trainer.id);
  if (index >= rules.exceptions.length) throw notFound('Exception');
  return saveRules(ctx, trainer.id, { ...rules, exceptions: rules.exceptions.filter((_, i) => i !== index) });
}
