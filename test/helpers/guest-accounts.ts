import { expect } from 'vitest';
import type { CloudDb } from '../../cloud/db.js';
import { api } from './cloud-accounts.js';

export const GUEST_PASSWORD = 'a long guest secret';

/** The latest mail of `kind` queued for `to` (the notification outbox: nothing leaves in tests). */
export async function lastMail(db: CloudDb, to: string, kind: string): Promise<{ subject: string; body_text: string } | undefined> {
  return (await db.query<{ subject: string; body_text: string }>('SELECT subject, body_text FROM notifications WHERE recipient = $1 AND kind = $2 ORDER BY created_at DESC, id DESC LIMIT 1', [to, kind])).rows[0];
}

/** The link token in a mail (after `#`). */
export function linkToken(text: string): string {
  const m = /#(bgl_[A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no link in: ${text}`);
  return m[1]!;
}

/** Registers, verifies by the mailed link and signs in; returns the session token. */
export async function verifiedGuest(url: string, db: CloudDb, email: string, extra: Record<string, unknown> = {}): Promise<string> {
  expect((await api(url, 'POST', '/public/accounts/register', { body: { email, password: GUEST_PASSWORD, ...extra } })).status).toBe(202);
  const mail = await lastMail(db, email, 'account.verify');
  expect((await api(url, 'POST', '/public/accounts/verify', { body: { token: linkToken(mail!.body_text) } })).status).toBe(200);
  const login = await api(url, 'POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } });
  expect(login.status).toBe(200);
  return login.body.token as string;
}
