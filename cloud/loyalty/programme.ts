/**
 * The organisation's loyalty programme (issue 18), set by an owner: each save that changes it is a
 * new version, stored and sent to every location as `loyalty.programme` in ONE transaction, so no
 * box can miss a version the cloud holds. Saving the same document again changes nothing and sends
 * nothing (a retried click). `expectedVersion` guards against two owners editing at once.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb } from '../db.js';
import type { Viewer } from '../auth/reader.js';
import { withOrganisation } from '../customers/erase.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import { LOYALTY_PROGRAMME, type ProgrammeInput } from '../../sync/loyalty.js';
import { currentProgramme } from './balance.js';

export interface ProgrammeAnswer { version: number; programme: ProgrammeInput | null; changed?: boolean }

export async function readProgramme(db: CloudDb, organisationId: string): Promise<ProgrammeAnswer> {
  return withOrganisation(db, organisationId, async (q) => {
    const p = await currentProgramme(q);
    if (!p) return { version: 0, programme: null };
    const { version, ...programme } = p;
    return { version, programme };
  });
}

/** Stable JSON (keys sorted) to tell a real change from a re-save. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

export async function saveProgramme(db: CloudDb, viewer: Viewer, programme: ProgrammeInput, expectedVersion: number | undefined): Promise<ProgrammeAnswer> {
  const out = await withOrganisation(db, viewer.organisationId, async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`loyalty-programme:${viewer.organisationId}`]);
    const current = await currentProgramme(q);
    const currentVersion = current?.version ?? 0;
    if (current) {
      const { version: _v, ...doc } = current;
      if (canonical(doc) === canonical(programme)) return { version: currentVersion, programme, changed: false };
    }
    if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
      throw new AppError('VERSION_CONFLICT', 'The programme changed since you loaded it: reload and make your change again.', { currentVersion });
    }
    const version = currentVersion + 1;
    await q.query(`INSERT INTO loyalty_programmes (organisation_id, version, document, updated_by) VALUES (current_setting('app.organisation_id', true), $1, $2::jsonb, $3)
      ON CONFLICT (organisation_id) DO UPDATE SET version = excluded.version, document = excluded.document, updated_by = excluded.updated_by, updated_at = now()`,
    [version, JSON.stringify(programme), viewer.accountId]);
    for (const locationId of viewer.locationIds) {
      await appendMessage(q, { locationId, organisationId: viewer.organisationId }, { kind: LOYALTY_PROGRAMME, schemaVersion: 1, payload: { version, programme } });
    }
    return { version, programme, changed: true };
  });
  if (out.changed) notifyCommitted(db, viewer.locationIds);
  return out;
}
