/**
 * Bounces and complaints from the email providers join the suppression list.
 *
 * - `POST /api/webhooks/resend`: Svix-signed (svix-id, svix-timestamp, svix-signature), verified
 *   with the Standard Webhooks library (the scheme Svix signs with) under RESEND_WEBHOOK_SECRET:
 *   a bad signature, a timestamp more than 5 minutes off, or an id already seen → 401.
 * - `POST /api/webhooks/postmark`: a shared secret (POSTMARK_WEBHOOK_SECRET), as the basic-auth
 *   password in the webhook URL Postmark calls, or as `X-Webhook-Secret`.
 * - No secret configured: every call is refused with 401.
 *
 * Hard bounces, spam complaints and suppressions Postmark made itself (its SubscriptionChange)
 * suppress; a reader who unsubscribed through Postmark's own link stops getting updates, as with
 * ours, and the yearly renewal email (Postmark's suppression covers its stream); soft bounces are
 * the outbox's retries' business.
 * Nothing from the payload is logged (it holds addresses).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Webhook } from 'standardwebhooks';
import { sameSecret } from '../platform/admin-auth.ts';
import { errorResponse } from '../platform/errors.ts';
import { IncompleteBodyError, readText } from '../platform/body.ts';
import { suppress, type SuppressionReason } from './consent.ts';
import { unsubscribeAddress } from './links.ts';

type C = Context<{ Bindings: Env }>;

export const webhooks = new Hono<{ Bindings: Env }>();

/** Seen ids are kept a day; older deliveries fail the timestamp check anyway. */
const SEEN_RETENTION_MS = 24 * 60 * 60_000;

const refuse = (c: C, why: string) => errorResponse(c, 401, 'unauthorized', why);

webhooks.use('*', bodyLimit({ maxSize: 256 * 1024, onError: (c) => errorResponse(c, 413, 'payload_too_large', 'A webhook body must be 256 KB or smaller.') }));

async function suppressAll(env: Env, addresses: unknown[], reason: SuppressionReason, source: string): Promise<number> {
  let added = 0;
  for (const a of addresses) if (typeof a === 'string' && a.includes('@')) added += Number(await suppress(env, a, reason, source));
  return added;
}

webhooks.post('/resend', async (c) => {
  const secret = c.env.RESEND_WEBHOOK_SECRET;
  if (!secret) return refuse(c, 'Webhooks are not configured: set RESEND_WEBHOOK_SECRET.');
  const payload = await readText(c); // cut off before its end: the 400 every route gives, not a 500
  const id = c.req.header('svix-id') ?? '';
  let event: { type?: unknown; data?: { to?: unknown; bounce?: { type?: unknown } } };
  try {
    // Svix's headers under the Standard Webhooks names; the library checks the signature in
    // constant time and the timestamp within 5 minutes either way.
    event = new Webhook(secret).verify(payload, {
      'webhook-id': id,
      'webhook-timestamp': c.req.header('svix-timestamp') ?? '',
      'webhook-signature': c.req.header('svix-signature') ?? '',
    }) as typeof event;
  } catch (err) {
    // Verified, then not JSON (the library parses only a body whose signature holds): the body's fault, not the secret's.
    if (err instanceof SyntaxError) return errorResponse(c, 400, 'bad_json', 'The request body is not valid JSON.');
    return refuse(c, 'The webhook signature or timestamp does not verify.');
  }
  // Replay protection: each svix-id is handled once. It is recorded only once its suppression is
  // stored (suppressing is idempotent): a delivery that failed half-way is retried by Resend and
  // handled then, rather than refused as already received and its bounce lost.
  const key = `resend:${id}`;
  if (await c.env.DB.prepare('SELECT 1 FROM webhook_events WHERE id = ?').bind(key).first()) {
    return refuse(c, 'This webhook delivery was already received.');
  }

  const to = Array.isArray(event?.data?.to) ? event.data.to : [event?.data?.to];
  let suppressed = 0;
  if (event?.type === 'email.complained') suppressed = await suppressAll(c.env, to, 'complaint', 'resend');
  // Hard bounces only (Resend: bounce.type 'Permanent'); an unknown type counts as hard, as Resend itself treats it.
  else if (event?.type === 'email.bounced' && event.data?.bounce?.type !== 'Transient') suppressed = await suppressAll(c.env, to, 'bounce', 'resend');
  await c.env.DB.batch([
    c.env.DB.prepare('DELETE FROM webhook_events WHERE received_at < ?').bind(new Date(Date.now() - SEEN_RETENTION_MS).toISOString()),
    c.env.DB.prepare('INSERT OR IGNORE INTO webhook_events (id) VALUES (?)').bind(key),
  ]);
  return c.json({ received: true, suppressed });
});

async function postmarkSecret(c: C): Promise<string> {
  const auth = c.req.header('Authorization') ?? '';
  // The scheme's name is case-insensitive (RFC 9110 §11.1): `basic` is Basic.
  if (/^basic /i.test(auth)) {
    try {
      const decoded = atob(auth.slice(6).trim());
      // user:password (RFC 7617): credentials without the colon are not a password at all.
      return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : '';
    } catch {
      return '';
    }
  }
  return c.req.header('X-Webhook-Secret') ?? '';
}

webhooks.post('/postmark', async (c) => {
  const secret = c.env.POSTMARK_WEBHOOK_SECRET;
  if (!secret) return refuse(c, 'Webhooks are not configured: set POSTMARK_WEBHOOK_SECRET.');
  const given = await postmarkSecret(c);
  if (!given || !(await sameSecret(given, secret))) {
    c.header('WWW-Authenticate', 'Basic realm="rhec-pledge webhooks"');
    return refuse(c, 'Send the webhook secret as the basic-auth password.');
  }
  let event: { RecordType?: unknown; Type?: unknown; Email?: unknown; Recipient?: unknown; SuppressSending?: unknown; SuppressionReason?: unknown; Origin?: unknown };
  try {
    event = JSON.parse(await readText(c)) as typeof event;
  } catch (err) {
    if (err instanceof IncompleteBodyError) throw err;
    return errorResponse(c, 400, 'bad_json', 'The request body is not valid JSON.');
  }
  let suppressed = 0;
  let unsubscribed = 0;
  if (event?.RecordType === 'SpamComplaint') suppressed = await suppressAll(c.env, [event.Email], 'complaint', 'postmark');
  else if (event?.RecordType === 'Bounce' && event.Type === 'HardBounce') suppressed = await suppressAll(c.env, [event.Email], 'bounce', 'postmark');
  // Postmark stopped sending to an address itself (its SubscriptionChange). A reader who used
  // Postmark's own unsubscribe link (ManualSuppression from the Recipient, on the broadcast stream)
  // asked for no more updates, as our own link does: that is what stops, with the yearly renewal
  // email Postmark will no longer send on that stream either; not every email (a confirmation
  // they ask for still comes, on the outbound stream). A hard bounce or complaint Postmark saw, or a suppression
  // someone added in Postmark, joins the suppression list. Postmark lifting one (SuppressSending
  // false) lifts nothing here: a maintainer does that on the dashboard.
  else if (event?.RecordType === 'SubscriptionChange' && event.SuppressSending === true) {
    if (event.SuppressionReason === 'ManualSuppression' && event.Origin === 'Recipient') {
      unsubscribed = await unsubscribeAddress(c.env.DB, event.Recipient);
    } else {
      const reason: SuppressionReason = event.SuppressionReason === 'HardBounce' ? 'bounce' : event.SuppressionReason === 'SpamComplaint' ? 'complaint' : 'manual';
      suppressed = await suppressAll(c.env, [event.Recipient], reason, 'postmark');
    }
  }
  return c.json({ received: true, suppressed, ...(unsubscribed ? { unsubscribed } : {}) });
});
