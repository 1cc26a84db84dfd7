-- A repeated pledge's newer details for a pledge still waiting for its confirmation (worker/pledges/store.ts),
-- kept beside it until the confirmation that carries them goes out (worker/pledges/emails.ts): only then do
-- they become the pledge's. A mailbox with no email left (its cap used by someone else) never sees them, so
-- the link it holds must still confirm what it was sent for. Erased with the pledge, cleared on confirmation.
ALTER TABLE pledges ADD COLUMN next_details TEXT;
