import type { IClient } from '../tenancy/client.entity.ts';
import { presentClientSummary } from '../tenancy/clients.ts';
import type { IUser } from '../identity/user.entity.ts';
import type { ITrainer } from '../identity/trainer.entity.ts';
import type { IPartner, IPartnerStaff } from '../identity/partner.entity.ts';
import type { Session } from './auth-sessions.ts';

export function presentAuthUser(u: IUser) {
  return { id: u.id, email: u.email, name: u.name ?? null, role: u.role };
}

/** Register and login answer alike; `client` lets a universal-key app brand itself after sign-in. */
export function presentAuthResult(user: IUser, session: Session, client: IClient) {
  return { user: presentAuthUser(user), ...session, client: presentClientSummary(client) };
}

export function presentMe(user: IUser, coach: ITrainer | null, client: IClient) {
  return {
    user: {
      ...presentAuthUser(user),
      profile: user.profile,
      settings: user.settings,
      coach: coach ? { id: coach.id, name: coach.name } : null,
      createdAt: user.createdAt.toISOString(),
    },
    enabledFeatures: [...client.enabledFeatures],
    client: presentClientSummary(client),
  };
}

export function presentStaff(staff: IPartnerStaff, partner: IPartner, client: IClient) {
  return {
    staff: { id: staff.id, email: staff.email, name: staff.name ?? null, role: staff.role },
    partner: { id: partner.id, name: partner.name },
    client: presentClientSummary(client),
  };
}
