-- Whether a pledger asked for updates later, on their preferences page, rather than by ticking
-- "Keep me informed" when pledging: an update then says why it comes in words true for them
-- ("…because you pledged on RSNA's site and asked to be kept informed") rather than issue 11's
-- "…because you asked to be kept informed when you pledged on RSNA's site". 0 for pledges made
-- before this was kept (nothing tells them apart), and for a pledge whose updates were ticked.
ALTER TABLE pledges ADD COLUMN updates_later INTEGER NOT NULL DEFAULT 0 CHECK (updates_later IN (0, 1));
