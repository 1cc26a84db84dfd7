-- Whether a pledger asked for updates later, on their preferences page, rather than by ticking
-- "Keep me informed" when pledging: an update then says why it comes in words true for them
-- ("…because you pledged on RSNA's site and asked to be kept informed") rather than issue 11's
-- "…because you asked to be kept informed when you pledged on RSNA's site". 0 for a pledge whose
-- updates were ticked.
ALTER TABLE pledges ADD COLUMN updates_later INTEGER NOT NULL DEFAULT 0 CHECK (updates_later IN (0, 1));
-- Pledges with updates made before this was kept: nothing tells one who ticked the box from one who
-- turned updates on later, so they keep the earlier words, true for both, not issue 11's.
UPDATE pledges SET updates_later = 1 WHERE updates = 1;
