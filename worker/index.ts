/**
 * The RHEC Pledge Worker: the pledge API, the counts and the drop-in script.
 */
import { Hono, type Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { partnerCors, partnerPreflight } from './platform/cors.ts';
import { admin } from './admin/api.ts';
import { adminDashboard, sameOrigin } from './admin/dashboard.ts';
import { forgetMailboxQuotas } from './pledges/abuse.ts';
import { notFound } from './platform/pages/not-found.ts';
import { methodNotAllowed, methodsAt } from './platform/method-not-allowed.ts';
import { failure, FAILURES, sentAsForm } from './platform/pages/failure.ts';
import { IncompleteBodyError, limitBody, readFormEntries } from './platform/body.ts';
import { REQUEST_ERRORS, requestLang } from './platform/request-errors.ts';
import { MissingSecretError } from './platform/dev-mode.ts';
import type { PledgeMessage } from './pledges/message.ts';
import { HEALTH_PROBE, isHealthProbe } from './platform/health-probe.ts';
import { forgetIpHashes, releaseDeferred } from './pledges/review.ts';
import { screenAndStorePledges } from './pledges/store.ts';
import type { EmailKinds } from './platform/outbox/kinds.ts';
import { sendEmails, type EmailJob } from './platform/outbox/send-outbox.ts';
import { PLEDGE_EMAILS } from './pledges/emails.ts';
import { MILESTONE_EMAILS } from './resources/emails.ts';
import { MILESTONES_PER_RUN, scheduleMilestones } from './resources/milestones.ts';
import { RESOURCE_TOO_LARGE, resourcePages, resourcesAdminApi, resourcesAdminPages, resourcesApi } from './resources/routes.ts';
import { eraseUnconfirmed, sweepOutbox } from './platform/outbox/sweep.ts';
import { enqueueEmailBatches } from './platform/outbox/enqueue.ts';
import { hostedPledge } from './pledges/hosted.ts';
import { pledgeLinks } from './pledges/links.ts';
import { health } from './platform/health.ts';
import { ping } from './platform/ping.ts';
import { MAX_BODY_BYTES, pledges } from './pledges/api.ts';
import { script } from './platform/script.ts';
import { stats } from './impact/stats.ts';
import { UPDATE_TOO_LARGE, updatesApi } from './updates/api.ts';
import { UPDATE_EMAILS } from './updates/emails.ts';
import { handleFanOut, isFanOutJob, resumeFanOuts, type FanOutJob } from './updates/fanout.ts';
import { pruneTests } from './updates/queries.ts';
import { updateLinks } from './updates/links.ts';
import { updatesDashboard } from './updates/dashboard.ts';
import { webhooks } from './updates/webhooks.ts';

import { MAX_ORG_BODY_BYTES, organizationsApi } from './organizations/api.ts';
import { organizationsAdminApi } from './organizations/admin-api.ts';
import { organizationsAdmin } from './organizations/admin-routes.ts';
import { ORGANIZATION_EMAILS } from './organizations/emails.ts';
import { organizationPages } from './organizations/hosted.ts';
import { eraseDeclinedContacts, eraseUnconfirmedOrganizations } from './organizations/queries.ts';
import { regionsApi } from './impact/regions-api.ts';
import { impact } from './impact/routes.ts';
import { posters } from './booth/poster.ts';
import { about } from './about/routes.ts';

/** Every kind of email the outbox sends, from every capability. */
export const EMAIL_KINDS: EmailKinds = { ...PLEDGE_EMAILS, ...MILESTONE_EMAILS, ...ORGANIZATION_EMAILS, ...UPDATE_EMAILS };

// `strict: false`: a typed or pasted `/impact/`, `/join/` or `/api/stats/` is the same address as
// without its trailing slash, for every method and with the same CORS (a redirect would carry none,
// and a partner page's fetch could not follow it).
const app = new Hono<{ Bindings: Env }>({ strict: false });

/** A year: browsers then reach the pledge service over HTTPS only, even from a typed `http://` link. */
const HSTS = 'max-age=31536000; includeSubDomains';

// Every answer, errors included (403, 413, 415…), tells browsers not to guess its type. Over HTTPS
// it also tells them to come back over HTTPS only (HSTS; over plain HTTP browsers ignore it, so it
// is not sent). Pages (HTML) keep windows they open, or that open them, out of their window
// (COOP): a partner page or a shared link can frame or open the pledge page, never script it.
app.use('*', async (c, next) => {
  await next();
  const headers: [string, string][] = [['X-Content-Type-Options', 'nosniff']];
  // (A request's URL comes serialized, its scheme in lower case: read as it is, not parsed again for every answer.)
  if (c.req.url.startsWith('https:')) headers.push(['Strict-Transport-Security', HSTS]);
  // (Not on a sandboxed page, the dashboard's email preview: browsers refuse to open one with COOP in a tab.)
  const sandboxed = /(^|;)\s*sandbox\b/.test(c.res.headers.get('Content-Security-Policy') ?? '');
  const page = c.res.headers.get('Content-Type')?.startsWith('text/html');
  if (page && !sandboxed) headers.push(['Cross-Origin-Opener-Policy', 'same-origin']);
  // Every page says its language in its header too, the one its `<html lang>` says (read there, so
  // the two cannot differ, whichever capability wrote the page).
  if (page && c.res.body && !c.res.headers.has('Content-Language')) {
    const text = await c.res.text();
    c.res = new Response(text, c.res);
    const lang = /<html\b[^>]*\blang="([a-z]{2}(?:-[A-Za-z0-9]+)*)"/i.exec(text.slice(0, 1024))?.[1];
    if (lang) headers.push(['Content-Language', lang]);
  }
  try {
    for (const [name, value] of headers) c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res); // headers of a fetched response are immutable: copy it
    for (const [name, value] of headers) c.res.headers.set(name, value);
  }
});

// A file's address with a slash after it (`/rhec-pledge.js/`) is not that file: the script finds
// its own origin by its address ending in `/rhec-pledge.js`, and would quietly ask the partner's
// site for everything. A 404 says the address is wrong.
app.use('*', async (c, next) => {
  if (/\.[a-z0-9]+\/$/i.test(new URL(c.req.url).pathname)) return notFound(c);
  return next();
});

// CORS only for the public API; maintainers' routes are never open to partner pages.
for (const path of ['/api/pledges', '/api/pledges/allowed', '/api/stats', '/api/regions', '/api/resources', '/api/organizations']) {
  // The route's own methods, read from the router once the routes are in (the first preflight).
  let methods: string[] | undefined;
  app.options(path, (c, next) => partnerPreflight((methods ??= methodsAt(app, path)))(c, next));
  app.use(path, partnerCors);
}

/**
 * No request body is read past this size anywhere, whatever the route, so the link pages' and
 * the dashboard's form posts can never be made to hold a huge body in memory. A body over it is
 * answered here (after CORS, so a partner page's script can read the 413); routes with a smaller
 * limit of their own (a pledge's 8 KB) answer the bodies between the two with their own words.
 */
const MAX_REQUEST_BYTES = 512 * 1024;
/** A body over every limit is told the limit of the route it was sent to, where it has its own (a pledge's 8 KB). */
function tooLargeMessage(c: Context): string {
  const r = REQUEST_ERRORS[requestLang(c)];
  const path = c.req.path.replace(/\/+$/, '');
  if (path === '/api/pledges' || path === '/pledge') return r.tooLarge('pledge', MAX_BODY_BYTES);
  if (path === '/api/organizations' || path === '/join') return r.tooLarge('request', MAX_ORG_BODY_BYTES);
  if (path === '/api/admin/resources' || path.startsWith('/api/admin/resources/')) return RESOURCE_TOO_LARGE; // the maintainers' API, in English
  if (/^\/api\/admin\/updates(\/[^/]+)?$/.test(path)) return UPDATE_TOO_LARGE; // a draft written or replaced (not a send or a cancel)
  return r.tooLarge('request', MAX_REQUEST_BYTES);
}
app.use('*', limitBody(MAX_REQUEST_BYTES, (c) => failure(c, FAILURES.formTooLarge, tooLargeMessage(c))));

/**
 * The email links' pages take their own button's form post, the token in the form. A body of
 * another kind (JSON, text) gets the 415 the hosted forms give, and a form that cannot be read (a
 * broken escape, a multipart body without its boundary) their 400, not "this link does not work"
 * for a link that may well work. A post with no Content-Type at all is read as before, and so is
 * a mail client's one-click unsubscribe (RFC 8058: /unsubscribe and /reminders, the token in the
 * address), whatever its body says it is: providers differ, and nothing in it is read. The other
 * pages read their token from their form only, so a `?t=` on them excuses no body.
 */
const ONE_CLICK_PATHS = new Set(['/unsubscribe', '/reminders']);
for (const path of ['/confirm', '/withdraw', '/unsubscribe', '/preferences', '/actions', '/recommit', '/reminders', '/join/confirm', '/join/withdraw', '/join/change']) {
  app.post(path, async (c, next) => {
    // Only the one-click paths read a token from the address: elsewhere one there changes nothing about the body.
    if ((ONE_CLICK_PATHS.has(path) && c.req.query('t') !== undefined) || !c.req.header('Content-Type')) return next();
    if (!sentAsForm(c)) return failure(c, FAILURES.notForm);
    return (await readFormEntries(c)) ? next() : failure(c, FAILURES.badForm);
  });
}
/**
 * The dashboard's forms, the same way: from the dashboard's own origin, a body of another kind gets the 415 and a form
 * that cannot be read the 400, so no button (send again, a society's origin, a release) acts on what it took for an empty
 * form. Another site's post is left to the route, which refuses it first as from elsewhere; one with no Content-Type is read as before.
 */
// Middleware (not a POST route of its own), so every path's 404, and its 405 with `Allow`, stay as the routes say.
app.use('/admin/*', async (c, next) => {
  if (c.req.method !== 'POST' || !sameOrigin(c) || !c.req.header('Content-Type')) return next();
  if (!sentAsForm(c)) return failure(c, FAILURES.notForm);
  return (await readFormEntries(c)) ? next() : failure(c, FAILURES.badForm);
});
app.route('/api/pledges', pledges);
app.route('/api/stats', stats);
app.route('/api/admin/updates', updatesApi);
app.route('/api/regions', regionsApi);
app.route('/api/resources', resourcesApi);
app.route('/api/admin/resources', resourcesAdminApi);
app.route('/api/organizations', organizationsApi);
app.route('/api/admin', organizationsAdminApi);
app.route('/api/admin', admin);
app.route('/api/webhooks', webhooks);
app.route('/api/ping', ping);
app.route('/api/health', health);
app.route('/', script);
app.route('/', hostedPledge);
app.route('/', pledgeLinks);
app.route('/', adminDashboard);
app.route('/', updatesDashboard);
app.route('/', updateLinks);
app.route('/', resourcePages);
app.route('/', resourcesAdminPages);
app.route('/', organizationPages);
app.route('/', organizationsAdmin);
app.route('/', impact);
app.route('/', posters);
app.route('/', about);

// JSON for scripts and the API; a page in the reader's language for a browser that followed a bad link.
app.notFound((c) => methodNotAllowed(app, c) ?? notFound(c));

/**
 * The route a request matched, as the router writes it (`/admin/updates/:id/test`; `*` when only
 * middleware did), for the logs: its handler's, not a middleware's (`/*` reads the body; a sub-app mounted
 * later adds its own `/api/admin/*`): never the path it asked for, where a client can put anything, an
 * address included.
 */
const routeOf = (c: Context) => matchedRoutes(c).filter((r) => !r.path.endsWith('*')).at(-1)?.path ?? '*';

app.onError((err, c) => {
  const route = routeOf(c);
  if (err instanceof IncompleteBodyError) {
    // The client stopped sending mid-body (or promised more bytes than it sent): its problem, not ours.
    console.warn(JSON.stringify({ event: 'request_body_incomplete', route }));
    return failure(c, FAILURES.incomplete);
  }
  if (err instanceof MissingSecretError) {
    console.error(JSON.stringify({ event: 'missing_secret', secret: err.secret, route }));
    return failure(c, FAILURES.notConfigured);
  }
  // Log the kind of failure only: messages can echo request data, which may be personal.
  console.error(JSON.stringify({ event: 'unhandled_error', name: err.name, route }));
  return failure(c, FAILURES.internal);
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
      // The email queue also carries updates' fan-out jobs (see worker/updates/fanout.ts).
      const fanOut = messages.filter((m) => isFanOutJob(m.body)) as Message<FanOutJob>[];
      if (fanOut.length) await handleFanOut(env, fanOut);
      await sendEmails(messages.filter((m) => !isFanOutJob(m.body)) as Message<EmailJob>[], env, EMAIL_KINDS);
      return;
    }
    // One D1 transaction per batch; if it throws, the whole batch is retried (and, after
    // max_retries, dead-lettered). Every write is idempotent, so redelivery never double-counts.
    // Should the enqueue below be lost, the sweeper finds the outbox rows and enqueues them.
    const outboxIds = await screenAndStorePledges(env, (messages as Message<PledgeMessage>[]).map((m) => m.body));
    await enqueueEmailBatches(env, outboxIds);
  },
  async scheduled(controller, env) {
    // Every step's clock is the Cron's own time (at the edge, when it fired; locally,
    // `/cdn-cgi/local/scheduled?time=` fires it with another: the updates benchmark past the sweeper's
    // cutoffs after a crash, a tester a month or a year ahead for the check-in and anniversary emails).
    // Each step on its own: one that fails (the email queue refusing a send, D1 busy) is logged and
    // tried again at the next run, and never keeps the others from running, the erasures above all.
    const steps: [string, () => Promise<unknown>][] = [
      // (Paced within one budget shared in D1 with the milestones below and any update going out: enqueue.ts, reservePace.)
      ['sweep_outbox', () => sweepOutbox(env, controller.scheduledTime)],
      ['resume_fan_outs', () => resumeFanOuts(env, controller.scheduledTime)],
      ['release_deferred', () => releaseDeferred(env, controller.scheduledTime)],
      // After the release: what it reads is kept until then (IP_HASH_HOURS).
      ['forget_ip_hashes', () => forgetIpHashes(env.DB, controller.scheduledTime)],
      ['erase_unconfirmed', () => eraseUnconfirmed(env, controller.scheduledTime)],
      ['forget_mailbox_quotas', () => forgetMailboxQuotas(env.DB, controller.scheduledTime)],
      ['schedule_milestones', () => scheduleMilestones(env, controller.scheduledTime, MILESTONES_PER_RUN)],
      ['prune_update_tests', () => pruneTests(env.DB, controller.scheduledTime)],
      ['erase_unconfirmed_organizations', () => eraseUnconfirmedOrganizations(env.DB, controller.scheduledTime)],
      ['erase_declined_contacts', () => eraseDeclinedContacts(env.DB, controller.scheduledTime)],
    ];
    const failed: string[] = [];
    for (const [step, run] of steps) {
      try {
        await run();
      } catch (err) {
        failed.push(step);
        console.error(JSON.stringify({ event: 'cron_step_failed', step, name: (err as Error)?.name }));
      }
    }
    // The run as a whole still fails (Cloudflare shows it as an error) once every step has had its turn.
    if (failed.length) throw new Error(`Cron steps failed: ${failed.join(', ')}`);
  },
} satisfies ExportedHandler<Env, PledgeMessage | EmailJob | FanOutJob | typeof HEALTH_PROBE>;
