import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';

/** A UTF-16 surrogate without its other half (no `u` flag: the pattern works on code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An escaped backslash in JSON text: two backslash characters. */
const ESCAPED_BACKSLASH = /\\\\/g;
const UNICODE_ESCAPE = /\\u([0-9a-fA-F]{4})/g;

export type UnstorableCharacter = 'nul' | 'lone-surrogate';

function inText(text: string): UnstorableCharacter | null {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'lone-surrogate' : null;
}

/**
 * The first kind of character in a request body that no text column can keep, or null. JSON
 * escapes count as the characters they stand for (`"\u0000"`, `"\ud800"`), but an escaped backslash
 * followed by "u0000" is the six characters someone typed. A CSV body is read as it is.
 */
export function unstorableCharacter(body: string, json: boolean): UnstorableCharacter | null {
  const raw = inText(body);
  if (raw || !json || !body.includes('\\u')) return raw;
  // Escaped backslashes first (scanning left to right pairs them as JSON does), then \uXXXX to its code unit.
  const decoded = body.replace(ESCAPED_BACKSLASH, '  ').replace(UNICODE_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return inText(decoded);
}

const MESSAGES: Record<UnstorableCharacter, string> = {
  'nul': 'A text in the request holds the NUL character (\\u0000), which cannot be stored; remove it and send again.',
  'lone-surrogate': 'A text in the request holds half of a UTF-16 surrogate pair (e.g. \\ud800 alone), which is not a character and cannot be stored; send well-formed Unicode.',
};

/**
 * Text that cannot be stored as sent is refused before any command sees it (400 VALIDATION_FAILED):
 * a NUL (U+0000) SQLite would keep but PostgreSQL text cannot, so the cloud would have to reject the
 * row and the owner's figures would miss it; a lone surrogate, which SQLite would silently turn into
 * U+FFFD (the name on the ticket would not be the one sent). No person types either; they come
 * from a broken client, and get a clear 400.
 */
export const refuseUnstorableText: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type');
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method) && type !== undefined) {
    const found = unstorableCharacter(await c.req.text(), type.split(';')[0]!.trim().toLowerCase() !== 'text/csv');
    if (found) throw new AppError('VALIDATION_FAILED', MESSAGES[found]);
  }
  await next();
};
