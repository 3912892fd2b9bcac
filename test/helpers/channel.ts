import type { CloudDb } from '../../cloud/db.js';
import { publishMessages, type NewMessage, type Place } from '../../cloud/channel/log.js';

/** A small menu document (the export's format) with the soup at `price` cents. */
export function menuDoc(price: number, extra: { items?: Array<Record<string, unknown>> } = {}) {
  return {
    format: 'brigade.menu', formatVersion: 1, currency: 'EUR',
    categories: [{ name: 'Mains', items: [
      { name: 'Soup', price, taxRateBp: 1000, station: 'kitchen', description: 'of the day' },
      { name: 'Steak', price: 2400, taxRateBp: 1000, station: 'grill' },
      ...(extra.items ?? []),
    ] }],
    optionGroups: [],
  };
}

export const menuPublish = (price: number, n = price): NewMessage =>
  ({ kind: 'menu.publish', schemaVersion: 1, payload: { publicationId: `pub-${n}`, menuVersion: n, document: menuDoc(price) } });

/** Publishes each message to `place`, one transaction each (as separate publishes would be). */
export async function publishEach(db: CloudDb, place: Place, messages: NewMessage[]): Promise<number[]> {
  const seqs: number[] = [];
  for (const message of messages) seqs.push((await publishMessages(db, [{ place, message }]))[0]!.seq);
  return seqs;
}

export interface CloudMessageRow { seq: number; kind: string; status: string; applied_at: Date | null; error_code: string | null; error_message: string | null }

/** The cloud's view of a location's log (as the database owner). */
export async function cloudLog(db: CloudDb, locationId: string): Promise<CloudMessageRow[]> {
  return (await db.query<CloudMessageRow>('SELECT seq, kind, status, applied_at, error_code, error_message FROM channel_messages WHERE location_id = $1 ORDER BY seq', [locationId])).rows;
}
