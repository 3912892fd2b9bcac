-- Issue 22: the off-box copy of each location's newest backup. The box encrypts its backup in
-- chunks under a key the cloud never holds in clear: the manifest carries only the data key
-- wrapped by the owner's recovery code (scrypt + AES-256-GCM), so a copy is useless here without
-- the paper code. The cloud records which chunks it has, so an upload cut off resumes at the next
-- missing one; it keeps the newest 2 complete copies per location (cloud/offbox/store.ts).
CREATE TABLE offbox_copies (
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL REFERENCES organisations(id),
  id text NOT NULL,
  device_id text NOT NULL,
  box_id text,
  manifest jsonb NOT NULL,
  status text NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'complete')),
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (location_id, id)
);
CREATE INDEX offbox_copies_complete ON offbox_copies (location_id, completed_at DESC) WHERE status = 'complete';

-- One sealed chunk: nonce | ciphertext | tag, exactly as the box sent it.
CREATE TABLE offbox_chunks (
  location_id text NOT NULL,
  copy_id text NOT NULL,
  idx integer NOT NULL CHECK (idx >= 0),
  data bytea NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, copy_id, idx),
  FOREIGN KEY (location_id, copy_id) REFERENCES offbox_copies (location_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['offbox_copies', 'offbox_chunks'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant ON %I USING (location_id = (SELECT current_setting(''app.location_id'', true))) WITH CHECK (location_id = (SELECT current_setting(''app.location_id'', true)))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO brigade_service', t);
  END LOOP;
END $$;
