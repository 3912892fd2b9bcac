/**
 * Set-based writes of one batch: one statement per entity (rows as a jsonb array through
 * jsonb_to_recordset), rather than one per change — the catch-up after a day offline is tens of
 * thousands of rows. Facts are inserted once (ON CONFLICT DO NOTHING); mutable rows replace the
 * stored one only when (version, epoch, seq) is greater, so a replay or an older version is a no-op.
 */
import type { EntityMapping } from '../entities.js';
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
  const cols = ['location_id', 'organisation_id', 'id', 'version', 'epoch', 'seq', 'deleted', ...typed, 'row'].join(', ');
  const select = ['$1', '$2', 'x.id', 'x.v', '$3', 'x.s', 'x.d', ...values, 'x.r'].join(', ');
  const conflict = m.kind === 'fact'
    ? 'ON CONFLICT (location_id, id) DO NOTHING'
    : `ON CONFLICT (location_id, id) DO UPDATE SET ${['version', 'epoch', 'seq', 'deleted', ...typed, 'row'].map((c) => `${c} = excluded.${c}`).join(', ')}, synced_at = now()
       WHERE (${m.table}.version, ${m.table}.epoch, ${m.table}.seq) < (excluded.version, excluded.epoch, excluded.seq)`;
  const sql = `INSERT INTO ${m.table} (${cols})
    SELECT ${select} FROM jsonb_to_recordset($4::jsonb) AS x(id text, v integer, s bigint, d boolean, r jsonb)
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
  const r = await q.query(statementFor(m), [tenant.locationId, tenant.organisationId, epoch, JSON.stringify([...byId.values()])]);
  return r.rowCount;
}
