/**
 * Reading reports in tests as the owners' dashboard does: through withReader (read-only, the
 * service role, `app.reader_locations`), for a viewer allowed exactly `locationIds`.
 */
import { withReader } from '../../cloud/auth/reader.js';
import type { CloudDb, Queryable } from '../../cloud/db.js';

/** Runs `fn` in a reader transaction that sees only `locationIds` (row-level security). */
export function asReader<T>(db: CloudDb, locationIds: readonly string[], fn: (q: Queryable) => Promise<T>): Promise<T> {
  const viewer = { accountId: 'test-reader', organisationId: 'test', role: 'owner' as const, locationIds: [...locationIds] };
  return withReader(db, viewer, [...locationIds], fn);
}
