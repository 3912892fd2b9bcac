/**
 * Pure rules for customer records (issue 18): phone numbers to E.164 and the digit forms a waiter
 * types, emails normalised, search queries read. No I/O.
 *
 * Phones go through libphonenumber-js (its `max` metadata: it knows each country's valid number
 * ranges, so "+33 1 23" or "06 00 00 00 0" is refused, not stored). A number typed without "+" is
 * read in the restaurant's country; with no country set, only international numbers are accepted.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string; national: string } | { ok: false; message: string };

export function parsePhone(input: string, country: string | null): PhoneResult {
  const text = input.trim();
  if (!/^[+\d\s().\-/]{1,40}$/.test(text)) return { ok: false, message: 'A phone number holds digits, spaces, dashes, dots, brackets and a leading +.' };
  if (!text.startsWith('+') && !text.startsWith('00') && !country) {
    return { ok: false, message: 'Type the number with its country code (+33 …): the restaurant has no country set.' };
  }
  const parsed = parsePhoneNumberFromString(text, (country ?? undefined) as CountryCode | undefined);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: `"${text}" is not a valid phone number${country && !text.startsWith('+') ? ` in ${country}` : ''}.` };
  }
  return { ok: true, e164: parsed.number, national: parsed.nationalNumber };
}

/**
 * The digit forms of a stored number the search index holds: international without "+"
 * (33612345678) and national with the trunk 0 most countries dial (0612345678), so either way of
 * typing finds it.
 */
export function phoneSearchText(e164: string | null, national: string | null): string {
  if (!e164) return '';
  const forms = [e164.slice(1)];
  if (national) forms.push(`0${national}`);
  return forms.join(' ');
}

/** The national significant number of an E.164 phone (for phoneSearchText), or null. */
export function nationalOf(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.nationalNumber ?? null;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,63}$/;

/** Lower-cased and trimmed, or a reason. Domains are case-insensitive, and so are mailboxes in practice. */
export function normaliseEmail(input: string): { ok: true; email: string } | { ok: false; message: string } {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..')) return { ok: false, message: `"${input.trim().slice(0, 80)}" is not an email address.` };
  return { ok: true, email };
}

/** What a search query asks for: digits (a phone), or words of a name. Null when too short to search. */
export function searchTerms(query: string): { digits: string | null; words: string[] } | null {
  const q = query.trim();
  const digits = q.replace(/[\s().\-/+]/g, '');
  if (/^\d+$/.test(digits)) return digits.length >= 3 ? { digits, words: [] } : null;
  const words = q.split(/\s+/).map((w) => w.replace(/"/g, '')).filter((w) => w.length > 0);
  return words.length > 0 ? { digits: null, words } : null;
}

/** An FTS5 MATCH expression: every word (as a quoted phrase) in the name column; digits in the phone column. */
export function ftsMatch(terms: { digits: string | null; words: string[] }): string | null {
  if (terms.digits) return `phone_search : "${terms.digits}"`;
  const long = terms.words.filter((w) => [...w].length >= 3);
  if (long.length === 0) return null;
  return long.map((w) => `name : "${w}"`).join(' AND ');
}

/** Fields copied over when the cloud says what a customer looks like now (an anonymised record keeps none). */
export const ERASED_NAME = 'Erased customer';
