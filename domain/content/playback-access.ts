import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Ctx } from '../shared/context.ts';
import { requireUser } from '../shared/context.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { Client } from '../tenancy/client.entity.ts';
import { visibleTo } from './class-rows.ts';

/**
 * Who may play premium classes, per client (`settings.premiumEntitlement`, set with the admin API's client
 * update): `all_users` (default) every signed-in user of the client; `voucher_users` only users who redeemed
 * one of the client's vouchers (partner members); `none` nobody (premium classes are shown but locked).
 */
export const PREMIUM_ENTITLEMENTS = ['all_users', 'voucher_users', 'none'] as const;
export type PremiumEntitlement = (typeof PREMIUM_ENTITLEMENTS)[number];
const entitlementSetting = z.enum(PREMIUM_ENTITLEMENTS).catch('all_users');

export const PLAYBACK_TTL_SECONDS = 300;

/** Only a key derived for this purpose signs URLs, so a playback signature can never pass as a token. */
export function playbackKey(serverSecret: Uint8Array): Buffer {
  return createHmac('sha256', serverSecret).update('stvos/playback-url/v1').digest();
}

/** Signed: the stream's path (so a URL cannot be moved to another asset), the class, the user and the expiry. */
function signature(key: Buffer, path: string, classId: number, userId: number, exp: number): string {
  return createHmac('sha256', key).update(`${path}|${classId}|${userId}|${exp}`).digest('base64url');
}

const BASES: Record<string, (asset: string) => string> = {
  mux: (a) => `https://stream.mux.com/${encodeURIComponent(a)}.m3u8`,
  cloudflare: (a) => `https://videodelivery.net/${encodeURIComponent(a)}/manifest/video.m3u8`,
};
const baseUrl = (provider: string, asset: string) =>
  (
    BASES[provider] ??
    ((a: string) => `https://video.stvos.example/${encodeURIComponent(provider)}/${encodeURIComponent(a)}.m3u8`)
  )(asset);

/**
 * A playback URL for one user and one class, valid for five minutes: the CDN edge (or our media proxy)
 * checks `sig` = HMAC-SHA256(path, class id, user id, expiry) with the derived key, see `verifyPlaybackUrl`.
 */
export async function grantPlayback(ctx: Ctx, classId: number, serverSecret: Uint8Array) {
  const { userId } = requireUser(ctx);
  const visible = visibleTo(ctx);
  const [cls]: Array<{
    id: number;
    is_premium: boolean;
    video_provider: string | null;
    video_asset_id: string | null;
  }> = await ctx.em.execute(
    `select c.id, c.is_premium, c.video_provider, c.video_asset_id from classes c where ${visible.sql} and c.id = ?`,
    [...visible.params, classId],
  );
  if (!cls) throw notFound('Class');
  if (cls.is_premium && !(await entitled(ctx, userId))) {
    throw new AppError('forbidden', 'PREMIUM_REQUIRED', 'This premium class needs a premium entitlement');
  }
  if (!cls.video_provider || !cls.video_asset_id)
    throw new AppError('rule', 'VIDEO_UNAVAILABLE', 'This class has no video to play');
  const exp = Math.floor(ctx.clock().getTime() / 1000) + PLAYBACK_TTL_SECONDS;
  const base = baseUrl(cls.video_provider, cls.video_asset_id);
  const sig = signature(playbackKey(serverSecret), new URL(base).pathname, cls.id, userId, exp);
  const url = `${base}?class=${cls.id}&user=${userId}&exp=${exp}&sig=${sig}`;
  return {
    classId: cls.id,
    url,
    provider: cls.video_provider,
    expiresAt: new Date(exp * 1000).toISOString(),
    expiresIn: PLAYBACK_TTL_SECONDS,
  };
}

/** The client's premium rule applied to one user; live classes ask the same question (domain/live). */
export async function entitled(ctx: Ctx, userId: number): Promise<boolean> {
  const client = await ctx.em.findOneOrFail(Client, { id: ctx.tenant.id });
  const rule = entitlementSetting.parse(client.settings['premiumEntitlement']);
  if (rule === 'all_users') return true;
  if (rule === 'none') return false;
  const [row] = await ctx.em.execute(`select 1 from vouchers where client_id = ? and redeemed_by_user_id = ? limit 1`, [
    ctx.tenant.id,
    userId,
  ]);
  return row !== undefined;
}

/** What the edge does with a playback URL: the signature must match and the expiry must not have passed. */
export function verifyPlaybackUrl(url: string, serverSecret: Uint8Array, now: Date): boolean {
  const u = new URL(url);
  const [classId, userId, exp, sig] = ['class', 'user', 'exp', 'sig'].map((k) => u.searchParams.get(k));
  if (!classId || !userId || !exp || !sig || Number(exp) * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(
    signature(playbackKey(serverSecret), u.pathname, Number(classId), Number(userId), Number(exp)),
  );
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
