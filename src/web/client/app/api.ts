/** Waiter app: JSON over HTTP. An unreachable box → code OFFLINE; an ended session → back to the PIN screen. */
import { ApiError } from '../shared/dom.js';
import { S } from './state.js';
import { setOnline } from './outbox.js';
import { signedOut } from './auth.js';

export interface ApiOptions {
  device?: boolean; headers?: Record<string, string>; timeout?: number;
  /** A body sent as it is (a menu file), its content type in `headers`. */
  raw?: string;
}
export interface ApiResult<T> { status: number; body: T; etag: string | null }

export async function api<T>(method: string, path: string, body?: unknown, opts: ApiOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.device ? S.device : S.session}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, opts.headers ?? {});
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeout ?? 8000);
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)), cache: 'no-store', signal: abort.signal });
  } catch {
    clearTimeout(timer); setOnline(false);
    throw new ApiError('The box cannot be reached.', 'OFFLINE');
  }
  clearTimeout(timer);
  if (res.status === 304) return { status: 304, body: null as T, etag: res.headers.get('etag') };
  const json = (await res.json().catch(() => null)) as unknown;
  if (res.ok) { setOnline(true); return { status: res.status, body: json as T, etag: res.headers.get('etag') }; }
  const err = (json as { error?: { code: string; message: string; details?: unknown } } | null)?.error
    ?? { code: `HTTP_${res.status}`, message: `The box answered ${res.status}.` };
  if (err.code === 'UNAUTHENTICATED' && !opts.device) signedOut();
  if (err.code === 'OFFLINE') setOnline(false);
  throw new ApiError(err.message, err.code, res.status, err.details);
}
