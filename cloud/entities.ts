/**
 * Which box entity lands in which cloud table, and how (architecture §4, §6).
 *
 * Every cloud table has the same spine — location_id, organisation_id, id, version, epoch, seq,
 * deleted, row (the full image as jsonb), synced_at — plus a few typed columns that reports need
 * (amounts, times, foreign ids). New fields in a row image need no cloud migration: they ride in
 * `row`. `fact` rows are append-only (inserted once, never changed); `mutable` rows are replaced
 * only by a newer (version, epoch, seq).
 */
export type ColumnType = 'text' | 'bigint' | 'int';

export interface TypedColumn {
  /** Column in the cloud table. */
  column: string;
  /** Field of the row image. */
  field: string;
  type: ColumnType;
  /** A change whose image lacks this field (or has null) is rejected. */
  required?: boolean;
}

export interface EntityMapping {
  entity: string;
  table: string;
  kind: 'fact' | 'mutable';
  columns: readonly TypedColumn[];
}

const text = (column: string, field: string, required = false): TypedColumn => ({ column, field, type: 'text', required });
const big = (column: string, field: string, required = false): TypedColumn => ({ column, field, type: 'bigint', required });
const int = (column: string, field: string, required = false): TypedColumn => ({ column, field, type: 'int', required });

export const ENTITIES: readonly EntityMapping[] = [
  { entity: 'restaurant', table: 'restaurants', kind: 'mutable', columns: [text('name', 'name'), text('currency', 'currency'), text('time_zone', 'timeZone')] },
  { entity: 'staff', table: 'staff', kind: 'mutable', columns: [text('name', 'name'), text('role', 'role')] },
  { entity: 'area', table: 'areas', kind: 'mutable', columns: [text('name', 'name')] },
  { entity: 'dining_table', table: 'dining_tables', kind: 'mutable', columns: [text('label', 'label'), text('area_id', 'areaId')] },
  { entity: 'category', table: 'categories', kind: 'mutable', columns: [text('name', 'name')] },
  { entity: 'menu_item', table: 'menu_items', kind: 'mutable', columns: [text('name', 'name'), text('category_id', 'categoryId'), big('price', 'price')] },
  { entity: 'option_group', table: 'option_groups', kind: 'mutable', columns: [text('name', 'name')] },
  { entity: 'option', table: 'options', kind: 'mutable', columns: [text('name', 'name'), text('group_id', 'groupId'), big('price_delta', 'priceDelta')] },
  { entity: 'item_option_group', table: 'item_option_groups', kind: 'mutable', columns: [text('item_id', 'itemId'), text('group_id', 'groupId')] },
  { entity: 'order', table: 'orders', kind: 'mutable', columns: [
    int('number', 'number'), text('business_day', 'businessDay'), text('status', 'status'), text('table_id', 'tableId'),
    big('total', 'total'), big('paid', 'paid'), big('tips', 'tips'), big('refunded', 'refunded'), big('created_at', 'createdAt')] },
  { entity: 'order_line', table: 'order_lines', kind: 'mutable', columns: [
    text('order_id', 'orderId', true), text('item_id', 'itemId'), int('quantity', 'quantity'), big('unit_price', 'unitPrice'), text('state', 'state'), big('fired_at', 'firedAt')] },
  { entity: 'order_line_option', table: 'order_line_options', kind: 'fact', columns: [text('line_id', 'lineId', true), text('option_id', 'optionId'), big('price_delta', 'priceDelta')] },
  { entity: 'line_void', table: 'line_voids', kind: 'fact', columns: [text('order_id', 'orderId', true), text('line_id', 'lineId', true), big('amount', 'amount'), big('created_at', 'createdAt')] },
  { entity: 'payment', table: 'payments', kind: 'fact', columns: [
    text('order_id', 'orderId', true), text('method', 'method'), big('amount', 'amount', true), big('tip', 'tip'), big('created_at', 'createdAt')] },
  { entity: 'refund', table: 'refunds', kind: 'fact', columns: [
    text('payment_id', 'paymentId', true), text('order_id', 'orderId', true), big('amount', 'amount', true), big('created_at', 'createdAt')] },
  { entity: 'kitchen_ticket', table: 'kitchen_tickets', kind: 'mutable', columns: [text('order_id', 'orderId'), text('station', 'station'), big('fired_at', 'firedAt'), big('bumped_at', 'bumpedAt')] },
  { entity: 'kitchen_ticket_line', table: 'kitchen_ticket_lines', kind: 'fact', columns: [text('ticket_id', 'ticketId'), text('line_id', 'lineId')] },
  // Stock (issue 5): quantities are signed integer thousandths of the ingredient's base unit.
  { entity: 'ingredient', table: 'ingredients', kind: 'mutable', columns: [text('name', 'name'), text('base_unit', 'baseUnit')] },
  { entity: 'recipe_line', table: 'recipe_lines', kind: 'mutable', columns: [
    text('menu_item_id', 'menuItemId'), text('option_id', 'optionId'), text('ingredient_id', 'ingredientId', true), big('quantity', 'quantity')] },
  { entity: 'stock_movement', table: 'stock_movements', kind: 'fact', columns: [
    text('ingredient_id', 'ingredientId', true), text('kind', 'kind'), big('quantity', 'quantity', true), big('created_at', 'createdAt'),
    text('business_day', 'businessDay'), text('order_id', 'orderId')] },
  { entity: 'stock_alert', table: 'stock_alerts', kind: 'mutable', columns: [
    text('ingredient_id', 'ingredientId', true), text('kind', 'kind'), text('status', 'status'), big('on_hand', 'onHand'),
    big('raised_at', 'raisedAt'), big('cleared_at', 'clearedAt')] },
  // Reports (issue 7): the cloud table also keeps `totals` (jsonb, generated from the row image).
  { entity: 'z_report', table: 'z_reports', kind: 'fact', columns: [
    int('number', 'number', true), text('business_day', 'businessDay', true), big('closed_at', 'closedAt'), text('closed_by', 'closedBy')] },
  // Customers (issue 18): each location's rows; the organisation's record is made from them (cloud/customers/).
  { entity: 'customer', table: 'customers', kind: 'mutable', columns: [
    text('name', 'name', true), text('phone', 'phone'), text('email', 'email'), text('merged_into', 'mergedInto'), big('erased_at', 'erasedAt')] },
  { entity: 'order_customer', table: 'order_customers', kind: 'mutable', columns: [text('customer_id', 'customerId')] },
  // The door (issue 20, box half): stored as synced, for the owners and the cloud's online booking later.
  { entity: 'reservation', table: 'reservations', kind: 'mutable', columns: [
    big('starts_at', 'startsAt', true), int('party_size', 'partySize', true), text('status', 'status', true), text('source', 'source'),
    text('service_date', 'serviceDate'), text('customer_id', 'customerId')] },
  { entity: 'reservation_status_change', table: 'reservation_status_changes', kind: 'fact', columns: [
    text('reservation_id', 'reservationId', true), text('to_status', 'toStatus', true), big('at', 'at', true), text('staff_id', 'staffId')] },
  { entity: 'waitlist_entry', table: 'waitlist_entries', kind: 'mutable', columns: [
    int('party_size', 'partySize', true), text('status', 'status', true), big('added_at', 'addedAt', true), big('seated_at', 'seatedAt'), int('quoted_minutes', 'quotedMinutes')] },
  { entity: 'reservation_settings', table: 'reservation_settings', kind: 'mutable', columns: [] },
  { entity: 'reservation_exception', table: 'reservation_exceptions', kind: 'mutable', columns: [text('date', 'date', true), text('kind', 'kind', true)] },
  // Each waiting party's live estimate and place in line (issue 20), followed by guests who joined from afar (cloud/guest-accounts/).
  { entity: 'waitlist_estimate', table: 'waitlist_estimates', kind: 'mutable', columns: [
    int('minutes', 'minutes', true), int('position', 'position', true), big('at', 'at', true)] },
  // Loyalty (issue 18): each location's ledger entries; folded into the organisation's ledger at ingest (cloud/loyalty/fold.ts).
  { entity: 'loyalty_entry', table: 'loyalty_entries', kind: 'fact', columns: [
    text('customer_id', 'customerId', true), text('kind', 'kind', true), big('points', 'points', true), big('local_seq', 'localSeq', true),
    text('order_id', 'orderId'), big('amount', 'amount'), text('business_day', 'businessDay'), big('created_at', 'createdAt', true)] },
  // Delivery platforms (issue 21): what the box told a platform; ingest queues each for the platform (cloud/delivery/outbox.ts).
  { entity: 'delivery_status', table: 'delivery_statuses', kind: 'fact', columns: [text('delivery_order_id', 'deliveryOrderId', true), text('status', 'status', true)] },
  // Guests ordering through the cloud (issue 19): code digests (ingest keeps the directory, cloud/guests/codes.ts), the rules, the requests' state.
  { entity: 'table_qr', table: 'table_qr_codes', kind: 'mutable', columns: [int('qr_version', 'version', true), text('digest', 'digest', true)] },
  { entity: 'guest_settings', table: 'guest_settings', kind: 'mutable', columns: [] },
  { entity: 'guest_request', table: 'guest_requests', kind: 'mutable', columns: [
    text('table_id', 'tableId', true), text('kind', 'kind', true), text('status', 'status', true), text('via', 'via'), big('created_at', 'createdAt')] },
];

export const ENTITY_BY_NAME: ReadonlyMap<string, EntityMapping> = new Map(ENTITIES.map((e) => [e.entity, e]));

/** Why a typed field cannot be stored, or null when it can. */
export function checkField(column: TypedColumn, value: unknown): string | null {
  if (value === undefined || value === null) return column.required ? `${column.field} is required` : null;
  if (column.type === 'text') return typeof value === 'string' ? null : `${column.field} must be a string`;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return `${column.field} must be an integer`;
  if (column.type === 'int' && Math.abs(value) > 2_147_483_647) return `${column.field} is out of range`;
  return null;
}
