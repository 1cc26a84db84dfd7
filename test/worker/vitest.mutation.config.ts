import base from './vitest.config.ts';

/**
 * The Worker tests as StrykerJS runs them (`npm run mutation`, see MUTATION.md): the same
 * workerd + D1 pool and the same tests, narrowed to the files that exercise the mutated
 * modules (tokens, CORS, admin auth and session, abuse, the pledge store and status, the
 * outbox and the pledge emails, request bodies, milestones, the updates' queries and small-cell
 * suppression, organizations' requests, the partner rules, the release of flagged pledges,
 * who may be emailed, the unsubscribe and preferences pages). Each mutant re-runs the tests
 * that cover it, so leaving out the slow unrelated files (the 1,000-body fuzz, the script's SRI,
 * other capabilities) keeps a run within reason on two shared cores.
 */
export const MUTATION_TESTS = [
  'test/worker/link-tokens.test.ts',
  'test/worker/emails.test.ts',
  'test/worker/pledge-records.test.ts',
  'test/worker/outbox.test.ts',
  'test/worker/abuse.test.ts',
  'test/worker/abuse-screening.test.ts',
  'test/worker/ingest.test.ts',
  'test/worker/pledges.test.ts',
  'test/worker/hosted-pledge.test.ts',
  'test/worker/cors.test.ts',
  'test/worker/platform-guards.test.ts',
  'test/worker/admin-session.test.ts',
  'test/worker/admin-dashboard.test.ts',
  'test/worker/admin-stats.test.ts',
  'test/worker/admin.test.ts',
  // body.ts, the outbox's pacing (enqueue.ts) and its users (the sweeper, milestones.ts, the
  // updates' fan-out), the send-test dedupe (updates/queries.ts) and small-cell suppression.
  'test/worker/headers-and-bodies.test.ts',
  'test/worker/outbox-batch.test.ts',
  'test/worker/resources.test.ts',
  'test/worker/updates.test.ts',
  'test/worker/impact.test.ts',
  'test/worker/health.test.ts', // the sweeper's count of emails held by a setting
  // Organizations' requests (organizations/queries.ts) and the partner rules and lookups (partners/).
  'test/worker/organizations.test.ts',
  'test/worker/partner-rules.test.ts',
  'test/worker/partner-cache.test.ts',
  'test/worker/admin-i18n-dashboard.test.ts',
  // The release of flagged pledges (pledges/review.ts); who may be emailed (updates/consent.ts) is
  // reached by updates, admin, organizations, resources and outbox above.
  'test/worker/admin-flagged.test.ts',
  // The rate limit over a batch (abuse.ts, screenForRateLimit); the unsubscribe and preferences pages
  // (updates/links.ts), reached by updates, resources, emails and link-tokens above and lang-switch.
  'test/worker/rate-limit-batch.test.ts',
  'test/worker/lang-switch.test.ts',
  // A person's copy of their data and their erase request, with the same-mailbox hint (admin/data-copy.ts,
  // the dashboard's addressAsked); emails given up on, sent again (admin/given-up.ts); the active
  // pledges beside the renewed ones (impact/suppress.ts, suppressActive).
  'test/worker/admin-data-request.test.ts',
  'test/worker/admin-erase-request.test.ts',
  'test/worker/admin-given-up.test.ts',
  'test/worker/active-renewed.test.ts',
];

export default async () => {
  const config = (await (base as () => Promise<Record<string, any>>)()) as { test: Record<string, unknown> };
  // Replaced, not merged: mergeConfig would append to the base config's include.
  return { ...config, test: { ...config.test, include: MUTATION_TESTS } };
};
