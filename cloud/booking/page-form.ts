/**
 * The booking part of GET /r/{slug} (issue 20): which date and party the guest asked for (the
 * restaurant's next days, its own party rules) and the times offered then. A date or party outside
 * those is a 400 page saying so — never a silent default.
 */
import crypto from 'node:crypto';
import type { CloudDb } from '../db.js';
import { addDays, localParts } from '../../src/reservations/zoned-time.js';
import { offeredSlots } from './offered.js';
import type { BookingFormInput } from './page.js';
import { findBookable } from './restaurant.js';

/** How many dates the page's form offers (the restaurant's window may be shorter). */
export const FORM_DAYS = 14;

function dateLabel(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

export async function bookingForm(db: CloudDb, slug: string, query: { date?: string; party?: string }, now: number, error: string | null = null): Promise<{ form: BookingFormInput; status: 200 | 400 }> {
  const r = await findBookable(db, slug);
  const today = localParts(now, r.timeZone).date;
  const dates = Array.from({ length: Math.min(FORM_DAYS, r.maxDaysAhead + 1) }, (_, i) => addDays(today, i)).map((d, i) => ({ value: d, label: i === 0 ? `Today, ${dateLabel(d)}` : dateLabel(d) }));
  const wantParty = query.party === undefined ? Math.min(Math.max(2, r.minParty), r.maxParty) : /^\d{1,3}$/.test(query.party) ? Number(query.party) : NaN;
  const date = query.date ?? today;
  const problems: string[] = [];
  if (!dates.some((d) => d.value === date)) problems.push(`Pick a date from the list (the next ${dates.length} days).`);
  if (!(wantParty >= r.minParty && wantParty <= r.maxParty)) problems.push(`Online, this restaurant takes parties of ${r.minParty} to ${r.maxParty}.`);
  const party = problems.length ? Math.min(Math.max(2, r.minParty), r.maxParty) : wantParty;
  const chosen = problems.length ? today : date;
  const slots = await offeredSlots(db, r, chosen, party, now);
  return {
    status: problems.length ? 400 : 200,
    form: { slug: r.slug, date: chosen, party, dates, minParty: r.minParty, maxParty: r.maxParty, slots, formKey: `form-${crypto.randomBytes(12).toString('base64url')}`,
      error: error ?? (problems.length ? problems.join(' ') : null) },
  };
}
