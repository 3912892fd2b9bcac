-- The door (issue 20, box half): what each box syncs about its bookings and waitlist, stored as
-- synced (the usual spine, RLS by location like every ingest table). The cloud half (public page,
-- online booking with an allotment of covers the box grants, guest accounts) builds on these.
--   reservations                bookings (mutable), the image in `row`
--   reservation_status_changes  every status a booking went through, who and when (fact)
--   waitlist_entries            walk-in parties waiting, seated or gone (mutable)
--   reservation_settings        the box's opening hours, durations, pacing, joinable tables (mutable, id 'door')
--   reservation_exceptions      closed days and private events (mutable; deleted when removed)
CREATE TABLE reservations (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  starts_at bigint,
  party_size integer,
  status text,
  source text,
  service_date text,
  customer_id text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);
CREATE INDEX reservations_starts ON reservations (location_id, starts_at);

CREATE TABLE reservation_status_changes (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  reservation_id text,
  to_status text,
  at bigint,
  staff_id text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);
CREATE INDEX reservation_status_changes_reservation ON reservation_status_changes (location_id, reservation_id);

CREATE TABLE waitlist_entries (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  party_size integer,
  status text,
  added_at bigint,
  seated_at bigint,
  quoted_minutes integer,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

CREATE TABLE reservation_settings (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

CREATE TABLE reservation_exceptions (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  date text,
  kind text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reservations', 'reservation_status_changes', 'waitlist_entries', 'reservation_settings', 'reservation_exceptions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = current_setting(''app.location_id'', true)) WITH CHECK (location_id = current_setting(''app.location_id'', true))', t);
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY (string_to_array(current_setting(''app.reader_locations'', true), '','')))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
