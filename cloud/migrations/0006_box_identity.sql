-- Issue 15: box identity and epoch history.
--
-- A device credential binds to the first box identity that uses it (devices.box_id); another box
-- on the same credential is refused (409 DEVICE_CREDENTIAL_IN_USE) until the operator allows a
-- replacement (replacement_allowed_at: the next new identity seen takes the credential over).
ALTER TABLE devices ADD COLUMN box_id text;
ALTER TABLE devices ADD COLUMN bound_at timestamptz;
ALTER TABLE devices ADD COLUMN replacement_allowed_at timestamptz;

-- Boxes refused on a credential bound to another: one row per (device, box), for the operator's
-- `device show`. The service's own directory (like devices), not tenant data.
CREATE TABLE device_refusals (
  device_id text NOT NULL REFERENCES devices(id),
  box_id text NOT NULL,
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 1,
  PRIMARY KEY (device_id, box_id)
);

-- Which box opened each epoch, and where its history branched off (a restore): the box held
-- everything of forked_from_epoch up to forked_from_seq. What the cloud holds beyond that point,
-- and in epochs off the branch, is what the restore lost (cloud/restore-losses.ts).
ALTER TABLE device_watermarks ADD COLUMN box_id text;
ALTER TABLE device_watermarks ADD COLUMN forked_from_epoch integer;
ALTER TABLE device_watermarks ADD COLUMN forked_from_seq bigint;
ALTER TABLE device_watermarks ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
-- No index on (epoch, seq) for the restore-losses list: it is rare and reads one location's rows,
-- while an index on columns every order update changes would cost ingest on every batch.
