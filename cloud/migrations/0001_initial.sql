-- Brigade cloud, schema 1 (architecture §6). Tenancy: every row carries its organisation and location;
-- row-level security is forced on every tenant table, and the service works through the role
-- brigade_service, which owns nothing and has no BYPASSRLS. Each transaction of the service runs
-- SET LOCAL ROLE brigade_service and SET LOCAL app.location_id (see tenant.ts).

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'brigade_service') THEN
    CREATE ROLE brigade_service NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another migration (a parallel test database on the same server) created it first
END $$;

DO $$
BEGIN
  EXECUTE format('GRANT brigade_service TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- already a member, or a superuser (who may SET ROLE to anything)
END $$;

CREATE TABLE organisations (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE owners (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations(id),
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations(id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A box's credential: `<device id>.<secret>`; only the SHA-256 of the secret is kept.
CREATE TABLE devices (
  id text PRIMARY KEY,
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  name text NOT NULL,
  secret_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Per device and epoch: every change up to seq is applied; tx_id is the box transaction at seq.
CREATE TABLE device_watermarks (
  location_id text NOT NULL REFERENCES locations(id),
  device_id text NOT NULL REFERENCES devices(id),
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  tx_id text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, epoch)
);

-- Changes the cloud could not store, kept whole so nothing is dropped silently.
CREATE TABLE sync_rejects (
  id bigserial PRIMARY KEY,
  location_id text NOT NULL REFERENCES locations(id),
  device_id text NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  reason text NOT NULL,
  change jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, epoch, seq)
);

-- Alerts for people (owners' dashboard, on-call): one per rejected change, for a start.
CREATE TABLE alerts (
  id bigserial PRIMARY KEY,
  location_id text NOT NULL REFERENCES locations(id),
  kind text NOT NULL,
  message text NOT NULL,
  details jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- restaurant (mutable)
CREATE TABLE restaurants (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  currency text,
  time_zone text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- staff (mutable)
CREATE TABLE staff (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  role text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- area (mutable)
CREATE TABLE areas (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- dining_table (mutable)
CREATE TABLE dining_tables (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  label text,
  area_id text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- category (mutable)
CREATE TABLE categories (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- menu_item (mutable)
CREATE TABLE menu_items (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  category_id text,
  price bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- option_group (mutable)
CREATE TABLE option_groups (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- option (mutable)
CREATE TABLE options (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  group_id text,
  price_delta bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- item_option_group (mutable)
CREATE TABLE item_option_groups (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  item_id text,
  group_id text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- order (mutable)
CREATE TABLE orders (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  number integer,
  business_day text,
  status text,
  table_id text,
  total bigint,
  paid bigint,
  tips bigint,
  refunded bigint,
  created_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- order_line (mutable)
CREATE TABLE order_lines (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  order_id text,
  item_id text,
  quantity integer,
  unit_price bigint,
  state text,
  fired_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- order_line_option (fact)
CREATE TABLE order_line_options (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  line_id text,
  option_id text,
  price_delta bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- line_void (fact)
CREATE TABLE line_voids (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  order_id text,
  line_id text,
  amount bigint,
  created_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- payment (fact)
CREATE TABLE payments (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  order_id text,
  method text,
  amount bigint,
  tip bigint,
  created_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- refund (fact)
CREATE TABLE refunds (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  payment_id text,
  order_id text,
  amount bigint,
  created_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- kitchen_ticket (mutable)
CREATE TABLE kitchen_tickets (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  order_id text,
  station text,
  fired_at bigint,
  bumped_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- kitchen_ticket_line (fact)
CREATE TABLE kitchen_ticket_lines (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  ticket_id text,
  line_id text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- ingredient (mutable)
CREATE TABLE ingredients (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  base_unit text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- recipe_line (mutable)
CREATE TABLE recipe_lines (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  menu_item_id text,
  option_id text,
  ingredient_id text,
  quantity bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- stock_movement (fact)
CREATE TABLE stock_movements (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  ingredient_id text,
  kind text,
  quantity bigint,
  created_at bigint,
  business_day text,
  order_id text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);


CREATE INDEX order_lines_order ON order_lines (location_id, order_id);
CREATE INDEX payments_order ON payments (location_id, order_id);
CREATE INDEX refunds_payment ON refunds (location_id, payment_id);
CREATE INDEX stock_movements_ingredient ON stock_movements (location_id, ingredient_id);
CREATE INDEX orders_day ON orders (location_id, business_day);

-- Row-level security on every tenant table: forced (applies to the owner too), and both USING and
-- WITH CHECK, so a transaction can neither see nor write another location's rows.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['device_watermarks','sync_rejects','alerts','restaurants','staff','areas','dining_tables','categories','menu_items','option_groups','options','item_option_groups','orders','order_lines','order_line_options','line_voids','payments','refunds','kitchen_tickets','kitchen_ticket_lines','ingredients','recipe_lines','stock_movements'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = current_setting(''app.location_id'', true)) WITH CHECK (location_id = current_setting(''app.location_id'', true))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;

GRANT USAGE ON SEQUENCE sync_rejects_id_seq, alerts_id_seq TO brigade_service;
-- The service reads locations only through its own row (the FK checks need no grant).
