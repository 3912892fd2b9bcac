/**
 * The events an organisation can subscribe a URL to (issue 21), one name each, stable: receivers
 * switch on them. `data` is the synced row as the box sent it (money in minor units, times in epoch
 * ms), so a receiver sees what the owners' reports see.
 */
export const WEBHOOK_EVENTS = {
  'order.created': 'An order reached the cloud for the first time (its lines follow as the order changes).',
  'order.closed': 'An order was paid in full (status completed) or canceled.',
  'payment.received': 'A payment was taken on an order.',
  'refund.issued': 'A payment was refunded, in part or in full.',
  'line.voided': 'An order line was voided.',
  'stock.alert': 'An ingredient ran low (a low-stock alert was raised on the box).',
  'reservation.made': 'A reservation was made on a box, or an online booking was applied by its box.',
  'reservation.cancelled': 'A reservation was cancelled, at the door or online.',
  'z_report.closed': 'A business day was closed with a Z report, with its frozen figures.',
  'sync.stalled': 'A location\'s box has not reached the cloud for a while (see WEBHOOK_STALL_MINUTES); fires once per silence.',
  'sync.resumed': 'A location whose sync had stalled reached the cloud again.',
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** Sent by the test route only; nobody subscribes to it. */
export const PING_EVENT = 'webhook.ping';

export function isWebhookEvent(name: string): name is WebhookEventType {
  return Object.prototype.hasOwnProperty.call(WEBHOOK_EVENTS, name);
}
