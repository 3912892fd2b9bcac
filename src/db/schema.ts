/**
 * The box's SQLite schema (drizzle). Conventions (architecture §4):
 * - ids are UUIDv7 text minted where the record is born;
 * - money is integer minor units, tax rates are basis points;
 * - time is UTC epoch milliseconds;
 * - mutable rows carry `version`, bumped on every change;
 * - ledgers (payments, refunds, line_voids, audit_log) are append-only.
 * Change this file, then `npm run db:generate` to write the next migration.
 */
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';

/** The one restaurant this box serves, and the box's sync identity. Exactly one row (id = 1). */
export const restaurant = sqliteTable('restaurant', {
  id: integer('id').primaryKey(),
  locationId: text('location_id').notNull(),
  deviceId: text('device_id').notNull(),
  epoch: integer('epoch').notNull(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  timeZone: text('time_zone').notNull(),
  /** ISO 3166 alpha-2 (FR, GB…): the default region for customers' phone numbers typed without +. */
  country: text('country'),
  dayStartHour: integer('day_start_hour').notNull(),
  taxMode: text('tax_mode', { enum: ['inclusive', 'exclusive'] }).notNull(),
  /** Discounts above this share of the discounted amount need a manager (basis points). */
  discountLimitBp: integer('discount_limit_bp').notNull(),
  /** Default service charge for dine-in orders, basis points (0 = none). */
  serviceChargeBp: integer('service_charge_bp').notNull(),
  menuVersion: integer('menu_version').notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['owner', 'manager', 'waiter', 'host', 'kitchen'] }).notNull(),
  pinHash: text('pin_hash').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const devices = sqliteTable('devices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['tablet', 'kitchen', 'terminal'] }).notNull(),
  tokenHash: text('token_hash').notNull(),
  pairedBy: text('paired_by').references(() => staff.id),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at'),
  revokedAt: integer('revoked_at'),
  revokedBy: text('revoked_by').references(() => staff.id),
}, (t) => [uniqueIndex('devices_token_hash').on(t.tokenHash)]);

export const pairingCodes = sqliteTable('pairing_codes', {
  codeHash: text('code_hash').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['tablet', 'kitchen', 'terminal'] }).notNull(),
  createdBy: text('created_by').notNull().references(() => staff.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
  deviceId: text('device_id'),
});

export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  staffId: text('staff_id').notNull().references(() => staff.id),
  deviceId: text('device_id').notNull().references(() => devices.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  endedAt: integer('ended_at'),
});

/** Wrong-PIN counter per device: five in a row lock sign-in on that device for five minutes. */
/** Wrong-PIN counters: `device_id` holds a device id, or `staff:<id>` for a person (auth/service.ts). */
export const pinFailures = sqliteTable('pin_failures', {
  deviceId: text('device_id').primaryKey(),
  failures: integer('failures').notNull(),
  lockedUntil: integer('locked_until'),
});

export const areas = sqliteTable('areas', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('areas_name').on(t.name)]);

export const diningTables = sqliteTable('dining_tables', {
  id: text('id').primaryKey(),
  areaId: text('area_id').notNull().references(() => areas.id),
  label: text('label').notNull(),
  capacity: integer('capacity').notNull(),
  shape: text('shape', { enum: ['round', 'square', 'rect', 'bar'] }).notNull(),
  x: integer('x').notNull(),
  y: integer('y').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  status: text('status', { enum: ['available', 'occupied', 'reserved', 'inactive'] }).notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('dining_tables_label').on(t.label)]);

export const categories = sqliteTable('categories', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('categories_name').on(t.name)]);

export const menuItems = sqliteTable('menu_items', {
  id: text('id').primaryKey(),
  categoryId: text('category_id').notNull().references(() => categories.id),
  name: text('name').notNull(),
  description: text('description').notNull(),
  price: integer('price').notNull(),
  taxRateBp: integer('tax_rate_bp').notNull(),
  station: text('station').notNull(),
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
  allergens: text('allergens', { mode: 'json' }).$type<string[]>().notNull(),
  imageUrl: text('image_url'),
  sortOrder: integer('sort_order').notNull(),
  available: integer('available', { mode: 'boolean' }).notNull(),
  /** Set by stock (issue 5) when on-hand cannot cover the recipe; separate from the manual `available`. */
  stockOut: integer('stock_out', { mode: 'boolean' }).notNull().default(false),
  /** The PLU / external id delivery platforms send for this item (issue 21); null = not sold there. */
  externalId: text('external_id'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('menu_items_category').on(t.categoryId), uniqueIndex('menu_items_category_name').on(t.categoryId, t.name)]);

export const optionGroups = sqliteTable('option_groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  selection: text('selection', { enum: ['single', 'multi'] }).notNull(),
  minSelect: integer('min_select').notNull(),
  maxSelect: integer('max_select').notNull(),
  required: integer('required', { mode: 'boolean' }).notNull(),
  sortOrder: integer('sort_order').notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('option_groups_name').on(t.name)]);

export const options = sqliteTable('options', {
  id: text('id').primaryKey(),
  groupId: text('group_id').notNull().references(() => optionGroups.id),
  name: text('name').notNull(),
  priceDelta: integer('price_delta').notNull(),
  available: integer('available', { mode: 'boolean' }).notNull(),
  /** Set by stock when on-hand cannot cover the option's extra; separate from the manual `available`. */
  stockOut: integer('stock_out', { mode: 'boolean' }).notNull().default(false),
  sortOrder: integer('sort_order').notNull(),
  /** The PLU / external id delivery platforms send for this option (issue 21). */
  externalId: text('external_id'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('options_group').on(t.groupId), uniqueIndex('options_group_name').on(t.groupId, t.name)]);

export const itemOptionGroups = sqliteTable('item_option_groups', {
  itemId: text('item_id').notNull().references(() => menuItems.id),
  groupId: text('group_id').notNull().references(() => optionGroups.id),
  sortOrder: integer('sort_order').notNull(),
}, (t) => [primaryKey({ columns: [t.itemId, t.groupId] }), index('item_option_groups_group').on(t.groupId)]);

/** Daily order numbers: one counter row per business day. */
export const orderCounters = sqliteTable('order_counters', {
  businessDay: text('business_day').primaryKey(),
  lastNumber: integer('last_number').notNull(),
});

export const orders = sqliteTable('orders', {
  id: text('id').primaryKey(),
  number: integer('number').notNull(),
  businessDay: text('business_day').notNull(),
  type: text('type', { enum: ['dine_in', 'takeaway', 'delivery'] }).notNull(),
  source: text('source', { enum: ['waiter', 'guest_qr', 'phone', 'delivery_partner'] }).notNull(),
  status: text('status', { enum: ['created', 'sent', 'in_progress', 'served', 'completed', 'canceled'] }).notNull(),
  tableId: text('table_id').references(() => diningTables.id),
  guestCount: integer('guest_count').notNull(),
  staffId: text('staff_id').notNull().references(() => staff.id),
  deviceId: text('device_id'),
  customerName: text('customer_name'),
  notes: text('notes'),
  /**
   * The delivery platform the order came from (`uber_eats`, `deliveroo`, `generic`…; issue 21) and
   * its reference for the order (what the rider quotes). Null for orders made in the room.
   */
  platform: text('platform'),
  platformRef: text('platform_ref'),
  /** Order-level discount: kind, value (minor units or bp), reason, approved by. Null = none. */
  discount: text('discount', { mode: 'json' }).$type<StoredDiscount | null>(),
  serviceChargeBp: integer('service_charge_bp').notNull(),
  taxMode: text('tax_mode', { enum: ['inclusive', 'exclusive'] }).notNull(),
  currency: text('currency').notNull(),
  // Cached totals, recomputed by orders/rules.ts on every change to the order.
  subtotal: integer('subtotal').notNull(),
  discountTotal: integer('discount_total').notNull(),
  serviceCharge: integer('service_charge').notNull(),
  taxTotal: integer('tax_total').notNull(),
  total: integer('total').notNull(),
  paid: integer('paid').notNull(),
  tips: integer('tips').notNull(),
  refunded: integer('refunded').notNull(),
  /** Hash of the create request, so a retried create with a different body is told apart (409). */
  requestHash: text('request_hash').notNull(),
  mergedInto: text('merged_into'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  closedAt: integer('closed_at'),
}, (t) => [index('orders_table_status').on(t.tableId, t.status), index('orders_business_day').on(t.businessDay)]);

export interface StoredDiscount {
  kind: 'amount' | 'percent';
  /** Minor units for `amount`, basis points for `percent`. */
  value: number;
  reason: string;
  staffId: string;
  approvedBy: string | null;
}

export const orderLines = sqliteTable('order_lines', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id),
  itemId: text('item_id').notNull().references(() => menuItems.id),
  // Snapshot of the menu at the moment of ordering (architecture §4).
  name: text('name').notNull(),
  unitPrice: integer('unit_price').notNull(),
  optionsPrice: integer('options_price').notNull(),
  taxRateBp: integer('tax_rate_bp').notNull(),
  station: text('station').notNull(),
  quantity: integer('quantity').notNull(),
  seat: integer('seat'),
  course: integer('course').notNull(),
  notes: text('notes'),
  discount: text('discount', { mode: 'json' }).$type<StoredDiscount | null>(),
  state: text('state', { enum: ['held', 'fired', 'ready', 'served', 'voided'] }).notNull(),
  firedAt: integer('fired_at'),
  readyAt: integer('ready_at'),
  servedAt: integer('served_at'),
  voidedAt: integer('voided_at'),
  sortOrder: integer('sort_order').notNull(),
  staffId: text('staff_id').notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('order_lines_order').on(t.orderId)]);

export const orderLineOptions = sqliteTable('order_line_options', {
  id: text('id').primaryKey(),
  lineId: text('line_id').notNull().references(() => orderLines.id),
  optionId: text('option_id').notNull().references(() => options.id),
  groupId: text('group_id').notNull(),
  groupName: text('group_name').notNull(),
  name: text('name').notNull(),
  priceDelta: integer('price_delta').notNull(),
}, (t) => [index('order_line_options_line').on(t.lineId)]);

/** Append-only: one row per voided line. */
export const lineVoids = sqliteTable('line_voids', {
  id: text('id').primaryKey(),
  lineId: text('line_id').notNull().references(() => orderLines.id),
  orderId: text('order_id').notNull().references(() => orders.id),
  wasFired: integer('was_fired', { mode: 'boolean' }).notNull(),
  amount: integer('amount').notNull(),
  reason: text('reason').notNull(),
  staffId: text('staff_id').notNull(),
  approvedBy: text('approved_by'),
  /** The business day the void belongs to (reports/current-day.ts): after a Z, the next day even before midnight. */
  businessDay: text('business_day').notNull().default(''),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('line_voids_order').on(t.orderId), index('line_voids_business_day').on(t.businessDay)]);

/** Append-only payment ledger. `amount` is applied to the order's balance; tips are kept apart. */
export const payments = sqliteTable('payments', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id),
  /** `loyalty`: a reward redeemed with points (src/loyalty/redeem.ts), never taken through POST /payments. */
  method: text('method', { enum: ['cash', 'card', 'upi', 'voucher', 'other', 'loyalty'] }).notNull(),
  amount: integer('amount').notNull(),
  tip: integer('tip').notNull(),
  tendered: integer('tendered'),
  change: integer('change').notNull(),
  /** How the amount was chosen: by amount, items, seat or equal split (for the guest check and reports). */
  allocation: text('allocation', { mode: 'json' }).$type<PaymentAllocation>().notNull(),
  reference: text('reference'),
  staffId: text('staff_id').notNull(),
  /** The business day the payment belongs to (reports/current-day.ts), which may differ from its order's. */
  businessDay: text('business_day').notNull().default(''),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('payments_order').on(t.orderId), index('payments_business_day').on(t.businessDay)]);

export type PaymentAllocation =
  | { kind: 'amount' }
  | { kind: 'items'; lineIds: string[] }
  | { kind: 'seat'; seat: number; lineIds: string[] }
  | { kind: 'equal'; parts: number; part: number };

/** Append-only refund ledger: never more than was paid on the payment. */
export const refunds = sqliteTable('refunds', {
  id: text('id').primaryKey(),
  paymentId: text('payment_id').notNull().references(() => payments.id),
  orderId: text('order_id').notNull().references(() => orders.id),
  amount: integer('amount').notNull(),
  reason: text('reason').notNull(),
  staffId: text('staff_id').notNull(),
  approvedBy: text('approved_by'),
  /** The business day the refund belongs to (reports/current-day.ts): a refund after a Z lands on the next day. */
  businessDay: text('business_day').notNull().default(''),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('refunds_payment').on(t.paymentId), index('refunds_business_day').on(t.businessDay)]);

/**
 * Idempotency keys for commands that are not keyed by a client-made id (payments, refunds):
 * the first result is stored with the request's hash and returned to every retry.
 */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  key: text('key').notNull(),
  scope: text('scope').notNull(),
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  response: text('response').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);

/** Who did what sensitive thing, and why. Append-only. */
export const auditLog = sqliteTable('audit_log', {
  id: text('id').primaryKey(),
  at: integer('at').notNull(),
  action: text('action').notNull(),
  staffId: text('staff_id'),
  approvedBy: text('approved_by'),
  deviceId: text('device_id'),
  entity: text('entity'),
  entityId: text('entity_id'),
  reason: text('reason'),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
}, (t) => [index('audit_log_at').on(t.at)]);

/** The outbox for the cloud (architecture §6), written in the same transaction as the change it records. */
export const changeLog = sqliteTable('change_log', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  txId: text('tx_id').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  op: text('op', { enum: ['upsert', 'insert', 'delete'] }).notNull(),
  row: text('row').notNull(),
  rowVersion: integer('row_version').notNull(),
  schemaVersion: integer('schema_version').notNull(),
  createdAt: integer('created_at').notNull(),
});

/**
 * Kitchen tickets (issue 3): one per station each time lines are fired (`new` for an order's first,
 * `add` after), and a `void` ticket when a fired line is voided. Order number, table label and
 * server name are snapshots, as printed. Fire, bump and recall times are never deleted: reports use
 * fire→bump per station. `status` says whether the ticket is on the screen (open) or bumped.
 */
export const kitchenTickets = sqliteTable('kitchen_tickets', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull().references(() => orders.id),
  station: text('station').notNull(),
  kind: text('kind', { enum: ['new', 'add', 'void'] }).notNull(),
  status: text('status', { enum: ['open', 'bumped'] }).notNull(),
  orderNumber: integer('order_number').notNull(),
  tableLabel: text('table_label'),
  serverName: text('server_name'),
  /** Null when the ticket mixes courses. */
  course: integer('course'),
  firedAt: integer('fired_at').notNull(),
  bumpedAt: integer('bumped_at'),
  recalledAt: integer('recalled_at'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('kitchen_tickets_station_status').on(t.station, t.status, t.firedAt), index('kitchen_tickets_order').on(t.orderId)]);

/** The lines a ticket lists, snapshotted as fired; their live state is read from order_lines. */
export const kitchenTicketLines = sqliteTable('kitchen_ticket_lines', {
  ticketId: text('ticket_id').notNull().references(() => kitchenTickets.id),
  lineId: text('line_id').notNull().references(() => orderLines.id),
  name: text('name').notNull(),
  quantity: integer('quantity').notNull(),
  seat: integer('seat'),
  course: integer('course').notNull(),
  notes: text('notes'),
  /** Option names, in the order chosen. */
  options: text('options', { mode: 'json' }).$type<string[]>().notNull(),
  sortOrder: integer('sort_order').notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.lineId] }), index('kitchen_ticket_lines_line').on(t.lineId)]);
export * from './schema-stock.js';
export * from './schema-printing.js';
export * from './schema-sync.js';
export * from './schema-reports.js';
export * from './schema-channel.js';
export * from './schema-customers.js';
export * from './schema-reservations.js';
export * from './schema-loyalty.js';
export * from './schema-delivery.js';
export * from './schema-guests.js';
