import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import { unscoped, withoutTenantScope } from '../shared/scope.ts';
import { Client, type IClient } from '../tenancy/client.entity.ts';
import type { IUser, UserProfile, UserSettings } from '../identity/user.entity.ts';
import { assertActiveCoach, createUserAccount } from '../identity/create-user-account.ts';
import { clientOfVoucher } from '../identity/voucher-check.ts';
import { redeemVoucher } from '../identity/voucher-redemption.ts';
import { hashPassword } from './passwords.ts';
import { takeOnboardingSession } from './onboarding-link.ts';
import { startUserSession, type Session } from './auth-sessions.ts';
import type { TokenSettings } from './tokens.ts';

export interface Registration {
  email: string;
  password: string;
  name?: string | undefined;
  voucherCode?: string | undefined;
  sessionId?: string | undefined;
  coachId?: number | undefined;
  profile?: UserProfile | undefined;
  settings?: UserSettings | undefined;
}

const invalidVoucher = () => new AppError('validation', 'INVALID_VOUCHER', 'This voucher code is not valid');

/**
 * Which client a registration lands in. A client key decides it. Under the universal key the voucher
 * names the client (codes are unique platform-wide); without one, the platform's default client takes
 * open registrations, if one is marked default.
 */
export async function resolveRegistrationClient(
  root: EntityManager,
  keyClient: IClient | null,
  voucherCode: string | undefined,
): Promise<IClient> {
  if (keyClient) return keyClient;
  const platform = unscoped(root, 'registration: a voucher or the default client names the tenant');
  if (voucherCode) {
    const clientId = await withoutTenantScope('universal-key registration: the voucher names the client', root, (em) =>
      clientOfVoucher(em, voucherCode),
    );
    if (clientId === null) throw invalidVoucher();
    return platform.findOneOrFail(Client, { id: clientId });
  }
  const fallback = await platform.findOne(Client, { isDefault: true });
  if (!fallback)
    throw new AppError(
      'validation',
      'NO_DEFAULT_CLIENT',
      'A voucher code is required: there is no default client for open registration',
    );
  return fallback;
}

/**
 * Creates the account, redeems the voucher and opens the first session in ONE transaction: a voucher
 * that turns out to be taken rolls the user back, and a taken e-mail leaves the voucher unredeemed.
 */
export async function registerUser(
  ctx: Ctx,
  client: IClient,
  input: Registration,
  tokens: TokenSettings,
): Promise<{ user: IUser; session: Session }> {
  if (client.requiresVoucher && !input.voucherCode) {
    throw new AppError('validation', 'VOUCHER_REQUIRED', 'This client requires a voucher code to register', [
      { field: 'voucherCode', message: 'required' },
    ]);
  }
  // Hashing is slow on purpose; it happens before the transaction so no row lock waits on it.
  const passwordHash = await hashPassword(input.password);
  return ctx.em.transactional(async (em) => {
    const tx: Ctx = { ...ctx, em: em as EntityManager };
    const onboarding = input.sessionId ? await takeOnboardingSession(tx, input.sessionId) : null;
    const coachId = input.coachId ?? onboarding?.coachId ?? null;
    if (coachId !== null) await assertActiveCoach(tx.em, coachId);
    const user = await createUserAccount(tx, {
      email: input.email,
      passwordHash,
      name: input.name ?? onboarding?.name ?? null,
      role: 'user',
      profile: { ...onboarding?.profile, ...input.profile },
      settings: input.settings ?? {},
      coachId,
    });
    if (input.voucherCode) await redeemVoucher(tx, input.voucherCode, user.id);
    const session = await startUserSession(tx.em, tokens, user);
    return { user, session };
  });
}
