-- stock_alert (mutable): low-stock alerts raised and cleared on the box, so owners can see
-- "low stock now" per location. Same shape and the same wall as every tenant table in 0001.
CREATE TABLE stock_alerts (
  location_id text NOT NULL, -- from the device credential; no FK check per synced row
  organisation_id text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  ingredient_id text,
  kind text,
  status text,
  on_hand bigint,
  raised_at bigint,
  cleared_at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);

CREATE INDEX stock_alerts_open ON stock_alerts (location_id, status);

ALTER TABLE stock_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON stock_alerts
  USING (location_id = current_setting('app.location_id', true))
  WITH CHECK (location_id = current_setting('app.location_id', true));
GRANT SELECT, INSERT, UPDATE ON stock_alerts TO brigade_service;
