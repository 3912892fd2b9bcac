/**
 * Turns what a person typed into stored customer fields: phones to E.164 in the restaurant's
 * country, emails normalised. Every problem is collected, so one 400 lists them all and nothing is
 * written.
 */
import { AppError } from '../errors.js';
import { nationalOf, normaliseEmail, parsePhone, phoneSearchText } from './rules.js';
import type { CreateCustomerInput, UpdateCustomerInput } from './schemas.js';
import type { CustomerRow } from './store.js';

type Fields = Omit<CreateCustomerInput, 'id'> | UpdateCustomerInput;

/** The row fields the input sets (only those it names), or 400 VALIDATION_FAILED with each problem. */
export function fieldsFrom(input: Fields, country: string | null, now: number, current?: CustomerRow): Partial<CustomerRow> {
  const problems: Array<{ path: string; message: string }> = [];
  const out: Partial<CustomerRow> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.phone !== undefined) {
    const phone = input.phone?.trim() ? parsePhone(input.phone, country) : null;
    if (phone && !phone.ok) problems.push({ path: 'phone', message: phone.message });
    else {
      out.phone = phone?.e164 ?? null;
      out.phoneSearch = phoneSearchText(phone?.e164 ?? null, phone?.national ?? null);
    }
  }
  if (input.email !== undefined) {
    const email = input.email?.trim() ? normaliseEmail(input.email) : null;
    if (email && !email.ok) problems.push({ path: 'email', message: email.message });
    else out.email = email?.email ?? null;
  }
  if (input.birthday !== undefined) out.birthday = input.birthday;
  if (input.allergies !== undefined) out.allergies = input.allergies?.trim() || null;
  if (input.notes !== undefined) out.notes = input.notes?.trim() || null;
  if (input.tags !== undefined) out.tags = [...new Set(input.tags)];
  if (input.addresses !== undefined) out.addresses = input.addresses.map((a) => ({ ...a, notes: a.notes ?? null, lat: a.lat ?? null, lon: a.lon ?? null }));
  if (input.marketingConsent !== undefined && input.marketingConsent.given !== current?.marketingConsent) {
    out.marketingConsent = input.marketingConsent.given;
    out.consentAt = now;
    out.consentSource = input.marketingConsent.source;
  }
  if (input.blockedReason !== undefined) {
    const reason = input.blockedReason?.trim() || null;
    if (reason !== (current?.blockedReason ?? null)) {
      out.blockedReason = reason;
      out.blockedAt = reason ? now : null;
    }
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join(' '), problems);
  return out;
}

/** phoneSearch for a number already in E.164 (from the cloud). */
export const phoneSearchOf = (e164: string | null): string => (e164 ? phoneSearchText(e164, nationalOf(e164)) : '');
