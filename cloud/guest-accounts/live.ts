/**
 * Following one's place in line, or a booking, live (issue 20): Server-Sent Events from the cloud. The
 * box's state reaches the cloud with each sync push (waitlist_entries, waitlist_estimates) and its
 * answers to bookings through the channel's acknowledgements; each open feed reads it again every
 * CLOUD_GUEST_LIVE_POLL_MS (default 2 s) and sends a `place` (or `booking`) event when anything the
 * guest sees changed — and once a minute anyway, as the minutes left count down. It ends after the
 * final state (seated, left, cancelled, refused) or after an hour (EventSource reconnects by itself).
 *
 * Polling, not LISTEN/NOTIFY: one indexed read per open feed every 2 s is cheap for the hundreds of
 * parties a service has waiting, and works the same on PGlite; a notify from ingest is the next step
 * if that grows. Feeds per guest are capped (TOO_MANY_STREAMS), so a script cannot open thousands.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { AppError } from '../../src/errors.js';
import type { AuthDeps } from '../auth/deps.js';
import { listOnlineBookingsByEmail } from '../booking/read.js';
import { FINAL_STATUSES, findJoin, viewJoins, type GuestWaitlistView } from './waitlist.js';

export const MAX_FEEDS_PER_GUEST = 5;
/** A booking's states after which nothing changes (the feed ends). */
const BOOKING_FINAL: readonly string[] = ['cancelled', 'refused'];
const FEED_LIFETIME_MS = 60 * 60 * 1000;
const REFRESH_MS = 60_000;

export class LiveFeeds {
  private open = new Map<string, number>();

  private pollMs(): number {
    const n = Number(process.env.CLOUD_GUEST_LIVE_POLL_MS);
    return Number.isSafeInteger(n) && n >= 50 ? n : 2_000;
  }

  /** The feed of one of the guest's waitlist places (404 for another's, before any byte is streamed). */
  async followPlace(c: Context, deps: AuthDeps, guestId: string, joinId: string): Promise<Response> {
    const join = await findJoin(deps.db, guestId, joinId);
    return this.stream(c, guestId, 'place', async () => {
      const view: GuestWaitlistView = (await viewJoins(deps.db, deps.clock.now(), [join]))[0]!;
      return { view, final: FINAL_STATUSES.includes(view.status), key: JSON.stringify({ ...view, estimatedAt: null }) };
    });
  }

  /** The feed of one of the guest's online bookings, by its verified email (404 for another's). */
  async followBooking(c: Context, deps: AuthDeps, guest: { id: string; email: string }, bookingId: string): Promise<Response> {
    const read = async () => (await listOnlineBookingsByEmail(deps.db, guest.email)).find((b) => b.id === bookingId);
    if (!(await read())) throw new AppError('NOT_FOUND', `You have no booking with id ${bookingId}.`, { entity: 'booking', id: bookingId });
    return this.stream(c, guest.id, 'booking', async () => {
      const view = await read();
      // Gone from the list (erased): say so and end.
      return { view: view ?? { id: bookingId, status: 'gone' }, final: !view || BOOKING_FINAL.includes(view.status), key: JSON.stringify(view ?? null) };
    });
  }

  /** Sends `event` whenever `read` gives a new key (and once a minute), until final, the guest leaves, or an hour. */
  private stream(c: Context, guestId: string, event: string, read: () => Promise<{ view: unknown; final: boolean; key: string }>): Response {
    const count = this.open.get(guestId) ?? 0;
    if (count >= MAX_FEEDS_PER_GUEST) {
      throw new AppError('TOO_MANY_STREAMS', `At most ${MAX_FEEDS_PER_GUEST} live feeds at once per account; close one (another tab) first.`, { max: MAX_FEEDS_PER_GUEST });
    }
    this.open.set(guestId, count + 1);
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no'); // a reverse proxy must not hold the events back
    return streamSSE(c, async (stream) => {
      try {
        const started = Date.now();
        let last = '';
        let lastSentAt = 0;
        let n = 0;
        while (!stream.aborted && !stream.closed && Date.now() - started < FEED_LIFETIME_MS) {
          const { view, final, key } = await read();
          if (key !== last || Date.now() - lastSentAt >= REFRESH_MS) {
            last = key;
            lastSentAt = Date.now();
            await stream.writeSSE({ event, id: String(++n), data: JSON.stringify(view) });
          }
          if (final) break;
          await stream.sleep(this.pollMs());
        }
      } finally {
        const left = (this.open.get(guestId) ?? 1) - 1;
        if (left <= 0) this.open.delete(guestId); else this.open.set(guestId, left);
      }
    }, async () => { /* the guest went away or the database closed: the feed ends, EventSource reconnects */ });
  }
}
