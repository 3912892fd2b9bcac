/**
 * Set-based writes of one batch: one statement per entity, rather than one per change — the
 * catch-up after a day offline is tens of thousands of rows. Facts are inserted once (ON CONFLICT
 * DO NOTHING); mutable rows replace the stored one only when (version, epoch, seq) is greater, so
 * a replay or an older version is a no-op.
 *
 * The rows travel as parallel arrays (ids, versions, seqs, deleted flags) plus the row images as
 * one text of JSON lines, split by string_to_array and parsed one by one with ::jsonb. Measured
 * against one jsonb array through jsonb_to_recordset (docs/benchmarks.md, cloud sync notes) this costs the
 * server about a sixth less CPU: PostgreSQL no longer parses the whole batch into one jsonb value
 * and then copies each image out of it again. JSON.stringify never writes a raw newline (it
 * escapes control characters inside strings), so a newline always separates two images.
 */
import type { EntityMapping } from './entities.js';
import type { Tenant } from './tenant.js';
import type { Queryable } from './db.js';

/** One change ready for its table. */
export interface ApplyRow {
  id: string;
  v: number;
  s: number;
  d: boolean;
  r: Record<string, unknown>;
}

const statements = new Map<string, string>();

function cast(type: string): string {
  return type === 'int' ? 'integer' : type;
}

function statementFor(m: EntityMapping): string {
  const cached = statements.get(m.entity);
  if (cached) return cached;
  const typed = m.columns.map((c) => c.column);
  const values = m.columns.map((c) => c.type === 'text' ? `x.r->>'${c.field}'` : `(x.r->>'${c.field}')::${cast(c.type)}`);
  // device_id: which device's (epoch, seq) these are (migration 0016: epochs are per device).
  const cols = ['location_id', 'organisation_id', 'device_id', 'id', 'version', 'epoch', 'seq', 'deleted', ...typed, 'row'].join(', ');
  const select = ['$1', '$2', '$9', 'x.id', 'x.v', '$3', 'x.s', 'x.d', ...values, 'x.r'].join(', ');
  const conflict = m.kind === 'fact'
    ? 'ON CONFLICT (location_id, id) DO NOTHING'
    : `ON CONFLICT (location_id, id) DO UPDATE SET ${['version', 'device_id', 'epoch', 'seq', 'deleted', ...typed, 'row'].map((c) => `${c} = excluded.${c}`).join(', ')}, synced_at = now()
       WHERE (${m.table}.version, ${m.table}.epoch, ${m.table}.seq) < (excluded.version, excluded.epoch, excluded.seq)`;
  // OFFSET 0 keeps the subquery from being pulled up: without it the planner inlines u.r::jsonb
  // into every x.r->>'…' and parses each image once per typed column.
  const sql = `INSERT INTO ${m.table} (${cols})
    SELECT ${select} FROM (
      SELECT u.id, u.v, u.s, u.d, u.r::jsonb AS r
      FROM unnest($4::text[], $5::integer[], $6::bigint[], $7::boolean[], string_to_array($8, E'\\n')) AS u(id, v, s, d, r)
      OFFSET 0) x
    ${conflict}`;
  statements.set(m.entity, sql);
  return sql;
}

/**
 * Writes rows of one entity. Within a batch an id may appear several times (an order changed
 * three times in one push): a statement may touch a row only once, so keep the newest of each.
 */
export async function applyEntity(q: Queryable, tenant: Tenant, epoch: number, m: EntityMapping, rows: readonly ApplyRow[]): Promise<number> {
  const byId = new Map<string, ApplyRow>();
  for (const row of rows) {
    const seen = byId.get(row.id);
    if (!seen) byId.set(row.id, row);
    // Facts: the first image is the fact. Mutable: the highest (version, seq) wins, as in SQL.
    else if (m.kind === 'mutable' && (row.v > seen.v || (row.v === seen.v && row.s > seen.s))) byId.set(row.id, row);
  }
  const ids: string[] = [];
  const versions: number[] = [];
  const seqs: number[] = [];
  const deleted: string[] = [];
  const images: string[] = [];
  for (const row of byId.values()) {
    ids.push(arrayElement(row.id));
    versions.push(row.v);
    seqs.push(row.s);
    deleted.push(row.d ? 't' : 'f');
    images.push(JSON.stringify(row.r));
  }
  const r = await q.query(statementFor(m), [tenant.locationId, tenant.organisationId, epoch,
    `{${ids.join(',')}}`, `{${versions.join(',')}}`, `{${seqs.join(',')}}`, `{${deleted.join(',')}}`, images.join('\n'), tenant.deviceId]);
  return r.rowCount;
}

/**
 * One text element of a PostgreSQL array literal, always quoted (so an id such as "NULL" or one
 * with a comma stays itself). The arrays are written here rather than by pg's generic
 * serializer, which quotes and escapes every element with two regular expressions.
 */
function arrayElement(value: string): string {
  return `"${/["\\]/.test(value) ? value.replace(/["\\]/g, '\\$&') : value}"`;
}
