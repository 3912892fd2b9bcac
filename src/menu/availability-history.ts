/**
 * Who 86'd a dish and when, read back from the audit log (every availability change writes an audit
 * row in its own command, store.ts): the newest change per item for the 86 screen, and one item's
 * history. The audit log is indexed by time only; availability rows are a few a day, so reading them
 * by action stays cheap.
 */
import type { Db } from '../db/open.js';
import { AVAILABILITY_CHANGED, loadItem } from './store.js';
import type { AvailabilityChangeView } from './schemas.js';

interface Row { itemId: string; name: string; available: number | null; at: number; staffId: string | null; staffName: string | null; deviceName: string | null }

const SELECT = `select a.entity_id as itemId, m.name as name, json_extract(a.details, '$.available') as available, a.at as at,
    a.staff_id as staffId, s.name as staffName, d.name as deviceName
  from audit_log a
  join menu_items m on m.id = a.entity_id
  left join staff s on s.id = a.staff_id
  left join devices d on d.id = a.device_id
  where a.action = ? and a.entity = 'menu_item'`;

const view = (r: Row): AvailabilityChangeView => ({ ...r, available: r.available === 1 });

/** The newest availability change of every item that has one (items never 86'd are absent). */
export function latestAvailabilityChanges(db: Db): AvailabilityChangeView[] {
  const rows = db.$client.prepare(`select * from (select *, row_number() over (partition by itemId order by at desc, rowid desc) as n
    from (${SELECT.replace('a.at as at,', 'a.at as at, a.rowid as rowid,')})) where n = 1 order by at desc`).all(AVAILABILITY_CHANGED) as Array<Row & { n: number; rowid: number }>;
  return rows.map(({ n: _n, rowid: _r, ...r }) => view(r));
}

/** One item's availability changes, newest first (404 NOT_FOUND for an unknown item). */
export function itemAvailabilityHistory(db: Db, itemId: string, limit: number): AvailabilityChangeView[] {
  loadItem(db, itemId);
  const rows = db.$client.prepare(`${SELECT} and a.entity_id = ? order by a.at desc, a.rowid desc limit ?`).all(AVAILABILITY_CHANGED, itemId, limit) as Row[];
  return rows.map(view);
}
