-- Online booking (issue 20, cloud half): the box stays the truth for its tables; the cloud sells
-- only what the box granted it, and a booking is confirmed when the box applies it.
--
--   online_allotments  per location, the box's latest grant: covers it lets the cloud sell per
--                      15-minute slot (and the largest party a free table takes then), with the
--                      channel seq the box had applied when it computed it (`applied_through`):
--                      bookings sent after that seq are not in the grant yet and are counted
--                      against it by the cloud (cloud/booking/allotment.ts).
--   online_bookings    each booking a guest made online: pending (sent down the channel), then
--                      confirmed or refused by the box's acknowledgement, or cancelled by the guest.
--                      The guest manages it by a secret token (only its SHA-256 is stored); the
--                      e-mail is kept for the guest accounts' "my bookings".
CREATE TABLE online_allotments (
  location_id text PRIMARY KEY REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  applied_through bigint NOT NULL,
  computed_at bigint NOT NULL,
  online_allotment integer,
  time_zone text NOT NULL,
  slots jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE online_bookings (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  reference text NOT NULL,
  -- The name when booked, for the guest's messages (the public projection is not the service's to read).
  restaurant_name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  party_size integer NOT NULL CHECK (party_size BETWEEN 1 AND 100),
  starts_at bigint NOT NULL,
  service_date text NOT NULL,
  local_time text NOT NULL,
  name text NOT NULL,
  phone text,
  email text NOT NULL,
  notes text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'refused', 'cancelled')),
  refusal_code text,
  refusal_message text,
  message_seq bigint NOT NULL,
  cancel_seq bigint,
  idempotency_key_hash text,
  -- The manage token XOR SHA-256(idempotency key): a retry with the same key gets the token back,
  -- nobody without the key can read it.
  sealed_token bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  cancelled_at timestamptz,
  PRIMARY KEY (location_id, id),
  UNIQUE (location_id, reference),
  UNIQUE (location_id, idempotency_key_hash)
);
CREATE INDEX online_bookings_slot ON online_bookings (location_id, starts_at) WHERE status IN ('pending', 'confirmed');
CREATE INDEX online_bookings_seq ON online_bookings (location_id, message_seq);
CREATE INDEX online_bookings_email ON online_bookings (lower(email));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['online_allotments', 'online_bookings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = current_setting(''app.location_id'', true)) WITH CHECK (location_id = current_setting(''app.location_id'', true))', t);
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY (string_to_array(current_setting(''app.reader_locations'', true), '','')))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
-- A guest is no tenant: they reach their own booking by its token (the manage link) or, signed in,
-- their bookings by their e-mail — each a setting the service sets from what it verified, so row
-- security still shows nothing else.
CREATE POLICY by_token ON online_bookings USING (token_hash = current_setting('app.booking_token', true));
CREATE POLICY by_email ON online_bookings FOR SELECT USING (lower(email) = current_setting('app.guest_email', true));
