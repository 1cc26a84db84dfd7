-- How many people an update was sent to, counted when sending started (worker/updates/fanout.ts,
-- startSending): its figures say so at once, before the fan-out has put their rows in the outbox,
-- and a send stopped before then says those people were not sent it. NULL: sent before this column.
ALTER TABLE updates ADD COLUMN audience_count INTEGER;
