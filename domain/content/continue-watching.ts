import type { Ctx } from '../shared/context.ts';
import type { PresentedClass } from './class-rows.ts';

export type ContinueWatchingItem = PresentedClass & { progressSeconds: number; progressPercent: number; lastWatchedAt: string };

/**
 * The user's unfinished viewing sessions, most recent first, for `/content/discover`.
 *
 * TO BE FILLED by the viewing-sessions work (issue 3, item 4): the sessions table does not exist yet, so
 * there is nothing unfinished to show and the section is honestly empty. Fill this with one query over the
 * sessions joined to the visible classes (see class-rows.ts: CLASS_COLUMNS, CLASS_FROM, visibleTo).
 */
export async function continueWatching(ctx: Ctx, userId: number, limit = 10): Promise<ContinueWatchingItem[]> {
  void ctx;
  void userId;
  void limit;
  return [];
}
