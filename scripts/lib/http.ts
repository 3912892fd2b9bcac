/** A small JSON client for scripts that drive a running box over real HTTP. */

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

export type Api = <T = unknown>(method: string, path: string, options?: RequestOptions) => Promise<JsonResponse<T>>;

/** A client for the box at `baseUrl`. Network failures reject (the caller decides what a dead box means). */
export function apiClient(baseUrl: string): Api {
  return async <T>(method: string, urlPath: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + urlPath, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}

/** Throws with the method, path, status and body unless the status is one of `ok`. */
export async function expectStatus<T>(pending: Promise<JsonResponse<T>>, what: string, ok: number[] = [200, 201]): Promise<T> {
  const res = await pending;
  if (!ok.includes(res.status)) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
