-- z_report (fact): the Z reports that closed business days on the box (issue 7), numbered per
-- location from 1, with the frozen figures. `totals` is the box's DayFigures (src/reports/rules.ts)
-- exactly as printed, taken from the row image so ingest needs no special case; owners' reports
-- compare their own figures to it to the cent. Same spine and wall as every tenant table of 0001,
-- plus the owners' reader policy (notes: reports contract).
CREATE TABLE z_reports (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  number integer,
  business_day text,
  closed_at bigint,
  closed_by text,
  row jsonb NOT NULL,
  totals jsonb GENERATED ALWAYS AS (row -> 'totals') STORED,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

-- Not unique: a box restored from an old backup (a new epoch) may take a Z with a number already
-- synced, and a fact must never be refused for it; the reports show both.
CREATE INDEX z_reports_day ON z_reports (location_id, business_day);

ALTER TABLE z_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE z_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON z_reports
  USING (location_id = current_setting('app.location_id', true))
  WITH CHECK (location_id = current_setting('app.location_id', true));
CREATE POLICY reader ON z_reports FOR SELECT
  USING (location_id = ANY (string_to_array(current_setting('app.reader_locations', true), ',')));
GRANT SELECT, INSERT, UPDATE ON z_reports TO brigade_service;
