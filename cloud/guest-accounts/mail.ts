/**
 * The mails of guest accounts, queued through the notification outbox (cloud/notify) in the same
 * transaction as the link they carry: a link exists if and only if its mail is on its way.
 *
 * Links point at CLOUD_PUBLIC_URL (never at the request's Host header: a forged Host would otherwise
 * send a guest's password link to someone else's site). The token travels after `#`, which browsers
 * send to no server and no Referer, so it leaves no trace in access logs; the page posts it.
 */
import type { Queryable } from '../db.js';
import { queueNotification } from '../notify/index.js';

export function publicBaseUrl(): string {
  return (process.env.CLOUD_PUBLIC_URL ?? `http://localhost:${process.env.CLOUD_PORT ?? 8090}`).replace(/\/+$/, '');
}

export async function mailVerifyLink(q: Queryable, to: string, token: string): Promise<void> {
  await queueNotification(q, {
    kind: 'account.verify', to, subject: 'Confirm your email address',
    text: `Hello,\n\nTo finish creating your account, open this link within 48 hours:\n\n${publicBaseUrl()}/guest/verify#${token}\n\nIf you did not sign up, ignore this mail: nothing happens without the link.\n`,
  });
}

export async function mailResetLink(q: Queryable, to: string, token: string): Promise<void> {
  await queueNotification(q, {
    kind: 'account.password_reset', to, subject: 'Choose a new password',
    text: `Hello,\n\nTo choose a new password, open this link within 1 hour:\n\n${publicBaseUrl()}/guest/reset#${token}\n\nIf you did not ask for it, ignore this mail: your password stays as it is.\n`,
  });
}

/** Someone signed up with an email that has an account: tell its owner, tell the caller nothing. */
export async function mailAlreadyRegistered(q: Queryable, to: string): Promise<void> {
  await queueNotification(q, {
    kind: 'account.exists', to, subject: 'You already have an account',
    text: `Hello,\n\nSomeone (you, perhaps) tried to create an account with this address, which already has one.\nSign in at ${publicBaseUrl()}/guest/login, or choose a new password at ${publicBaseUrl()}/guest/forgot.\n`,
  });
}
