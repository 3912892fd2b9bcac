import { eq, sql } from 'drizzle-orm';
import { orders, restaurant, staff } from '../db/schema.js';
import { runCommand, SYSTEM_ACTOR, type Actor, type CommandContext, type CommandDeps, type DbLike } from '../db/command.js';
import { AppError } from '../errors.js';
import { hashPin } from '../auth/secrets.js';
import { staffImage } from '../staff/service.js';
import type { RestaurantView, SettingsPatchInput, SetupInput } from './schemas.js';

type RestaurantRow = typeof restaurant.$inferSelect;

export function restaurantView(row: RestaurantRow): RestaurantView {
  const { id: _id, deviceId: _d, epoch: _e, createdAt: _c, updatedAt: _u, ...view } = row;
  return view;
}

/** The restaurant row, for services that need currency, tax mode or time zone inside a command. */
const restaurantQueries = new WeakMap<DbLike, { get(): RestaurantRow | undefined }>();

export function loadRestaurant(tx: DbLike): RestaurantRow {
  // Read on every order placed: the query is built once per connection, not on every call.
  let query = restaurantQueries.get(tx);
  if (!query) {
    query = tx.select().from(restaurant).where(eq(restaurant.id, 1)).prepare();
    restaurantQueries.set(tx, query);
  }
  const row = query.get();
  if (!row) throw new AppError('NOT_INITIALIZED', 'This box has not been set up yet. Open / in a browser or run `npm run cli -- init`.');
  return row;
}

/** Every menu change bumps the restaurant's menu version, which is the menu tree's ETag. */
export function bumpMenuVersion(ctx: CommandContext): void {
  ctx.tx.update(restaurant).set({ menuVersion: sql`${restaurant.menuVersion} + 1` }).where(eq(restaurant.id, 1)).run();
}

/** First-run set-up and the restaurant's settings. */
export class SetupService {
  private initializedCache = false;

  constructor(private readonly deps: CommandDeps) {}

  isInitialized(): boolean {
    if (!this.initializedCache) {
      this.initializedCache = this.deps.db.select({ id: restaurant.id }).from(restaurant).get() !== undefined;
    }
    return this.initializedCache;
  }

  /** Creates the restaurant and its owner, once. The box's sync identity (location, device, epoch 1) is minted here. */
  async init(input: SetupInput): Promise<{ restaurant: RestaurantView; ownerId: string }> {
    const pinHash = hashPin(input.ownerPin);
    const result = await runCommand(this.deps, SYSTEM_ACTOR, (ctx) => {
      if (ctx.tx.select({ id: restaurant.id }).from(restaurant).get()) {
        throw new AppError('ALREADY_INITIALIZED', 'This box is already set up. Sign in as the owner to change settings.');
      }
      const row: RestaurantRow = {
        id: 1, locationId: ctx.newId(), deviceId: ctx.newId(), epoch: 1,
        name: input.restaurantName, currency: input.currency, timeZone: input.timeZone, country: input.country ?? null, dayStartHour: input.dayStartHour,
        taxMode: input.taxMode, discountLimitBp: input.discountLimitBp, serviceChargeBp: input.serviceChargeBp,
        menuVersion: 1, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
      };
      ctx.tx.insert(restaurant).values(row).run();
      const owner = { id: ctx.newId(), name: input.ownerName, role: 'owner' as const, pinHash, active: true, version: 1, createdAt: ctx.now, updatedAt: ctx.now };
      ctx.tx.insert(staff).values(owner).run();
      ctx.change('restaurant', restaurantView(row), { entityId: row.locationId });
      ctx.change('staff', staffImage(owner));
      ctx.audit({ action: 'setup.completed', entity: 'restaurant', entityId: row.locationId, details: { name: row.name, ownerId: owner.id } });
      return { restaurant: restaurantView(row), ownerId: owner.id };
    });
    this.initializedCache = true;
    return result;
  }

  get(): RestaurantView {
    return restaurantView(loadRestaurant(this.deps.db));
  }

  update(actor: Actor, patch: SettingsPatchInput): Promise<RestaurantView> {
    return runCommand(this.deps, actor, (ctx) => {
      const current = loadRestaurant(ctx.tx);
      const { expectedVersion, ...fields } = patch;
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw new AppError('VERSION_CONFLICT', 'Settings changed since you loaded them; reload and try again.', { currentVersion: current.version });
      }
      if (fields.currency && fields.currency !== current.currency && ctx.tx.select({ id: orders.id }).from(orders).limit(1).get()) {
        throw new AppError('IN_USE', 'The currency cannot change once orders exist: past amounts are in the old currency.');
      }
      const next: RestaurantRow = { ...current, ...fields, version: current.version + 1, updatedAt: ctx.now };
      ctx.tx.update(restaurant).set(next).where(eq(restaurant.id, 1)).run();
      ctx.change('restaurant', restaurantView(next), { entityId: next.locationId });
      ctx.audit({ action: 'settings.changed', entity: 'restaurant', entityId: next.locationId, details: { changed: fields } });
      ctx.emit({ type: 'settings.updated', data: restaurantView(next) });
      return restaurantView(next);
    });
  }
}
