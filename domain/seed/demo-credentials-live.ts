import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/passwords.ts';
import { sha256 } from '../auth/tokens.ts';
import { issueApiKey } from '../tenancy/api-keys.ts';
import { DEMO_SLUG, demoPartner, demoUser } from './demo-data.ts';
import type { DemoCredentials } from './seed-demo.ts';

/** The demo codes still usable now: a redeemed voucher or invite is never shown again. */
export async function unusedDemoCodes(
  platform: EntityManager,
  clientId: number,
): Promise<{ voucherCode: string | null; inviteCode: string | null }> {
  const [row] = await platform.execute<Array<{ voucher: string | null; invite: string | null }>>(
    `select (select code from vouchers where client_id = ? and status = 'active' and (expires_at is null or expires_at > now()) order by id limit 1) as voucher,
            (select code from trainer_invites where client_id = ? and status = 'active' and (expires_at is null or expires_at > now()) order by id limit 1) as invite`,
    [clientId, clientId],
  );
  return { voucherCode: row?.voucher ?? null, inviteCode: row?.invite ?? null };
}

/** Whether the credentials kept on file still open this database's demo tenant (the file can outlive the database). */
export async function demoKeyWorks(platform: EntityManager, creds: DemoCredentials): Promise<boolean> {
  const [row] = await platform.execute<Array<{ n: number }>>(
    `select count(*)::int as n from api_keys k join clients c on c.id = k.client_id where k.key_hash = ? and k.revoked_at is null and c.slug = ? and c.id = ?`,
    [sha256(creds.apiKey), DEMO_SLUG, creds.clientId],
  );
  return (row?.n ?? 0) > 0;
}

/**
 * For a demo tenant whose secrets were lost (demo.json deleted, or written for another database): a new
 * API key and new random passwords for the demo user and the partner owner, so `npm run seed` brings the
 * demo back. Secrets are stored hashed, so re-issuing is the only way; the old key stays valid.
 */
export async function reissueDemoCredentials(platform: EntityManager): Promise<DemoCredentials | null> {
  const userPassword = `Demo-${randomBytes(6).toString('base64url')}`;
  const partnerPassword = `Acme-${randomBytes(6).toString('base64url')}`;
  const [userHash, partnerHash] = await Promise.all([hashPassword(userPassword), hashPassword(partnerPassword)]);
  return platform.transactional(async (tx) => {
    const [demo] = await tx.execute<Array<{ id: number; slug: string }>>(
      `select id, slug from clients where slug = ?`,
      [DEMO_SLUG],
    );
    if (!demo) return null;
    const clientId = Number(demo.id);
    const { key } = await issueApiKey(tx as EntityManager, { clientId, name: 'demo (re-issued by npm run seed)' });
    await tx.execute(`update users set password_hash = ? where client_id = ? and email = ?`, [
      userHash,
      clientId,
      demoUser.email,
    ]);
    await tx.execute(`update partner_staff set password_hash = ? where client_id = ? and email = ?`, [
      partnerHash,
      clientId,
      demoPartner.ownerEmail,
    ]);
    const codes = await unusedDemoCodes(tx as EntityManager, clientId);
    return {
      clientId,
      slug: demo.slug,
      apiKey: key,
      partnerLogin: { email: demoPartner.ownerEmail, password: partnerPassword },
      user: { email: demoUser.email, password: userPassword },
      voucherCode: codes.voucherCode ?? '',
      inviteCode: codes.inviteCode ?? '',
      createdAt: new Date().toISOString(),
    };
  });
}
