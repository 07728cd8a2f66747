import type { Ctx } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { offsetOf, pageOf, type PageQuery } from '../shared/pagination.ts';
import { Trainer } from '../identity/trainer.entity.ts';
import { ClientCategory } from './category.entity.ts';
import { ContentClass, type IContentClass, type Intensity } from './class.entity.ts';

export interface ClassInput {
  name: string;
  description?: string;
  thumbnailUrl?: string | null;
  durationSeconds: number;
  intensity: Intensity;
  isPremium?: boolean;
  trainerId?: number | null;
  categoryId?: number | null;
  video?: { provider: string; assetId: string } | null;
  isFeatured?: boolean;
  /** When the app may show it; `null` keeps it a draft; omitted means now. */
  publishedAt?: Date | null;
  /** Present for a live class. */
  live?: { scheduledAt: Date; capacity?: number | null };
}

/**
 * Checked here for a clear 404 naming what is missing; the composite foreign keys refuse another client's
 * trainer or an unassigned category anyway, whatever reaches the database.
 */
async function checkReferences(
  ctx: Ctx,
  input: { trainerId?: number | null; categoryId?: number | null },
): Promise<void> {
  if (input.trainerId != null && !(await ctx.em.count(Trainer, { id: input.trainerId }))) throw notFound('Trainer');
  if (input.categoryId != null && !(await ctx.em.count(ClientCategory, { categoryId: input.categoryId }))) {
    throw new AppError('not_found', 'NOT_FOUND', 'Category not found among the categories assigned to this client');
  }
}

export async function createClass(ctx: Ctx, input: ClassInput): Promise<IContentClass> {
  await checkReferences(ctx, input);
  const cls = ctx.em.create(ContentClass, {
    clientId: ctx.tenant.id,
    name: input.name,
    description: input.description ?? '',
    thumbnailUrl: input.thumbnailUrl ?? null,
    durationSeconds: input.durationSeconds,
    intensity: input.intensity,
    isPremium: input.isPremium ?? false,
    trainerId: input.trainerId ?? null,
    categoryId: input.categoryId ?? null,
    kind: input.live ? 'live' : 'on_demand',
    videoProvider: input.video?.provider ?? null,
    videoAssetId: input.video?.assetId ?? null,
    isFeatured: input.isFeatured ?? false,
    publishedAt: input.publishedAt === undefined ? ctx.clock() : input.publishedAt,
    scheduledAt: input.live?.scheduledAt ?? null,
    status: input.live ? 'scheduled' : null,
    capacity: input.live?.capacity ?? null,
    startedAt: null,
    endedAt: null,
  });
  await ctx.em.flush();
  return cls;
}

export type ClassChanges = Partial<Omit<ClassInput, 'live'>> & {
  live?: { scheduledAt?: Date; capacity?: number | null };
};

export async function updateClass(ctx: Ctx, classId: number, changes: ClassChanges): Promise<IContentClass> {
  const cls = await ctx.em.findOne(ContentClass, { id: classId });
  if (!cls) throw notFound('Class');
  await checkReferences(ctx, changes);
  const { video, live, ...plain } = changes;
  ctx.em.assign(cls, plain);
  if (video !== undefined)
    Object.assign(cls, { videoProvider: video?.provider ?? null, videoAssetId: video?.assetId ?? null });
  if (live !== undefined) {
    if (cls.kind !== 'live')
      throw new AppError('rule', 'NOT_A_LIVE_CLASS', 'Only a live class has a schedule and capacity');
    if (cls.status !== 'scheduled' && live.scheduledAt)
      throw new AppError('rule', 'LIVE_CLASS_STARTED', 'A live class that has started cannot be rescheduled');
    if (live.scheduledAt) cls.scheduledAt = live.scheduledAt;
    if (live.capacity !== undefined) cls.capacity = live.capacity;
  }
  await ctx.em.flush();
  return cls;
}

export async function deleteClass(ctx: Ctx, classId: number): Promise<void> {
  const deleted = await ctx.em.nativeDelete(ContentClass, { id: classId });
  if (deleted === 0) throw notFound('Class');
}

/** Every class of the client for operators, drafts included, newest first. */
export async function listClassesForAdmin(ctx: Ctx, q: PageQuery) {
  const [items, total] = await ctx.em.findAndCount(ContentClass, {}, { orderBy: { id: 'desc' }, ...offsetOf(q) });
  return pageOf(items.map(presentAdminClass), total, q);
}

export function presentAdminClass(c: IContentClass) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    thumbnailUrl: c.thumbnailUrl ?? null,
    durationSeconds: c.durationSeconds,
    intensity: c.intensity,
    isPremium: c.isPremium,
    trainerId: c.trainerId ?? null,
    categoryId: c.categoryId ?? null,
    kind: c.kind,
    video: c.videoProvider && c.videoAssetId ? { provider: c.videoProvider, assetId: c.videoAssetId } : null,
    isFeatured: c.isFeatured,
    publishedAt: c.publishedAt?.toISOString() ?? null,
    live:
      c.kind === 'live'
        ? { scheduledAt: c.scheduledAt?.toISOString() ?? null, status: c.status ?? null, capacity: c.capacity ?? null }
        : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
