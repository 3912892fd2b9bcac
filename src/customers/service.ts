/**
 * Customers on the box (issue 18): create, update, read with their history, search, and attach to
 * an order. Each write is one command: the row, its change for the cloud, an audit row that names
 * ids but no personal data (erasure must not leave copies behind).
 */
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { customers, orderCustomers, orders } from '../db/schema.js';
import { runCommand, type Actor, type CommandDeps } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { loadRestaurant } from '../setup/service.js';
import { fieldsFrom } from './input.js';
import { customerHistory } from './history.js';
import { loyaltyOf } from '../loyalty/store.js';
import { searchCustomers, type Hit } from './search.js';
import { assertNotErased, customerImage, customerView, findCustomer, nextSearchId, resolveCustomer, saveCustomer, type CustomerRow } from './store.js';
import type { CreateCustomerInput, UpdateCustomerInput } from './schemas.js';
import type { DbLike } from '../db/command.js';

/** 409 when another live customer here has this phone or email: attach them rather than make a twin. */
function assertUnique(tx: DbLike, id: string, fields: Partial<CustomerRow>): void {
  const phone = fields.phone ?? null;
  const email = fields.email ?? null;
  if (!phone && !email) return;
  const twin = tx.select({ id: customers.id, phone: customers.phone }).from(customers)
    .where(and(ne(customers.id, id), isNull(customers.mergedInto), isNull(customers.erasedAt),
      or(phone ? eq(customers.phone, phone) : undefined, email ? eq(customers.email, email) : undefined))).get();
  if (twin) {
    const field = phone && twin.phone === phone ? 'phone' : 'email';
    throw new AppError('CUSTOMER_DUPLICATE', `A customer with this ${field} exists here already: attach them instead.`, { customerId: twin.id, field });
  }
}

/**
 * Blocking or unblocking a guest is a manager's decision (architecture §9): it turns a person away
 * from every guest channel. A waiter may ask, with a manager's PIN; the same reason again is no change.
 */
function assertBlockApproved(fields: Partial<CustomerRow>, approver: string | null): void {
  if ('blockedReason' in fields && !approver) {
    throw new AppError('MANAGER_APPROVAL_REQUIRED', fields.blockedReason ? 'Blocking a guest needs a manager\'s approval.' : 'Unblocking a guest needs a manager\'s approval.');
  }
}

export class CustomerService {
  constructor(private readonly deps: CommandDeps) {}

  create(actor: Actor, input: CreateCustomerInput, approver: string | null = null) {
    return runCommand(this.deps, actor, (ctx) => {
      const { id: given, approval: _approval, ...rest } = input;
      const id = given ?? ctx.newId();
      const fields = fieldsFrom(rest, loadRestaurant(ctx.tx).country, ctx.now);
      const existing = findCustomer(ctx.tx, id);
      if (existing) {
        // A retried create (double tap, Wi-Fi drop) answers the first result.
        if (existing.name === fields.name && existing.phone === (fields.phone ?? null) && existing.email === (fields.email ?? null)) return customerView(existing);
        throw new AppError('IDEMPOTENCY_CONFLICT', 'A customer with this id exists with different details.');
      }
      assertUnique(ctx.tx, id, fields);
      assertBlockApproved(fields, approver);
      const row: CustomerRow = {
        id, searchId: nextSearchId(ctx.tx), name: fields.name!, phone: null, phoneSearch: '', email: null, birthday: null, allergies: null, notes: null,
        tags: [], addresses: [], marketingConsent: false, consentAt: null, consentSource: null, blockedReason: null, blockedAt: null,
        mergedInto: null, erasedAt: null, origin: 'box', version: 1, createdAt: ctx.now, updatedAt: ctx.now, ...fields,
      };
      ctx.tx.insert(customers).values(row).run();
      ctx.change('customer', customerImage(row));
      ctx.audit({ action: 'customer.created', entity: 'customer', entityId: id, approvedBy: fields.blockedReason ? approver : null });
      return customerView(row);
    });
  }

  update(actor: Actor, id: string, input: UpdateCustomerInput, approver: string | null = null) {
    return runCommand(this.deps, actor, (ctx) => {
      const current = resolveCustomer(ctx.tx, id);
      assertNotErased(current);
      const { expectedVersion, approval: _approval, ...rest } = input;
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw new AppError('VERSION_CONFLICT', 'This customer changed since you loaded them.', { currentVersion: current.version });
      }
      const fields = fieldsFrom(rest, loadRestaurant(ctx.tx).country, ctx.now, current);
      assertUnique(ctx.tx, current.id, fields);
      assertBlockApproved(fields, approver);
      const next = saveCustomer(ctx, { ...current, ...fields, version: current.version + 1, updatedAt: ctx.now });
      ctx.audit({ action: 'customer.updated', entity: 'customer', entityId: current.id, approvedBy: 'blockedReason' in fields ? approver : null,
        details: { fields: Object.keys(fields).filter((k) => k !== 'phoneSearch') } });
      return customerView(next);
    });
  }

  /** One customer (following a merge) with visits, spend and favourite items from their orders. */
  get(id: string) {
    const row = resolveCustomer(this.deps.db, id);
    return { ...customerView(row), history: customerHistory(this.deps.db, row.id), loyalty: loyaltyOf(this.deps.db, row.id) };
  }

  search(query: string, limit: number): Hit[] {
    return searchCustomers(this.deps.db, query, limit);
  }

  /** The customer attached to an order (null when none). */
  ofOrder(orderId: string) {
    if (!this.deps.db.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).get()) throw notFound('order', orderId);
    const link = this.deps.db.select().from(orderCustomers).where(eq(orderCustomers.orderId, orderId)).get();
    return linkView(this.deps.db, orderId, link);
  }

  /** Attaches (or re-attaches, or moves to another) customer; attaching the same one again changes nothing. */
  attach(actor: Actor, orderId: string, customerId: string) {
    return runCommand(this.deps, actor, (ctx) => {
      if (!ctx.tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).get()) throw notFound('order', orderId);
      const customer = resolveCustomer(ctx.tx, customerId);
      assertNotErased(customer);
      const link = ctx.tx.select().from(orderCustomers).where(eq(orderCustomers.orderId, orderId)).get();
      if (link?.customerId === customer.id) return linkView(ctx.tx, orderId, link);
      const next = writeLink(ctx, orderId, customer.id, link);
      ctx.audit({ action: 'customer.attached', entity: 'order', entityId: orderId, details: { customerId: customer.id } });
      ctx.emit({ type: 'order.customer', data: { orderId, customerId: customer.id } });
      return linkView(ctx.tx, orderId, next);
    });
  }

  detach(actor: Actor, orderId: string) {
    return runCommand(this.deps, actor, (ctx) => {
      if (!ctx.tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).get()) throw notFound('order', orderId);
      const link = ctx.tx.select().from(orderCustomers).where(eq(orderCustomers.orderId, orderId)).get();
      if (!link || link.customerId === null) return linkView(ctx.tx, orderId, link);
      const next = writeLink(ctx, orderId, null, link);
      ctx.audit({ action: 'customer.detached', entity: 'order', entityId: orderId, details: { customerId: link.customerId } });
      ctx.emit({ type: 'order.customer', data: { orderId, customerId: null } });
      return linkView(ctx.tx, orderId, next);
    });
  }
}

type LinkRow = typeof orderCustomers.$inferSelect;

/** Writes the order's link (insert or new version) and queues it for the cloud. */
export function writeLink(ctx: import('../db/command.js').CommandContext, orderId: string, customerId: string | null, link: LinkRow | undefined): LinkRow {
  const next: LinkRow = link
    ? { ...link, customerId, attachedBy: ctx.actor.staffId, version: link.version + 1, updatedAt: ctx.now }
    : { orderId, customerId, attachedBy: ctx.actor.staffId, version: 1, createdAt: ctx.now, updatedAt: ctx.now };
  if (link) ctx.tx.update(orderCustomers).set(next).where(eq(orderCustomers.orderId, orderId)).run();
  else ctx.tx.insert(orderCustomers).values(next).run();
  ctx.change('order_customer', { id: orderId, ...next });
  return next;
}

function linkView(tx: DbLike, orderId: string, link: LinkRow | undefined) {
  const row = link?.customerId ? findCustomer(tx, link.customerId) : undefined;
  return {
    orderId,
    customer: row ? { id: row.id, name: row.name, phone: row.phone, email: row.email, allergies: row.allergies, blockedReason: row.blockedReason } : null,
    version: link?.version ?? 0,
  };
}
