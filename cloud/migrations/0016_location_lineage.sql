-- Issue 22, "replace a dead box": the restore catch-up works per location, across devices.
--
-- A replacement box pushes under a new device credential, yet its history continues the dead box's
-- (it restored that box's backup). So a synced row records which device wrote it last (device_id:
-- epochs are per device, and every new box starts at epoch 1, so (epoch, seq) alone is ambiguous
-- in a location that had several boxes). Rows synced before this migration keep device_id NULL and
-- are matched by epoch alone, as before.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['restaurants', 'staff', 'areas', 'dining_tables', 'categories', 'menu_items', 'option_groups', 'options',
    'item_option_groups', 'orders', 'order_lines', 'order_line_options', 'line_voids', 'payments', 'refunds', 'kitchen_tickets',
    'kitchen_ticket_lines', 'ingredients', 'recipe_lines', 'stock_movements', 'stock_alerts', 'z_reports', 'customers', 'order_customers'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN device_id text', t);
  END LOOP;
END $$;

-- Where an epoch branched off, across devices: the box (its identity, sent by the box) and the device
-- (resolved by the cloud when the epoch opens) whose epoch forked_from_epoch it continues. NULL device:
-- the same device (a restore on the same box, or a box older than this).
ALTER TABLE device_watermarks ADD COLUMN forked_from_box_id text;
ALTER TABLE device_watermarks ADD COLUMN forked_from_device_id text;
-- A device whose history another device took over (a replacement box restored its backup): its
-- pushes are refused from then on (409 DEVICE_REPLACED), so a dead box that comes back cannot add
-- to a history the replacement continues. Set on every epoch row of the replaced device, in the
-- transaction that opens the replacement's epoch (cloud/ingest.ts).
ALTER TABLE device_watermarks ADD COLUMN replaced_by_device_id text;
ALTER TABLE device_watermarks ADD COLUMN replaced_at timestamptz;

-- The operator's view: which device replaced this one (set with the revocation).
ALTER TABLE devices ADD COLUMN replaced_by_device_id text;
