-- Migration 0016 gave every synced table of its day a device_id (which device's epoch and seq a row
-- carries: epochs are per device). The synced tables that landed beside it — loyalty (0013),
-- delivery statuses (0014) and the door (0018) — were written without it, and ingest writes
-- device_id into every entity table, so their rows could not be applied. Same column, same meaning;
-- rows have none to backfill (none could be ingested without it).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['loyalty_entries', 'delivery_statuses', 'reservations', 'reservation_status_changes', 'waitlist_entries',
    'reservation_settings', 'reservation_exceptions'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS device_id text', t);
  END LOOP;
END $$;
