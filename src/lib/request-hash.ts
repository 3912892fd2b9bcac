import crypto from 'node:crypto';

/** Canonical JSON (object keys sorted) so the same request always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Fingerprint of a request body, to tell a true retry (same body) from a reused id or key (different body). */
export function requestHash(body: unknown): string {
  return crypto.createHash('sha256').update(canonical(body)).digest('hex');
}
