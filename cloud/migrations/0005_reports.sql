-- Owners' reports (issue 7): per-(location, business day) rollups, the list of days whose rollups
-- are out of date, and the indexes that find a day's source rows.
--
-- Why rollups: a year × 5 locations is ≈ 2M order lines; a dashboard request must answer in
-- ≤ 300 ms (p95). Every figure of the dashboard is a sum over business days, so each is kept per
-- (location, business day) and a request adds up at most a few hundred thousand small rows.
--
-- Why they are never stale to the cent: ingest records, in the same transaction as the rows it
-- writes, which (location, business day) pairs a batch touched (report_dirty_days, one statement
-- per batch: cloud/reports/dirty.ts). A reader computes those days from the source rows
-- (never from their rollups) and every other day from the rollups, in one snapshot; a refresh
-- (cloud/reports/refresh.ts, its own transaction per location) rebuilds the dirty days and
-- deletes exactly the marks it saw. A mark committed after the refresh's snapshot stays for the
-- next one. Dimensions (item, category, staff and ingredient names) are joined at read time, so a
-- rename needs no rebuild. The heatmap keeps the local weekday/hour computed when the day was
-- built (a restaurant that changes its time zone keeps its past orders in the zone they happened in).

-- Days whose rollups must be rebuilt: append-only marks (never upserted, so a mark made by a
-- transaction still in flight can never be consumed by a refresh that cannot see its rows).
CREATE TABLE report_dirty_days (
  id bigserial PRIMARY KEY,
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_dirty_days_day ON report_dirty_days (location_id, business_day);

-- Completed orders of the day (canceled and merged orders never count).
CREATE TABLE report_sales_day (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  orders integer NOT NULL,
  covers integer NOT NULL,
  gross bigint NOT NULL,
  discounts bigint NOT NULL,
  service_charge bigint NOT NULL,
  tax bigint NOT NULL,
  total bigint NOT NULL,
  PRIMARY KEY (location_id, business_day)
);

-- Payments of the day (their own business day), by method.
CREATE TABLE report_payments_day (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  method text NOT NULL,
  payments integer NOT NULL,
  amount bigint NOT NULL,
  tips bigint NOT NULL,
  PRIMARY KEY (location_id, business_day, method)
);

-- Refunds and line voids of the day (their own business day), by staff and reason.
CREATE TABLE report_adjustments_day (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  kind text NOT NULL, -- 'refund' | 'void'
  staff_id text NOT NULL,
  reason text NOT NULL,
  count integer NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (location_id, business_day, kind, staff_id, reason)
);

-- Lines of completed orders, voided lines excluded, by item: quantity and net (gross − line
-- discount − the line's share of the order discount, shared exactly as the box does).
CREATE TABLE report_items_day (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  item_id text NOT NULL,
  name text NOT NULL, -- the name on the lines (used when the menu item is gone)
  quantity bigint NOT NULL,
  net bigint NOT NULL,
  PRIMARY KEY (location_id, business_day, item_id)
);

-- Completed orders by the local ISO weekday (1 = Monday) and hour of their creation.
CREATE TABLE report_heatmap_day (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  weekday smallint NOT NULL,
  hour smallint NOT NULL,
  orders integer NOT NULL,
  net bigint NOT NULL,
  PRIMARY KEY (location_id, business_day, weekday, hour)
);

-- Bumped kitchen tickets (by their order's business day): a histogram of fire → bump seconds per
-- station, in buckets (cloud/reports/kitchen-buckets.ts), so percentiles over a year add up
-- small rows instead of sorting a million tickets.
CREATE TABLE report_kitchen_day (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  station text NOT NULL,
  seconds integer NOT NULL,
  tickets integer NOT NULL,
  PRIMARY KEY (location_id, business_day, station, seconds)
);

-- Stock movements of the day by ingredient and kind (signed thousandths of the base unit).
CREATE TABLE report_stock_day (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  business_day text NOT NULL,
  ingredient_id text NOT NULL,
  kind text NOT NULL,
  quantity bigint NOT NULL,
  movements integer NOT NULL,
  PRIMARY KEY (location_id, business_day, ingredient_id, kind)
);

-- Source indexes for building one day: payments, refunds and voids by their own business day
-- (it rides in the row image; older rows without it, or with '', fall back to the order's day through
-- payments_order and friends), kitchen tickets and voids by order, stock movements by day.
-- The ledgers' day is a stored generated column, not an index on row->>'businessDay': under
-- row-level security a condition using a function that is not leakproof (->> is not) cannot be
-- an index condition, so such an index is never used by the service role; text equality can.
ALTER TABLE payments ADD COLUMN business_day text GENERATED ALWAYS AS (NULLIF(row->>'businessDay', '')) STORED;
ALTER TABLE refunds ADD COLUMN business_day text GENERATED ALWAYS AS (NULLIF(row->>'businessDay', '')) STORED;
ALTER TABLE line_voids ADD COLUMN business_day text GENERATED ALWAYS AS (NULLIF(row->>'businessDay', '')) STORED;
CREATE INDEX payments_day ON payments (location_id, business_day);
CREATE INDEX refunds_day ON refunds (location_id, business_day);
CREATE INDEX refunds_order ON refunds (location_id, order_id);
CREATE INDEX line_voids_day ON line_voids (location_id, business_day);
CREATE INDEX line_voids_order ON line_voids (location_id, order_id);
CREATE INDEX kitchen_tickets_order ON kitchen_tickets (location_id, order_id);
CREATE INDEX stock_movements_day ON stock_movements (location_id, business_day);

-- The same walls as every tenant table: the ingest/refresh policy (one location, may write) and
-- the reader policy (the reader's locations, SELECT only). The settings are read in scalar
-- subqueries, which PostgreSQL evaluates once per query (an InitPlan) instead of once per row: a
-- year's report reads tens of thousands of rollup rows.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['report_dirty_days','report_sales_day','report_payments_day','report_adjustments_day','report_items_day','report_heatmap_day','report_kitchen_day','report_stock_day'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = (SELECT current_setting(''app.location_id'', true))) WITH CHECK (location_id = (SELECT current_setting(''app.location_id'', true)))', t);
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY ((SELECT string_to_array(current_setting(''app.reader_locations'', true), '',''))::text[]))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO brigade_service', t);
  END LOOP;
END $$;
GRANT USAGE ON SEQUENCE report_dirty_days_id_seq TO brigade_service;

-- Data synced before this migration: every day that has rows is dirty, so the first refresh
-- builds it (and readers compute it from the source rows until then).
INSERT INTO report_dirty_days (location_id, organisation_id, business_day)
SELECT DISTINCT location_id, organisation_id, business_day FROM orders WHERE business_day IS NOT NULL
UNION
SELECT DISTINCT location_id, organisation_id, business_day FROM stock_movements WHERE business_day IS NOT NULL
UNION
SELECT DISTINCT location_id, organisation_id, business_day FROM payments WHERE business_day IS NOT NULL
UNION
SELECT DISTINCT location_id, organisation_id, business_day FROM refunds WHERE business_day IS NOT NULL
UNION
SELECT DISTINCT location_id, organisation_id, business_day FROM line_voids WHERE business_day IS NOT NULL;
