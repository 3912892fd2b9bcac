-- Customers (issue 18).
--
-- Per location, what the boxes sync (the usual spine, RLS by location like every ingest table):
--   customers        each box's customer rows (mutable), the image in `row`
--   order_customers  which customer an order is for (mutable; id = the order's id)
--
-- Per organisation, the one record of a person (RLS by organisation: app.organisation_id, set by
-- ingest from the device credential and by the owners' routes from the signed-in account):
--   org_customers      the record, merged from every location's rows; merged_into / erased_at
--   customer_aliases   every id a box made that now means another record (after a merge)
--   customer_erasures  who asked to erase whom and when (no personal data)
CREATE TABLE customers (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  name text,
  phone text,
  email text,
  merged_into text,
  erased_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

CREATE TABLE order_customers (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  customer_id text,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);
CREATE INDEX order_customers_customer ON order_customers (location_id, customer_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['customers', 'order_customers'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = current_setting(''app.location_id'', true)) WITH CHECK (location_id = current_setting(''app.location_id'', true))', t);
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY (string_to_array(current_setting(''app.reader_locations'', true), '','')))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;

CREATE TABLE org_customers (
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  name text NOT NULL,
  phone text,
  email text,
  birthday text,
  allergies text,
  notes text,
  tags jsonb NOT NULL DEFAULT '[]',
  addresses jsonb NOT NULL DEFAULT '[]',
  marketing_consent boolean NOT NULL DEFAULT false,
  consent_at bigint,
  consent_source text,
  blocked_reason text,
  blocked_at bigint,
  first_location_id text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  merged_into text,
  erased_at timestamptz,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX org_customers_phone ON org_customers (organisation_id, phone) WHERE merged_into IS NULL AND erased_at IS NULL;
CREATE INDEX org_customers_email ON org_customers (organisation_id, email) WHERE merged_into IS NULL AND erased_at IS NULL;

CREATE TABLE customer_aliases (
  organisation_id text NOT NULL REFERENCES organisations(id),
  alias_id text NOT NULL,
  customer_id text NOT NULL,
  merged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, alias_id)
);
CREATE INDEX customer_aliases_customer ON customer_aliases (organisation_id, customer_id);

CREATE TABLE customer_erasures (
  organisation_id text NOT NULL REFERENCES organisations(id),
  customer_id text NOT NULL,
  ids text[] NOT NULL,
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, customer_id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['org_customers', 'customer_aliases', 'customer_erasures'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY organisation ON %I USING (organisation_id = current_setting(''app.organisation_id'', true)) WITH CHECK (organisation_id = current_setting(''app.organisation_id'', true))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
