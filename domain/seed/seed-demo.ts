import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { buildContext } from '../shared/use-case.ts';
import { tenantOf } from '../shared/scope.ts';
import { Client } from '../tenancy/client.entity.ts';
import { createClient } from '../tenancy/create-client.ts';
import { createPartner, createPartnerStaff } from '../identity/partners.ts';
import { createTrainer, issueTrainerInvite } from '../identity/trainers.ts';
import { issueVoucherBatch } from '../identity/vouchers.ts';
import { User } from '../identity/user.entity.ts';
import { hashPassword } from '../auth/passwords.ts';
import { seedDemoCatalogue } from './seed-catalogue.ts';
import { seedDemoBilling } from './seed-demo-billing.ts';
import { seedDemoPartnerActivity } from './seed-demo-partner.ts';
import { seedDemoMarketplace } from './seed-demo-marketplace.ts';
import { DEMO_SLUG, demoClient, demoPartner, demoTrainers, demoUser } from './demo-data.ts';

/** What a developer needs to try the demo tenant; secrets exist only at creation, so the caller keeps them. */
export interface DemoCredentials {
  clientId: number;
  slug: string;
  apiKey: string;
  partnerLogin: { email: string; password: string };
  user: { email: string; password: string };
  voucherCode: string;
  inviteCode: string;
  createdAt: string;
}

/** Seeding of concurrent nodes serialises on this advisory lock (jobs use class 0x5354 too, another key). */
const SEED_LOCK = [0x5354, 'seed-demo'] as const;
const YEAR_MS = 365 * 86_400_000;

/**
 * Creates the demo tenant in one transaction, or does nothing. `onlyIfEmpty` (what `npm start` uses)
 * seeds only a database without any client; otherwise (`npm run seed`) it seeds when no `demo` client
 * exists. Safe to run from several nodes at once: an advisory lock serialises them and the check runs
 * under it. Passwords are random per database, so a demo tenant is never a known login in production.
 * When the demo tenant already exists, its marketplace is topped up (next group classes, the demo user's
 * upcoming booking) so a demo seeded weeks ago is still bookable; that answers null (no new secrets).
 */
export async function seedDemoTenant(
  root: EntityManager,
  opts: { onlyIfEmpty: boolean },
): Promise<DemoCredentials | null> {
  const userPassword = `Demo-${randomBytes(6).toString('base64url')}`;
  const userPasswordHash = await hashPassword(userPassword);
  return root.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(?, hashtext(?))', [...SEED_LOCK]);
    const demo = await tx.findOne(Client, { slug: DEMO_SLUG });
    if (demo) await topUpDemoMarketplace(tx as EntityManager, demo);
    const existing = opts.onlyIfEmpty ? await tx.count(Client, {}) : demo ? 1 : 0;
    if (existing > 0) return null;
    const hasDefault = (await tx.count(Client, { isDefault: true })) > 0;
    const { client, key } = await createClient(tx as EntityManager, {
      ...demoClient,
      enabledFeatures: [...demoClient.enabledFeatures],
      isDefault: !hasDefault,
    });

    const now = new Date();
    const ctx = buildContext(root, {
      tenant: tenantOf(client),
      actor: { kind: 'system', job: 'seed' },
      clock: () => now,
      transaction: tx as EntityManager,
    });

    const trainers = [];
    for (const t of demoTrainers) trainers.push(await createTrainer(ctx, t));
    await seedDemoCatalogue(
      ctx,
      trainers.map((t) => t.id),
    );
    const invite = await issueTrainerInvite(ctx, trainers[0]!.id, { expiresAt: new Date(now.getTime() + YEAR_MS) });

    const partner = await createPartner(ctx, { name: demoPartner.name });
    const partnerPassword = `Acme-${randomBytes(6).toString('base64url')}`;
    await createPartnerStaff(ctx, partner.id, {
      email: demoPartner.ownerEmail,
      password: partnerPassword,
      name: demoPartner.ownerName,
      role: 'owner',
    });
    const vouchers = await issueVoucherBatch(ctx, {
      quantity: 25,
      prefix: 'DEMO',
      partnerId: partner.id,
      expiresAt: new Date(now.getTime() + YEAR_MS),
    });
    await seedDemoPartnerActivity(ctx, { vouchers });

    const user = tx.create(User, {
      clientId: client.id,
      email: demoUser.email,
      passwordHash: userPasswordHash,
      name: demoUser.name,
      role: 'user',
      profile: { fitnessGoal: 'general_fitness', fitnessLevel: 'beginner', workoutsPerWeek: 3 },
      settings: { notifications: true },
      coachId: trainers[0]!.id,
    });
    await tx.flush();
    await seedDemoMarketplace(ctx, trainers, user.id);
    await seedDemoBilling(ctx, partner.id); // after the demo members: their last month becomes a report

    return {
      clientId: client.id,
      slug: client.slug,
      apiKey: key.key,
      partnerLogin: { email: demoPartner.ownerEmail, password: partnerPassword },
      user: { email: demoUser.email, password: userPassword },
      voucherCode: vouchers[0]!.code,
      inviteCode: invite.code,
      createdAt: now.toISOString(),
    };
  });
}

async function topUpDemoMarketplace(tx: EntityManager, client: Parameters<typeof tenantOf>[0]): Promise<void> {
  const ctx = buildContext(tx, { tenant: tenantOf(client), actor: { kind: 'system', job: 'seed' }, transaction: tx });
  const trainers = await tx.execute<Array<{ id: number; name: string }>>(
    `select id, name from trainers where client_id = ? order by id limit ?`,
    [client.id, demoTrainers.length],
  );
  const [user] = await tx.execute<Array<{ id: number }>>(`select id from users where client_id = ? and email = ?`, [
    client.id,
    demoUser.email,
  ]);
  await seedDemoMarketplace(
    ctx,
    trainers.map((t) => ({ id: Number(t.id), name: t.name })),
    user ? Number(user.id) : null,
  );
}
