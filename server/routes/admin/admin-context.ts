import type { Call } from '../../http/route.ts';
import type { Ctx } from '../../../domain/shared/context.ts';
import { tenantOf } from '../../../domain/shared/scope.ts';
import { getClient } from '../../../domain/tenancy/manage-clients.ts';

/**
 * The platform admin acting inside one client: loads the client (404 when unknown) and binds a
 * tenant-scoped context to it, so ids of another client's rows are simply not found.
 */
export async function adminContext(call: Call, clientId: number): Promise<Ctx> {
  const client = await getClient(call.platformEm(), clientId);
  return call.contextFor(tenantOf(client), { kind: 'admin', adminId: null });
}
