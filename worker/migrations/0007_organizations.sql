-- Organizations that join the coalition: an organizational pledge, confirmed by its contact,
-- then approved or declined by a maintainer. `domain` is the website's registrable domain;
-- requests for the same domain are reviewed together and counted and listed once.
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  partner_id TEXT REFERENCES partners (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('practice', 'department', 'health-system', 'imaging-center', 'society', 'industry', 'other')),
  website TEXT NOT NULL,
  domain TEXT NOT NULL,
  region TEXT,
  size TEXT,
  -- The contact person: erased (NULL) when the organization withdraws or a maintainer removes it.
  contact_name TEXT,
  contact_email TEXT,
  contact_title TEXT,
  domain_verified INTEGER NOT NULL DEFAULT 0 CHECK (domain_verified IN (0, 1)),
  list_publicly INTEGER NOT NULL DEFAULT 0 CHECK (list_publicly IN (0, 1)),
  lang TEXT NOT NULL DEFAULT 'en',
  status TEXT NOT NULL DEFAULT 'unconfirmed' CHECK (status IN ('unconfirmed', 'pending', 'approved', 'declined', 'withdrawn')),
  -- The earlier request for the same registrable domain this one joins for review, if any.
  joins TEXT REFERENCES organizations (id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  confirmed_at TEXT,
  decided_at TEXT,
  withdrawn_at TEXT
);
CREATE INDEX organizations_by_domain ON organizations (domain, status, created_at);
CREATE INDEX organizations_by_status ON organizations (status, created_at);
