-- Whether a confirmed pledger gets the yearly email asking them to renew their pledge (worker/resources/
-- milestones.ts). On unless they turn it off: from the email's own one-click link (`/reminders`, which
-- mail clients offer as "Unsubscribe" through List-Unsubscribe) or on their preferences page.
ALTER TABLE pledges ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1;
