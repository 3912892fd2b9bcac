/**
 * The sync bench's yardstick: the same rows written with a plain COPY (psql, CSV) into the same
 * cloud tables, under another location — the fastest PostgreSQL takes them in, with no protocol,
 * no JSON and no conflict handling. The catch-up's changes/s ÷ this is the share of COPY it reaches.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ENTITY_BY_NAME } from '../../cloud/entities.js';

/** One change as the box's log holds it. */
export interface LogRow {
  seq: number;
  entity: string;
  entityId: string;
  row: string;
  version: number;
}

function csv(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `"${String(value).replace(/"/g, '""')}"`;
}

/** A psql script: one COPY … FROM STDIN (CSV) per table, all in one transaction. */
export function copyScript(rows: readonly LogRow[], tenant: { locationId: string; organisationId: string }): string {
  const byEntity = new Map<string, LogRow[]>();
  for (const r of rows) {
    const list = byEntity.get(r.entity) ?? [];
    list.push(r);
    byEntity.set(r.entity, list);
  }
  const parts = ['\\set ON_ERROR_STOP on', 'BEGIN;'];
  for (const [entity, list] of byEntity) {
    const m = ENTITY_BY_NAME.get(entity);
    if (!m) throw new Error(`no cloud table for entity ${entity}`);
    const cols = ['location_id', 'organisation_id', 'id', 'version', 'epoch', 'seq', 'deleted', ...m.columns.map((c) => c.column), 'row'];
    parts.push(`COPY ${m.table} (${cols.join(', ')}) FROM STDIN (FORMAT csv);`);
    for (const r of list) {
      const image = JSON.parse(r.row) as Record<string, unknown>;
      const typed = m.columns.map((c) => csv(image[c.field]));
      parts.push([csv(tenant.locationId), csv(tenant.organisationId), csv(r.entityId), r.version, 1, r.seq, 'false', ...typed, csv(r.row)].join(','));
    }
    parts.push('\\.');
  }
  parts.push('COMMIT;');
  return `${parts.join('\n')}\n`;
}

/** Runs the script with psql against `url`; resolves with the wall-clock seconds it took. */
export async function runCopy(url: string, script: string, dir: string): Promise<number> {
  const file = path.join(dir, 'sync-copy.sql');
  fs.writeFileSync(file, script);
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('psql', ['-q', '-X', '-d', url, '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY failed (${code}): ${err.slice(0, 500)}`))));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.rmSync(file, { force: true });
  return seconds;
}
