import { AppError } from '../../domain/shared/errors.ts';
import type { AdminOps } from './admin-ops.ts';

/** An error answer of the admin API, rebuilt so the CLI reports it like a local one. */
class RemoteError extends AppError {}

/** The CLI through a running server's admin API (used while `npm start` holds the embedded database). */
export function httpOps(baseUrl: string, adminToken: string): AdminOps {
  async function call(method: string, path: string, body?: unknown, root = '/admin'): Promise<any> {
    let res: Response;
    try {
      res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/v1${root}${path}`, {
        method,
        headers: { 'X-Admin-Token': adminToken, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new AppError(
        'unavailable',
        'SERVER_UNREACHABLE',
        `Cannot reach the server at ${baseUrl}: ${(err as Error).message}`,
      );
    }
    const json = (await res.json().catch(() => null)) as {
      success?: boolean;
      data?: unknown;
      error?: string;
      code?: string;
      details?: unknown;
    } | null;
    if (!res.ok || !json?.success) {
      const kind =
        res.status === 404
          ? 'not_found'
          : res.status === 409
            ? 'conflict'
            : res.status === 400
              ? 'validation'
              : res.status === 401
                ? 'unauthenticated'
                : 'unavailable';
      throw new RemoteError(kind, json?.code ?? `HTTP_${res.status}`, json?.error ?? res.statusText, json?.details);
    }
    return json.data;
  }
  // Dates travel as ISO strings, as the API expects them.
  const wire = (body: object) => JSON.parse(JSON.stringify(body)) as unknown;
  return {
    async resolveClient(ref) {
      if (/^\d+$/.test(ref)) return (await call('GET', `/clients/${ref}`)).id as number;
      const page = await call('GET', `/clients?search=${encodeURIComponent(ref)}&limit=100`);
      const match = (page.items as Array<{ id: number; slug: string }>).find((c) => c.slug === ref);
      if (!match) throw new AppError('not_found', 'NOT_FOUND', 'Client not found');
      return match.id;
    },
    createClient: (body) => call('POST', '/clients', body),
    updateClient: (id, body) => call('PATCH', `/clients/${id}`, body),
    listClients: (q) =>
      call(
        'GET',
        `/clients?page=${q.page}&limit=${q.limit}${q.search ? `&search=${encodeURIComponent(q.search)}` : ''}`,
      ),
    issueKey: (id, body) => call('POST', `/clients/${id}/keys`, body),
    rotateKey: (id, keyId) => call('POST', `/clients/${id}/keys/${keyId}/rotate`, {}),
    revokeKey: (id, keyId) => call('DELETE', `/clients/${id}/keys/${keyId}`),
    listKeys: (id) => call('GET', `/clients/${id}/keys`),
    issueUniversalKey: (body) => call('POST', '/universal-keys', body),
    createPartner: (id, body) => call('POST', `/clients/${id}/partners`, body),
    createStaff: (id, partnerId, body) => call('POST', `/clients/${id}/partners/${partnerId}/staff`, body),
    issueVouchers: (id, body) => call('POST', `/clients/${id}/vouchers`, wire(body)),
    createTrainer: (id, body) => call('POST', `/clients/${id}/trainers`, body),
    inviteTrainer: (id, trainerId, body) => call('POST', `/clients/${id}/trainers/${trainerId}/invites`, wire(body)),
    // The voice config routes are admin routes outside /admin (the contract names them /hume-config).
    setVoiceConfig: (body) => call('PUT', '/hume-config', body, ''),
    setTrainerVoiceConfigs: (body) => call('PUT', '/hume-config/trainers', body, ''),
    syncVoiceTools: (body) => call('POST', '/voice/sync-tools', body),
    runJob: (name, input) => call('POST', `/jobs/${encodeURIComponent(name)}/run`, input ? { input } : {}),
    setBillingPlan: (id, partnerId, body) => call('PUT', `/clients/${id}/partners/${partnerId}/billing-plan`, body),
    createAdmin: (body) => call('POST', '/admins', body),
    importCatalogue: (id, rows) => call('POST', `/clients/${id}/classes/import`, wire({ rows })),
    close: async () => undefined,
  };
}
