import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const INTENSITIES = ['low', 'medium', 'high'] as const;
export type Intensity = (typeof INTENSITIES)[number];
export const CLASS_KINDS = ['on_demand', 'live'] as const;
export type ClassKind = (typeof CLASS_KINDS)[number];
export const LIVE_STATUSES = ['scheduled', 'live', 'ended'] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

/**
 * A class of one client, on-demand or live. Live classes carry `scheduledAt` and `status` (the database
 * checks that they come together). `search_names` and `search_vector` are maintained by the database
 * (migrations/0010-content.ts) and deliberately not mapped.
 */
export const ContentClass = defineEntity({
  name: 'ContentClass',
  tableName: 'classes',
  properties: {
    id: p.integer().primary().autoincrement(),
    clientId: p.integer().fieldName('client_id'),
    name: p.string(),
    description: p.text(),
    thumbnailUrl: p.string().fieldName('thumbnail_url').nullable(),
    durationSeconds: p.integer().fieldName('duration_seconds'),
    intensity: p.string().$type<Intensity>(),
    isPremium: p.boolean().fieldName('is_premium'),
    trainerId: p.integer().fieldName('trainer_id').nullable(),
    categoryId: p.integer().fieldName('category_id').nullable(),
    kind: p.string().$type<ClassKind>(),
    videoProvider: p.string().fieldName('video_provider').nullable(),
    videoAssetId: p.string().fieldName('video_asset_id').nullable(),
    isFeatured: p.boolean().fieldName('is_featured'),
    publishedAt: p.datetime().fieldName('published_at').nullable(),
    scheduledAt: p.datetime().fieldName('scheduled_at').nullable(),
    status: p.string().$type<LiveStatus>().nullable(),
    capacity: p.integer().nullable(),
    startedAt: p.datetime().fieldName('started_at').nullable(),
    endedAt: p.datetime().fieldName('ended_at').nullable(),
    createdAt: p
      .datetime()
      .fieldName('created_at')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .fieldName('updated_at')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IContentClass = InferEntity<typeof ContentClass>;
