/**
 * Generates a year of service for the reports benchmark straight into the cloud's PostgreSQL, set
 * based (generate_series), shaped like synced rows: the typed columns and the full row image in
 * `row` as a box would send it. Per location and day: ORDERS_PER_DAY orders of LINES_PER_ORDER
 * lines (≈ 2M lines for 5 locations × 365 days), one payment per completed order plus a second
 * on every fifth (split bills), a refund on 1 % and a voided line on 2 %, one or two kitchen
 * tickets, two stock usages per order, daily waste and weekly counts.
 */
import type { CloudDb } from '../../cloud/db.js';
import { createDevice, createLocation } from '../../cloud/admin.js';
import { progress } from './progress.js';

export const ORDERS_PER_DAY = 275;
export const LINES_PER_ORDER = 4;
const ITEMS = 60;
const INGREDIENTS = 40;
const STAFF = 10;
export const ZONES = ['Europe/Paris', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];

export interface GeneratedLocation { locationId: string; deviceId: string; timeZone: string }

/** A stable UUID-shaped id from a seed (looks like the box's ids; the same seed gives the same id). */
const ID = (seed: string) => `md5(${seed})::uuid::text`;

/** Writes one location's year (first day `from`, `days` days); returns its ids. */
export async function generateLocation(db: CloudDb, organisationId: string, index: number, from: string, days: number): Promise<GeneratedLocation> {
  const location = await createLocation(db, { organisationId, name: `Bench ${index + 1}` });
  const device = await createDevice(db, { locationId: location.id, name: `bench box ${index + 1}` });
  const tz = ZONES[index % ZONES.length]!;
  const n = days * ORDERS_PER_DAY;
  const L = location.id;
  const step = async (label: string, script: string) => {
    const started = Date.now();
    await db.transaction(async (q) => {
      await q.query("SELECT set_config('app.location_id', $1, true)", [L]);
      // One statement at a time: a prepared statement with parameters holds only one.
      for (const sql of script.split(/;\s*\n/).map((x) => x.trim()).filter(Boolean)) await q.query(sql, [L, organisationId]);
    });
    progress(`reports: location ${index + 1} (${tz}) ${label} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await step('restaurant, staff, menu, ingredients', `
    INSERT INTO restaurants (location_id, organisation_id, id, version, epoch, seq, name, currency, time_zone, row)
      VALUES ($1, $2, $1, 1, 1, 1, 'Bench ${index + 1}', 'EUR', '${tz}', jsonb_build_object('locationId', $1::text, 'name', 'Bench ${index + 1}', 'currency', 'EUR',
        'timeZone', '${tz}', 'dayStartHour', 4, 'taxMode', 'exclusive', 'serviceChargeBp', 0, 'discountLimitBp', 2000, 'menuVersion', 1, 'version', 1));
    INSERT INTO staff (location_id, organisation_id, id, version, epoch, seq, name, role, row)
      SELECT $1, $2, ${ID(`$1::text || ':s:' || s`)}, 1, 1, 1, 'Staff ' || s, CASE WHEN s < 2 THEN 'manager' ELSE 'waiter' END,
        jsonb_build_object('id', ${ID(`$1::text || ':s:' || s`)}, 'name', 'Staff ' || s, 'role', CASE WHEN s < 2 THEN 'manager' ELSE 'waiter' END, 'active', true, 'version', 1)
      FROM generate_series(0, ${STAFF - 1}) s;
    INSERT INTO categories (location_id, organisation_id, id, version, epoch, seq, name, row)
      SELECT $1, $2, ${ID(`$1::text || ':c:' || c`)}, 1, 1, 1, 'Category ' || c, jsonb_build_object('id', ${ID(`$1::text || ':c:' || c`)}, 'name', 'Category ' || c, 'sortOrder', c, 'version', 1)
      FROM generate_series(0, 5) c;
    INSERT INTO menu_items (location_id, organisation_id, id, version, epoch, seq, name, category_id, price, row)
      SELECT $1, $2, ${ID(`$1::text || ':i:' || i`)}, 1, 1, 1, 'Dish ' || i, ${ID(`$1::text || ':c:' || (i % 6)`)}, 500 + (i * 37) % 2000,
        jsonb_build_object('id', ${ID(`$1::text || ':i:' || i`)}, 'name', 'Dish ' || i, 'categoryId', ${ID(`$1::text || ':c:' || (i % 6)`)}, 'price', 500 + (i * 37) % 2000, 'taxRateBp', 1000,
          'station', CASE WHEN i % 3 = 0 THEN 'bar' ELSE 'grill' END, 'available', true, 'version', 1)
      FROM generate_series(0, ${ITEMS - 1}) i;
    INSERT INTO ingredients (location_id, organisation_id, id, version, epoch, seq, name, base_unit, row)
      SELECT $1, $2, ${ID(`$1::text || ':g:' || g`)}, 1, 1, 1, 'Ingredient ' || g, 'g',
        jsonb_build_object('id', ${ID(`$1::text || ':g:' || g`)}, 'name', 'Ingredient ' || g, 'kind', 'raw', 'baseUnit', 'g', 'unit', 'kg', 'costPerUnit', 500 + g * 10, 'version', 1)
      FROM generate_series(0, ${INGREDIENTS - 1}) g;
    INSERT INTO stock_alerts (location_id, organisation_id, id, version, epoch, seq, ingredient_id, kind, status, on_hand, raised_at, row)
      SELECT $1, $2, ${ID(`$1::text || ':a:' || g`)}, 1, 1, 1, ${ID(`$1::text || ':g:' || g`)}, 'low', 'open', 500, 0,
        jsonb_build_object('id', ${ID(`$1::text || ':a:' || g`)}, 'ingredientId', ${ID(`$1::text || ':g:' || g`)}, 'kind', 'low', 'status', 'open', 'onHand', 500, 'raisedAt', 0, 'version', 1)
      FROM generate_series(0, 2) g`);

  // One row per order with its day, position in the day, local creation time and priced lines.
  const orderBase = `
    SELECT g, d, k, ${ID(`$1::text || ':o:' || g`)} AS id, to_char(DATE '${from}' + d, 'YYYY-MM-DD') AS day,
      (extract(epoch FROM ((DATE '${from}' + d)::timestamp + interval '11 hours' + (k * interval '13 hours') / ${ORDERS_PER_DAY}) AT TIME ZONE '${tz}') * 1000)::bigint AS created_at,
      CASE WHEN g % 33 = 0 THEN 'canceled' ELSE 'completed' END AS status,
      CASE WHEN g % 10 = 0 THEN 1000 ELSE 0 END AS discount_bp,
      1 + g % 4 AS guests,
      (SELECT sum((500 + (((g * 7 + j * 13) % ${ITEMS}) * 37) % 2000) * (1 + (g + j) % 2)) FROM generate_series(0, ${LINES_PER_ORDER - 1}) j
        WHERE NOT (j = 0 AND g % 50 = 7)) AS subtotal
    FROM (SELECT g, g / ${ORDERS_PER_DAY} AS d, g % ${ORDERS_PER_DAY} AS k FROM generate_series(0, ${n - 1}) g) s`;
  const totals = `
    SELECT o.*, (o.subtotal * o.discount_bp * 2 + 10000) / 20000 AS discount_total FROM (${orderBase}) o`;
  const money = `
    SELECT t.*, t.subtotal - t.discount_total AS net, ((t.subtotal - t.discount_total) * 1000 * 2 + 10000) / 20000 AS tax,
      (t.subtotal - t.discount_total) + ((t.subtotal - t.discount_total) * 1000 * 2 + 10000) / 20000 AS total FROM (${totals}) t`;

  await step(`${n} orders`, `
    INSERT INTO orders (location_id, organisation_id, id, version, epoch, seq, number, business_day, status, table_id, total, paid, tips, refunded, created_at, row)
    SELECT $1, $2, m.id, 4, 1, m.g, m.k + 1, m.day, m.status, NULL, m.total, CASE WHEN m.status = 'completed' THEN m.total ELSE 0 END, 0, 0, m.created_at,
      jsonb_build_object('id', m.id, 'number', m.k + 1, 'businessDay', m.day, 'type', 'dine_in', 'source', 'waiter', 'status', m.status, 'guestCount', m.guests,
        'staffId', ${ID(`$1::text || ':s:' || (m.g % ${STAFF})`)}, 'discount', CASE WHEN m.discount_bp > 0 THEN jsonb_build_object('kind', 'percent', 'value', m.discount_bp, 'reason', 'regulars') END,
        'serviceChargeBp', 0, 'taxMode', 'exclusive', 'currency', 'EUR', 'subtotal', m.subtotal, 'discountTotal', m.discount_total, 'serviceCharge', 0,
        'taxTotal', m.tax, 'total', m.total, 'paid', CASE WHEN m.status = 'completed' THEN m.total ELSE 0 END, 'tips', 0, 'refunded', 0, 'mergedInto', NULL,
        'version', 4, 'createdAt', m.created_at, 'updatedAt', m.created_at + 3600000, 'closedAt', m.created_at + 3600000)
    FROM (${money}) m`);

  await step(`${n * LINES_PER_ORDER} order lines`, `
    INSERT INTO order_lines (location_id, organisation_id, id, version, epoch, seq, order_id, item_id, quantity, unit_price, state, fired_at, row)
    SELECT $1, $2, x.id, 3, 1, x.g * ${LINES_PER_ORDER} + x.j, x.order_id, x.item_id, x.qty, x.price, x.state, x.created_at + 60000,
      jsonb_build_object('id', x.id, 'orderId', x.order_id, 'itemId', x.item_id, 'name', 'Dish ' || x.item, 'unitPrice', x.price, 'optionsPrice', 0, 'taxRateBp', 1000,
        'station', CASE WHEN x.item % 3 = 0 THEN 'bar' ELSE 'grill' END, 'quantity', x.qty, 'seat', NULL, 'course', 1, 'notes', NULL, 'discount', NULL, 'state', x.state,
        'firedAt', x.created_at + 60000, 'sortOrder', x.j, 'staffId', ${ID(`$1::text || ':s:' || (x.g % ${STAFF})`)}, 'version', 3, 'createdAt', x.created_at, 'updatedAt', x.created_at + 60000)
    FROM (
      SELECT o.g, j, ${ID(`$1::text || ':l:' || o.g || ':' || j`)} AS id, ${ID(`$1::text || ':o:' || o.g`)} AS order_id, (o.g * 7 + j * 13) % ${ITEMS} AS item,
        ${ID(`$1::text || ':i:' || ((o.g * 7 + j * 13) % ${ITEMS})`)} AS item_id, 1 + (o.g + j) % 2 AS qty, 500 + (((o.g * 7 + j * 13) % ${ITEMS}) * 37) % 2000 AS price,
        CASE WHEN j = 0 AND o.g % 50 = 7 THEN 'voided' ELSE 'served' END AS state,
        (extract(epoch FROM ((DATE '${from}' + o.g / ${ORDERS_PER_DAY})::timestamp + interval '11 hours' + ((o.g % ${ORDERS_PER_DAY}) * interval '13 hours') / ${ORDERS_PER_DAY}) AT TIME ZONE '${tz}') * 1000)::bigint AS created_at
      FROM generate_series(0, ${n - 1}) o(g), generate_series(0, ${LINES_PER_ORDER - 1}) j
    ) x`);

  await step('payments, refunds, voids', `
    INSERT INTO payments (location_id, organisation_id, id, version, epoch, seq, order_id, method, amount, tip, created_at, row)
    SELECT $1, $2, p.id, 1, 1, p.g, p.order_id, p.method, p.amount, p.tip, p.created_at,
      jsonb_build_object('id', p.id, 'orderId', p.order_id, 'method', p.method, 'amount', p.amount, 'tip', p.tip, 'tendered', NULL, 'change', 0,
        'allocation', jsonb_build_object('kind', 'amount'), 'reference', NULL, 'staffId', ${ID(`$1::text || ':s:' || (p.g % ${STAFF})`)}, 'businessDay', p.day, 'createdAt', p.created_at)
    FROM (
      SELECT m.g, part, ${ID(`$1::text || ':p:' || m.g || ':' || part`)} AS id, m.id AS order_id, m.day, m.created_at + 3600000 AS created_at,
        (ARRAY['card', 'cash', 'card', 'upi', 'card', 'voucher'])[1 + (m.g + part) % 6] AS method,
        CASE WHEN m.g % 5 <> 0 THEN m.total WHEN part = 0 THEN m.total / 2 ELSE m.total - m.total / 2 END AS amount,
        CASE WHEN part = 0 THEN (m.g % 7) * 50 ELSE 0 END AS tip
      FROM (${money}) m, generate_series(0, 1) part
      WHERE m.status = 'completed' AND (part = 0 OR m.g % 5 = 0)
    ) p;
    INSERT INTO refunds (location_id, organisation_id, id, version, epoch, seq, payment_id, order_id, amount, created_at, row)
    SELECT $1, $2, ${ID(`$1::text || ':r:' || m.g`)}, 1, 1, m.g, ${ID(`$1::text || ':p:' || m.g || ':0'`)}, m.id, 500, m.created_at + 7200000,
      jsonb_build_object('id', ${ID(`$1::text || ':r:' || m.g`)}, 'paymentId', ${ID(`$1::text || ':p:' || m.g || ':0'`)}, 'orderId', m.id, 'amount', 500,
        'reason', (ARRAY['cold food', 'wrong order', 'overcharged'])[1 + m.g % 3], 'staffId', ${ID(`$1::text || ':s:' || (m.g % 2)`)}, 'businessDay', m.day, 'createdAt', m.created_at + 7200000)
    FROM (${orderBase}) m WHERE m.g % 100 = 3 AND m.status = 'completed';
    INSERT INTO line_voids (location_id, organisation_id, id, version, epoch, seq, order_id, line_id, amount, created_at, row)
    SELECT $1, $2, ${ID(`$1::text || ':v:' || m.g`)}, 1, 1, m.g, m.id, ${ID(`$1::text || ':l:' || m.g || ':0'`)}, 900, m.created_at + 600000,
      jsonb_build_object('id', ${ID(`$1::text || ':v:' || m.g`)}, 'lineId', ${ID(`$1::text || ':l:' || m.g || ':0'`)}, 'orderId', m.id, 'wasFired', true, 'amount', 900,
        'reason', (ARRAY['wrong item', 'guest changed mind'])[1 + m.g % 2], 'staffId', ${ID(`$1::text || ':s:' || (m.g % 2)`)}, 'approvedBy', NULL, 'businessDay', m.day, 'createdAt', m.created_at + 600000)
    FROM (${orderBase}) m WHERE m.g % 50 = 7`);

  await step('kitchen tickets and stock movements', `
    INSERT INTO kitchen_tickets (location_id, organisation_id, id, version, epoch, seq, order_id, station, fired_at, bumped_at, row)
    SELECT $1, $2, t.id, 2, 1, t.g * 2 + t.s, t.order_id, t.station, t.fired, t.fired + t.cook, 
      jsonb_build_object('id', t.id, 'orderId', t.order_id, 'station', t.station, 'kind', 'new', 'status', 'bumped', 'orderNumber', t.k + 1, 'firedAt', t.fired,
        'bumpedAt', t.fired + t.cook, 'recalledAt', NULL, 'version', 2, 'createdAt', t.fired, 'updatedAt', t.fired + t.cook)
    FROM (
      SELECT o.g, o.k, s, ${ID(`$1::text || ':t:' || o.g || ':' || s`)} AS id, o.id AS order_id, CASE WHEN s = 0 THEN 'grill' ELSE 'bar' END AS station,
        o.created_at + 60000 AS fired, (180 + (o.g * 97 + s * 31) % 1320) * 1000::bigint + (o.g % 1000) AS cook
      FROM (${orderBase}) o, generate_series(0, 1) s WHERE s = 0 OR o.g % 2 = 0
    ) t;
    INSERT INTO stock_movements (location_id, organisation_id, id, version, epoch, seq, ingredient_id, kind, quantity, created_at, business_day, order_id, row)
    SELECT $1, $2, x.id, 1, 1, x.seq, x.ingredient_id, x.kind, x.quantity, x.created_at, x.day, x.order_id,
      jsonb_build_object('id', x.id, 'ingredientId', x.ingredient_id, 'kind', x.kind, 'quantity', x.quantity, 'counted', x.counted, 'reason', x.reason,
        'orderId', x.order_id, 'businessDay', x.day, 'createdAt', x.created_at)
    FROM (
      SELECT ${ID(`$1::text || ':m:' || o.g || ':' || u`)} AS id, o.g * 2 + u AS seq, ${ID(`$1::text || ':g:' || ((o.g * 3 + u * 11) % ${INGREDIENTS})`)} AS ingredient_id,
        'usage' AS kind, -((100 + (o.g + u) % 400) * 1000)::bigint AS quantity, NULL::bigint AS counted, NULL AS reason, o.created_at + 60000 AS created_at, o.day, o.id AS order_id
      FROM (${orderBase}) o, generate_series(0, 1) u WHERE o.status = 'completed'
      UNION ALL
      SELECT ${ID(`$1::text || ':w:' || d || ':' || w`)}, ${n * 2} + d * 10 + w, ${ID(`$1::text || ':g:' || ((d + w * 7) % ${INGREDIENTS})`)},
        CASE WHEN w < 3 THEN 'waste' ELSE 'count' END, CASE WHEN w < 3 THEN -50000 ELSE ((d + w) % 5 - 2) * 10000 END::bigint,
        CASE WHEN w < 3 THEN NULL ELSE 1000000 END::bigint, CASE WHEN w < 3 THEN 'spoiled' END,
        (extract(epoch FROM (DATE '${from}' + d)::timestamp + interval '23 hours') * 1000)::bigint, to_char(DATE '${from}' + d, 'YYYY-MM-DD'), NULL
      FROM generate_series(0, ${days - 1}) d, generate_series(0, 4) w WHERE w < 3 OR d % 7 = 0
    ) x`);

  await db.query(`INSERT INTO device_watermarks (location_id, device_id, epoch, seq, tx_id, updated_at) VALUES ($1, $2, 1, $3, 'bench', now())`, [L, device.id, n * LINES_PER_ORDER]);
  return { locationId: L, deviceId: device.id, timeZone: tz };
}
