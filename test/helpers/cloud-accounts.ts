import { setAccountPassword } from '../../cloud/admin.js';
import type { TestCloud } from './cloud.js';

export const OWNER_PASSWORD = 'correct horse battery';

export interface ApiResult {
  status: number;
  body: any;
  headers: Headers;
}

/** A JSON request to the cloud; `token` goes as Bearer, `cookie` as the Cookie header. */
export async function api(url: string, method: string, path: string, options: { token?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method, headers, redirect: 'manual',
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : null; } catch { /* an HTML page */ }
  return { status: res.status, body, headers: res.headers };
}

/** Gives the test cloud's owner a password and signs them in; returns the session token. */
export async function signInOwner(cloud: TestCloud): Promise<string> {
  await setAccountPassword(cloud.db, cloud.ownerEmail, OWNER_PASSWORD);
  const res = await api(cloud.url, 'POST', '/api/auth/login', { body: { email: cloud.ownerEmail, password: OWNER_PASSWORD } });
  if (res.status !== 200) throw new Error(`owner sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** An inviter invites `email`; the invitee accepts. Returns the new member's session token and account id. */
export async function inviteMember(url: string, inviterToken: string, input: { email: string; role: string; locationIds: string[]; name?: string }): Promise<{ token: string; accountId: string }> {
  const invited = await api(url, 'POST', '/api/invitations', { token: inviterToken, body: { email: input.email, role: input.role, locationIds: input.locationIds } });
  if (invited.status !== 201) throw new Error(`invitation failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const accepted = await api(url, 'POST', '/api/invitations/accept', { body: { token: invited.body.token, name: input.name ?? input.email.split('@')[0], password: 'a long enough secret' } });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { token: accepted.body.token, accountId: accepted.body.accountId };
}
