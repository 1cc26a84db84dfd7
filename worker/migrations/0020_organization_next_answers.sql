-- An unconfirmed organization request's newer answers, when its contact sends the form again (a correction:
-- listed publicly after all, another size), kept beside it until the confirmation email that answer sends
-- goes out (worker/organizations/emails.ts): only then do they become the request's. A mailbox with no
-- confirmation left never hears of them, so a stranger cannot rewrite a request behind its contact's back.
-- Cleared when the request leaves 'unconfirmed' (confirmed, decided, withdrawn); erased with the request.
ALTER TABLE organizations ADD COLUMN next_answers TEXT;
