/**
 * Points expiry (issue 18), run by the cloud (hourly, and callable): for each organisation whose
 * programme has `expiryMonths`, the points a customer still holds beyond what they gained since the
 * cut-off are older than it (spending uses the oldest points first) and expire — one `expire` entry
 * in the organisation's ledger, and the new balance sent to every location in the same transaction.
 * Running it again the same hour expires nothing more.
 */
import type { Logger } from 'pino';
import { uuidV7Ids } from '../../src/lib/clock.js';
import type { CloudDb } from '../db.js';
import { withOrganisation } from '../customers/erase.js';
import { notifyCommitted } from '../channel/log.js';
import { startPeriodic } from '../periodic.js';
import { balanceOf, currentProgramme, idsOfRecord, sendBalances } from './balance.js';

const HOUR = 3_600_000;

/** `now` less `months` calendar months (UTC). */
export function monthsBefore(now: number, months: number): number {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

/** Expires what is due in every organisation; returns how many customers lost points. */
export async function expireLoyalty(db: CloudDb, now: number): Promise<number> {
  const { rows: orgs } = await db.query<{ id: string }>('SELECT id FROM organisations ORDER BY id');
  let expired = 0;
  for (const org of orgs) {
    const { rows: places } = await db.query<{ id: string }>('SELECT id FROM locations WHERE organisation_id = $1 ORDER BY id', [org.id]);
    const locations = places.map((p) => p.id);
    const touched = await withOrganisation(db, org.id, async (q) => {
      const programme = await currentProgramme(q);
      if (!programme || programme.expiryMonths === 0) return 0;
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`customers:${org.id}`]);
      const since = monthsBefore(now, programme.expiryMonths);
      // Only records holding points that were gained before the cut-off can have anything to expire.
      const { rows } = await q.query<{ record: string }>(`SELECT DISTINCT coalesce(a.customer_id, l.customer_id) AS record FROM org_loyalty_ledger l
        LEFT JOIN customer_aliases a ON a.organisation_id = l.organisation_id AND a.alias_id = l.customer_id
        WHERE l.organisation_id = current_setting('app.organisation_id', true) AND l.points > 0 AND l.created_at < $1`, [since]);
      const records: string[] = [];
      for (const { record } of rows) {
        const b = await balanceOf(q, await idsOfRecord(q, record), now, since);
        const due = b.points - b.earnedSince;
        if (due <= 0) continue;
        await q.query(`INSERT INTO org_loyalty_ledger (organisation_id, id, location_id, customer_id, kind, points, created_at)
          VALUES (current_setting('app.organisation_id', true), $1, NULL, $2, 'expire', $3, $4)`, [uuidV7Ids.next(), record, -due, now]);
        records.push(record);
      }
      if (records.length > 0) await sendBalances(q, { organisationId: org.id, locations, now }, records);
      return records.length;
    });
    if (touched > 0) notifyCommitted(db, locations);
    expired += touched;
  }
  return expired;
}

/** Expires 20 s after start, then every hour; returns the stop function. */
export function startLoyaltyExpiry(db: CloudDb, logger: Logger): () => void {
  return startPeriodic(() => expireLoyalty(db, Date.now())
    .then((n) => { if (n > 0) logger.info({ customers: n }, 'loyalty: points expired'); })
    .catch((err: unknown) => logger.warn({ err }, 'loyalty: expiry failed; retrying in an hour')), { firstAfterMs: 20_000, everyMs: HOUR });
}
