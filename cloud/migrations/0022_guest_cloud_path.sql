-- Guests order from their table through the cloud (issue 19, cloud path).
--   table_qr_codes        the box's `table_qr` rows: each table's current code digest (mutable, id = table id)
--   guest_settings        the box's `guest_settings` row (mutable, id 'guest-ordering')
--   guest_requests        the box's `guest_request` rows: each request as the box holds it (mutable)
--   guest_table_codes     the directory the public routes read to find a code's location: a token names
--                         a table, not a location. No RLS, like `devices` (the service's own directory,
--                         read before any tenant is known); written only by ingest, from table_qr rows.
--   cloud_guest_requests  what guests sent to the cloud's page, once per request id, with the
--                         `guest.request` message it became (RLS by location)
CREATE TABLE table_qr_codes (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  device_id text,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  qr_version integer,
  digest text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

CREATE TABLE guest_settings (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  device_id text,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

CREATE TABLE guest_requests (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  device_id text,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  table_id text,
  kind text,
  status text,
  via text,
  created_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

CREATE TABLE guest_table_codes (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL,
  table_id text NOT NULL,
  qr_version integer NOT NULL,
  digest text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, table_id)
);
CREATE INDEX guest_table_codes_digest ON guest_table_codes (digest);
GRANT SELECT, INSERT, UPDATE ON guest_table_codes TO brigade_service;

CREATE TABLE cloud_guest_requests (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  table_id text NOT NULL,
  kind text NOT NULL,
  request_hash text NOT NULL,
  -- The guest's view as the cloud priced it from the synced menu (lines, notes, total, currency).
  view jsonb NOT NULL,
  placed_at bigint NOT NULL,
  box_listening boolean NOT NULL,
  message_seq bigint,
  PRIMARY KEY (location_id, id)
);
CREATE INDEX cloud_guest_requests_table ON cloud_guest_requests (location_id, table_id, placed_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['table_qr_codes', 'guest_settings', 'guest_requests', 'cloud_guest_requests'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = current_setting(''app.location_id'', true)) WITH CHECK (location_id = current_setting(''app.location_id'', true))', t);
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY (string_to_array(current_setting(''app.reader_locations'', true), '','')))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
