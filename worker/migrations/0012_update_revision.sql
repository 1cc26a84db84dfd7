-- A draft's revision, bumped by every edit: the dashboard's Send and Save carry the revision the
-- maintainer saw, so an update is never sent (or overwritten) with content nobody previewed.
ALTER TABLE updates ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
