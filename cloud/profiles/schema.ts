/**
 * What an owner may put on a location's public profile (issue 20), checked before anything is
 * written. The limits are a serious product's: a guest's phone loads the page, so photos are few
 * and https only; the hours are those a restaurant really keeps (several ranges a day, past midnight).
 */
import { z } from 'zod';
import { parsePhone } from '../../src/customers/rules.js';
import { CUISINE_IDS, isCuisine } from './cuisines.js';
import { WEEKDAYS, overlap, type Hours } from './hours.js';

export const MAX_PHOTOS = 8;
export const MAX_PHOTO_URL = 500;
export const MAX_RANGES_PER_DAY = 4;
export const MAX_CLOSED_DATES = 366;
export const MAX_CUISINES = 3;

const time = (what: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${what} is a time like 18:30 (24-hour).`);
const range = z.object({ open: time('open'), close: z.union([time('close'), z.literal('24:00')]) }).strict()
  .refine((r) => r.open !== r.close, { message: 'A range cannot open and close at the same minute (for all day, use 00:00–24:00).' });

const isIsoDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const isTimeZone = (zone: string): boolean => {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) && zone !== 'UTC') return false;
  try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; }
};

const photo = z.string().max(MAX_PHOTO_URL, `A photo address is at most ${MAX_PHOTO_URL} characters.`).refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && !u.username && !u.password && u.hostname.includes('.');
  } catch { return false; }
}, 'A photo is an https:// address (no user or password in it).');

export const ProfileInput = z.object({
  expectedVersion: z.number().int().min(0).describe('0 to create the profile; else the version you read (409 VERSION_CONFLICT when it changed).'),
  slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, 'The page address is 3–60 lower-case letters, digits and dashes (not at either end).'),
  name: z.string().trim().min(1, 'Give the restaurant a name.').max(120),
  address: z.object({
    street: z.string().trim().min(1, 'Give the street address.').max(200),
    postcode: z.string().trim().max(20).default(''),
    city: z.string().trim().min(1, 'Give the city.').max(100),
    country: z.string().regex(/^[A-Z]{2}$/, 'The country is a two-letter code (FR, GB, US…).'),
  }).strict(),
  lat: z.number().finite().min(-90, 'Latitude is from -90 to 90.').max(90, 'Latitude is from -90 to 90.'),
  lon: z.number().finite().min(-180, 'Longitude is from -180 to 180.').max(180, 'Longitude is from -180 to 180.'),
  cuisines: z.array(z.string().refine(isCuisine, { message: `A cuisine is one of: ${CUISINE_IDS.join(', ')}.` }))
    .min(1, 'Choose at least one cuisine.').max(MAX_CUISINES, `At most ${MAX_CUISINES} cuisines.`)
    .refine((a) => new Set(a).size === a.length, 'Each cuisine once.'),
  priceRange: z.number().int().min(1, 'The price range is 1 to 4.').max(4, 'The price range is 1 to 4.'),
  photos: z.array(photo).max(MAX_PHOTOS, `At most ${MAX_PHOTOS} photos.`).default([]),
  hours: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(range).max(MAX_RANGES_PER_DAY, `At most ${MAX_RANGES_PER_DAY} ranges a day.`).default([])])) as Record<(typeof WEEKDAYS)[number], z.ZodDefault<z.ZodArray<typeof range>>>).strict()
    .superRefine((h, ctx) => { const clash = overlap(h as Hours); if (clash) ctx.addIssue({ code: 'custom', message: clash }); }),
  closedDates: z.array(z.string().refine(isIsoDate, 'A closed date is YYYY-MM-DD.')).max(MAX_CLOSED_DATES, `At most ${MAX_CLOSED_DATES} closed dates.`).default([])
    .refine((a) => new Set(a).size === a.length, 'Each closed date once.'),
  phone: z.string().max(40).nullable().default(null),
  booking: z.object({
    minParty: z.number().int().min(1).max(100),
    maxParty: z.number().int().min(1).max(100),
    maxDaysAhead: z.number().int().min(0).max(365),
  }).strict().refine((b) => b.minParty <= b.maxParty, { message: 'The smallest party is at most the largest.', path: ['minParty'] }),
  timeZone: z.string().max(64).refine(isTimeZone, 'The time zone is an IANA name like Europe/Paris.').optional()
    .describe('Used only until the location\'s box has synced its own time zone (which then wins).'),
  published: z.boolean(),
}).strict();

export type ProfileInput = z.output<typeof ProfileInput>;

/** The phone to E.164 (read in the address's country when typed without +), or a reason. */
export function normalisePhone(phone: string | null, country: string): { ok: true; e164: string | null } | { ok: false; message: string } {
  if (phone === null || phone.trim() === '') return { ok: true, e164: null };
  const parsed = parsePhone(phone, country);
  return parsed.ok ? { ok: true, e164: parsed.e164 } : parsed;
}
