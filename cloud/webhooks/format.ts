/**
 * The two shapes a delivery takes (issue 21). `json` (the default): an envelope with the delivery's
 * stable id — the receiver de-duplicates on it — the event's type, when it was recorded, and the
 * synced row. `slack`: `{"text": "…"}`, one readable line, which a Slack (or Mattermost, Teams
 * workflow, Discord `/slack`) incoming-webhook URL posts as a message.
 */
import { PING_EVENT } from './events.js';

export interface StoredEvent {
  id: string;
  organisationId: string;
  locationId: string | null;
  type: string;
  recordedAt: number;
  payload: EventPayload;
}

export interface EventPayload {
  entity?: string;
  location?: { id: string; name: string | null; currency: string | null };
  object?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * An event's envelope without the delivery id, serialised once per event and pass: at a fan-out to a
 * hundred subscribers the same payload would otherwise be turned into JSON a hundred times.
 */
const envelopes = new WeakMap<StoredEvent, string>();
const slackBodies = new WeakMap<StoredEvent, string>();

/** The JSON envelope every `json` subscription receives: `{"id": <delivery id>, …the event's envelope}`. */
export function jsonBody(deliveryId: string, event: StoredEvent): string {
  let rest = envelopes.get(event);
  if (rest === undefined) {
    const { location, ...data } = event.payload;
    rest = JSON.stringify({
      eventId: event.id,
      type: event.type,
      createdAt: new Date(event.recordedAt).toISOString(),
      organisationId: event.organisationId,
      location: location ?? (event.locationId ? { id: event.locationId, name: null, currency: null } : null),
      data,
    });
    envelopes.set(event, rest);
  }
  return `{"id":${JSON.stringify(deliveryId)},${rest.slice(1)}`;
}

/** `{"text": …}` for a Slack-compatible incoming webhook. */
export function slackBody(event: StoredEvent): string {
  let body = slackBodies.get(event);
  if (body === undefined) slackBodies.set(event, body = JSON.stringify({ text: slackText(event) }));
  return body;
}

/** Slack reads &, < and > as markup: escape them in what the box typed. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function money(minor: unknown, currency: string | null | undefined): string {
  if (typeof minor !== 'number') return '?';
  if (!currency) return (minor / 100).toFixed(2);
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

function line(event: StoredEvent): string {
  const o = event.payload.object ?? {};
  const cur = event.payload.location?.currency;
  const order = typeof o.number === 'number' ? `order #${o.number}` : 'an order';
  switch (event.type) {
    case PING_EVENT: return 'Test message from Brigade: this webhook works.';
    case 'order.created': return `New ${order}${o.type ? ` (${esc(String(o.type))})` : ''}${typeof o.total === 'number' ? `, ${money(o.total, cur)} so far` : ''}.`;
    case 'order.closed': return o.status === 'canceled' ? `${capital(order)} was canceled.` : `${capital(order)} paid in full: ${money(o.total, cur)}${typeof o.tips === 'number' && o.tips > 0 ? ` + ${money(o.tips, cur)} tips` : ''}.`;
    case 'payment.received': return `Payment received: ${money(o.amount, cur)}${o.method ? ` by ${esc(String(o.method))}` : ''}${typeof o.tip === 'number' && o.tip > 0 ? ` (+ ${money(o.tip, cur)} tip)` : ''}.`;
    case 'refund.issued': return `Refund issued: ${money(o.amount, cur)}${o.reason ? ` (${esc(String(o.reason))})` : ''}.`;
    case 'line.voided': return `Line voided: ${money(o.amount, cur)}${o.reason ? ` (${esc(String(o.reason))})` : ''}.`;
    case 'stock.alert': return `Low stock: ingredient ${esc(String(o.ingredientName ?? o.ingredientId ?? '?'))} is down to ${typeof o.onHand === 'number' ? o.onHand / 1000 : '?'}.`;
    case 'z_report.closed': {
      const totals = (o.totals ?? {}) as { net?: number; total?: number };
      return `Z report #${String(o.number ?? '?')} closed the day ${esc(String(o.businessDay ?? '?'))}: ${money(totals.total, cur)} total.`;
    }
    case 'reservation.made': return `Reservation made${o.partySize ? ` for ${String(o.partySize)}` : ''}.`;
    case 'reservation.cancelled': return 'Reservation cancelled.';
    case 'sync.stalled': return `Sync stalled: no word from the box since ${new Date(Number(event.payload.lastContactAt)).toISOString().slice(0, 16).replace('T', ' ')} UTC. Orders are safe on the box; check its internet connection.`;
    case 'sync.resumed': return 'Sync resumed: the box reached the cloud again.';
    default: return esc(event.type);
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function slackText(event: StoredEvent): string {
  const name = event.payload.location?.name;
  return `${name ? `*${esc(name)}*: ` : ''}${line(event)}`;
}
