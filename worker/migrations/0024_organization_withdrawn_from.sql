-- What a withdrawn organization request was when it ended, so its email's links, opened again
-- later, say what is true (it had joined and left; a request was withdrawn; a declined request's
-- contact was erased; a maintainer removed it): `withdrawn_from` is its status before
-- ('unconfirmed', 'pending', 'approved' or 'declined'), `removed` is 1 when a maintainer removed it
-- rather than its contact withdrawing it. NULL and 0 for requests withdrawn before this was kept.
ALTER TABLE organizations ADD COLUMN withdrawn_from TEXT;
ALTER TABLE organizations ADD COLUMN removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1));
