import type { Ctx } from '../../domain/shared/context.ts';
import { tenantOf, withoutTenantScope } from '../../domain/shared/scope.ts';
import { buildContext, runUseCase } from '../../domain/shared/use-case.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { createClient } from '../../domain/tenancy/create-client.ts';
import {
  findClientBySlug,
  getClient,
  listClients,
  presentClient,
  updateClient,
} from '../../domain/tenancy/manage-clients.ts';
import {
  issueApiKey,
  presentApiKey,
  revokeApiKey,
  rotateApiKey,
  type IssuedKey,
} from '../../domain/tenancy/api-keys.ts';
import { listApiKeys } from '../../domain/tenancy/list-api-keys.ts';
import { createPartner, createPartnerStaff, presentPartner, presentStaff } from '../../domain/identity/partners.ts';
import { issueVoucherBatch, presentIssuedVoucher } from '../../domain/identity/vouchers.ts';
import { createTrainer, issueTrainerInvite, presentInvite, presentTrainer } from '../../domain/identity/trainers.ts';
import { setClientVoiceConfig, setTrainerVoiceConfigs } from '../../domain/voice/voice-configs.ts';
import { syncVoiceTools } from '../../domain/voice/sync-tools.ts';
import { humeToolSpecs } from '../../realtime/agent-tools.ts';
import { runJobNow } from '../../jobs/run-job.ts';
import { jobInput } from '../../jobs/job-input.ts';
import { setBillingPlan } from '../../domain/partner-usage/billing-plans.ts';
import { importCatalogue } from '../../domain/content/import-catalogue.ts';
import { authChanged } from '../auth-cache.ts';
import { platformEm } from '../db/orm.ts';
import { createPlatformAdmin, presentPlatformAdmin } from '../../domain/identity/platform-admins.ts';
import type { DirectRuntime } from './cli-runtime.ts';
import type { AdminOps } from './admin-ops.ts';

const DAY_MS = 86_400_000;
const issued = (k: IssuedKey) => ({ ...presentApiKey(k.apiKey), key: k.key });

/** The CLI on the database itself: the same domain functions the admin routes call. */
export function directOps(rt: DirectRuntime): AdminOps {
  const { services } = rt;
  const em = () => platformEm(services.orm);
  async function inClient<T>(clientId: number, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
    const tenant = tenantOf(await getClient(em(), clientId));
    return runUseCase(
      buildContext(services.orm.em, { tenant, actor: { kind: 'admin', adminId: null } }),
      services.publisher,
      fn,
    );
  }
  /** With Redis, running nodes drop their cached keys and clients within a second (without it, within 30 s). */
  const announced = async <T>(result: T): Promise<T> => {
    await authChanged(services);
    return result;
  };
  return {
    async resolveClient(ref) {
      const client = /^\d+$/.test(ref) ? await getClient(em(), Number(ref)) : await findClientBySlug(em(), ref);
      if (!client) throw notFound('Client');
      return client.id;
    },
    async createClient(body) {
      const { client, key } = await createClient(em(), body);
      return { client: presentClient(client), apiKey: issued(key) };
    },
    updateClient: async (id, body) => presentClient(await announced(await updateClient(em(), id, body))),
    listClients: (query) => listClients(em(), query),
    issueKey: async (id, body) => issued(await issueApiKey(em(), { clientId: id, name: body.name })),
    rotateKey: async (id, keyId) => issued(await announced(await rotateApiKey(em(), keyId, id))),
    revokeKey: async (id, keyId) => presentApiKey(await announced(await revokeApiKey(em(), keyId, id))),
    listKeys: async (id) => ({ items: await listApiKeys(em(), id) }),
    issueUniversalKey: async (body) => issued(await issueApiKey(em(), { clientId: null, name: body.name })),
    createPartner: (id, body) => inClient(id, async (ctx) => presentPartner(await createPartner(ctx, body))),
    createStaff: (id, partnerId, body) =>
      inClient(id, async (ctx) => presentStaff(await createPartnerStaff(ctx, partnerId, body))),
    issueVouchers: (id, body) =>
      inClient(id, async (ctx) => ({ vouchers: (await issueVoucherBatch(ctx, body)).map(presentIssuedVoucher) })),
    createTrainer: (id, body) => inClient(id, async (ctx) => presentTrainer(await createTrainer(ctx, body))),
    inviteTrainer: (id, trainerId, body) =>
      inClient(id, async (ctx) => {
        const expiresAt = body.expiresAt ?? new Date(ctx.clock().getTime() + (body.expiresInDays ?? 14) * DAY_MS);
        return presentInvite(await issueTrainerInvite(ctx, trainerId, { expiresAt }));
      }),
    setVoiceConfig: (body) =>
      inClient(body.clientId, (ctx) =>
        setClientVoiceConfig(ctx, { configId: body.configId, version: body.configVersion ?? null }),
      ),
    setTrainerVoiceConfigs: (body) =>
      inClient(body.clientId, (ctx) =>
        setTrainerVoiceConfigs(
          ctx,
          body.trainers.map((t) => ({ trainerId: t.trainerId, configId: t.configId, version: t.configVersion })),
        ),
      ),
    syncVoiceTools: (body) =>
      withoutTenantScope('the sync reads every configured EVI config', services.orm.em, (em) =>
        syncVoiceTools(em, services.hume(), humeToolSpecs(), 'clientId' in body ? body.clientId : null),
      ),
    runJob: (name, input) => runJobNow(services, name, jobInput(name, input)),
    setBillingPlan: (id, partnerId, body) => inClient(id, (ctx) => setBillingPlan(ctx, partnerId, body)),
    createAdmin: async (body) => presentPlatformAdmin(await createPlatformAdmin(platformEm(services.orm), body)),
    importCatalogue: async (id, rows) => {
      const outcome = await inClient(id, (ctx) => importCatalogue(ctx, rows));
      await services.contentCache.invalidate(id); // with Redis, running nodes drop their cached tenant content
      return outcome;
    },
    close: () => rt.close(),
  };
}
