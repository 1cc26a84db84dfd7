-- Whether a pledge was made on the coalition's own pledge page (`/pledge?partner=…` on this
-- service's origin: share links and posters' QR codes lead there), not on a society's site (its
-- widget, its kiosk, or the coalition's page in the society's frame): an update then says why it
-- comes in words true for them ("…when you pledged with SCARD on the coalition's site") rather than
-- issue 11's "…when you pledged on SCARD's site". 0 for every pledge made before this was kept:
-- nothing tells where they were made.
ALTER TABLE pledges ADD COLUMN hosted INTEGER NOT NULL DEFAULT 0 CHECK (hosted IN (0, 1));
