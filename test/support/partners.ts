import type { RunningNode } from '../../server/node.ts';
import { tenantScope } from '../../domain/shared/scope.ts';
import { hashPassword } from '../../domain/auth/passwords.ts';
import { PartnerStaff, type PartnerRole } from '../../domain/identity/partner.entity.ts';
import { client, type Creds } from './http.ts';
import { createPartner } from './identities.ts';
import { uniqueEmail, type TestTenant } from './tenant.ts';

export const STAFF_PASSWORD = 'partner-pass-42';

export interface StaffLogin {
  staffId: number;
  email: string;
  token: string;
  refreshToken: string;
  /** Bearer + the client's key: what the voucher routes need (other partner routes ignore the key). */
  creds: Creds;
}

/** A staff account of a partner, signed in through the real login route. */
export async function signInStaff(
  node: RunningNode,
  tenant: TestTenant,
  partnerId: number,
  role: PartnerRole,
): Promise<StaffLogin> {
  const em = tenantScope(node.services.orm.em, tenant.id);
  const email = uniqueEmail(role);
  const staff = em.create(PartnerStaff, {
    clientId: tenant.id,
    partnerId,
    email,
    name: `${role} person`,
    passwordHash: await hashPassword(STAFF_PASSWORD),
    role,
  });
  await em.flush();
  const login = await client(node.url).post('/partner-auth/login', { email, password: STAFF_PASSWORD });
  if (login.status !== 200) throw new Error(`staff login failed: ${JSON.stringify(login.body)}`);
  const { accessToken, refreshToken } = login.body.data;
  return {
    staffId: staff.id,
    email,
    token: accessToken,
    refreshToken,
    creds: { token: accessToken, apiKey: tenant.apiKey },
  };
}

/** A partner with an owner and a viewer, both signed in. */
export async function partnerWithStaff(node: RunningNode, tenant: TestTenant, name = 'Acme HR') {
  const partner = await createPartner(node, tenant, name);
  const owner = await signInStaff(node, tenant, partner.id, 'owner');
  const viewer = await signInStaff(node, tenant, partner.id, 'viewer');
  return { partner, owner, viewer };
}
