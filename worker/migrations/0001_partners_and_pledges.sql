-- Partners (member societies) are data: a maintainer adds one with `npm run partners -- add`.
CREATE TABLE partners (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND length(id) BETWEEN 1 AND 32),
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Exact origins (scheme://host[:port]) allowed to call the API from a partner's pages.
CREATE TABLE partner_origins (
  partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  origin TEXT NOT NULL CHECK (origin GLOB 'http*://*' AND origin NOT GLOB '*/'),
  PRIMARY KEY (partner_id, origin)
);
CREATE INDEX partner_origins_by_origin ON partner_origins (origin);

-- One row per person: the normalized email is unique across the coalition,
-- and the first partner keeps the attribution.
CREATE TABLE pledges (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners (id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  organization TEXT,
  region TEXT,
  updates INTEGER NOT NULL DEFAULT 0 CHECK (updates IN (0, 1)),
  lang TEXT NOT NULL DEFAULT 'en',
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'withdrawn')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  confirmed_at TEXT
);
CREATE INDEX pledges_by_partner ON pledges (partner_id, status);

-- Counts kept as an aggregate, so /api/stats never counts rows per request.
CREATE TABLE pledge_counts (
  partner_id TEXT PRIMARY KEY REFERENCES partners (id),
  confirmed INTEGER NOT NULL DEFAULT 0,
  pending INTEGER NOT NULL DEFAULT 0
);

INSERT INTO partners (id, name) VALUES
  ('acr', 'American College of Radiology'),
  ('arrs', 'American Roentgen Ray Society'),
  ('aur', 'Association of University Radiologists'),
  ('rsna', 'Radiological Society of North America'),
  ('scard', 'Society of Chairs of Academic Radiology Departments'),
  ('sir', 'Society of Interventional Radiology'),
  ('abr', 'American Board of Radiology');

INSERT INTO partner_origins (partner_id, origin) VALUES
  ('acr', 'https://www.acr.org'),
  ('arrs', 'https://arrs.org'),
  ('arrs', 'https://www.arrs.org'),
  ('aur', 'https://www.aur.org'),
  ('rsna', 'https://www.rsna.org'),
  ('scard', 'https://www.scardweb.org'),
  ('sir', 'https://www.sirweb.org'),
  ('abr', 'https://www.theabr.org');

INSERT INTO pledge_counts (partner_id) SELECT id FROM partners;
