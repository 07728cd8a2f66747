import type { Ctx } from '../shared/context.ts';
import type { Intensity, LiveStatus } from './class.entity.ts';

/** One class as the read queries select it: the class with its trainer's and category's public fields. */
export interface ClassRow {
  id: number;
  name: string;
  description: string;
  thumbnail_url: string | null;
  duration_seconds: number;
  intensity: Intensity;
  is_premium: boolean;
  is_featured: boolean;
  kind: 'on_demand' | 'live';
  published_at: Date | string | null;
  scheduled_at: Date | string | null;
  status: LiveStatus | null;
  capacity: number | null;
  trainer_id: number | null;
  trainer_name: string | null;
  trainer_image: string | null;
  category_id: number | null;
  category_name: string | null;
}

export const CLASS_COLUMNS = `c.id, c.name, c.description, c.thumbnail_url, c.duration_seconds, c.intensity, c.is_premium,
  c.is_featured, c.kind, c.published_at, c.scheduled_at, c.status, c.capacity,
  t.id as trainer_id, t.name as trainer_name, t.image_url as trainer_image, cat.id as category_id, cat.name as category_name`;

export const CLASS_FROM = `classes c
  left join trainers t on t.client_id = c.client_id and t.id = c.trainer_id
  left join categories cat on cat.id = c.category_id`;

/**
 * What the app may see, as SQL over alias `c`: this tenant's published classes, and live classes only when
 * the client has the live_classes feature. Raw SQL is outside the ORM's tenant filter, so the client id is
 * always the first condition and the first parameter.
 */
export function visibleTo(ctx: Ctx): { sql: string; params: unknown[] } {
  const live = ctx.tenant.enabledFeatures.includes('live_classes') ? '' : ` and c.kind = 'on_demand'`;
  return { sql: `c.client_id = ? and c.published_at <= ?::timestamptz${live}`, params: [ctx.tenant.id, ctx.clock()] };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The class as the app sees it in lists. `duration` is in whole minutes (what apps show); seconds too. */
export function presentClass(r: ClassRow) {
  return {
    id: Number(r.id),
    name: r.name,
    description: r.description,
    thumbnailUrl: r.thumbnail_url,
    duration: Math.round(r.duration_seconds / 60),
    durationSeconds: r.duration_seconds,
    intensity: r.intensity,
    isPremium: r.is_premium,
    isFeatured: r.is_featured,
    isLive: r.kind === 'live',
    publishedAt: iso(r.published_at),
    trainer:
      r.trainer_id === null ? null : { id: Number(r.trainer_id), name: r.trainer_name ?? '', image: r.trainer_image },
    category: r.category_id === null ? null : { id: Number(r.category_id), name: r.category_name ?? '' },
    live: r.kind === 'live' ? { scheduledAt: iso(r.scheduled_at), status: r.status, capacity: r.capacity } : null,
  };
}
export type PresentedClass = ReturnType<typeof presentClass>;
