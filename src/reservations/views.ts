/** Booking rows as the API and the screens see them (table labels, local time, lateness), and the image the cloud gets. */
import { asc, eq } from 'drizzle-orm';
import { reservationStatusChanges, staff } from '../db/schema.js';
import type { DbLike } from '../db/command.js';
import { loadTables, type ReservationRow } from './store.js';
import { lateMinutes } from './status-rules.js';
import { localParts } from './zoned-time.js';
import type { ReservationView } from './schemas.js';

export type LabelOf = (tableId: string) => string;

export function tableLabels(tx: DbLike): LabelOf {
  const labels = new Map(loadTables(tx).map((t) => [t.id, t.label]));
  return (id) => labels.get(id) ?? '?';
}

export function reservationView(row: ReservationRow, labelOf: LabelOf, timeZone: string, now: number): ReservationView {
  const { requestHash: _h, ...rest } = row;
  return { ...rest, time: localParts(row.startsAt, timeZone).time, tableLabels: row.tableIds.map(labelOf), lateMinutes: lateMinutes(row.status, row.startsAt, now) };
}

/** The image for the change log (architecture §6): everything but the request fingerprint. */
export function reservationImage(row: ReservationRow): Record<string, unknown> {
  const { requestHash: _h, ...image } = row;
  return image;
}

export function statusHistory(tx: DbLike, reservationId: string) {
  return tx.select({ from: reservationStatusChanges.fromStatus, to: reservationStatusChanges.toStatus, at: reservationStatusChanges.at,
    staffId: reservationStatusChanges.staffId, staffName: staff.name, reason: reservationStatusChanges.reason })
    .from(reservationStatusChanges).leftJoin(staff, eq(staff.id, reservationStatusChanges.staffId))
    .where(eq(reservationStatusChanges.reservationId, reservationId)).orderBy(asc(reservationStatusChanges.at), asc(reservationStatusChanges.id)).all();
}
