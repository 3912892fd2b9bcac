-- The cloud → box channel (issue 17). Per location, an ordered log of messages for the box:
-- written in the same transaction as the change that caused it (a menu publish, later bookings,
-- QR orders…), read by the location's box with a long-poll, acknowledged back with its outcome.
--
-- channel_heads allocates each location's seq: `UPDATE … SET last_seq = last_seq + 1` locks the
-- row until COMMIT, so messages of one location commit in seq order and a reader never sees seq
-- n+1 before seq n. pruned_through: messages up to it were dropped by retention; a box whose
-- cursor is below it must resync from the current state.
CREATE TABLE channel_heads (
  location_id text PRIMARY KEY REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  last_seq bigint NOT NULL DEFAULT 0,
  pruned_through bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channel_messages (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  seq bigint NOT NULL,
  id text NOT NULL,
  kind text NOT NULL,
  schema_version integer NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'refused')),
  applied_at timestamptz,
  acked_by text,
  error_code text,
  error_message text,
  PRIMARY KEY (location_id, seq),
  UNIQUE (location_id, id)
);
CREATE INDEX channel_messages_kind ON channel_messages (location_id, kind, seq);
CREATE INDEX channel_messages_created ON channel_messages (created_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['channel_heads', 'channel_messages'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = (SELECT current_setting(''app.location_id'', true))) WITH CHECK (location_id = (SELECT current_setting(''app.location_id'', true)))', t);
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY ((SELECT string_to_array(current_setting(''app.reader_locations'', true), '',''))::text[]))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
-- Retention (cloud/channel/log.ts pruneMessages) deletes, scoped to one location like everything else.
GRANT DELETE ON channel_messages TO brigade_service;

-- The menu managed centrally (issue 17). Organisation-level rows, reached only through the
-- owners' API, which checks the organisation and the person's locations (like accounts).
-- A publication is immutable: the document as published, with its version per menu; each
-- location's copy (with its overrides) travels as a `menu.publish` message in channel_messages,
-- whose status says whether the box applied it.
CREATE TABLE menus (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations(id),
  name text NOT NULL,
  document jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  published_version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, name)
);

CREATE TABLE menu_publications (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations(id),
  menu_id text NOT NULL REFERENCES menus(id),
  menu_version integer NOT NULL,
  document jsonb NOT NULL,
  location_ids text[] NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (menu_id, menu_version)
);

-- Per location: central (publishes apply, central fields read-only on the box) or local (today's
-- behaviour), and the overrides applied to every document published there.
CREATE TABLE menu_location_settings (
  location_id text PRIMARY KEY REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  mode text NOT NULL DEFAULT 'central' CHECK (mode IN ('central', 'local')),
  overrides jsonb NOT NULL DEFAULT '[]',
  updated_at timestamptz NOT NULL DEFAULT now()
);
