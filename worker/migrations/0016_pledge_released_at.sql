-- When a flagged pledge was released (by a maintainer, or by the Cron at the per-address limit's
-- pace): released pledges count toward their network's limit from then, as new ones would.
ALTER TABLE pledges ADD COLUMN released_at TEXT;
CREATE INDEX pledges_released ON pledges (ip_hash, released_at) WHERE released_at IS NOT NULL;
