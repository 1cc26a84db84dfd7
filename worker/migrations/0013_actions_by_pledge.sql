-- A pledger's actions of one kind count once a day (worker/resources/queries.ts, logAction):
-- looked up by pledge, kind and time rather than by walking every action of that kind.
CREATE INDEX pledge_actions_by_pledge ON pledge_actions (pledge_id, kind, created_at);
