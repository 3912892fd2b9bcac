-- Retention (issue 21, webhooks out): the worker prunes what has served its time, in small batches,
-- as brigade_service inside each organisation's row-level security (cloud/webhooks/retention.ts):
--   delivered deliveries (with their log) and the events nobody waits on, after WEBHOOK_KEEP_DAYS (30);
--   dead letters after WEBHOOK_KEEP_DEAD_DAYS (90) unless replayed (a replayed one is delivered);
--   the central menu's Idempotency-Key answers after IDEMPOTENCY_KEY_KEEP_DAYS (7).
GRANT DELETE ON webhook_events, webhook_deliveries, webhook_attempts, menu_idempotency_keys TO brigade_service;

-- What each prune looks for, oldest first, without reading the rest.
CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (organisation_id, delivered_at) WHERE status = 'delivered';
CREATE INDEX webhook_deliveries_dead ON webhook_deliveries (organisation_id, (COALESCE(dead_at, created_at))) WHERE status = 'dead';
CREATE INDEX webhook_events_recorded ON webhook_events (organisation_id, recorded_at) WHERE dispatched;
-- "Does a delivery still point at this event?" — asked by the event prune, and by the foreign key
-- when an event is deleted; the unique (subscription_id, event_id) cannot answer it by event.
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (organisation_id, event_id);
CREATE INDEX menu_idempotency_keys_created ON menu_idempotency_keys (organisation_id, created_at);
