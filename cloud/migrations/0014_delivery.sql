-- Delivery platforms, orders in (issue 21).
--
-- Directories, read by the service before any tenant is known (like devices): the public webhook
-- route must find a connection's secret to verify a request before it trusts anything in it.
--   platform_connections   per location and platform: the shared secret (kept in clear: an HMAC
--                          needs it; never answered by any route), how statuses reach the
--                          platform, auto-accept, prep time, hold time, commission rate
--   platform_request_log   requests refused before anything was applied (bad signature, stale,
--                          unknown connection, malformed): no body, only its hash and size
--
-- Tenant tables (RLS forced by location, like every ingest table):
--   platform_orders        each platform order once (UNIQUE on the platform's order id): what
--                          came in, its mapping, its channel message, the state the platform knows
--   platform_outbox        statuses to send to the platform, retried with exponential backoff
--   delivery_statuses      the box's `delivery_status` facts (the ingest spine)
CREATE TABLE platform_connections (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  platform text NOT NULL,
  secret text NOT NULL,
  store_ref text,
  api_url text,
  api_token text,
  auto_accept boolean NOT NULL DEFAULT false,
  prep_minutes integer NOT NULL DEFAULT 20 CHECK (prep_minutes BETWEEN 1 AND 240),
  hold_seconds integer NOT NULL DEFAULT 480 CHECK (hold_seconds BETWEEN 1 AND 3600),
  commission_bp integer NOT NULL DEFAULT 0 CHECK (commission_bp BETWEEN 0 AND 10000),
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, platform)
);

CREATE TABLE platform_request_log (
  id bigserial PRIMARY KEY,
  location_id text,
  platform text NOT NULL,
  code text NOT NULL,
  reason text NOT NULL,
  remote text,
  body_sha256 text NOT NULL,
  body_bytes integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX platform_request_log_location ON platform_request_log (location_id, at);

CREATE TABLE platform_orders (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  platform text NOT NULL,
  platform_order_id text NOT NULL,
  display_ref text NOT NULL,
  state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'accepted', 'rejected', 'ready', 'picked_up', 'expired')),
  reason text,
  flagged boolean NOT NULL DEFAULT false,
  currency text NOT NULL,
  subtotal bigint NOT NULL,
  delivery_fee bigint NOT NULL,
  commission bigint NOT NULL,
  total bigint NOT NULL,
  payload jsonb NOT NULL,
  message_seq bigint,
  -- The box's order for it, learned from its first status (reports join commission and fee to it).
  box_order_id text,
  respond_by timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id),
  UNIQUE (location_id, platform, platform_order_id)
);
CREATE INDEX platform_orders_box_order ON platform_orders (location_id, box_order_id);
CREATE INDEX platform_orders_waiting ON platform_orders (location_id, respond_by) WHERE state = 'received';

CREATE TABLE platform_outbox (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  platform_order_ref text NOT NULL,
  platform text NOT NULL,
  platform_order_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'rejected', 'ready', 'picked_up')),
  reason text,
  prep_minutes integer,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  last_status integer,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id),
  -- One of each status per order: a status the box pushes twice (a re-sent batch) is sent once.
  UNIQUE (location_id, platform, platform_order_id, status)
);
CREATE INDEX platform_outbox_due ON platform_outbox (location_id, next_attempt_at) WHERE state = 'pending';

CREATE TABLE delivery_statuses (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  delivery_order_id text,
  status text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['platform_orders', 'platform_outbox', 'delivery_statuses'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = current_setting(''app.location_id'', true)) WITH CHECK (location_id = current_setting(''app.location_id'', true))', t);
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY (string_to_array(current_setting(''app.reader_locations'', true), '','')))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
