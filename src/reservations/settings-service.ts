/**
 * The door's settings and its exceptions (closed days, private events), set by managers. Each save
 * is one command with its change for the cloud, so the cloud (and later the online booking) knows
 * the same hours the box answers with.
 */
import { asc, eq, gte } from 'drizzle-orm';
import { reservationExceptions, reservationSettings } from '../db/schema.js';
import { runCommand, type Actor, type CommandDeps } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { loadRestaurant } from '../setup/service.js';
import { tablesFor } from './placement.js';
import { loadDoorSettings, loadSettingsRow } from './store.js';
import { localParts } from './zoned-time.js';
import type { CreateExceptionInput, PutDoorSettingsInput } from './settings-schemas.js';

/** The settings row's id in the cloud (the box has exactly one). */
const SETTINGS_ENTITY_ID = 'door';

export class DoorSettingsService {
  constructor(private readonly deps: CommandDeps) {}

  get() {
    return { ...loadDoorSettings(this.deps.db), version: loadSettingsRow(this.deps.db)?.version ?? 0 };
  }

  put(actor: Actor, input: PutDoorSettingsInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = loadSettingsRow(ctx.tx);
      const { expectedVersion, ...settings } = input;
      if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) {
        throw new AppError('VERSION_CONFLICT', 'The booking settings changed since you loaded them; reload and try again.', { currentVersion: current?.version ?? 0 });
      }
      for (const combo of settings.combinations) tablesFor(ctx.tx, combo);
      const row = { id: 1, ...settings, hours: settings.hours as Record<string, { open: string; close: string }[]>, version: (current?.version ?? 0) + 1, updatedAt: ctx.now };
      if (current) ctx.tx.update(reservationSettings).set(row).where(eq(reservationSettings.id, 1)).run();
      else ctx.tx.insert(reservationSettings).values(row).run();
      ctx.change('reservation_settings', { ...row, id: SETTINGS_ENTITY_ID });
      ctx.audit({ action: 'reservations.settings_changed', entity: 'reservation_settings', entityId: SETTINGS_ENTITY_ID });
      const { id: _id, updatedAt: _u, ...view } = row;
      // Door screens re-read their day; the online-booking times go up at once (hours, allotment on or off).
      ctx.emit({ type: 'reservation.settings', data: { version: row.version } });
      return view;
    });
  }

  exceptions(from?: string) {
    const since = from ?? localParts(this.deps.clock.now(), loadRestaurant(this.deps.db).timeZone).date;
    return this.deps.db.select().from(reservationExceptions).where(gte(reservationExceptions.date, since)).orderBy(asc(reservationExceptions.date)).all()
      .map(({ createdAt: _c, updatedAt: _u, ...e }) => e);
  }

  addException(actor: Actor, input: CreateExceptionInput) {
    return runCommand(this.deps, actor, (ctx) => {
      const id = input.id ?? ctx.newId();
      const fields = { date: input.date, kind: input.kind, startTime: input.startTime ?? null, endTime: input.endTime ?? null, tableIds: input.tableIds ?? null, note: input.note?.trim() || null };
      const existing = ctx.tx.select().from(reservationExceptions).where(eq(reservationExceptions.id, id)).get();
      if (existing) {
        // A retry with the same details answers the first.
        if ((Object.keys(fields) as Array<keyof typeof fields>).every((k) => JSON.stringify(existing[k]) === JSON.stringify(fields[k]))) {
          return { id, ...fields, version: existing.version };
        }
        throw new AppError('IDEMPOTENCY_CONFLICT', 'An exception with this id exists with different details.', { id });
      }
      if (fields.tableIds) tablesFor(ctx.tx, fields.tableIds);
      const row = { id, ...fields, version: 1, createdAt: ctx.now, updatedAt: ctx.now };
      ctx.tx.insert(reservationExceptions).values(row).run();
      ctx.change('reservation_exception', row);
      ctx.audit({ action: 'reservations.exception_added', entity: 'reservation_exception', entityId: id, details: { date: row.date, kind: row.kind } });
      ctx.emit({ type: 'reservation.exceptions', data: { date: row.date } });
      return { id, ...fields, version: 1 };
    });
  }

  removeException(actor: Actor, id: string) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = ctx.tx.select().from(reservationExceptions).where(eq(reservationExceptions.id, id)).get();
      if (!current) throw notFound('exception', id);
      ctx.tx.delete(reservationExceptions).where(eq(reservationExceptions.id, id)).run();
      ctx.change('reservation_exception', { ...current, version: current.version + 1, updatedAt: ctx.now }, { op: 'delete' });
      ctx.audit({ action: 'reservations.exception_removed', entity: 'reservation_exception', entityId: id, details: { date: current.date, kind: current.kind } });
      ctx.emit({ type: 'reservation.exceptions', data: { date: current.date } });
      return { id, deleted: true as const };
    });
  }
}
