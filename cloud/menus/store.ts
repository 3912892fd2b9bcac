/**
 * Central menus in the database: drafts, publications, per-location settings, and what each
 * location's box did with the latest publish. Every function takes the organisation from the
 * signed-in person, never from the request body, and runs its statements in that organisation's
 * RLS scope (enterOrganisation, migration 0009): the WHERE clauses are the first wall, the
 * database the second.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { withReader, type Viewer } from '../auth/reader.js';
import { enterOrganisation, withOrganisation } from '../tenant.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import { withOverrides, type Override } from './document.js';

export interface MenuRow { id: string; name: string; document: unknown; version: number; publishedVersion: number; updatedAt: string }

const MENU_COLUMNS = 'id, name, document, version, published_version AS "publishedVersion", updated_at AS "updatedAt"';
const notFound = (id: string) => new AppError('NOT_FOUND', `No menu with id ${id}.`, { entity: 'menu', id });

export async function listMenus(db: CloudDb, organisationId: string): Promise<Omit<MenuRow, 'document'>[]> {
  const { rows } = await withOrganisation(db, organisationId,
    (q) => q.query<MenuRow>(`SELECT ${MENU_COLUMNS} FROM menus WHERE organisation_id = $1 ORDER BY name`, [organisationId]));
  return rows.map(({ document: _d, ...rest }) => rest);
}

export async function getMenu(db: CloudDb, organisationId: string, id: string): Promise<MenuRow> {
  const { rows } = await withOrganisation(db, organisationId,
    (q) => q.query<MenuRow>(`SELECT ${MENU_COLUMNS} FROM menus WHERE organisation_id = $1 AND id = $2`, [organisationId, id]));
  if (!rows[0]) throw notFound(id);
  return rows[0];
}

/** Creates a menu inside the caller's transaction `q`. */
export async function createMenu(q: Queryable, organisationId: string, input: { name: string; document: unknown }): Promise<MenuRow> {
  await enterOrganisation(q, organisationId);
  const id = uuidV7Ids.next();
  const { rows } = await q.query<MenuRow>(`INSERT INTO menus (id, organisation_id, name, document) VALUES ($1, $2, $3, $4::jsonb)
    ON CONFLICT (organisation_id, name) DO NOTHING RETURNING ${MENU_COLUMNS}`, [id, organisationId, input.name, JSON.stringify(input.document)]);
  if (!rows[0]) throw new AppError('DUPLICATE', `A menu named "${input.name}" already exists; choose another name or edit that one.`, { field: 'name' });
  return rows[0];
}

/** Replaces the draft inside the caller's transaction `q`; `expectedVersion` guards against overwriting someone else's edit. */
export async function updateMenu(q: Queryable, organisationId: string, id: string, input: { document: unknown; expectedVersion?: number }): Promise<MenuRow> {
  await enterOrganisation(q, organisationId);
  const current = (await q.query<{ version: number }>('SELECT version FROM menus WHERE organisation_id = $1 AND id = $2 FOR UPDATE', [organisationId, id])).rows[0];
  if (!current) throw notFound(id);
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw new AppError('VERSION_CONFLICT', `The menu changed since you loaded it (now version ${current.version}); reload and edit again.`, { currentVersion: current.version });
  }
  return (await q.query<MenuRow>(`UPDATE menus SET document = $3::jsonb, version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2
    RETURNING ${MENU_COLUMNS}`, [organisationId, id, JSON.stringify(input.document)])).rows[0]!;
}

interface Setting { location_id: string; mode: 'central' | 'local'; overrides: Override[] }

/**
 * 403 LOCATION_FORBIDDEN unless each id is one of the viewer's locations (which the directory took
 * from their organisation); then each one's setting, central with no overrides when it has none.
 * Runs in `q`'s organisation scope: brigade_service reads no `locations`, and needs not.
 */
async function settingsFor(q: Queryable, viewer: Viewer, locationIds: readonly string[]): Promise<Map<string, Setting>> {
  const allowed = new Set(viewer.locationIds);
  const refused = locationIds.filter((id) => !allowed.has(id));
  if (refused.length > 0) throw new AppError('LOCATION_FORBIDDEN', 'You may not manage the menu of these locations.', { locationIds: refused });
  const { rows } = await q.query<Setting>(`SELECT l.id AS location_id, coalesce(s.mode, 'central') AS mode, coalesce(s.overrides, '[]'::jsonb) AS overrides
    FROM unnest($2::text[]) AS l(id) LEFT JOIN menu_location_settings s ON s.location_id = l.id AND s.organisation_id = $1`,
  [viewer.organisationId, [...locationIds]]);
  return new Map(rows.map((r) => [r.location_id, r]));
}

export interface PublishResult {
  publicationId: string;
  menuVersion: number;
  deliveries: Array<{ locationId: string; seq: number | null; skipped: 'LOCAL_MENU' | null }>;
}

/**
 * Publishes the menu's current draft as its next version to `locationIds`, inside the caller's ONE
 * transaction `q`: the publication row and, per location, a `menu.publish` message with that
 * location's overrides applied. A location left on "local menu" is skipped (and said so). After
 * COMMIT, call `notifyCommitted` for the delivered locations to wake their boxes.
 */
export async function publishMenu(q: Queryable, viewer: Viewer, menuId: string, locationIds: readonly string[]): Promise<PublishResult> {
  await enterOrganisation(q, viewer.organisationId);
  const menu = (await q.query<{ document: unknown; published_version: number }>('SELECT document, published_version FROM menus WHERE organisation_id = $1 AND id = $2 FOR UPDATE',
    [viewer.organisationId, menuId])).rows[0];
  if (!menu) throw notFound(menuId);
  const settings = await settingsFor(q, viewer, locationIds);
  const menuVersion = menu.published_version + 1;
  const publicationId = uuidV7Ids.next();
  await q.query('UPDATE menus SET published_version = $3 WHERE organisation_id = $1 AND id = $2', [viewer.organisationId, menuId, menuVersion]);
  await q.query(`INSERT INTO menu_publications (id, organisation_id, menu_id, menu_version, document, location_ids, published_by)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7)`, [publicationId, viewer.organisationId, menuId, menuVersion, JSON.stringify(menu.document), [...locationIds], viewer.accountId]);
  // Org-level writes first: appending switches the transaction to each location's tenant scope.
  const deliveries: PublishResult['deliveries'] = [];
  for (const locationId of locationIds) {
    const s = settings.get(locationId)!;
    if (s.mode === 'local') { deliveries.push({ locationId, seq: null, skipped: 'LOCAL_MENU' }); continue; }
    const { seq } = await appendMessage(q, { locationId, organisationId: viewer.organisationId }, {
      kind: 'menu.publish', schemaVersion: 1,
      payload: { publicationId, menuVersion, document: withOverrides(menu.document, s.overrides) },
    });
    deliveries.push({ locationId, seq, skipped: null });
  }
  return { publicationId, menuVersion, deliveries };
}

/** Sets a location's mode and overrides; going back to "local menu" tells the box (menu.release). */
export async function setLocationMenu(db: CloudDb, viewer: Viewer, locationId: string, input: { mode: 'central' | 'local'; overrides: Override[] }) {
  await withOrganisation(db, viewer.organisationId, async (q) => {
    const before = (await settingsFor(q, viewer, [locationId])).get(locationId)!;
    await q.query(`INSERT INTO menu_location_settings (location_id, organisation_id, mode, overrides) VALUES ($1, $2, $3, $4::jsonb)
      ON CONFLICT (location_id) DO UPDATE SET mode = excluded.mode, overrides = excluded.overrides, updated_at = now()`,
    [locationId, viewer.organisationId, input.mode, JSON.stringify(input.overrides)]);
    if (before.mode === 'central' && input.mode === 'local') {
      await appendMessage(q, { locationId, organisationId: viewer.organisationId }, { kind: 'menu.release', schemaVersion: 1, payload: {} });
    }
  });
  notifyCommitted(db, [locationId]);
  return { locationId, ...input };
}

export interface LocationMenuStatus {
  locationId: string;
  mode: 'central' | 'local';
  overrides: Override[];
  /** The last publish the box applied. */
  live: { publicationId: string; menuVersion: number; appliedAt: string } | null;
  /** The last publish sent, whatever became of it. */
  latest: { publicationId: string; menuVersion: number; seq: number; status: string; sentAt: string; appliedAt: string | null; errorCode: string | null; errorMessage: string | null } | null;
}

/** Per location the viewer may see: which version is live, applied when, and the last one sent (pending, or refused why). */
export async function menuStatus(db: CloudDb, viewer: Viewer): Promise<LocationMenuStatus[]> {
  const settings = await withOrganisation(db, viewer.organisationId, (q) => settingsFor(q, viewer, viewer.locationIds));
  type Row = { which: 'latest' | 'live'; location_id: string; seq: number; publication_id: string; menu_version: number; status: string; created_at: Date; applied_at: Date | null; error_code: string | null; error_message: string | null };
  // One statement, so "live" and "last sent" come from one snapshot: two queries could straddle
  // the box's ack and show a version as applied and still pending at once.
  const rows = await withReader(db, viewer, viewer.locationIds, async (q) => (await q.query<Row>(
    `WITH m AS (SELECT location_id, seq, payload->>'publicationId' AS publication_id, (payload->>'menuVersion')::int AS menu_version,
        status, created_at, applied_at, error_code, error_message FROM channel_messages WHERE kind = 'menu.publish' AND location_id = ANY($1::text[]))
     (SELECT DISTINCT ON (location_id) 'latest' AS which, m.* FROM m ORDER BY location_id, seq DESC)
     UNION ALL
     (SELECT DISTINCT ON (location_id) 'live' AS which, m.* FROM m WHERE status = 'applied' ORDER BY location_id, seq DESC)`,
    [viewer.locationIds])).rows);
  const latest = rows.filter((r) => r.which === 'latest');
  const live = rows.filter((r) => r.which === 'live');
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return viewer.locationIds.filter((id) => settings.has(id)).map((locationId) => {
    const s = settings.get(locationId)!;
    const l = latest.find((r) => r.location_id === locationId);
    const v = live.find((r) => r.location_id === locationId);
    return {
      locationId, mode: s.mode, overrides: s.overrides,
      live: v ? { publicationId: v.publication_id, menuVersion: v.menu_version, appliedAt: iso(v.applied_at)! } : null,
      latest: l ? { publicationId: l.publication_id, menuVersion: l.menu_version, seq: l.seq, status: l.status, sentAt: iso(l.created_at)!,
        appliedAt: iso(l.applied_at), errorCode: l.error_code, errorMessage: l.error_message } : null,
    };
  });
}
