-- Row-level security on the central menu's tables (issue 17 follow-up). Until now they were
-- checked by organisation in code only. They are organisation-level (a menu serves many
-- locations), so their policy is keyed on the organisation: the menu store runs every statement
-- as brigade_service with app.organisation_id set (cloud/tenant.ts withOrganisation), forced like
-- the location-keyed tenant tables, with USING and WITH CHECK — a query that forgets its WHERE
-- clause, or carries another organisation's ids, neither sees nor writes that organisation's rows.
--
-- Ids that point across tables must belong to the same organisation as the row holding them, or
-- one organisation could take another's key (a publication of another's menu id would take its
-- next version number; a settings row for another's location would block that location's own).
-- Composite foreign keys make the database refuse such a pairing; RLS then refuses any organisation
-- but the caller's. Foreign-key checks need no grant on locations, so brigade_service gets none.
ALTER TABLE locations ADD CONSTRAINT locations_id_organisation UNIQUE (id, organisation_id);
ALTER TABLE menus ADD CONSTRAINT menus_id_organisation UNIQUE (id, organisation_id);
ALTER TABLE menu_publications ADD CONSTRAINT menu_publications_menu_organisation
  FOREIGN KEY (menu_id, organisation_id) REFERENCES menus (id, organisation_id);
ALTER TABLE menu_location_settings ADD CONSTRAINT menu_location_settings_location_organisation
  FOREIGN KEY (location_id, organisation_id) REFERENCES locations (id, organisation_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['menus', 'menu_publications', 'menu_location_settings', 'menu_idempotency_keys'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY organisation ON %I USING (organisation_id = (SELECT current_setting(''app.organisation_id'', true))) WITH CHECK (organisation_id = (SELECT current_setting(''app.organisation_id'', true)))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO brigade_service', t);
  END LOOP;
END $$;
