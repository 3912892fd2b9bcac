-- Issue 22: what a restored box was sent back. When a box opens an epoch that branched off an
-- earlier point, the cloud sends it what its history lacks as `restore.catchup` channel messages
-- (cloud/restore-catchup.ts), seqs first_seq..last_seq of the location's log, in the same
-- transaction as the batch that opened the epoch. Once those are all applied, the restore-losses
-- list leaves out what they carried (rows synced up to created_at).
CREATE TABLE restore_catchups (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  device_id text NOT NULL,
  epoch integer NOT NULL,
  first_seq bigint NOT NULL,
  last_seq bigint NOT NULL,
  orders integer NOT NULL,
  rows integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, device_id, epoch)
);

ALTER TABLE restore_catchups ENABLE ROW LEVEL SECURITY;
ALTER TABLE restore_catchups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON restore_catchups USING (location_id = (SELECT current_setting('app.location_id', true)))
  WITH CHECK (location_id = (SELECT current_setting('app.location_id', true)));
CREATE POLICY reader ON restore_catchups FOR SELECT USING (location_id = ANY ((SELECT string_to_array(current_setting('app.reader_locations', true), ','))::text[]));
GRANT SELECT, INSERT ON restore_catchups TO brigade_service;
