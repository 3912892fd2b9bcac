-- Loyalty (issue 18).
--
-- Per location, what the boxes sync (the usual spine, RLS by location like every ingest table):
--   loyalty_entries       each box's ledger entries (facts: earn, reverse, redeem, adjust)
--
-- Per organisation (RLS by organisation: app.organisation_id, set by ingest from the device
-- credential and by the owners' routes from the signed-in account):
--   loyalty_programmes    the programme, versioned (one row per organisation: the current one)
--   org_loyalty_ledger    every location's entries, folded onto the organisation's customer record,
--                         and the cloud's own (expire); a balance is always a sum of this
--   loyalty_alerts        a customer whose balance went negative after sync (offline redemptions at
--                         two locations): recorded for the owner, never a refused sale
CREATE TABLE loyalty_entries (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  customer_id text,
  kind text,
  points bigint,
  local_seq bigint,
  order_id text,
  amount bigint,
  business_day text,
  created_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

ALTER TABLE loyalty_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE loyalty_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON loyalty_entries USING (location_id = current_setting('app.location_id', true)) WITH CHECK (location_id = current_setting('app.location_id', true));
CREATE POLICY reader ON loyalty_entries FOR SELECT USING (location_id = ANY (string_to_array(current_setting('app.reader_locations', true), ',')));
GRANT SELECT, INSERT, UPDATE ON loyalty_entries TO brigade_service;

CREATE TABLE loyalty_programmes (
  organisation_id text NOT NULL REFERENCES organisations(id),
  version integer NOT NULL,
  document jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id)
);

CREATE TABLE org_loyalty_ledger (
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  -- Null for the cloud's own entries (expiry).
  location_id text,
  -- The organisation's record the entry was folded onto (balances also sum its aliases' entries).
  customer_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('earn', 'reverse', 'redeem', 'adjust', 'expire')),
  reverses text,
  points bigint NOT NULL,
  local_seq bigint,
  order_id text,
  reward_id text,
  amount bigint,
  business_day text,
  created_at bigint NOT NULL,
  folded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX org_loyalty_ledger_customer ON org_loyalty_ledger (organisation_id, customer_id);
CREATE INDEX org_loyalty_ledger_location ON org_loyalty_ledger (organisation_id, location_id, local_seq);

CREATE TABLE loyalty_alerts (
  organisation_id text NOT NULL REFERENCES organisations(id),
  customer_id text NOT NULL,
  points bigint NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Set when a later fold brings the balance back to zero or above.
  cleared_at timestamptz,
  PRIMARY KEY (organisation_id, customer_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['loyalty_programmes', 'org_loyalty_ledger', 'loyalty_alerts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY organisation ON %I USING (organisation_id = current_setting(''app.organisation_id'', true)) WITH CHECK (organisation_id = current_setting(''app.organisation_id'', true))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
