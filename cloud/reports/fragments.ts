/**
 * How each rollup's rows are computed from the synced source rows, for the (location, business
 * day) pairs of a relation `days(location_id, business_day)` that the caller puts in scope. The
 * same SQL builds the rollups (refresh.ts) and computes the dirty days live on read (read.ts), so
 * the two can never disagree. Figures follow the issue 7 contract (reports-contract.md):
 * - sales: completed orders by the order's business day;
 * - payments, refunds, line voids: by their own `businessDay` (row image), else their order's day.
 */
import { bucketSql } from './kitchen-buckets.js';

export interface Rollup {
  table: string;
  /** Columns in the order the fragment yields them: location, organisation, day, `keys`, then measures. */
  columns: readonly string[];
  /** Grouping columns after the day. */
  keys: readonly string[];
  /** How a month row adds up its day rows' measures (sum, or max for a label). */
  measures: ReadonlyArray<readonly [column: string, aggregate: 'sum' | 'max']>;
  fragment: string;
}

/** A rollup's columns from its keys and measures. */
function rollup(table: string, keys: readonly string[], measures: ReadonlyArray<readonly [string, 'sum' | 'max']>, fragment: string): Rollup {
  return { table, columns: [...KEY, ...keys, ...measures.map(([c]) => c)], keys, measures, fragment };
}
const sums = (...cols: string[]) => cols.map((c) => [c, 'sum'] as const);

const KEY = ['location_id', 'organisation_id', 'business_day'];

/** Orders of the days, joined through the orders_day index. */
const ORDERS_OF_DAYS = 'days d JOIN orders o ON o.location_id = d.location_id AND o.business_day = d.business_day';

/** A ledger's rows of the days: by their own business day, or by their order's when they have none. */
function ledgerOfDays(table: string, select: string): string {
  return `SELECT x.location_id, x.organisation_id, x.business_day, ${select}
      FROM days d JOIN ${table} x ON x.location_id = d.location_id AND x.business_day = d.business_day WHERE NOT x.deleted
    UNION ALL
    SELECT x.location_id, x.organisation_id, o.business_day, ${select}
      FROM ${ORDERS_OF_DAYS} JOIN ${table} x ON x.location_id = o.location_id AND x.order_id = o.id
      WHERE x.business_day IS NULL AND NOT x.deleted`;
}

const n = (json: string, field: string) => `coalesce((${json}->>'${field}')::bigint, 0)`;

export const SALES: Rollup = rollup('report_sales_day', [], sums('orders', 'covers', 'gross', 'discounts', 'service_charge', 'tax', 'total'), `SELECT o.location_id, o.organisation_id, o.business_day, count(*)::integer, sum(${n('o.row', 'guestCount')})::integer,
      sum(${n('o.row', 'subtotal')})::bigint, sum(${n('o.row', 'discountTotal')})::bigint, sum(${n('o.row', 'serviceCharge')})::bigint,
      sum(${n('o.row', 'taxTotal')})::bigint, sum(coalesce(o.total, 0))::bigint
    FROM ${ORDERS_OF_DAYS} WHERE o.status = 'completed' AND NOT o.deleted
    GROUP BY o.location_id, o.organisation_id, o.business_day`);

export const PAYMENTS: Rollup = rollup('report_payments_day', ['method'], sums('payments', 'amount', 'tips'), `SELECT location_id, organisation_id, business_day, method, count(*)::integer, sum(amount)::bigint, sum(tip)::bigint
    FROM (${ledgerOfDays('payments', `coalesce(x.method, 'other') AS method, coalesce(x.amount, 0) AS amount, coalesce(x.tip, 0) AS tip`)}) p
    GROUP BY location_id, organisation_id, business_day, method`);

const ADJUSTMENT = (kind: string) => `'${kind}' AS kind, coalesce(x.row->>'staffId', '') AS staff_id, coalesce(x.row->>'reason', '') AS reason, coalesce(x.amount, 0) AS amount`;

export const ADJUSTMENTS: Rollup = rollup('report_adjustments_day', ['kind', 'staff_id', 'reason'], sums('count', 'amount'), `SELECT location_id, organisation_id, business_day, kind, staff_id, reason, count(*)::integer, sum(amount)::bigint
    FROM (${ledgerOfDays('refunds', ADJUSTMENT('refund'))} UNION ALL ${ledgerOfDays('line_voids', ADJUSTMENT('void'))}) a
    GROUP BY location_id, organisation_id, business_day, kind, staff_id, reason`);

/**
 * Item net as the box computes it (src/orders/totals.ts): line gross − line discount (rounded half
 * up) − the line's share of the order discount, shared by largest remainder with ties to the
 * smaller line id. The order discount is the order's discountTotal less its lines' discounts, so
 * the items' nets of an order add up to its net exactly.
 */
export const ITEMS: Rollup = rollup('report_items_day', ['item_id'], [['name', 'max'], ...sums('quantity', 'net')], `SELECT location_id, organisation_id, business_day, item_id, max(name), sum(quantity)::bigint,
      sum(after - share - CASE WHEN rn <= order_left THEN 1 ELSE 0 END)::bigint
    FROM (
      SELECT s.*, row_number() OVER (PARTITION BY s.order_id ORDER BY s.rem DESC, s.id COLLATE "C") AS rn,
        s.order_discount - (sum(s.share) OVER (PARTITION BY s.order_id))::bigint AS order_left
      FROM (
        SELECT w.*, CASE WHEN w.weight = 0 OR w.order_discount = 0 THEN 0 ELSE (w.order_discount * w.after) / w.weight END AS share,
          CASE WHEN w.weight = 0 OR w.order_discount = 0 THEN 0 ELSE (w.order_discount * w.after) % w.weight END AS rem
        FROM (
          SELECT a.*, a.discount_total - (sum(a.line_discount) OVER (PARTITION BY a.order_id))::bigint AS order_discount,
            (sum(a.after) OVER (PARTITION BY a.order_id))::bigint AS weight
          FROM (
            SELECT g.*, g.gross - g.line_discount AS after
            FROM (
              SELECT b.*, CASE
                  WHEN b.gross = 0 THEN 0
                  WHEN b.dk = 'amount' THEN least(greatest(b.dv, 0), b.gross)
                  WHEN b.dk = 'percent' THEN least(greatest((2 * b.gross * b.dv + 10000) / 20000, 0), b.gross)
                  ELSE 0 END AS line_discount
              FROM (
                SELECT o.location_id, o.organisation_id, o.business_day, o.id AS order_id, ${n('o.row', 'discountTotal')} AS discount_total,
                  l.id, coalesce(l.item_id, '') AS item_id, coalesce(l.row->>'name', '') AS name, l.state, coalesce(l.quantity, 0)::bigint AS quantity,
                  CASE WHEN l.state = 'voided' THEN 0 ELSE greatest(0, coalesce(l.unit_price, 0) + ${n('l.row', 'optionsPrice')}) * coalesce(l.quantity, 0) END AS gross,
                  l.row->'discount'->>'kind' AS dk, coalesce((l.row->'discount'->>'value')::bigint, 0) AS dv
                FROM ${ORDERS_OF_DAYS} JOIN order_lines l ON l.location_id = o.location_id AND l.order_id = o.id
                WHERE o.status = 'completed' AND NOT o.deleted AND NOT l.deleted
                OFFSET 0 -- a fence: take the fields out of the row images before sorting, not the images
              ) b
            ) g
          ) a
        ) w
      ) s
    ) t
    WHERE state IS DISTINCT FROM 'voided'
    GROUP BY location_id, organisation_id, business_day, item_id`);

/** The location's time zone as synced (UTC when the restaurant row has not arrived yet). */
const TIME_ZONE = `coalesce((SELECT r.time_zone FROM restaurants r WHERE r.location_id = o.location_id AND NOT r.deleted ORDER BY r.id LIMIT 1), 'UTC')`;

export const HEATMAP: Rollup = rollup('report_heatmap_day', ['weekday', 'hour'], sums('orders', 'net'), `SELECT location_id, organisation_id, business_day, extract(isodow FROM local)::smallint, extract(hour FROM local)::smallint, count(*)::integer, sum(net)::bigint
    FROM (
      SELECT o.location_id, o.organisation_id, o.business_day, to_timestamp(o.created_at / 1000.0) AT TIME ZONE ${TIME_ZONE} AS local,
        ${n('o.row', 'subtotal')} - ${n('o.row', 'discountTotal')} AS net
      FROM ${ORDERS_OF_DAYS} WHERE o.status = 'completed' AND NOT o.deleted AND o.created_at IS NOT NULL
      OFFSET 0
    ) h
    GROUP BY 1, 2, 3, 4, 5`);

/** Bumped tickets that cooked something (void tickets only tell the cook to stop). */
export const KITCHEN: Rollup = rollup('report_kitchen_day', ['station', 'seconds'], sums('tickets'), `SELECT location_id, organisation_id, business_day, station, seconds, count(*)::integer FROM (
      SELECT o.location_id, o.organisation_id, o.business_day, coalesce(k.station, '') AS station, ${bucketSql('k.bumped_at - k.fired_at')} AS seconds
      FROM ${ORDERS_OF_DAYS} JOIN kitchen_tickets k ON k.location_id = o.location_id AND k.order_id = o.id
      WHERE NOT o.deleted AND NOT k.deleted AND k.fired_at IS NOT NULL AND k.bumped_at IS NOT NULL AND k.row->>'kind' IS DISTINCT FROM 'void'
      OFFSET 0
    ) k GROUP BY 1, 2, 3, 4, 5`);

export const STOCK: Rollup = rollup('report_stock_day', ['ingredient_id', 'kind'], sums('quantity', 'movements'), `SELECT m.location_id, m.organisation_id, m.business_day, m.ingredient_id, coalesce(m.kind, ''), sum(m.quantity)::bigint, count(*)::integer
    FROM days d JOIN stock_movements m ON m.location_id = d.location_id AND m.business_day = d.business_day
    WHERE NOT m.deleted
    GROUP BY 1, 2, 3, 4, 5`);

export const ROLLUPS: readonly Rollup[] = [SALES, PAYMENTS, ADJUSTMENTS, ITEMS, HEATMAP, KITCHEN, STOCK];
