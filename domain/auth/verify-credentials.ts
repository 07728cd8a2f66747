import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { User, type IUser } from '../identity/user.entity.ts';
import { PartnerStaff, type IPartnerStaff } from '../identity/partner.entity.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { suspendedAccount } from './revocations.ts';

const wrong = () => new AppError('unauthenticated', 'INVALID_CREDENTIALS', 'Invalid e-mail or password');

/** Under the universal key one e-mail may exist in several clients; a bounded number are tried. */
const MAX_CANDIDATES = 5;

/**
 * Finds the user whose password matches. `em` is tenant-scoped under a client key (one candidate at
 * most) and unscoped under the universal key, where the client is whichever account the password opens.
 * An unknown e-mail still costs one argon2 verification, so timing does not tell which e-mails exist.
 */
export async function verifyUserCredentials(em: EntityManager, email: string, password: string): Promise<IUser> {
  const candidates = await em.find(User, { email }, { orderBy: { id: 'asc' }, limit: MAX_CANDIDATES });
  if (candidates.length === 0) {
    await verifyPassword(await dummyHash(), password);
    throw wrong();
  }
  for (const user of candidates) {
    if (await verifyPassword(user.passwordHash, password)) {
      // Only after the password matched: a guesser learns nothing about suspension.
      if (user.suspendedAt) throw suspendedAccount();
      return user;
    }
  }
  throw wrong();
}

/**
 * Partner staff sign in without an API key: their e-mail is unique across the platform. A deactivated
 * account is told so only after its right password (the hash runs either way), so no e-mail is confirmed.
 */
export async function verifyStaffCredentials(
  em: EntityManager,
  email: string,
  password: string,
): Promise<IPartnerStaff> {
  const staff = await em.findOne(PartnerStaff, { email });
  const ok = await verifyPassword(staff?.passwordHash ?? (await dummyHash()), password);
  if (!staff || !ok) throw wrong();
  if (staff.deactivatedAt)
    throw new AppError('unauthenticated', 'ACCOUNT_DEACTIVATED', 'This partner staff account has been deactivated');
  return staff;
}
