-- A pledger's actions of one kind count once a day (worker/resources/queries.ts, actionCounts);
-- this index serves that count and a pledge's own actions.
CREATE INDEX pledge_actions_by_pledge ON pledge_actions (pledge_id, kind, created_at);
