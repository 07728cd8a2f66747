/** A small JSON client over fetch: the tests speak to the real HTTP server, as an app would. */
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Creds {
  apiKey?: string;
  token?: string;
  adminToken?: string;
  headers?: Record<string, string>;
}

export function client(baseUrl: string, defaults: Creds = {}) {
  async function call<T = any>(method: string, path: string, body?: unknown, creds: Creds = {}): Promise<Reply<T>> {
    const c = { ...defaults, ...creds };
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (c.apiKey) headers['X-API-Key'] = c.apiKey;
    if (c.token) headers['Authorization'] = `Bearer ${c.token}`;
    if (c.adminToken) headers['X-Admin-Token'] = c.adminToken;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* non-JSON bodies (CSV, HTML) are returned as text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
  return {
    get: <T = any>(path: string, creds?: Creds) => call<T>('GET', path, undefined, creds),
    post: <T = any>(path: string, body?: unknown, creds?: Creds) => call<T>('POST', path, body ?? {}, creds),
    put: <T = any>(path: string, body?: unknown, creds?: Creds) => call<T>('PUT', path, body ?? {}, creds),
    patch: <T = any>(path: string, body?: unknown, creds?: Creds) => call<T>('PATCH', path, body ?? {}, creds),
    delete: <T = any>(path: string, creds?: Creds) => call<T>('DELETE', path, undefined, creds),
    raw: call,
  };
}
export type Api = ReturnType<typeof client>;
