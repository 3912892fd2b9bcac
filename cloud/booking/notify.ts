/**
 * What the guest is told about an online booking (issue 20), queued through the cloud's
 * notifications (cloud/notify) inside the transaction that made the change — received, confirmed
 * or refused (when the box answered), cancelled — so a change and its message commit together.
 * Each is deduplicated by booking and kind: a retried settle or cancel sends one message.
 */
import { queueNotification } from '../notify/index.js';
import type { Queryable } from '../db.js';
import { guestReason } from './view.js';

export type BookingMailKind = 'received' | 'confirmed' | 'refused' | 'cancelled';

export interface MailBooking {
  id: string;
  organisation_id: string;
  reference: string;
  restaurant_name: string;
  email: string;
  name: string;
  party_size: number;
  service_date: string;
  local_time: string;
  refusal_code?: string | null;
}

/** The guest's manage link: absolute when the cloud knows its public address (CLOUD_PUBLIC_URL). */
export function manageLink(token: string): string {
  const base = (process.env.CLOUD_PUBLIC_URL ?? '').replace(/\/+$/, '');
  return `${base}/public/bookings/${token}`;
}

function compose(kind: BookingMailKind, b: MailBooking, token: string | null): { subject: string; text: string } {
  const what = `${b.party_size} ${b.party_size === 1 ? 'guest' : 'guests'} on ${b.service_date} at ${b.local_time}`;
  const ref = `Reference: ${b.reference}.`;
  switch (kind) {
    case 'received':
      return { subject: `${b.restaurant_name}: booking received (${b.reference})`,
        text: `Hello ${b.name},\n\nWe sent your booking for ${what} to ${b.restaurant_name}. You will get a second message once the restaurant confirms it.\n${ref}\n${token ? `See or cancel it: ${manageLink(token)}\n` : ''}` };
    case 'confirmed':
      return { subject: `${b.restaurant_name}: booking confirmed (${b.reference})`,
        text: `Hello ${b.name},\n\n${b.restaurant_name} confirmed your table for ${what}.\n${ref}\nTo cancel, use the link in our first message.\n` };
    case 'refused':
      return { subject: `${b.restaurant_name}: booking not possible (${b.reference})`,
        text: `Hello ${b.name},\n\nSorry: ${b.restaurant_name} could not take your booking for ${what}. ${guestReason(b.refusal_code ?? 'REFUSED')}\n${ref}\n` };
    case 'cancelled':
      return { subject: `${b.restaurant_name}: booking cancelled (${b.reference})`,
        text: `Hello ${b.name},\n\nYour booking for ${what} at ${b.restaurant_name} is cancelled.\n${ref}\n` };
  }
}

export async function queueBookingMail(q: Queryable, kind: BookingMailKind, b: MailBooking, token: string | null = null): Promise<void> {
  const { subject, text } = compose(kind, b, token);
  await queueNotification(q, { kind: `booking.${kind}`, to: b.email, subject, text, organisationId: b.organisation_id, dedupeKey: `booking:${b.id}:${kind}` });
}
