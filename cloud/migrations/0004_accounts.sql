-- Owner accounts, sessions and invitations (issue 7), and the reader wall for the owners' dashboard.
--
-- The directory (accounts, their location grants, sessions, invitations, login throttle) is the
-- service's own, like `devices`: it is read as the connecting role before anyone is known, and
-- brigade_service gets no grant on it — a reading transaction cannot see who else has an account.
-- Times here are UTC epoch ms (bigint) so that the service's injected clock decides expiry.

-- `owners` becomes `accounts`: every owner made by `cloud:admin org create` keeps its id and email.
ALTER TABLE owners RENAME TO accounts;
ALTER TABLE accounts ADD COLUMN role text NOT NULL DEFAULT 'owner';
ALTER TABLE accounts ALTER COLUMN role DROP DEFAULT;
ALTER TABLE accounts ADD CONSTRAINT accounts_role CHECK (role IN ('owner', 'manager', 'viewer'));
-- `scrypt$N$r$p$salt$key`; NULL until the person sets one (an owner made by the CLI).
ALTER TABLE accounts ADD COLUMN password_hash text;
UPDATE accounts SET email = lower(email);
-- Emails are case-insensitive: the service stores them lower-cased, and the index makes sure.
CREATE UNIQUE INDEX accounts_email_ci ON accounts (lower(email));
CREATE INDEX accounts_organisation ON accounts (organisation_id);

-- Which locations a manager or viewer may see (owners see every location of their organisation).
CREATE TABLE account_locations (
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  location_id text NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
  PRIMARY KEY (account_id, location_id)
);

-- Only the SHA-256 of a session token is kept (the token is 32 random bytes).
CREATE TABLE account_sessions (
  token_hash text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  -- Sliding: pushed forward while the session is used, never past absolute_expires_at.
  expires_at bigint NOT NULL,
  absolute_expires_at bigint NOT NULL
);
CREATE INDEX account_sessions_account ON account_sessions (account_id);

-- An invitation to join (account_id NULL), or a one-time link to set an existing account's
-- password (account_id set; made by `cloud:admin owner link`). Token kept as SHA-256 only.
CREATE TABLE invitations (
  id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations(id),
  account_id text REFERENCES accounts(id) ON DELETE CASCADE,
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'manager', 'viewer')),
  location_ids text[] NOT NULL DEFAULT '{}',
  token_hash text NOT NULL UNIQUE,
  invited_by text REFERENCES accounts(id) ON DELETE SET NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  accepted_at bigint,
  revoked_at bigint
);
CREATE INDEX invitations_organisation ON invitations (organisation_id, created_at);

-- Failed sign-ins per (email, client address), for the login rate limit.
CREATE TABLE login_throttle (
  email text NOT NULL,
  ip text NOT NULL,
  failures integer NOT NULL,
  window_started_at bigint NOT NULL,
  locked_until bigint,
  PRIMARY KEY (email, ip)
);

-- The reader wall: a reading transaction (cloud/auth/reader.ts) runs as brigade_service with
-- app.reader_locations = the locations this person may see. SELECT only: the ingest policy
-- `tenant` stays the only one that lets rows in or change them. brigade_service already has
-- SELECT on every one of these tables (0001, 0002), so no grant is added.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['device_watermarks','sync_rejects','alerts','restaurants','staff','areas','dining_tables','categories','menu_items','option_groups','options','item_option_groups','orders','order_lines','order_line_options','line_voids','payments','refunds','kitchen_tickets','kitchen_ticket_lines','ingredients','recipe_lines','stock_movements','stock_alerts'] LOOP
    EXECUTE format('CREATE POLICY reader ON %I FOR SELECT USING (location_id = ANY (string_to_array(current_setting(''app.reader_locations'', true), '','')))', t);
  END LOOP;
END $$;
