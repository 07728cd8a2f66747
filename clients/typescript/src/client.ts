import { basePath, operations, type OperationId, type Operations } from './schema.gen.ts';

/** An error answer of the API, in its documented envelope: `code` is stable, `status` is the HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  constructor(status: number, body: { error?: string; code?: string; details?: unknown; requestId?: string } | null) {
    super(body?.error ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? `HTTP_${status}`;
    this.details = body?.details;
    this.requestId = body?.requestId;
  }
}

// A part is required only when it has a required field ({} is not assignable to it).
type Part<Name extends string, T> = [T] extends [undefined]
  ? { [K in Name]?: undefined }
  : // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    {} extends T
    ? { [K in Name]?: T }
    : { [K in Name]: T };
/** What one call takes: path parameters, query and body (each required only when the operation has required fields). */
export type CallInput<K extends OperationId> = Part<'params', Operations[K]['params']> &
  Part<'query', Operations[K]['query']> &
  Part<'body', Operations[K]['body']> & { headers?: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type Args<K extends OperationId> = {} extends CallInput<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

export interface ClientOptions {
  /** The server, e.g. http://localhost:3000 (the /api/v1 prefix is added). */
  baseUrl: string;
  /** The client's API key (X-API-Key). */
  apiKey?: string;
  /** A user's access token (Authorization: Bearer), e.g. from `postAuthLogin`. */
  token?: string;
  fetch?: typeof fetch;
}

/**
 * A typed client over fetch: `call(operationId, { params, query, body })` answers the operation's `data`,
 * typed from the OpenAPI document, or throws ApiError with the API's error code.
 */
export function createClient(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  let token = options.token;
  const root = `${options.baseUrl.replace(/\/$/, '')}${basePath}`;

  async function call<K extends OperationId>(op: K, ...[input]: Args<K>): Promise<Operations[K]['response']> {
    const [method, template] = operations[op];
    const given = (input ?? {}) as {
      params?: Record<string, unknown>;
      query?: Record<string, unknown>;
      body?: unknown;
      headers?: Record<string, string>;
    };
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = given.params?.[name];
      if (value === undefined) throw new TypeError(`${op}: path parameter "${name}" is missing`);
      return encodeURIComponent(String(value));
    });
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(given.query ?? {})) if (v !== undefined && v !== null) query.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json', ...given.headers };
    if (options.apiKey) headers['X-API-Key'] = options.apiKey;
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (given.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await doFetch(`${root}${path}${query.size ? `?${query}` : ''}`, {
      method: method.toUpperCase(),
      headers,
      body: given.body === undefined ? undefined : JSON.stringify(given.body),
    });
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('application/json')) {
      if (!res.ok) throw new ApiError(res.status, null);
      return (await res.text()) as Operations[K]['response'];
    }
    const json = (await res.json()) as {
      success?: boolean;
      data?: unknown;
      error?: string;
      code?: string;
      details?: unknown;
      requestId?: string;
    };
    if (!res.ok || json.success === false) throw new ApiError(res.status, json);
    return json.data as Operations[K]['response'];
  }

  return {
    call,
    /** Use this user's access token from now on (null to sign out). */
    setToken(next: string | null) {
      token = next ?? undefined;
    },
    get token() {
      return token;
    },
  };
}

export type Client = ReturnType<typeof createClient>;
