/**
 * Emails given up on: after MAX_EMAIL_ATTEMPTS tries over some seven hours (an email provider's
 * outage longer than that), the sweeper marks an email `failed` with `gave_up` (sweep.ts). Once the
 * provider sends again, a maintainer sends them again from the dashboard. Only those whose hand-off
 * was never in doubt: one the provider may have taken (`in_doubt_since`) could reach someone twice.
 */
/** Counted by campaignStats (reports.ts, `emailsGivenUp`) and sent again by sendGivenUpAgain. */
export const GIVEN_UP = `status = 'failed' AND last_error = 'gave_up' AND in_doubt_since IS NULL`;

/**
 * Puts every email given up on back on the outbox for the Cron's next sweep (within 5 minutes,
 * paced at the provider's rate, the oldest first): dated back past the sweep's cutoff, with one
 * attempt counted, so the sweep takes it at once; its share of its mailbox's emails (pledges/abuse.ts)
 * is kept apart (`counted`): taken already, it is not taken a second time, and never taken, it is now. Each is checked again as it is composed:
 * one for a pledge withdrawn or erased since, a cancelled update or a suppressed address is skipped.
 * How many were put back.
 */
export async function sendGivenUpAgain(db: D1Database): Promise<number> {
  const { results } = await db
    .prepare(`UPDATE email_outbox SET status = 'queued', attempts = 1, last_error = NULL, updated_at = '2000-01-01T00:00:00.000Z' WHERE ${GIVEN_UP} RETURNING id`)
    .all<{ id: string }>();
  return results.length;
}
