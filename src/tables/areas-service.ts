import { asc, eq, max } from 'drizzle-orm';
import { areas, diningTables } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import { AppError } from '../errors.js';
import { areaView, loadArea, type AreaRow } from './queries.js';
import { assertVersion, changedFields, nameKey } from './rules.js';
import type { AreaView, CreateAreaInput, UpdateAreaInput } from './schemas.js';

function assertNameFree(ctx: CommandContext, name: string, exceptId?: string): void {
  const key = nameKey(name);
  const clash = ctx.tx.select({ id: areas.id, name: areas.name }).from(areas).all()
    .find((a) => a.id !== exceptId && nameKey(a.name) === key);
  if (clash) throw new AppError('DUPLICATE', `An area named "${clash.name}" already exists.`, { field: 'name', existingId: clash.id });
}

function record(ctx: CommandContext, row: AreaRow): void {
  ctx.change('area', row);
  ctx.emit({ type: 'area.updated', data: row });
}

/** Areas of the floor (dining room, terrace, bar): the tabs of the floor map. */
export class AreasService {
  constructor(private readonly deps: CommandDeps) {}

  list(): AreaView[] {
    return this.deps.db.select().from(areas).orderBy(asc(areas.sortOrder), asc(areas.name)).all().map(areaView);
  }

  create(actor: Actor, input: CreateAreaInput): Promise<AreaView> {
    return runCommand(this.deps, actor, (ctx) => {
      const id = input.id ?? ctx.newId();
      const existing = ctx.tx.select().from(areas).where(eq(areas.id, id)).get();
      if (existing) {
        // A retry after a dropped connection: same body → the first result.
        const same = existing.name === input.name && (input.sortOrder === undefined || input.sortOrder === existing.sortOrder);
        if (same) return areaView(existing);
        throw new AppError('IDEMPOTENCY_CONFLICT', 'An area with this id already exists with different details.', { id });
      }
      assertNameFree(ctx, input.name);
      const last = ctx.tx.select({ n: max(areas.sortOrder) }).from(areas).get()?.n;
      const row: AreaRow = {
        id, name: input.name, sortOrder: input.sortOrder ?? (last == null ? 0 : last + 1),
        version: 1, createdAt: ctx.now, updatedAt: ctx.now,
      };
      ctx.tx.insert(areas).values(row).run();
      record(ctx, row);
      return areaView(row);
    });
  }

  update(actor: Actor, id: string, input: UpdateAreaInput): Promise<AreaView> {
    return runCommand(this.deps, actor, (ctx) => {
      const current = loadArea(ctx.tx, id);
      const { expectedVersion, ...patch } = input;
      assertVersion('area', current, expectedVersion);
      const changes = changedFields(current, patch);
      if (Object.keys(changes).length === 0) return areaView(current);
      if (changes.name !== undefined) assertNameFree(ctx, changes.name, id);
      const next: AreaRow = { ...current, ...changes, version: current.version + 1, updatedAt: ctx.now };
      ctx.tx.update(areas).set(next).where(eq(areas.id, id)).run();
      record(ctx, next);
      return areaView(next);
    });
  }

  /** Only an empty area can go: its tables must be moved or deleted first. */
  remove(actor: Actor, id: string): Promise<{ id: string; deleted: true }> {
    return runCommand(this.deps, actor, (ctx) => {
      const current = loadArea(ctx.tx, id);
      const tables = ctx.tx.select({ id: diningTables.id }).from(diningTables).where(eq(diningTables.areaId, id)).all();
      if (tables.length > 0) {
        throw new AppError('IN_USE', `The area "${current.name}" still has ${tables.length} table(s); move or delete them first.`,
          { areaId: id, tableIds: tables.map((t) => t.id) });
      }
      ctx.tx.delete(areas).where(eq(areas.id, id)).run();
      // The delete carries a newer version so the cloud applies it after any earlier upsert.
      ctx.change('area', { ...current, version: current.version + 1, updatedAt: ctx.now }, { op: 'delete' });
      ctx.emit({ type: 'area.deleted', data: { id } });
      return { id, deleted: true as const };
    });
  }
}
