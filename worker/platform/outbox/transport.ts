/**
 * Where emails go: Cloudflare Email Service (the `send_email` binding, the default) or, for
 * societies that already use one, Resend or Postmark over HTTP (EMAIL_TRANSPORT + EMAIL_API_KEY).
 * Every failure is classified: temporary ones are retried with backoff, permanent ones are not.
 *
 * `discard` is for benchmarks and local load tests only: it counts each email and drops it, so
 * everything up to the binding (claim, compose, sign, mark sent) runs and costs what it costs,
 * without wrangler's local `send_email` writing files for every message. It works only in local
 * development (DEV_MODE); anywhere else it fails every send as temporary, so nothing is dropped
 * and the outbox keeps the emails until the setting is fixed. `npm run deploy` (and its dry-run)
 * refuses it for staging and production.
 *
 * `sink` is the updates benchmark's stand-in for a provider (scripts/bench/updates.ts): it POSTs
 * each email's outbox id — only the id, nothing personal — to EMAIL_SINK_URL, a counting server on
 * loopback that outlives the Worker, so a kill of the Worker cannot hide a second hand-off. A 5xx
 * or 429 from the sink is a temporary failure, like any provider's. Like `discard`: local
 * development only (DEV_MODE, and a localhost URL), refused by `npm run deploy`.
 */
import { EmailMessage } from 'cloudflare:email';
import { isDevelopment } from '../dev-mode.ts';
import type { OutgoingEmail } from './kinds.ts';
import { rawMime } from './local-mime.ts';

export class EmailSendError extends Error {
  constructor(
    readonly kind: 'temporary' | 'permanent',
    readonly code: string,
  ) {
    super(`${kind}: ${code}`);
  }
}

/** A provider's refusal of an idempotency key it has already taken (Resend's 409 `invalid_idempotent_request`). */
export const KEY_USED = 'key_used';

/**
 * The provider refused the recipient because it has suppressed the address itself (a hard bounce, a
 * spam complaint or a manual suppression it recorded): Postmark's 422 with ErrorCode 406 ("inactive
 * recipient"), the send_email binding's E_RECIPIENT_SUPPRESSED. Every later email to it would be
 * refused the same way, so the outbox treats it as our own suppression: the address joins the
 * suppression list and the row is cancelled as `suppressed` (send-outbox.ts), never a failure to
 * send again. (Resend answers no such refusal that this classifies: its bounces and complaints come
 * by webhook, updates/webhooks.ts.)
 */
export const PROVIDER_SUPPRESSED = 'suppressed';

/**
 * Postmark's "inactive recipient" on its `broadcast` stream (updates, check-ins, renewals, update
 * tests). Postmark keeps its suppressions per stream, and the commonest on this one is a reader's
 * unsubscribe through Postmark's own link: so only what that stream carries stops, as the
 * SubscriptionChange webhook does (updates/links.ts, `unsubscribeAddress`), and the address does not
 * join our suppression list (a confirmation or an organization's email, on `outbound`, still goes).
 * The row is cancelled as `suppressed` all the same (send-outbox.ts).
 */
export const PROVIDER_UNSUBSCRIBED = 'unsubscribed';

/**
 * How a row's last attempt ended when nobody knows whether the provider took it: the request
 * failed in transit (`network`), threw something unforeseen, was still being processed
 * (`in_progress`), the send_email binding failed in a way it does not explain (`binding`), or a
 * consumer died mid-hand-off (`interrupted`, set by the sweeper). After one of
 * these, KEY_USED means the provider had the email: it is sent. After anything else it is a failure.
 */
export const OUTCOME_UNKNOWN: readonly string[] = ['network', 'unexpected', 'in_progress', 'interrupted', 'binding'];

/**
 * How long a provider that drops repeated keys remembers one: Resend keeps an Idempotency-Key for
 * 24 hours. A row in doubt for longer than this (less a margin) is failed (`doubt_expired`) rather
 * than handed over again, since the provider would no longer know it had it.
 */
export const KEY_MEMORY_MS = 23 * 60 * 60 * 1000;

export interface EmailTransport {
  /** `key` is the outbox row's id: providers that support it use it to drop duplicates. */
  send(email: OutgoingEmail, key: string): Promise<void>;
}

function headersFor(env: Env) {
  return { from: env.EMAIL_FROM, replyTo: env.EMAIL_REPLY_TO || undefined };
}

/**
 * HTTP answers: 429 and 5xx are worth retrying; so are 401 and 403, a key or a sender the provider
 * does not accept (a setting of ours, wrong for every email until it is fixed: failing them for
 * good would lose every email sent meanwhile). Other 4xx (a bad address, a malformed email) are not.
 */
function classify(status: number): EmailSendError {
  const temporary = status === 429 || status === 401 || status === 403 || status >= 500;
  return new EmailSendError(temporary ? 'temporary' : 'permanent', `http_${status}`);
}

/**
 * Postmark's answers (HTTP 422, with an `ErrorCode`) that are about our account or sender, not
 * the recipient: sender signature not found (400) or not confirmed (401), not allowed to send
 * (405: out of credits), account pending approval (412) and its recipient restriction (413).
 */
const POSTMARK_SETTING_CODES = new Set([400, 401, 405, 412, 413]);
/** Postmark's "inactive recipient" (HTTP 422): an address it has suppressed (PROVIDER_SUPPRESSED). */
const POSTMARK_INACTIVE_RECIPIENT = 406;

async function post(url: string, init: RequestInit, inactive = PROVIDER_SUPPRESSED): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new EmailSendError('temporary', 'network');
  }
  if (res.ok) return;
  if (res.status === 409 && url.includes('api.resend.com')) {
    // Resend refuses a key it has already seen: `invalid_idempotent_request` when an earlier request
    // with it was taken with another payload (a retry composes the email again, with fresh link
    // expiries). Whether that earlier one was delivered only the outbox row can tell (was its
    // outcome unknown?): `key_used`, which sendOutboxRows reads. `concurrent_idempotent_requests`:
    // the first is still being processed; ask again later.
    const name = await res.json().then((b) => (b as { name?: unknown }).name, () => undefined);
    if (name === 'invalid_idempotent_request') throw new EmailSendError('permanent', KEY_USED);
    if (name === 'concurrent_idempotent_requests') throw new EmailSendError('temporary', 'in_progress');
  }
  if (res.status === 422) {
    const code = await res.json().then((b) => (b as { ErrorCode?: unknown }).ErrorCode, () => undefined);
    if (url.includes('postmarkapp.com') && typeof code === 'number' && POSTMARK_SETTING_CODES.has(code)) throw new EmailSendError('temporary', 'sender_setting');
    if (url.includes('postmarkapp.com') && code === POSTMARK_INACTIVE_RECIPIENT) throw new EmailSendError('permanent', inactive);
  }
  throw classify(res.status);
}

/**
 * Whether the configured transport drops a repeated send of the same key, so an email whose
 * hand-off was interrupted may safely be handed over again: Resend keeps Idempotency-Keys 24 hours.
 * (The send_email binding and Postmark take no such key.)
 */
export const dedupesByKey = (env: Pick<Env, 'EMAIL_TRANSPORT'>): boolean => env.EMAIL_TRANSPORT === 'resend';

/** Emails the `discard` transport has dropped in this isolate (read by tests; benchmarks count `sent` rows). */
export const discarded = { count: 0 };

export function transportFor(env: Env): EmailTransport {
  const { from, replyTo } = headersFor(env);
  switch (env.EMAIL_TRANSPORT) {
    case 'discard':
      return {
        async send() {
          if (env.DEV_MODE !== 'true') {
            console.error(JSON.stringify({ event: 'email_transport_refused', transport: 'discard' }));
            throw new EmailSendError('temporary', 'discard_outside_dev');
          }
          discarded.count++;
        },
      };
    case 'sink':
      return {
        async send(_email, key) {
          // Local development only: DEV_MODE and a sink on this machine (dev-mode.ts's own rule).
          if (!isDevelopment(env, env.EMAIL_SINK_URL)) {
            console.error(JSON.stringify({ event: 'email_transport_refused', transport: 'sink' }));
            throw new EmailSendError('temporary', 'sink_outside_dev');
          }
          await post(env.EMAIL_SINK_URL, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key }) });
        },
      };
    case 'resend':
      return {
        send: (email, key) =>
          post('https://api.resend.com/emails', {
            method: 'POST',
            headers: { Authorization: `Bearer ${env.EMAIL_API_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: JSON.stringify({ from, to: [email.to], reply_to: replyTo, subject: email.subject, text: email.text, html: email.html, headers: email.headers }),
          }),
      };
    case 'postmark':
      return {
        send: (email) => {
          // Updates go out on Postmark's broadcast stream (bulk mail is kept apart from transactional).
          const broadcast = Boolean(email.headers?.['List-Unsubscribe']);
          return post('https://api.postmarkapp.com/email', {
            method: 'POST',
            headers: { 'X-Postmark-Server-Token': env.EMAIL_API_KEY, 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify({
              From: from, To: email.to, ReplyTo: replyTo, Subject: email.subject, TextBody: email.text, HtmlBody: email.html,
              ...(email.headers ? { Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })) } : {}),
              MessageStream: broadcast ? 'broadcast' : 'outbound',
              // No open pixel and no rewritten links, whatever the Postmark server's defaults: left out,
              // a server set to track adds a pixel to every email (a confirmation too) and sends every
              // link, signed tokens included, through Postmark's own domain.
              TrackOpens: false,
              TrackLinks: 'None',
            }),
          }, broadcast ? PROVIDER_UNSUBSCRIBED : PROVIDER_SUPPRESSED);
        },
      };
    default:
      return {
        async send(email) {
          try {
            if (env.DEV_MODE === 'true' && Object.keys(email.headers ?? {}).some((h) => h !== 'Content-Language')) {
              // Locally, an email with headers of its own (an update's List-Unsubscribe) goes as raw MIME,
              // which wrangler keeps whole (headers included) as an .eml file, so `npm run mailbox` shows
              // them. Every email says its language; that alone keeps the local .txt and .html files the
              // tests and a developer read.
              const envelopeFrom = /<([^>]+)>/.exec(from)?.[1] ?? from;
              await env.EMAIL.send(new EmailMessage(envelopeFrom, email.to, rawMime(from, email, replyTo)));
            } else {
              await env.EMAIL.send({ from, to: email.to, replyTo, subject: email.subject, text: email.text, html: email.html, headers: email.headers });
            }
          } catch (err) {
            // A sender or domain the binding does not accept is our setting, wrong for every email until
            // it is fixed: retried, so the emails wait instead of failing for good. A recipient it
            // refuses (invalid, not allowed, suppressed) is that email's alone: not retried.
            // An account that may send only to verified destinations (a restricted binding, Workers
            // Free) is a setting too; otherwise the recipient's wording is read first: "recipient
            // domain not allowed" is about them.
            const message = String((err as Error)?.message ?? '');
            // An address the service has suppressed: as Postmark's inactive recipient (PROVIDER_SUPPRESSED).
            if ((err as { code?: unknown })?.code === 'E_RECIPIENT_SUPPRESSED' || /recipient.*suppressed|E_RECIPIENT_SUPPRESSED/i.test(message)) {
              throw new EmailSendError('permanent', PROVIDER_SUPPRESSED);
            }
            if (/destination.*not (verified|allowed)/i.test(message)) throw new EmailSendError('temporary', 'sender_setting');
            if (/recipient|destination|suppressed/i.test(message)) throw new EmailSendError('permanent', 'rejected');
            if (/sender|domain|not verified|unverified/i.test(message)) throw new EmailSendError('temporary', 'sender_setting');
            // Refused for now (too many, a limit reached, the service unavailable): not taken, so it
            // is safe to try again later. Anything else it does not explain leaves unknown whether it
            // was taken (`binding`, see OUTCOME_UNKNOWN).
            if (/rate.?limit|too many|quota|limit exceeded/i.test(message)) throw new EmailSendError('temporary', 'rate_limited');
            if (/unavailable|temporar|try (again|later)/i.test(message)) throw new EmailSendError('temporary', 'unavailable');
            throw /invalid|not allowed/i.test(message) ? new EmailSendError('permanent', 'rejected') : new EmailSendError('temporary', 'binding');
          }
        },
      };
  }
}
