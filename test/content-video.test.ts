import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_SECRET, startTestNode } from './support/node.ts';
import { client } from './support/http.ts';
import { createVoucher } from './support/identities.ts';
import { createUser } from './support/realtime.ts';
import { platformEm } from '../server/db/orm.ts';
import type { RunningNode } from '../server/node.ts';
import { PLAYBACK_TTL_SECONDS, verifyPlaybackUrl } from '../domain/content/playback-access.ts';
import { contentTenant, type ContentTenant } from './content-fixtures.ts';

let node: RunningNode;
let t: ContentTenant;
let other: ContentTenant;
const secret = new TextEncoder().encode(JWT_SECRET);

beforeAll(async () => {
  node = await startTestNode();
  t = await contentTenant(node);
  other = await contentTenant(node);
});
afterAll(async () => {
  await node.stop();
});

const setEntitlement = (c: ContentTenant, rule: string) =>
  t.admin.patch(`/admin/clients/${c.tenant.id}`, { settings: { premiumEntitlement: rule } });

describe('GET /video/access/:classId', () => {
  it('returns a signed URL bound to the class, the user and a five-minute expiry', async () => {
    const before = Date.now();
    const r = await t.app.get(`/video/access/${t.classes.pilates.id}`);
    expect(r.status).toBe(200);
    const { url, expiresAt, expiresIn } = r.body.data;
    expect(url).toMatch(/^https:\/\/stream\.mux\.com\/a-[0-9a-f]+\.m3u8\?class=\d+&user=\d+&exp=\d+&sig=[\w-]+$/);
    expect(expiresIn).toBe(PLAYBACK_TTL_SECONDS);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(before + 290_000);
    expect(verifyPlaybackUrl(url, secret, new Date())).toBe(true);
    expect(verifyPlaybackUrl(url, secret, new Date(Date.now() + 301_000))).toBe(false);
    expect(verifyPlaybackUrl(url, new TextEncoder().encode('another-secret-of-enough-length-000000'), new Date())).toBe(
      false,
    );
    const u = new URL(url);
    for (const [k, v] of [
      ['user', '999999'],
      ['class', String(t.classes.pilates.id + 1000)],
      ['exp', String(Number(u.searchParams.get('exp')) + 3600)],
    ] as const) {
      const forged = new URL(url);
      forged.searchParams.set(k, v);
      expect(verifyPlaybackUrl(forged.toString(), secret, new Date()), k).toBe(false);
    }
    const moved = url.replace(/\/a-[0-9a-f]+\.m3u8/, '/a-000000.m3u8');
    expect(verifyPlaybackUrl(moved, secret, new Date())).toBe(false);
  });

  it('applies the premium entitlement rule of the client', async () => {
    const premium = `/video/access/${t.classes.hiit.id}`;
    expect((await t.app.get(premium)).status).toBe(200); // default: all_users
    await setEntitlement(t, 'none');
    const r = await t.app.get(premium);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('PREMIUM_REQUIRED');
    expect((await t.app.get(`/video/access/${t.classes.pilates.id}`)).status).toBe(200); // free classes still play

    await setEntitlement(t, 'voucher_users');
    expect((await t.app.get(premium)).body.code).toBe('PREMIUM_REQUIRED');
    const member = await createUser(node, t.tenant);
    const voucher = await createVoucher(node, t.tenant, { status: 'redeemed' });
    await platformEm(node.services.orm).execute('update vouchers set redeemed_by_user_id = ? where id = ?', [
      member.id,
      voucher.id,
    ]);
    expect((await client(node.url, { apiKey: t.tenant.apiKey, token: member.token }).get(premium)).status).toBe(200);
    await setEntitlement(t, 'all_users');
  });

  it("answers 404 for another tenant's class, a draft and an unknown id; 422 without a video", async () => {
    expect((await t.app.get(`/video/access/${other.classes.pilates.id}`)).status).toBe(404);
    expect((await t.app.get(`/video/access/${t.classes.draft.id}`)).status).toBe(404);
    expect((await t.app.get('/video/access/2147483647')).status).toBe(404);
    const noVideo = await t.admin.post(`/admin/clients/${t.tenant.id}/classes`, {
      name: 'No Video',
      durationSeconds: 60,
      intensity: 'low',
    });
    const r = await t.app.get(`/video/access/${noVideo.body.data.id}`);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('VIDEO_UNAVAILABLE');
  });

  it('needs a user token; refuses a bad id', async () => {
    expect(
      (await client(node.url, { apiKey: t.tenant.apiKey }).get(`/video/access/${t.classes.pilates.id}`)).status,
    ).toBe(401);
    expect(
      (
        await client(node.url, { apiKey: t.tenant.apiKey, token: other.user.token }).get(
          `/video/access/${t.classes.pilates.id}`,
        )
      ).status,
    ).toBe(401);
    expect((await t.app.get('/video/access/-1')).status).toBe(400);
  });
});
