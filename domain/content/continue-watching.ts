import type { Ctx } from '../shared/context.ts';
import { unfinishedSessions } from '../viewing/unfinished-sessions.ts';
import { CLASS_COLUMNS, CLASS_FROM, presentClass, visibleTo, type ClassRow, type PresentedClass } from './class-rows.ts';

export type ContinueWatchingItem = PresentedClass & {
  sessionId: number;
  progressSeconds: number;
  positionSeconds: number;
  progressPercent: number;
  lastWatchedAt: string;
};

/**
 * The user's unfinished viewing (latest session per class, most recent first, from domain/viewing), limited to
 * classes the app may still show: a class unpublished or deleted since drops out of the row.
 */
export async function continueWatching(ctx: Ctx, userId: number, limit = 10): Promise<ContinueWatchingItem[]> {
  const sessions = await unfinishedSessions(ctx, userId, limit * 2);
  if (!sessions.length) return [];
  const visible = visibleTo(ctx);
  const rows: ClassRow[] = await ctx.em.execute(
    `select ${CLASS_COLUMNS} from ${CLASS_FROM} where ${visible.sql} and c.id = any(?::int[])`,
    [...visible.params, `{${sessions.map((s) => s.classId).join(',')}}`],
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const items: ContinueWatchingItem[] = [];
  for (const s of sessions) {
    const row = byId.get(s.classId);
    if (!row) continue;
    items.push({
      ...presentClass(row), sessionId: s.sessionId, progressSeconds: s.progressSeconds, positionSeconds: s.positionSeconds,
      progressPercent: s.progressPercent, lastWatchedAt: s.lastWatchedAt,
    });
  }
  return items.slice(0, limit);
}
