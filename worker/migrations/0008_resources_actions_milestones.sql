-- After the pledge: a resource library (maintained data), actions pledgers report, and the
-- yearly recommitment that keeps a pledge "active".

-- Resources are maintained in /admin/resources. `roles` lists every role a resource suits
-- (a JSON array of role ids, never empty). `step` is the next step it offers, phrased as an
-- action ("Take the free course on …"): resources with a step become a role's next steps.
CREATE TABLE resources (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  url TEXT NOT NULL CHECK (url GLOB 'https://*' AND length(url) <= 500),
  summary TEXT NOT NULL CHECK (length(summary) <= 300),
  step TEXT CHECK (step IS NULL OR length(step) BETWEEN 1 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('toolkit', 'course', 'article', 'program', 'dataset')),
  roles TEXT NOT NULL CHECK (json_valid(roles) AND json_array_length(roles) > 0),
  lang TEXT NOT NULL CHECK (lang IN ('en', 'es')),
  partner_id TEXT REFERENCES partners (id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  position INTEGER NOT NULL DEFAULT 100,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX resources_by_lang ON resources (active, lang, position);

-- What pledgers report having done. The id comes from the form the person submitted, so a
-- replayed POST adds nothing. Withdrawal erases the note and keeps the count.
CREATE TABLE pledge_actions (
  id TEXT PRIMARY KEY,
  pledge_id TEXT REFERENCES pledges (id),
  kind TEXT NOT NULL CHECK (kind IN ('screening', 'language', 'outreach', 'mentoring', 'other')),
  note TEXT CHECK (note IS NULL OR length(note) <= 500),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX pledge_actions_by_kind ON pledge_actions (kind);

-- A pledge is active for a year after it was confirmed or last recommitted.
ALTER TABLE pledges ADD COLUMN recommitted_at TEXT;
CREATE INDEX pledges_by_confirmed ON pledges (status, confirmed_at);
