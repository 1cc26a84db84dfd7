-- The dashboard's latest notes pledgers wrote with their actions (worker/resources/queries.ts,
-- actionReports): read newest first from an index of the reports that have a note, not by
-- sorting every report on each page load.
CREATE INDEX pledge_actions_notes_by_time ON pledge_actions (created_at) WHERE note IS NOT NULL;
