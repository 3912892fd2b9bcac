-- Delivery platforms, the rest of "orders in" (issue 21).
--
-- Cancellations after acceptance, both ways:
--   platform_orders   state `cancelled`; who cancelled (`platform`: its webhook; `restaurant`: a
--                     till cancelled an accepted order), the reason in their words, and when; the
--                     cancellation's channel message (a platform's cancel is sent down once)
--   platform_outbox   status `cancelled` (the restaurant's cancellation, told to the platform), with
--                     the till's words in `note`
-- The connections page:
--   platform_connections.last_request_at   the last verified request from the platform
ALTER TABLE platform_orders DROP CONSTRAINT platform_orders_state_check;
ALTER TABLE platform_orders ADD CONSTRAINT platform_orders_state_check
  CHECK (state IN ('received', 'accepted', 'rejected', 'ready', 'picked_up', 'expired', 'cancelled'));
ALTER TABLE platform_orders
  ADD COLUMN cancelled_by text CHECK (cancelled_by IN ('platform', 'restaurant')),
  ADD COLUMN cancel_reason text,
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancel_message_seq bigint;

ALTER TABLE platform_outbox DROP CONSTRAINT platform_outbox_status_check;
ALTER TABLE platform_outbox ADD CONSTRAINT platform_outbox_status_check
  CHECK (status IN ('accepted', 'rejected', 'ready', 'picked_up', 'cancelled'));
ALTER TABLE platform_outbox ADD COLUMN note text;

ALTER TABLE platform_connections ADD COLUMN last_request_at timestamptz;
CREATE INDEX platform_request_log_connection ON platform_request_log (location_id, platform, at DESC);
