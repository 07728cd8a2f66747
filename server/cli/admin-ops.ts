import type { z } from 'zod';
import type * as s from '../routes/admin/admin.schemas.ts';
import type * as v from '../routes/voice/voice.schemas.ts';
import type { ImportOutcome, RawCatalogueRow } from '../../domain/content/import-catalogue.ts';
import type { BillingPlanInput } from '../../domain/partner-usage/billing-plans.ts';

type In<T extends z.ZodType> = z.output<T>;

/**
 * What the CLI can do, independent of how it gets there: straight to the database through the domain
 * functions (admin-ops.direct.ts) or through a running server's admin API (admin-ops.http.ts, when the
 * embedded database is locked by `npm start`). Both answer what the admin API answers in `data`.
 */
export interface AdminOps {
  /** A client by id or slug; 404-style error when unknown. */
  resolveClient(ref: string): Promise<number>;
  createClient(body: In<typeof s.createClientBody>): Promise<unknown>;
  updateClient(clientId: number, body: In<typeof s.updateClientBody>): Promise<unknown>;
  listClients(query: In<typeof s.listClientsQuery>): Promise<unknown>;
  issueKey(clientId: number, body: In<typeof s.keyBody>): Promise<unknown>;
  rotateKey(clientId: number, keyId: number): Promise<unknown>;
  revokeKey(clientId: number, keyId: number): Promise<unknown>;
  listKeys(clientId: number): Promise<unknown>;
  issueUniversalKey(body: In<typeof s.keyBody>): Promise<unknown>;
  createPartner(clientId: number, body: In<typeof s.partnerBody>): Promise<unknown>;
  createStaff(clientId: number, partnerId: number, body: In<typeof s.staffBody>): Promise<unknown>;
  issueVouchers(clientId: number, body: In<typeof s.voucherBatchBody>): Promise<unknown>;
  createTrainer(clientId: number, body: In<typeof s.trainerBody>): Promise<unknown>;
  inviteTrainer(clientId: number, trainerId: number, body: In<typeof s.inviteBody>): Promise<unknown>;
  setVoiceConfig(body: In<typeof v.clientConfigBody>): Promise<unknown>;
  setTrainerVoiceConfigs(body: In<typeof v.trainerConfigsBody>): Promise<unknown>;
  syncVoiceTools(body: In<typeof v.syncToolsBody>): Promise<unknown>;
  runJob(name: string, input?: Record<string, unknown>): Promise<unknown>;
  setBillingPlan(clientId: number, partnerId: number, body: BillingPlanInput): Promise<unknown>;
  createAdmin(body: { email: string; password: string; name?: string | undefined }): Promise<unknown>;
  importCatalogue(clientId: number, rows: RawCatalogueRow[]): Promise<ImportOutcome>;
  close(): Promise<void>;
}
