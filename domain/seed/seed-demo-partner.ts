import { randomBytes } from 'node:crypto';
import type { Ctx } from '../shared/context.ts';
import { hashPassword } from '../auth/passwords.ts';
import { redeemVoucher } from '../identity/voucher-redemption.ts';
import type { IssuedVoucher } from '../identity/vouchers.ts';
import { User } from '../identity/user.entity.ts';
import { ContentClass } from '../content/class.entity.ts';
import { createRandom } from '../plans/seeded-random.ts';

/** Acme's employees who joined the demo studio with Acme's vouchers. */
const MEMBERS = [
  'Alex Morgan',
  'Bea Lindqvist',
  'Chidi Okoro',
  'Dana Kowalski',
  'Eli Navarro',
  'Fatima Haddad',
  'Gus Petersen',
  'Hana Sato',
  'Ivan Petrov',
  'Jade Thompson',
  'Kofi Mensah',
  'Lena Fischer',
] as const;
const DAY = 86_400_000;

/**
 * The demo partner's members and their viewing, so the portal's members, stats and dashboard are alive
 * right after `npm start`: twelve members redeem Acme vouchers (through the real redemption statement) over
 * the last five weeks and watch on-demand classes (viewing sessions with watch time; the same seconds in the
 * usage record the dashboard and bills read). Each member has an engagement level, from daily to lapsed, so
 * `active` and the sorts differ. Deterministic (seeded), and set-based: one insert per table. The first
 * vouchers stay active (the banner prints one to try registration).
 */
export async function seedDemoPartnerActivity(ctx: Ctx, input: { vouchers: IssuedVoucher[] }): Promise<void> {
  const now = ctx.clock().getTime();
  const random = createRandom('demo-partner');
  const passwordHash = await hashPassword(randomBytes(18).toString('base64url'));
  const classes = await ctx.em.find(
    ContentClass,
    { kind: 'on_demand' },
    { fields: ['id', 'durationSeconds'], orderBy: { id: 'asc' } },
  );
  if (classes.length === 0 || input.vouchers.length < MEMBERS.length + 5) return;

  const sessions: Array<Record<string, unknown>> = [];
  for (const [i, name] of MEMBERS.entries()) {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@acme-wellness.example.com`;
    const user = ctx.em.create(User, {
      clientId: ctx.tenant.id,
      email,
      passwordHash,
      name,
      role: 'user',
      profile: {},
      settings: {},
    });
    await ctx.em.flush();
    await redeemVoucher(ctx, input.vouchers[5 + i]!.code, user.id);
    const joinedDaysAgo = 38 - 2 * i; // joined over the weeks from 38 to 16 days ago
    const joined = new Date(now - joinedDaysAgo * DAY);
    await ctx.em.execute(`update users set created_at = ? where id = ?`, [joined, user.id]);
    await ctx.em.execute(`update vouchers set redeemed_at = ? where redeemed_by_user_id = ? and client_id = ?`, [
      joined,
      user.id,
      ctx.tenant.id,
    ]);

    // Engagement: the first three tried it and lapsed (nothing in the last 30 days), then four watch most
    // days and five a few times a week, up to today.
    const lapsed = i < 3;
    const perDay = lapsed ? 0.9 : i < 7 ? 0.8 : 0.35;
    const lastDay = lapsed ? 31 : 0;
    for (let daysAgo = joinedDaysAgo - 1; daysAgo >= lastDay; daysAgo--) {
      if (random.next() >= perDay) continue;
      const cls = random.pick(classes);
      const duration = cls.durationSeconds ?? 1800;
      const completed = random.next() < 0.6;
      const watched = completed ? duration : Math.round(duration * (0.2 + random.next() * 0.6));
      const started = new Date(now - daysAgo * DAY - (random.int(10) + 1) * 3_600_000);
      sessions.push({
        user_id: user.id,
        class_id: cls.id,
        device: random.pick(['ios', 'android', 'web', 'tv']),
        status: completed ? 'completed' : 'abandoned',
        progress: watched,
        duration,
        watched,
        started_at: started.toISOString(),
        ended_at: new Date(started.getTime() + watched * 1000).toISOString(),
      });
    }
  }

  await ctx.em.execute(
    `insert into viewing_sessions (client_id, user_id, class_id, device_type, status, progress_seconds, position_seconds, total_duration_seconds,
                                   watched_seconds, heartbeats, started_at, last_heartbeat_at, completed_at, ended_at)
     select ?, r.user_id, r.class_id, r.device, r.status, r.progress, r.progress, r.duration, r.watched, greatest(r.watched / 15, 1),
            r.started_at, r.ended_at, case when r.status = 'completed' then r.ended_at end, r.ended_at
     from jsonb_to_recordset(?::jsonb) as r(user_id int, class_id int, device text, status text, progress int, duration int, watched int,
                                              started_at timestamptz, ended_at timestamptz)`,
    [ctx.tenant.id, JSON.stringify(sessions)],
  );
  // The usage record (migrations/0065) that heartbeats would have written: the seconds in the quarter hour they began.
  await ctx.em.execute(
    `insert into usage_records as r (client_id, user_id, kind, subject_id, bucket, seconds)
     select s.client_id, s.user_id, 'watch', s.class_id, date_bin('15 minutes', s.started_at, timestamptz '2000-01-01 00:00:00+00'), sum(s.watched_seconds)
     from viewing_sessions s
     join vouchers v on v.client_id = s.client_id and v.redeemed_by_user_id = s.user_id and v.status = 'redeemed'
     where s.client_id = ? and v.partner_id = ? and s.class_id is not null
     group by 1, 2, 4, 5
     on conflict (client_id, user_id, kind, subject_id, bucket) do update set seconds = r.seconds + excluded.seconds`,
    [ctx.tenant.id, input.vouchers[0]!.partnerId],
  );
}
