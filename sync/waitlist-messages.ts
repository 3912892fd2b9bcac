/**
 * The waitlist from afar (issue 20), shared by the cloud and the box.
 *
 * Down the channel — `waitlist.join` v1: a guest signed in to the cloud (email verified) joins a
 * restaurant's waitlist. `id` is made by the guest's client and is the waitlist entry's id on the
 * box, so a replayed message, a retried request or a double tap is one party.
 *
 * Up the sync push — entity `waitlist_estimate` (mutable, id = the entry's id): the box's live
 * estimate for each waiting party and its place in line, pushed when either moves. The box never
 * stores an estimate (it is computed from the room on every read); this is what the guest follows.
 */
import { z } from 'zod';

export const WAITLIST_JOIN = 'waitlist.join';
export const WAITLIST_ESTIMATE_ENTITY = 'waitlist_estimate';

export const waitlistJoinV1 = z.object({
  id: z.uuid(),
  partySize: z.number().int().min(1).max(100),
  name: z.string().min(1).max(120),
  /** E.164 when the cloud could parse it; the box parses it again in its own country. */
  phone: z.string().min(1).max(40),
  notes: z.string().max(500).nullable(),
  /** The guest account (cloud) that joined; the box keeps it in the entry's notes for nobody, only the id travels. */
  guestAccountId: z.string().min(1).max(100),
  /** When the guest pressed the button (a box offline at the time adds them when it comes back). */
  requestedAt: z.number().int(),
});
export type WaitlistJoinV1 = z.infer<typeof waitlistJoinV1>;

/** The `waitlist_estimate` row the box pushes up. */
export const waitlistEstimateImage = z.object({
  id: z.string(),
  /** Minutes from `at` until a table should be free for them. */
  minutes: z.number().int(),
  /** 1 = next in line. */
  position: z.number().int().min(1),
  tableIds: z.array(z.string()),
  at: z.number().int(),
  version: z.number().int(),
});
export type WaitlistEstimateImage = z.infer<typeof waitlistEstimateImage>;
