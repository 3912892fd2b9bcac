import { and, eq } from 'drizzle-orm';
import { staff } from '../db/schema.js';
import { runCommand, type Actor, type CommandDeps } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { hashPin } from '../auth/secrets.js';
import type { CreateStaffInput, UpdateStaffInput } from './schemas.js';

type StaffRow = typeof staff.$inferSelect;

/** The staff row as others may see it (the cloud, other screens): never the PIN hash. */
export function staffImage(row: StaffRow) {
  return { id: row.id, name: row.name, role: row.role, active: row.active, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

const view = (row: StaffRow) => ({ id: row.id, name: row.name, role: row.role, active: row.active, version: row.version });

/** Owners and managers are managed only by owners (the route asks for `staff.manage_managers`). */
export function isManagerRole(role: StaffRow['role']): boolean {
  return role === 'owner' || role === 'manager';
}

export class StaffService {
  constructor(private readonly deps: CommandDeps) {}

  /** The role of a staff member, for the route's owner-only check; 404 when unknown. */
  roleOf(id: string): StaffRow['role'] {
    const row = this.deps.db.select({ role: staff.role }).from(staff).where(eq(staff.id, id)).get();
    if (!row) throw notFound('staff member', id);
    return row.role;
  }

  list() {
    return this.deps.db.select().from(staff).orderBy(staff.name).all().map(view);
  }

  create(actor: Actor, input: CreateStaffInput) {
    const pinHash = hashPin(input.pin);
    return runCommand(this.deps, actor, (ctx) => {
      const id = input.id ?? ctx.newId();
      const existing = ctx.tx.select().from(staff).where(eq(staff.id, id)).get();
      if (existing) {
        if (existing.name === input.name && existing.role === input.role) return view(existing);
        throw new AppError('IDEMPOTENCY_CONFLICT', 'A staff member with this id exists with different details.');
      }
      const row: StaffRow = { id, name: input.name, role: input.role, pinHash, active: true, version: 1, createdAt: ctx.now, updatedAt: ctx.now };
      ctx.tx.insert(staff).values(row).run();
      ctx.change('staff', staffImage(row));
      ctx.audit({ action: 'staff.created', entity: 'staff', entityId: id, details: { name: row.name, role: row.role } });
      return view(row);
    });
  }

  update(actor: Actor, id: string, input: UpdateStaffInput) {
    const pinHash = input.pin ? hashPin(input.pin) : undefined;
    return runCommand(this.deps, actor, (ctx) => {
      const current = ctx.tx.select().from(staff).where(eq(staff.id, id)).get();
      if (!current) throw notFound('staff member', id);
      if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
        throw new AppError('VERSION_CONFLICT', 'This staff member changed since you loaded them.', { currentVersion: current.version });
      }
      if (current.role === 'owner' && (input.active === false || (input.role && input.role !== 'owner'))) {
        const owners = ctx.tx.select({ id: staff.id }).from(staff).where(and(eq(staff.role, 'owner'), eq(staff.active, true))).all().filter((o) => o.id !== id);
        if (owners.length === 0) throw new AppError('IN_USE', 'The last owner cannot be deactivated or demoted.');
      }
      const next: StaffRow = {
        ...current,
        name: input.name ?? current.name,
        role: input.role ?? current.role,
        active: input.active ?? current.active,
        pinHash: pinHash ?? current.pinHash,
        version: current.version + 1,
        updatedAt: ctx.now,
      };
      ctx.tx.update(staff).set(next).where(eq(staff.id, id)).run();
      ctx.change('staff', staffImage(next));
      const { pin: _pin, expectedVersion: _v, ...changed } = input;
      ctx.audit({ action: input.pin ? 'staff.updated_with_pin_reset' : 'staff.updated', entity: 'staff', entityId: id, details: { changed } });
      return view(next);
    });
  }
}
