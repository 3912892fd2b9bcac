-- Messages to people (issue 20): booking confirmations and reminders, guest-account verification and
-- password-reset mails. An outbox: a caller queues the message in the same transaction as what it
-- reports (a booking and its confirmation commit together or not at all), and the notification worker
-- sends it through the configured transport (log by default, SMTP when set), at least once, with
-- retries. `dedupe_key` makes a repeated queueing (a retried request, a reminder sweep run twice) one
-- message. Not tenant data in the RLS sense: a guest account's mail belongs to no organisation, so the
-- table has no row-level policy; `organisation_id` only says whose message it was, for reports.
CREATE TABLE notifications (
  id text PRIMARY KEY,
  organisation_id text REFERENCES organisations(id),
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  body_text text NOT NULL,
  body_html text,
  dedupe_key text UNIQUE,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  transport text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A worker holds a message while it sends it; a worker that dies leaves it to be sent again.
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_recipient ON notifications (recipient, created_at DESC);
GRANT SELECT, INSERT, UPDATE ON notifications TO brigade_service;
