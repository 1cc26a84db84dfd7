-- Source codes (issue 16): which newsletter, poster or booth brought a pledge. Optional;
-- the API keeps only well-formed codes (up to 64 of a-z, 0-9, '-') and drops the rest.
ALTER TABLE pledges ADD COLUMN source TEXT
  CHECK (source IS NULL OR (length(source) BETWEEN 1 AND 64 AND source NOT GLOB '*[^a-z0-9-]*'));

-- The dashboard's "by society and source" table.
CREATE INDEX pledges_by_source ON pledges (partner_id, source) WHERE source IS NOT NULL;
