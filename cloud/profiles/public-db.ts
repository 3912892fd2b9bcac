/**
 * The public read path (issue 20): a READ ONLY transaction as brigade_public, the role that can
 * see only published profiles and only their public columns (migration 0019 says why a role and
 * not a definer function or a view). No session, no organisation: the database is the wall.
 */
import type { CloudDb, Queryable } from '../db.js';

export const PUBLIC_ROLE = 'brigade_public';

export function withPublic<T>(db: CloudDb, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await q.query('SET TRANSACTION READ ONLY');
    await q.query(`SET LOCAL ROLE ${PUBLIC_ROLE}`);
    return fn(q);
  });
}
