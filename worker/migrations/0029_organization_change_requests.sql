-- An approved organization's change request: details its contact asked for (through the 'already a
-- member' email's /join/change link) that would change what the public sees (a new name, website,
-- type, region, or being listed by name again), waiting for a maintainer's review. JSON: the asked
-- values (`name`, `type`, `website`, `domain`, `region`, `list_publicly`: only those asked), `asked_at`,
-- and `replaces` (the `asked_at` of an earlier pending request this one replaced, or null). Until a
-- maintainer approves it the organization, its membership and the public list stay as they are.
-- Cleared on approval (its values applied), decline, withdrawal and removal.
ALTER TABLE organizations ADD COLUMN change_asked TEXT;
