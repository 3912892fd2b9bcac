-- Guest accounts (issue 20): the restaurant's customers sign up in the cloud to join a waitlist from
-- afar and follow their place in line. Apart from the staff's `accounts` on purpose: a guest is no
-- member of any organisation, and nothing a guest holds may open an owner's route.
--
-- Like the owners' directory (0004) these are the service's own tables: read and written as the
-- connecting role before anyone is known; brigade_service and brigade_public get no grant.
-- Times are UTC epoch ms (bigint) so the service's injected clock decides expiry.

CREATE TABLE guest_accounts (
  id text PRIMARY KEY,
  -- Stored lower-cased; the index makes sure two spellings are one account.
  email text NOT NULL,
  name text,
  phone text,
  -- `scrypt$N$r$p$salt$key` (cloud/auth/password.ts, shared with the owners).
  password_hash text NOT NULL,
  -- NULL until the guest opens the link mailed to them: until then they cannot join or book.
  email_verified_at bigint,
  created_at bigint NOT NULL
);
CREATE UNIQUE INDEX guest_accounts_email_ci ON guest_accounts (lower(email));

-- Sessions: the SHA-256 of the token only, same lifetimes as the owners' (cloud/auth/deps.ts).
CREATE TABLE guest_sessions (
  token_hash text PRIMARY KEY,
  guest_id text NOT NULL REFERENCES guest_accounts(id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  absolute_expires_at bigint NOT NULL
);
CREATE INDEX guest_sessions_guest ON guest_sessions (guest_id);

-- Single-use links mailed to the guest: verify the email, or set a new password. SHA-256 only.
CREATE TABLE guest_tokens (
  token_hash text PRIMARY KEY,
  guest_id text NOT NULL REFERENCES guest_accounts(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('verify', 'reset')),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint
);
CREATE INDEX guest_tokens_guest ON guest_tokens (guest_id, purpose);

-- Failed guest sign-ins per (email, address): the owners' throttle rules, in a table of its own so
-- a guest's wrong passwords never count against a staff account with the same email.
CREATE TABLE guest_login_throttle (
  email text NOT NULL,
  ip text NOT NULL,
  failures integer NOT NULL,
  window_started_at bigint NOT NULL,
  locked_until bigint,
  PRIMARY KEY (email, ip)
);

-- A guest's remote join of a restaurant's waitlist. `id` is the client-made waitlist entry id the
-- box will use too (the message carries it), so a replay, a double tap or a retried message is one
-- party; the `waitlist.join` message has the same id. The state after that is the box's, synced up (waitlist_entries, waitlist_estimates).
CREATE TABLE guest_waitlist_joins (
  id text PRIMARY KEY,
  guest_id text NOT NULL REFERENCES guest_accounts(id) ON DELETE CASCADE,
  location_id text NOT NULL REFERENCES locations(id),
  organisation_id text NOT NULL,
  -- The restaurant's page address when they joined (its name is read live from the public page).
  restaurant_slug text NOT NULL,
  party_size integer NOT NULL,
  name text NOT NULL,
  phone text NOT NULL,
  notes text,
  -- What was asked (sha-256 of the body): the same id with other details is a conflict.
  request_hash text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX guest_waitlist_joins_guest ON guest_waitlist_joins (guest_id, created_at);

-- The box's live estimate of each waiting party (entity `waitlist_estimate`, mutable, id = the
-- waitlist entry's id): minutes and place in line, pushed when they move. The estimate is never
-- stored on the box (it is computed from the room); this is what the guest follows.
CREATE TABLE waitlist_estimates (
  location_id text NOT NULL,
  organisation_id text NOT NULL,
  device_id text,
  id text NOT NULL,
  version integer NOT NULL,
  epoch integer NOT NULL,
  seq bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  minutes integer,
  position integer,
  at bigint,
  row jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (location_id, id)
);
ALTER TABLE waitlist_estimates ENABLE ROW LEVEL SECURITY;
ALTER TABLE waitlist_estimates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON waitlist_estimates USING (location_id = current_setting('app.location_id', true)) WITH CHECK (location_id = current_setting('app.location_id', true));
CREATE POLICY reader ON waitlist_estimates FOR SELECT USING (location_id = ANY (string_to_array(current_setting('app.reader_locations', true), ',')));
GRANT SELECT, INSERT, UPDATE ON waitlist_estimates TO brigade_service;
