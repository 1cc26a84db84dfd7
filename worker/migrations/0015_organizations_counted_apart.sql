-- Two organizations can share a registrable domain (a university's departments, a federal
-- agency's hospitals, NHS trusts under nhs.uk): a maintainer may count a request on its own
-- instead of as its domain's earliest approved request (`apart` = 1).
ALTER TABLE organizations ADD COLUMN apart INTEGER NOT NULL DEFAULT 0;
