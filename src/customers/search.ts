/**
 * Finding a customer at the till by phone digits or name: the FTS5 trigram index (migration 0008)
 * for 3+ characters, a name-prefix lookup on the plain index for shorter words. Merged and erased
 * records never show. Phone hits come first ordered by name; the bench (`customer-search`) holds
 * this to p99 ≤ 50 ms over 100,000 customers.
 */
import type { Db } from '../db/open.js';
import { ftsMatch, searchTerms } from './rules.js';

export interface Hit { id: string; name: string; phone: string | null; email: string | null; allergies: string | null; blockedReason: string | null }

const COLUMNS = 'c.id, c.name, c.phone, c.email, c.allergies, c.blocked_reason as blockedReason';
const LIVE = 'c.merged_into is null and c.erased_at is null';

export function searchCustomers(tx: Db, query: string, limit: number): Hit[] {
  const terms = searchTerms(query);
  if (!terms) return [];
  const client = tx.$client;
  const match = ftsMatch(terms);
  if (match) {
    // The FTS rows first (bounded), then the join: a common trigram must not drag every row through the sort.
    return client.prepare(`select ${COLUMNS} from (select rowid from customers_fts where customers_fts match ? limit ?) f
      join customers c on c.search_id = f.rowid where ${LIVE} order by c.name limit ?`).all(match, limit * 20, limit) as Hit[];
  }
  // Words shorter than a trigram: the name starts with the first one.
  const prefix = terms.words[0]!.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  return client.prepare(`select ${COLUMNS} from customers c where c.name like ? escape '\\' and ${LIVE} order by c.name limit ?`)
    .all(`${prefix}%`, limit) as Hit[];
}
