/**
 * An online booking as the guest sees it. A refusal shows the box's code and a sentence written
 * for the guest — never the box's own message, which may name another party (TABLE_TAKEN does).
 */
export interface BookingRow {
  location_id: string;
  organisation_id: string;
  id: string;
  reference: string;
  restaurant_name: string;
  party_size: number;
  starts_at: string | number;
  service_date: string;
  local_time: string;
  name: string;
  phone: string | null;
  email: string;
  notes: string | null;
  status: 'pending' | 'confirmed' | 'refused' | 'cancelled';
  refusal_code: string | null;
  message_seq: string | number;
  created_at: Date;
  settled_at: Date | null;
  cancelled_at: Date | null;
}

export const BOOKING_COLUMNS = `location_id, organisation_id, id, reference, restaurant_name, party_size, starts_at, service_date, local_time, name, phone, email, notes,
  status, refusal_code, message_seq, created_at, settled_at, cancelled_at`;

const GUEST_REASONS: Record<string, string> = {
  NO_TABLE_FREE: 'The restaurant has no table left for your party at that time.',
  TABLE_TAKEN: 'The restaurant has no table left for your party at that time.',
  SLOT_FULL: 'The restaurant is full at that time.',
  OUTSIDE_OPENING_HOURS: 'The restaurant is closed at that time.',
};

export function guestReason(code: string | null): string | null {
  if (!code) return null;
  return GUEST_REASONS[code] ?? 'The restaurant could not take this booking. Please choose another time or call them.';
}

export interface BookingView {
  id: string;
  reference: string;
  locationId: string;
  status: BookingRow['status'];
  partySize: number;
  startsAt: number;
  date: string;
  time: string;
  name: string;
  phone: string | null;
  email: string;
  notes: string | null;
  refusal: { code: string; message: string } | null;
  createdAt: number;
  cancelledAt: number | null;
}

export function bookingView(row: BookingRow): BookingView {
  return {
    id: row.id, reference: row.reference, locationId: row.location_id, status: row.status, partySize: row.party_size, startsAt: Number(row.starts_at),
    date: row.service_date, time: row.local_time, name: row.name, phone: row.phone, email: row.email, notes: row.notes,
    refusal: row.status === 'refused' ? { code: row.refusal_code ?? 'REFUSED', message: guestReason(row.refusal_code ?? 'REFUSED')! } : null,
    createdAt: row.created_at.getTime(), cancelledAt: row.cancelled_at?.getTime() ?? null,
  };
}
