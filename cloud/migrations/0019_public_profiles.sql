-- The restaurant's public profile and discovery (issue 20, the cloud's public page).
--
-- location_profiles: one per location, edited by an owner of its organisation (cloud/profiles/).
-- RLS forced like the other organisation-level tables (0009, 0011): the owners' routes run as
-- brigade_service with app.organisation_id set.
--
-- The public read (GET /public/restaurants, GET /r/{slug}) is a third, narrow path: the role
-- brigade_public reading public_restaurants, a projection of the published profiles with their
-- public columns only, kept by a trigger in the same transaction as every profile write. So "only
-- published profiles, only public fields" holds by construction — an unpublished profile, an
-- organisation id or who edited it are simply not in the table the public role can read — and
-- brigade_public has no grant on location_profiles or any other table, nor any write anywhere.
--
-- Why a projection and not RLS on location_profiles for the public role (the first version of
-- this migration): under row-level security PostgreSQL evaluates the policy's quals before any
-- operator that is not LEAKPROOF, and cube's @> and <-> are not, so the GiST index could not serve
-- the search: a sequential scan of 100,000 rows, 2.3 s (EXPLAIN ANALYZE, bench database). Nor a
-- view or a SECURITY DEFINER function over location_profiles: they run as their owner, the
-- migration runner (a superuser ignores RLS; a plain owner under FORCE sees nothing). The one
-- definer function here is the trigger, which copies NEW's public columns and nothing else.
--
-- Geography without PostGIS: `cube` + `earthdistance` ship with PostgreSQL's contrib and with
-- PGlite, so the same SQL and the same GiST index run in both (PostGIS is not installed on the
-- machine and has no PGlite build in our dependency). The point is stored once per row as a cube
-- (`earth`, generated from lat/lon); a GiST index on it answers earth_box(…) @> earth (a cube
-- around the search point) and orders by earth <-> point (the straight-line distance, which
-- orders like the great-circle one), so a page of the nearest is read from the index without
-- sorting every place in the radius; earth_distance then cuts the box's corners exactly. Both
-- extensions are 'trusted' (PG 13+): a database owner may create them.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'brigade_public') THEN
    CREATE ROLE brigade_public NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another test database on the same server created it first
END $$;

DO $$
BEGIN
  EXECUTE format('GRANT brigade_public TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- already a member, or a superuser
END $$;

CREATE TABLE location_profiles (
  location_id text PRIMARY KEY,
  organisation_id text NOT NULL REFERENCES organisations(id),
  version integer NOT NULL,
  published boolean NOT NULL DEFAULT false,
  -- lower-case letters, digits and dashes; unique across the service: the public URL /r/{slug}
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  -- { street, postcode, city, country }
  address jsonb NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  cuisines text[] NOT NULL,
  price_range smallint NOT NULL CHECK (price_range BETWEEN 1 AND 4),
  photos text[] NOT NULL DEFAULT '{}',
  -- as the owner wrote them: { mon: [{ open: "18:00", close: "02:00" }], … } (for display and editing)
  hours jsonb NOT NULL,
  -- the same hours as minutes of the week (Monday 00:00 = 0): the part of each range on its own day,
  -- and the part past midnight, on the next day (see profile_open_at)
  open_week int4multirange NOT NULL,
  spill_week int4multirange NOT NULL,
  closed_dates date[] NOT NULL DEFAULT '{}',
  -- E.164
  phone text,
  time_zone text NOT NULL,
  min_party smallint NOT NULL,
  max_party smallint NOT NULL,
  max_days_ahead smallint NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (location_id, organisation_id) REFERENCES locations (id, organisation_id),
  CHECK (min_party BETWEEN 1 AND max_party)
);
ALTER TABLE location_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE location_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY organisation ON location_profiles TO brigade_service
  USING (organisation_id = (SELECT current_setting('app.organisation_id', true)))
  WITH CHECK (organisation_id = (SELECT current_setting('app.organisation_id', true)));
GRANT SELECT, INSERT, UPDATE ON location_profiles TO brigade_service;

-- The public projection: published profiles, public columns. No RLS (nothing in it is private);
-- read by brigade_public, written only by the trigger below (no role has a write grant on it).
CREATE TABLE public_restaurants (
  location_id text PRIMARY KEY REFERENCES location_profiles(location_id),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  address jsonb NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  earth cube NOT NULL GENERATED ALWAYS AS (ll_to_earth(lat, lon)) STORED,
  cuisines text[] NOT NULL,
  price_range smallint NOT NULL,
  photos text[] NOT NULL,
  hours jsonb NOT NULL,
  open_week int4multirange NOT NULL,
  spill_week int4multirange NOT NULL,
  closed_dates date[] NOT NULL,
  phone text,
  time_zone text NOT NULL,
  min_party smallint NOT NULL,
  max_party smallint NOT NULL,
  max_days_ahead smallint NOT NULL
);
CREATE INDEX public_restaurants_earth ON public_restaurants USING gist (earth);
GRANT SELECT ON public_restaurants TO brigade_public;

CREATE FUNCTION publish_location_profile() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT NEW.published THEN
    DELETE FROM public_restaurants WHERE location_id = NEW.location_id;
    RETURN NULL;
  END IF;
  INSERT INTO public_restaurants (location_id, slug, name, address, lat, lon, cuisines, price_range, photos, hours, open_week, spill_week,
    closed_dates, phone, time_zone, min_party, max_party, max_days_ahead)
  VALUES (NEW.location_id, NEW.slug, NEW.name, NEW.address, NEW.lat, NEW.lon, NEW.cuisines, NEW.price_range, NEW.photos, NEW.hours, NEW.open_week,
    NEW.spill_week, NEW.closed_dates, NEW.phone, NEW.time_zone, NEW.min_party, NEW.max_party, NEW.max_days_ahead)
  ON CONFLICT (location_id) DO UPDATE SET slug = excluded.slug, name = excluded.name, address = excluded.address, lat = excluded.lat,
    lon = excluded.lon, cuisines = excluded.cuisines, price_range = excluded.price_range, photos = excluded.photos, hours = excluded.hours,
    open_week = excluded.open_week, spill_week = excluded.spill_week, closed_dates = excluded.closed_dates, phone = excluded.phone,
    time_zone = excluded.time_zone, min_party = excluded.min_party, max_party = excluded.max_party, max_days_ahead = excluded.max_days_ahead;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION publish_location_profile() FROM PUBLIC;
CREATE TRIGGER location_profiles_publish AFTER INSERT OR UPDATE ON location_profiles FOR EACH ROW EXECUTE FUNCTION publish_location_profile();

-- Open at a local wall-clock time? `local` is the restaurant's own time (already in its zone).
-- A range that starts on a closed date does not open; a range that began the evening before a
-- closed date still runs past midnight into it (the closed day starts with the day's own service).
CREATE FUNCTION profile_open_at(open_week int4multirange, spill_week int4multirange, closed date[], local timestamp)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (NOT (local::date = ANY (closed)) AND open_week @> m) OR (NOT ((local::date - 1) = ANY (closed)) AND spill_week @> m)
  FROM (SELECT ((extract(isodow FROM local)::int - 1) * 1440 + extract(hour FROM local)::int * 60 + extract(minute FROM local)::int) AS m) AS minute
$$;
