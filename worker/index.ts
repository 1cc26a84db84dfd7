/**
 * The RHEC Pledge Worker: the pledge API, the counts and the drop-in script.
 */
import { Hono } from 'hono';
import { partnerCors, partnerPreflight } from './platform/cors.ts';
import { admin } from './admin/api.ts';
import { adminDashboard } from './admin/dashboard.ts';
import { applyRateLimit } from './pledges/abuse.ts';
import { errorResponse } from './platform/errors.ts';
import type { PledgeMessage } from './pledges/message.ts';
import { HEALTH_PROBE, isHealthProbe } from './platform/health-probe.ts';
import { storePledges } from './pledges/store.ts';
import type { EmailKinds } from './platform/outbox/kinds.ts';
import { sendEmails, type EmailJob } from './platform/outbox/send-outbox.ts';
import { PLEDGE_EMAILS } from './pledges/emails.ts';
import { MILESTONE_EMAILS } from './resources/emails.ts';
import { scheduleMilestones } from './resources/milestones.ts';
import { resourcePages, resourcesAdminApi, resourcesAdminPages, resourcesApi } from './resources/routes.ts';
import { enqueueEmailBatches, eraseUnconfirmed, sweepOutbox } from './platform/outbox/sweep.ts';
import { hostedPledge } from './pledges/hosted.ts';
import { pledgeLinks } from './pledges/links.ts';
import { health } from './platform/health.ts';
import { ping } from './platform/ping.ts';
import { pledges } from './pledges/api.ts';
import { script } from './platform/script.ts';
import { stats } from './impact/stats.ts';

/** Every kind of email the outbox sends, from every capability. */
export const EMAIL_KINDS: EmailKinds = { ...PLEDGE_EMAILS, ...MILESTONE_EMAILS };

const app = new Hono<{ Bindings: Env }>();

// CORS only for the public API; maintainers' routes are never open to partner pages.
for (const path of ['/api/pledges', '/api/stats', '/api/resources']) {
  app.options(path, partnerPreflight);
  app.use(path, partnerCors);
}
app.route('/api/pledges', pledges);
app.route('/api/stats', stats);
app.route('/api/resources', resourcesApi);
app.route('/api/admin/resources', resourcesAdminApi);
app.route('/api/admin', admin);
app.route('/api/ping', ping);
app.route('/api/health', health);
app.route('/', script);
app.route('/', hostedPledge);
app.route('/', pledgeLinks);
app.route('/', adminDashboard);
app.route('/', resourcePages);
app.route('/', resourcesAdminPages);

app.notFound((c) => errorResponse(c, 404, 'not_found', `Nothing is at ${c.req.method} ${new URL(c.req.url).pathname}.`));

app.onError((err, c) => {
  // Log the kind of failure only: messages can echo request data, which may be personal.
  console.error(JSON.stringify({ event: 'unhandled_error', name: err.name, path: new URL(c.req.url).pathname }));
  return errorResponse(c, 500, 'internal', 'Something went wrong on our side. Try again in a moment.');
});

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    const messages = batch.messages.filter((m) => {
      if (!isHealthProbe(m.body)) return true;
      m.ack();
      return false;
    });
    if (!messages.length) return;
    if (batch.queue.startsWith('rhec-emails')) {
      await sendEmails(messages as Message<EmailJob>[], env, EMAIL_KINDS);
      return;
    }
    // One D1 transaction per batch; if it throws, the whole batch is retried (and, after
    // max_retries, dead-lettered). Every write is idempotent, so redelivery never double-counts.
    // Should the enqueue below be lost, the sweeper finds the outbox rows and enqueues them.
    const pledges = await applyRateLimit(env, (messages as Message<PledgeMessage>[]).map((m) => m.body));
    const outboxIds = await storePledges(env.DB, pledges);
    await enqueueEmailBatches(env, outboxIds);
  },
  async scheduled(_controller, env) {
    await sweepOutbox(env);
    await eraseUnconfirmed(env);
    await scheduleMilestones(env);
  },
} satisfies ExportedHandler<Env, PledgeMessage | EmailJob | typeof HEALTH_PROBE>;
