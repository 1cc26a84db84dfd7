-- When a dashboard session began: a session in use is kept alive past its first two hours, but
-- never more than 12 hours after its sign-in (a copied cookie cannot be kept alive for ever).
-- Sessions from before this column have none, and are not renewed.
ALTER TABLE admin_sessions ADD COLUMN started_at TEXT;
