-- Webhooks out (issue 21). An organisation subscribes URLs to events; ingest records the events in
-- its own transaction (an outbox: no dual write); a worker fans them out to the subscriptions and
-- delivers them, signed, with retries for 24 h, then dead-letters them.
--
--   webhook_subscriptions  the URLs, their events, format (json | slack), signing secret(s)
--   webhook_events         the outbox: one row per event, written by ingest (or the stall sweep)
--   webhook_deliveries     one row per (subscription, event): its stable id is what the receiver
--                          de-duplicates on; status pending → delivered | dead; a lease so a worker
--                          that dies after sending leaves it to be sent again (at least once)
--   webhook_attempts       the delivery log: every try with its response code, timing and error
--   sync_contacts          when each location's box last talked to the cloud (the stall sweep)
--
-- All four webhook tables are organisation-level rows under forced RLS keyed on app.organisation_id,
-- like the central menu (0009) and the customer record (0011): a subscription of organisation A can
-- never see, fan out or be sent an event of organisation B. Composite foreign keys keep a delivery,
-- its event and its subscription in one organisation.
CREATE TABLE webhook_subscriptions (
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  events text[] NOT NULL,
  -- null: every location of the organisation (including ones added later)
  location_ids text[],
  format text NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'slack')),
  active boolean NOT NULL DEFAULT true,
  -- HMAC keys must be kept as they are to sign; never returned after creation (or rotation).
  secret text NOT NULL,
  -- After a rotation the previous secret also signs (a second v1=) until it expires.
  previous_secret text,
  previous_secret_expires_at bigint,
  -- Events recorded after this seq are this subscription's (no back-fill of older events).
  starts_after_event bigint NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (id)
);

CREATE TABLE webhook_events (
  organisation_id text NOT NULL REFERENCES organisations(id),
  seq bigserial NOT NULL,
  id text NOT NULL,
  location_id text,
  type text NOT NULL,
  -- One event per fact: a replayed or re-sent batch hits this key and records nothing again.
  dedupe_key text NOT NULL,
  payload jsonb NOT NULL,
  recorded_at bigint NOT NULL,
  dispatched boolean NOT NULL DEFAULT false,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (organisation_id, dedupe_key)
);
CREATE INDEX webhook_events_undispatched ON webhook_events (organisation_id, seq) WHERE NOT dispatched;

CREATE TABLE webhook_deliveries (
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  subscription_id text NOT NULL,
  event_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  created_at bigint NOT NULL,
  next_attempt_at bigint NOT NULL,
  leased_until bigint,
  last_status_code integer,
  last_error text,
  delivered_at bigint,
  dead_at bigint,
  PRIMARY KEY (organisation_id, id),
  UNIQUE (subscription_id, event_id),
  FOREIGN KEY (organisation_id, subscription_id) REFERENCES webhook_subscriptions (organisation_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, event_id) REFERENCES webhook_events (organisation_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (organisation_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (organisation_id, subscription_id, created_at DESC);

CREATE TABLE webhook_attempts (
  organisation_id text NOT NULL REFERENCES organisations(id),
  id bigserial NOT NULL,
  delivery_id text NOT NULL,
  number integer NOT NULL,
  -- auto (the worker), replay (an owner asked), test (a ping)
  trigger text NOT NULL CHECK (trigger IN ('auto', 'replay', 'test')),
  attempted_at bigint NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  error text,
  response_excerpt text,
  PRIMARY KEY (organisation_id, id),
  FOREIGN KEY (organisation_id, delivery_id) REFERENCES webhook_deliveries (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (organisation_id, delivery_id, id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webhook_subscriptions', 'webhook_events', 'webhook_deliveries', 'webhook_attempts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY organisation ON %I USING (organisation_id = (SELECT current_setting(''app.organisation_id'', true))) WITH CHECK (organisation_id = (SELECT current_setting(''app.organisation_id'', true)))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
GRANT DELETE ON webhook_subscriptions TO brigade_service;
GRANT USAGE ON SEQUENCE webhook_events_seq_seq, webhook_attempts_id_seq TO brigade_service;

-- Directory data like `devices` (read and written as the connecting role, no tenant rows): the
-- newest time any box of the location reached the cloud (push, channel poll, off-box upload), and
-- whether the stall sweep has announced that it went quiet.
CREATE TABLE sync_contacts (
  location_id text PRIMARY KEY REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  last_contact_at bigint NOT NULL,
  stalled_at bigint
);
