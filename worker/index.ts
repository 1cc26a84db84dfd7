/**
 * The RHEC Pledge Worker: the pledge API, the counts and the drop-in script.
 */
import { Hono } from 'hono';
import { partnerCors, partnerPreflight } from './cors.ts';
import { admin } from './routes/admin.ts';
import { adminDashboard } from './routes/admin-dashboard.ts';
import { applyRateLimit } from './abuse.ts';
import { errorResponse } from './errors.ts';
import type { PledgeMessage } from './queue/pledge-message.ts';
import { HEALTH_PROBE, isHealthProbe } from './queue/health-probe.ts';
import { storePledges } from './queue/store-pledges.ts';
import { sendEmails, type EmailJob } from './email/send-outbox.ts';
import { enqueueEmails, eraseUnconfirmed, sweepOutbox } from './email/sweep.ts';
import { hostedPledge } from './routes/hosted-pledge.ts';
import { pledgeLinks } from './routes/pledge-links.ts';
import { health } from './routes/health.ts';
import { ping } from './routes/ping.ts';
import { pledges } from './routes/pledges.ts';
import { script } from './routes/script.ts';
import { stats } from './routes/stats.ts';

const app = new Hono<{ Bindings: Env }>();

// CORS only for the public API; maintainers' routes are never open to partner pages.
for (const path of ['/api/pledges', '/api/stats']) {
  app.options(path, partnerPreflight);
  app.use(path, partnerCors);
}
app.route('/api/pledges', pledges);
app.route('/api/stats', stats);
app.route('/api/admin', admin);
app.route('/api/ping', ping);
app.route('/api/health', health);
app.route('/', script);
app.route('/', hostedPledge);
app.route('/', pledgeLinks);
app.route('/', adminDashboard);

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
      await sendEmails(messages as Message<EmailJob>[], env);
      return;
    }
    // One D1 transaction per batch; if it throws, the whole batch is retried (and, after
    // max_retries, dead-lettered). Every write is idempotent, so redelivery never double-counts.
    // Should the enqueue below be lost, the sweeper finds the outbox rows and enqueues them.
    const pledges = await applyRateLimit(env, (messages as Message<PledgeMessage>[]).map((m) => m.body));
    const outboxIds = await storePledges(env.DB, pledges);
    await enqueueEmails(env, outboxIds);
  },
  async scheduled(_controller, env) {
    await sweepOutbox(env);
    await eraseUnconfirmed(env);
  },
} satisfies ExportedHandler<Env, PledgeMessage | EmailJob | typeof HEALTH_PROBE>;
