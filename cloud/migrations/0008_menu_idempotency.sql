-- Owners' writes to the central menu are safe to retry (issue 17 follow-up). A request carrying an
-- `Idempotency-Key` stores its answer here in the SAME transaction as the write: a retry after the
-- cloud committed but died before answering gets the first answer back instead of writing again
-- (a second publish would be the next version). Organisation-level like `menus`, reached only
-- through the owners' API, which scopes every statement to the signed-in person's organisation.
-- request_hash covers the method, the path and the body: the same key with another request is refused.
CREATE TABLE menu_idempotency_keys (
  organisation_id text NOT NULL REFERENCES organisations(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  account_id text NOT NULL,
  status integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, key)
);
