import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import worker from '../../worker/index.ts';
import type { EmailKinds } from '../../worker/platform/outbox/kinds.ts';
import { backoff, sendOutboxRow, sendOutboxRows, type EmailJob } from '../../worker/platform/outbox/send-outbox.ts';
import { PLEDGE_EMAILS } from '../../worker/pledges/emails.ts';
import { eraseUnconfirmed, MAX_EMAIL_ATTEMPTS, SWEEP_MAX_ROWS, sweepOutbox } from '../../worker/platform/outbox/sweep.ts';
import { enqueueEmailBatches, enqueueEmails, ratePerSecond, reservePace } from '../../worker/platform/outbox/enqueue.ts';
import { occupyPace } from './helpers.ts';
import { EmailSendError, OUTCOME_UNKNOWN, transportFor, type EmailTransport } from '../../worker/platform/outbox/transport.ts';
import { rawMime } from '../../worker/platform/outbox/local-mime.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { forgetIpHashes } from '../../worker/pledges/review.ts';
import { GIVEN_UP, sendGivenUpAgain } from '../../worker/admin/given-up.ts';
import { suppressionOf } from '../../worker/updates/consent.ts';

const realFetch = globalThis.fetch;
/** The outbox ids a sendBatch was given, whichever shape each job has (one id, or a batch of them). */
const idsIn = (msgs: { body: EmailJob }[]) => msgs.flatMap(({ body }) => ('outboxIds' in body ? body.outboxIds : [body.outboxId]));
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** The email provider's HTTP API (beyond this machine), answered at the fetch boundary. */
function provider(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith('https://api.resend.com/') && !url.startsWith('https://api.postmarkapp.com/')) return realFetch(input, init);
    calls.push({ url, init: init ?? {} });
    return answer(url, init ?? {});
  }) as typeof fetch;
  return calls;
}

/**
 * Waits until a transport has been handed `count` emails, however long the machine takes to get
 * there (a fixed number of short polls gave up after about a second on a loaded CI), failing
 * clearly if the send finishes first.
 */
async function handedOver(handed: string[], count: number, running: Promise<unknown>): Promise<void> {
  let done = false;
  void running.finally(() => (done = true)).catch(() => {});
  while (handed.length < count) {
    if (done) throw new Error(`the send finished with ${handed.length} of ${count} emails handed over`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const RESEND = { EMAIL_TRANSPORT: 'resend', EMAIL_API_KEY: 're_test_key' } as Partial<Env>;
const POSTMARK = { EMAIL_TRANSPORT: 'postmark', EMAIL_API_KEY: 'pm-test-key' } as Partial<Env>;
const EMAIL = { to: 'someone@example.org', subject: 'Subject', text: 'Text', html: '<p>Html</p>' };

function message(overrides: Partial<PledgeMessage['pledge']> = {}): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'acr', name: 'Outbox Person', email: `outbox.${crypto.randomUUID()}@example.org`, role: 'nurse', commitment: true, ...overrides },
    flag: null,
    ipHash: null,
    receivedAt: new Date().toISOString(),
  };
}

const row = (id: string) =>
  env.DB.prepare('SELECT status, attempts, last_error, sent_at, in_doubt_since FROM email_outbox WHERE id = ?').bind(id).first<{
    status: string;
    attempts: number;
    last_error: string | null;
    sent_at: string | null;
    in_doubt_since: string | null;
  }>();

/** Runs the Worker's own queue handler on the email queue, as Cloudflare would, and returns each message's fate. */
async function consume(outboxIds: string[], overrides: Partial<Env>) {
  const batch = createMessageBatch<EmailJob>(
    'rhec-emails',
    outboxIds.map((outboxId, i) => ({ id: `email-${i}`, timestamp: new Date(), attempts: 1, body: { outboxId } })),
  );
  // The queue records acks and retries; the delay each retry asked for is noted on the way through.
  const delays = new Map<string, number | undefined>();
  const watched = {
    queue: batch.queue,
    ackAll: () => batch.ackAll(),
    retryAll: (o?: QueueRetryOptions) => batch.retryAll(o),
    messages: batch.messages.map((m) => ({
      id: m.id,
      timestamp: m.timestamp,
      attempts: m.attempts,
      body: m.body,
      ack: () => m.ack(),
      retry: (o?: QueueRetryOptions) => {
        delays.set(m.id, o?.delaySeconds);
        m.retry(o);
      },
    })),
  };
  const ctx = createExecutionContext();
  await worker.queue(watched as unknown as MessageBatch<never>, { ...env, ...overrides });
  const result = await getQueueResult(batch, ctx);
  return { ...result, retryMessages: result.retryMessages.map((r) => ({ ...r, delaySeconds: delays.get(r.msgId) })) };
}

describe('the email queue consumer', () => {
  it('acks a sent email, retries a temporary failure with backoff, and acks (gives up on) a permanent one', async () => {
    const [sent, temporary, permanent] = await storePledges(env.DB, [message(), message(), message()]);
    const status = new Map([[sent, 200], [temporary, 503], [permanent, 422]]);
    const calls = provider((_url, init) => {
      const key = new Headers(init.headers).get('Idempotency-Key')!;
      return new Response('{}', { status: status.get(key) });
    });
    const result = await consume([sent!, temporary!, permanent!], RESEND);
    expect(calls).toHaveLength(3);
    expect(result.explicitAcks.sort()).toEqual(['email-0', 'email-2']);
    expect(result.retryMessages).toEqual([{ msgId: 'email-1', delaySeconds: 10 }]);
    expect(result.ackAll).toBe(false);
    expect(await row(sent!)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect((await row(sent!))!.sent_at).toBeTruthy();
    expect(await row(temporary!)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'http_503' });
    expect(await row(permanent!)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'http_422' });

    // The retry, delivered again, sends it; the permanent failure is never tried again.
    status.set(temporary, 200);
    const again = await consume([temporary!, permanent!], RESEND);
    expect(again.explicitAcks.sort()).toEqual(['email-0', 'email-1']);
    expect(again.retryMessages).toEqual([]);
    expect(calls).toHaveLength(4);
    expect(await row(temporary!)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('backs off longer after each failure, up to an hour', async () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map(backoff)).toEqual([10, 10, 30, 120, 600, 1800, 3600, 3600, 3600]);
    const [id] = await storePledges(env.DB, [message()]);
    provider(() => new Response('busy', { status: 429 }));
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 3; i++) delays.push((await consume([id!], RESEND)).retryMessages[0]?.delaySeconds);
    expect(delays).toEqual([10, 30, 120]);
    expect(await row(id!)).toMatchObject({ status: 'queued', attempts: 3, last_error: 'http_429' });
  });

  it('sends nothing twice: a message for a row already sent is acked without a send', async () => {
    const [id] = await storePledges(env.DB, [message()]);
    const calls = provider(() => new Response('{}', { status: 200 }));
    await consume([id!, id!], RESEND);
    expect(calls).toHaveLength(1);
    expect((await consume([id!], RESEND)).explicitAcks).toEqual(['email-0']);
    expect(calls).toHaveLength(1);
  });

  it('sends each email once when the same batch reaches two consumers at once while the Cron sweeps and "Send them again" is pressed, and keeps the 3-email cap', async () => {
    // Four pledges for one mailbox (+tags): three emails may go to it, the fourth is capped.
    const box = `race.${crypto.randomUUID()}`;
    const ids = await storePledges(env.DB, [1, 2, 3, 4].map((n) => message({ email: `${box}+${n}@example.org` })));
    const keys: string[] = [];
    provider(async (_url, init) => {
      keys.push(new Headers(init.headers).get('Idempotency-Key')!);
      await new Promise((r) => setTimeout(r, 1)); // each answer after a turn of the event loop: the others run meanwhile
      return new Response('{}', { status: 200 });
    });
    const queue = { sendBatch: async () => {} };
    await Promise.all([
      consume(ids, RESEND),
      consume([...ids].reverse(), RESEND),
      sweepOutbox({ ...env, ...RESEND, EMAIL_QUEUE: queue as unknown as Queue }, Date.now()),
      sendGivenUpAgain(env.DB),
      consume(ids, RESEND),
    ]);
    // The sweep may have put back a claim it took for a dead consumer's: its messages come too.
    await consume(ids, RESEND);
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys).toHaveLength(3);
    const rows = await Promise.all(ids.map((id) => row(id)));
    expect(rows.filter((r) => r!.status === 'sent')).toHaveLength(3);
    expect(rows.filter((r) => r!.status === 'cancelled' && r!.last_error === 'mailbox_cap')).toHaveLength(1);
  });

  it('acks the health probe without sending anything', async () => {
    const calls = provider(() => new Response('{}', { status: 200 }));
    const batch = createMessageBatch('rhec-emails', [{ id: 'probe', timestamp: new Date(), attempts: 1, body: { healthProbe: true } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<never>, { ...env, ...RESEND });
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['probe']);
    expect(calls).toHaveLength(0);
  });
});

describe('sending one outbox row', () => {
  it('cancels a row whose kind no composer knows, or whose composer says skip, recording why', async () => {
    const [a, b] = await storePledges(env.DB, [message(), message()]);
    await env.DB.prepare(`UPDATE email_outbox SET kind = 'nobody-knows' WHERE id = ?`).bind(a).run();
    const kinds: EmailKinds = { confirm: async () => ({ skip: 'unsubscribed' }) };
    const transport = { send: async () => expect.unreachable('nothing is sent') };
    expect(await sendOutboxRow(env, a!, kinds, transport)).toBe('skipped');
    expect(await sendOutboxRow(env, b!, kinds, transport)).toBe('skipped');
    expect(await row(a!)).toMatchObject({ status: 'cancelled', last_error: 'unknown_kind', attempts: 1 });
    expect(await row(b!)).toMatchObject({ status: 'cancelled', last_error: 'unsubscribed', attempts: 1 });
  });

  it('treats an unexpected error from a transport as temporary, retried through a provider that drops a repeated key', async () => {
    const [id] = await storePledges(env.DB, [message()]);
    const kinds: EmailKinds = { confirm: async () => EMAIL };
    const outcome = await sendOutboxRow({ ...env, ...RESEND }, id!, kinds, { send: async () => Promise.reject(new TypeError('boom')) });
    expect(outcome).toEqual({ retryAfter: 10 });
    expect(await row(id!)).toMatchObject({ status: 'queued', last_error: 'unexpected' });
  });

  it('leaves cancelled an email cancelled during its hand-off (the pledge withdrawn) when the hand-off then fails, temporarily or for good', async () => {
    const kinds: EmailKinds = { confirm: async () => EMAIL };
    for (const kind of ['temporary', 'permanent'] as const) {
      const [id] = await storePledges(env.DB, [message()]);
      const transport = {
        async send() {
          // What a withdrawal does to its pledge's emails (pledges/status.ts), while this one is being handed over.
          await env.DB.prepare(`UPDATE email_outbox SET status = 'cancelled' WHERE id = ? AND status IN ('queued', 'sending')`).bind(id).run();
          throw new EmailSendError(kind, kind == 'temporary' ? 'rate_limited' : 'bad_request');
        },
      };
      await sendOutboxRow({ ...env, EMAIL_TRANSPORT: 'cloudflare' }, id!, kinds, transport);
      expect(await row(id!), kind).toMatchObject({ status: 'cancelled' });
    }
  });

  it('never hands over again an email whose hand-off ended with its outcome unknown, through a transport that takes no idempotency key', async () => {
    const kinds: EmailKinds = { confirm: async () => EMAIL };
    for (const [name, settings, thrown, code] of [
      ['Postmark, the connection dropped', POSTMARK, new EmailSendError('temporary', 'network'), 'network'],
      ['the send_email binding, an error it does not explain', { EMAIL_TRANSPORT: 'cloudflare' }, new EmailSendError('temporary', 'binding'), 'binding'],
      ['the send_email binding, something unforeseen', { EMAIL_TRANSPORT: 'cloudflare' }, new TypeError('boom'), 'unexpected'],
    ] as const) {
      const [id] = await storePledges(env.DB, [message()]);
      const handed: string[] = [];
      const transport = {
        async send(_e: unknown, key: string) {
          handed.push(key); // the provider may have taken it: nobody heard back
          throw thrown;
        },
      };
      const overrides = settings as Partial<Env>;
      expect(await sendOutboxRow({ ...env, ...overrides }, id!, kinds, transport), name).toBe('failed');
      expect(await row(id!), name).toMatchObject({ status: 'failed', last_error: code });
      // Redelivered, or swept long after: never handed over a second time.
      await sendOutboxRow({ ...env, ...overrides }, id!, kinds, transport);
      const swept: string[] = [];
      const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void swept.push(...idsIn(msgs)) };
      await sweepOutbox({ ...env, ...overrides, EMAIL_QUEUE: queue as unknown as Queue }, Date.now() + 2 * 86_400_000);
      expect(swept, name).not.toContain(id);
      expect(handed, name).toEqual([id]);
    }
    // A failure known to come before the hand-off (the provider answered 503, the binding's limit) is retried.
    const [busy] = await storePledges(env.DB, [message()]);
    const refused = { send: async () => Promise.reject(new EmailSendError('temporary', 'rate_limited')) };
    expect(await sendOutboxRow({ ...env, EMAIL_TRANSPORT: 'cloudflare' }, busy!, kinds, refused)).toEqual({ retryAfter: 10 });
    expect(await row(busy!)).toMatchObject({ status: 'queued', last_error: 'rate_limited' });
  });
});

describe('the HTTP email transports', () => {
  async function failureFor(overrides: Partial<Env>, status: number): Promise<EmailSendError> {
    provider(() => new Response('{}', { status }));
    return transportFor({ ...env, ...overrides }).send(EMAIL, 'key-1').then(
      () => expect.unreachable(`HTTP ${status} must fail`),
      (err: unknown) => err as EmailSendError,
    );
  }

  it('class 429, 5xx and a refused key or sender (401, 403) as temporary and other 4xx as permanent, for Resend and Postmark', async () => {
    for (const overrides of [RESEND, POSTMARK]) {
      for (const status of [401, 403, 429, 500, 502, 503, 599]) {
        const err = await failureFor(overrides, status);
        expect(err, `${overrides.EMAIL_TRANSPORT} ${status}`).toBeInstanceOf(EmailSendError);
        expect({ kind: err.kind, code: err.code }).toEqual({ kind: 'temporary', code: `http_${status}` });
      }
      for (const status of [400, 404, 422, 428, 430, 499]) {
        const err = await failureFor(overrides, status);
        expect({ kind: err.kind, code: err.code }, `${overrides.EMAIL_TRANSPORT} ${status}`).toEqual({ kind: 'permanent', code: `http_${status}` });
      }
    }
  });

  it("class Postmark's account and sender refusals (422 with their ErrorCode) as our setting, and a bad recipient as permanent", async () => {
    const postmark422 = async (body: unknown) => {
      provider(() => new Response(JSON.stringify(body), { status: 422 }));
      return transportFor({ ...env, ...POSTMARK }).send(EMAIL, 'key-1').then(
        () => expect.unreachable('422 must fail'),
        (err: EmailSendError) => ({ kind: err.kind, code: err.code }),
      );
    };
    for (const ErrorCode of [400, 401, 405, 412, 413]) {
      expect(await postmark422({ ErrorCode, Message: 'sender or account' }), String(ErrorCode)).toEqual({ kind: 'temporary', code: 'sender_setting' });
    }
    expect(await postmark422({ ErrorCode: 300, Message: 'Invalid email request' })).toEqual({ kind: 'permanent', code: 'http_422' });
    // An inactive recipient (hard bounce, complaint, manual suppression at Postmark): suppressed, not failed.
    expect(await postmark422({ ErrorCode: 406, Message: 'inactive recipient' })).toEqual({ kind: 'permanent', code: 'suppressed' });
    expect(await postmark422('not json')).toEqual({ kind: 'permanent', code: 'http_422' });
    // The same on the broadcast stream (an email with List-Unsubscribe: updates, renewals), where
    // Postmark's suppression is that stream's only, most often the reader's unsubscribe: 'unsubscribed'.
    provider(() => new Response(JSON.stringify({ ErrorCode: 406, Message: 'inactive recipient' }), { status: 422 }));
    const broadcast = await transportFor({ ...env, ...POSTMARK })
      .send({ ...EMAIL, headers: { 'List-Unsubscribe': '<https://pledge.test/unsubscribe?t=x>' } }, 'key-2')
      .then(() => expect.unreachable('422 must fail'), (err: EmailSendError) => ({ kind: err.kind, code: err.code }));
    expect(broadcast).toEqual({ kind: 'permanent', code: 'unsubscribed' });
  });

  it("treats a recipient Postmark has suppressed (422, ErrorCode 406: inactive) as our own suppression: listed, the row cancelled as suppressed and acked, handed over once, never given up on or sent again", async () => {
    const address = `inactive.${crypto.randomUUID()}@example.org`;
    const active = `active.${crypto.randomUUID()}@example.org`;
    await storePledges(env.DB, [message({ email: address }), message({ email: active })]);
    // (storePledges answers its outbox ids in no set order: each row is found by its address.)
    const outboxOf = (email: string) =>
      env.DB.prepare('SELECT o.id FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email = ?').bind(email).first<string>('id');
    const inactive = await outboxOf(address);
    const other = await outboxOf(active);
    const calls = provider((_url, init) => {
      const to = (JSON.parse(init.body as string) as { To: string }).To;
      return to === address
        ? new Response(JSON.stringify({ ErrorCode: 406, Message: `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${to}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.` }), { status: 422 })
        : new Response('{}', { status: 200 });
    });
    const result = await consume([inactive!, other!], POSTMARK);
    expect(calls).toHaveLength(2);
    // Acked, not retried: every later attempt would be refused the same way.
    expect(result.explicitAcks.sort()).toEqual(['email-0', 'email-1']);
    expect(result.retryMessages).toEqual([]);
    expect(await row(inactive!)).toMatchObject({ status: 'cancelled', attempts: 1, last_error: 'suppressed', sent_at: null, in_doubt_since: null });
    expect(await row(other!)).toMatchObject({ status: 'sent', last_error: null });
    // On the shared suppression list (under the mailbox's key), as a bounce Postmark reported would be.
    expect(await suppressionOf(env, address.toUpperCase())).toMatchObject({ reason: 'bounce' });
    // Not among the emails given up on; "Send them again" and the sweep leave it alone; a redelivery sends nothing.
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM email_outbox WHERE id = ? AND ${GIVEN_UP}`).bind(inactive).first('n')).toBe(0);
    await sendGivenUpAgain(env.DB);
    const swept: string[] = [];
    const queue = { async sendBatch(msgs: { body: EmailJob }[]) { swept.push(...idsIn(msgs)); }, async send(m: EmailJob) { swept.push(...idsIn([{ body: m }])); } };
    await sweepOutbox({ ...env, ...POSTMARK, EMAIL_QUEUE: queue as unknown as Queue }, Date.now() + 24 * 60 * 60_000);
    expect(swept).not.toContain(inactive);
    expect(await consume([inactive!], POSTMARK)).toMatchObject({ explicitAcks: ['email-0'], retryMessages: [] });
    expect(await row(inactive!)).toMatchObject({ status: 'cancelled', attempts: 1, last_error: 'suppressed' });
    expect(calls.filter((c) => (JSON.parse(c.init.body as string) as { To: string }).To === address)).toHaveLength(1);
  });

  it("class the send_email binding's suppressed recipient as Postmark's inactive one: the address is suppressed, not the email failed", async () => {
    const address = `suppressed.${crypto.randomUUID()}@example.org`;
    const [id] = await storePledges(env.DB, [message({ email: address })]);
    let handed = 0;
    const EMAIL = {
      async send() {
        handed++;
        throw Object.assign(new Error('E_RECIPIENT_SUPPRESSED: recipient is suppressed'), { code: 'E_RECIPIENT_SUPPRESSED' });
      },
    } as unknown as SendEmail;
    const result = await consume([id!], { EMAIL_TRANSPORT: '', EMAIL });
    expect(result).toMatchObject({ explicitAcks: ['email-0'], retryMessages: [] });
    expect(handed).toBe(1);
    expect(await row(id!)).toMatchObject({ status: 'cancelled', last_error: 'suppressed' });
    expect(await suppressionOf(env, address)).toMatchObject({ reason: 'bounce' });
  });

  it("class Resend's refusal of a key already used for another payload as key_used (the outbox decides), and a key still in progress as temporary", async () => {
    const resend409 = async (body: unknown) => {
      provider(() => new Response(JSON.stringify(body), { status: 409 }));
      return transportFor({ ...env, ...RESEND }).send(EMAIL, 'key-1').then(
        () => 'sent',
        (err: EmailSendError) => ({ kind: err.kind, code: err.code }),
      );
    };
    expect(await resend409({ statusCode: 409, name: 'invalid_idempotent_request', message: 'Same idempotency key used with a different request payload.' })).toEqual({ kind: 'permanent', code: 'key_used' });
    expect(await resend409({ statusCode: 409, name: 'concurrent_idempotent_requests', message: 'Same idempotency key used while original request is still in progress.' })).toEqual({ kind: 'temporary', code: 'in_progress' });
    expect(await resend409({ name: 'something_else' })).toEqual({ kind: 'permanent', code: 'http_409' });
    // Postmark has no idempotency keys: its 409 is nothing of the kind.
    provider(() => new Response(JSON.stringify({ name: 'invalid_idempotent_request' }), { status: 409 }));
    const postmark = await transportFor({ ...env, ...POSTMARK }).send(EMAIL, 'key-1').then(() => 'sent', (err: EmailSendError) => err.code);
    expect(postmark).toBe('http_409');
  });

  it("counts a row as sent when Resend already has its key from an attempt whose outcome was unknown, and as failed after a known failure", async () => {
    const used = { async send() { throw new EmailSendError('permanent', 'key_used'); } };
    const resend = { ...env, ...RESEND } as Env;
    for (const [before, expected] of [
      ['network', 'sent'],
      ['interrupted', 'sent'],
      ['in_progress', 'sent'],
      ['http_500', 'failed'],
      [null, 'failed'],
    ] as const) {
      const [id] = await storePledges(env.DB, [message()]);
      // As the attempt (or the sweeper) left it: an unknown outcome is dated, a known failure is not.
      const doubt = before && OUTCOME_UNKNOWN.includes(before) ? new Date(Date.now() - 60_000).toISOString() : null;
      await env.DB.prepare('UPDATE email_outbox SET attempts = 1, last_error = ?, in_doubt_since = ? WHERE id = ?').bind(before, doubt, id).run();
      const outcomes = await sendOutboxRows(resend, [id!], PLEDGE_EMAILS, used);
      expect(outcomes.get(id!), String(before)).toBe(expected);
      expect(await row(id!), String(before)).toMatchObject(expected === 'sent' ? { status: 'sent', last_error: null } : { status: 'failed', last_error: 'key_used' });
    }
  });

  it("still counts a row as sent when Resend already has its key after a LATER known failure: an attempt once in doubt stays in doubt", async () => {
    const resend = { ...env, ...RESEND } as Env;
    const [id] = await storePledges(env.DB, [message()]);
    const attempt = (send: EmailTransport['send']) => sendOutboxRows(resend, [id!], PLEDGE_EMAILS, { send }).then((o) => o.get(id!));
    const requeue = () => env.DB.prepare(`UPDATE email_outbox SET status = 'queued' WHERE id = ?`).bind(id).run();
    // 1: the connection drops mid-request (did Resend take it?); retried, remembered as in doubt.
    expect(await attempt(async () => { throw new EmailSendError('temporary', 'network'); })).toEqual({ retryAfter: expect.any(Number) });
    const first = await row(id!);
    expect(first).toMatchObject({ status: 'queued', last_error: 'network' });
    expect(first!.in_doubt_since).toBeTruthy();
    // 2: a 500 this time: the last error is now a known one, the doubt (and its time) is kept.
    await requeue();
    expect(await attempt(async () => { throw new EmailSendError('temporary', 'http_500'); })).toEqual({ retryAfter: expect.any(Number) });
    expect(await row(id!)).toMatchObject({ status: 'queued', last_error: 'http_500', in_doubt_since: first!.in_doubt_since });
    // 3: Resend refuses the key as already used: the first attempt had been delivered.
    await requeue();
    expect(await attempt(async () => { throw new EmailSendError('permanent', 'key_used'); })).toBe('sent');
    expect(await row(id!)).toMatchObject({ status: 'sent', last_error: null });
  });

  it('dates the doubt of rows already waiting in doubt when the column came (migration 0017), and of no others', async () => {
    const at = '2026-11-30T10:00:00.000Z';
    const waiting = async (status: string, lastError: string | null) => {
      const [id] = await storePledges(env.DB, [message()]);
      await env.DB.prepare('UPDATE email_outbox SET status = ?, last_error = ?, updated_at = ?, in_doubt_since = NULL WHERE id = ?').bind(status, lastError, at, id).run();
      return id!;
    };
    const rows = { network: await waiting('queued', 'network'), interrupted: await waiting('queued', 'interrupted'), http500: await waiting('queued', 'http_500'), sentAfterDoubt: await waiting('sent', 'network'), fresh: await waiting('queued', null) };
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0017'))!;
    // Its data step again over these rows (the column already exists).
    for (const query of migration.queries) if (!/ALTER TABLE/i.test(query)) await env.DB.prepare(query).run();
    const since = async (id: string) => (await row(id))!.in_doubt_since;
    expect({ network: await since(rows.network), interrupted: await since(rows.interrupted) }).toEqual({ network: at, interrupted: at });
    expect({ http500: await since(rows.http500), sent: await since(rows.sentAfterDoubt), fresh: await since(rows.fresh) }).toEqual({ http500: null, sent: null, fresh: null });
  });

  it('fails, without handing it over, an email in doubt once the provider no longer remembers its key, or through a transport that takes no key', async () => {
    const handed: string[] = [];
    const transport = { send: async (_e: unknown, key: string) => void handed.push(key) };
    const inDoubt = async (hoursAgo: number) => {
      const [id] = await storePledges(env.DB, [message()]);
      await env.DB.prepare(`UPDATE email_outbox SET attempts = 1, last_error = 'http_503', in_doubt_since = ? WHERE id = ?`)
        .bind(new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), id)
        .run();
      return id!;
    };
    const [recent, old, viaBinding] = [await inDoubt(22.5), await inDoubt(23.5), await inDoubt(2)]; // the provider keeps a key 24 h: 23 with a margin
    const resend = { ...env, ...RESEND } as Env;
    expect(await sendOutboxRows(resend, [recent, old], PLEDGE_EMAILS, transport)).toEqual(new Map([[recent, 'sent'], [old, 'failed']]));
    // Through the send_email binding (the transport changed meanwhile): no key, so no second hand-off.
    expect(await sendOutboxRows({ ...env, EMAIL_TRANSPORT: 'cloudflare' } as Env, [viaBinding], PLEDGE_EMAILS, transport)).toEqual(new Map([[viaBinding, 'failed']]));
    expect(handed).toEqual([recent]);
    expect(await row(old)).toMatchObject({ status: 'failed', last_error: 'doubt_expired' });
    expect(await row(viaBinding)).toMatchObject({ status: 'failed', last_error: 'doubt_expired' });
  });

  it('class an unreachable provider as temporary', async () => {
    globalThis.fetch = (async () => {
      throw new TypeError('network down');
    }) as typeof fetch;
    const err = await transportFor({ ...env, ...RESEND }).send(EMAIL, 'k').catch((e: unknown) => e as EmailSendError);
    expect({ kind: err?.kind, code: err?.code }).toEqual({ kind: 'temporary', code: 'network' });
  });

  it('post to Resend with the key, the outbox id as idempotency key, and the email', async () => {
    const calls = provider(() => new Response('{}', { status: 200 }));
    await transportFor({ ...env, ...RESEND, EMAIL_FROM: 'RHEC <pledge@rhec.example>', EMAIL_REPLY_TO: 'help@rhec.example' }).send(EMAIL, 'outbox-key');
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [{ url: string; init: RequestInit }];
    expect(url).toBe('https://api.resend.com/emails');
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('Authorization')).toBe('Bearer re_test_key');
    expect(headers.get('Idempotency-Key')).toBe('outbox-key');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({
      from: 'RHEC <pledge@rhec.example>',
      to: ['someone@example.org'],
      reply_to: 'help@rhec.example',
      subject: 'Subject',
      text: 'Text',
      html: '<p>Html</p>',
    });
  });

  it('post to Postmark with its server token and the email', async () => {
    const calls = provider(() => new Response('{}', { status: 200 }));
    await transportFor({ ...env, ...POSTMARK, EMAIL_FROM: 'pledge@rhec.example', EMAIL_REPLY_TO: '' }).send(EMAIL, 'outbox-key');
    const [{ url, init }] = calls as [{ url: string; init: RequestInit }];
    expect(url).toBe('https://api.postmarkapp.com/email');
    expect(init.method).toBe('POST');
    const headers = new Headers(init.headers);
    expect(headers.get('X-Postmark-Server-Token')).toBe('pm-test-key');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Accept')).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({
      From: 'pledge@rhec.example',
      To: 'someone@example.org',
      Subject: 'Subject',
      TextBody: 'Text',
      HtmlBody: '<p>Html</p>',
      MessageStream: 'outbound',
      TrackOpens: false,
      TrackLinks: 'None',
    });
  });
});

describe('the send_email binding transport', () => {
  function binding(fail?: string) {
    const sent: unknown[] = [];
    const EMAIL = {
      async send(m: unknown) {
        if (fail) throw new Error(fail);
        sent.push(m);
      },
    } as unknown as SendEmail;
    return { sent, EMAIL };
  }

  it('sends from EMAIL_FROM with the reply-to, and classes rejections', async () => {
    const ok = binding();
    await transportFor({ ...env, EMAIL_TRANSPORT: '', EMAIL: ok.EMAIL, EMAIL_FROM: 'pledge@rhec.example', EMAIL_REPLY_TO: 'help@rhec.example' }).send(EMAIL, 'k');
    expect(ok.sent).toEqual([{ from: 'pledge@rhec.example', to: 'someone@example.org', replyTo: 'help@rhec.example', subject: 'Subject', text: 'Text', html: '<p>Html</p>' }]);
    const noReply = binding();
    await transportFor({ ...env, EMAIL_TRANSPORT: '', EMAIL: noReply.EMAIL, EMAIL_REPLY_TO: '' }).send(EMAIL, 'k');
    expect((noReply.sent[0] as { replyTo?: string }).replyTo).toBeUndefined();

    for (const [message, kind, code] of [
      ['Invalid recipient', 'permanent', 'rejected'],
      ['recipient not allowed', 'permanent', 'rejected'],
      ['E_RECIPIENT_SUPPRESSED: recipient is suppressed', 'permanent', 'suppressed'],
      ['recipient domain not allowed', 'permanent', 'rejected'],
      ['destination address not verified', 'temporary', 'sender_setting'],
      ['invalid recipient: destination mailbox does not exist', 'permanent', 'rejected'],
      // Our own setting, wrong for every email until fixed: the emails wait for it.
      ['sender not allowed', 'temporary', 'sender_setting'],
      ['domain NOT VERIFIED', 'temporary', 'sender_setting'],
      ['unverified sender', 'temporary', 'sender_setting'],
      ['internal error', 'temporary', 'binding'],
      ['internal error, try later', 'temporary', 'unavailable'],
      ['service temporarily unavailable', 'temporary', 'unavailable'],
      ['Rate limit exceeded', 'temporary', 'rate_limited'],
      ['daily sending quota reached', 'temporary', 'rate_limited'],
    ] as const) {
      const err = await transportFor({ ...env, EMAIL_TRANSPORT: '', EMAIL: binding(message).EMAIL })
        .send(EMAIL, 'k')
        .catch((e: unknown) => e as EmailSendError);
      expect({ kind: err?.kind, code: err?.code }, message).toEqual({ kind, code });
    }
  });

  it('locally, keeps an email with headers of its own whole as raw MIME, its Reply-To included', async () => {
    const local = binding();
    const withHeaders = { ...EMAIL, headers: { 'List-Unsubscribe': '<https://rhec.example/unsubscribe?t=x>' } };
    await transportFor({ ...env, EMAIL_TRANSPORT: '', DEV_MODE: 'true', EMAIL: local.EMAIL, EMAIL_FROM: 'RHEC <pledge@localhost>', EMAIL_REPLY_TO: 'help@rhec.example' }).send(withHeaders, 'k');
    // The message the binding was given, however this runtime's EmailMessage keeps its raw text.
    const rawOf = (m: unknown) => String(Object.values(m as object).find((v) => typeof v === 'string' && v.includes('MIME-Version')) ?? '');
    const raw = rawOf(local.sent[0]);
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head).toContain('From: RHEC <pledge@localhost>\r\nTo: someone@example.org\r\nReply-To: help@rhec.example\r\n');
    expect(head).toContain('List-Unsubscribe: <https://rhec.example/unsubscribe?t=x>');
    const none = binding();
    await transportFor({ ...env, EMAIL_TRANSPORT: '', DEV_MODE: 'true', EMAIL: none.EMAIL, EMAIL_REPLY_TO: '' }).send(withHeaders, 'k');
    expect(rawOf(none.sent[0])).toContain('MIME-Version: 1.0');
    expect(rawOf(none.sent[0])).not.toContain('Reply-To:');
    // An email whose only header of its own is its language (a confirmation) goes as the binding's
    // object, so wrangler keeps its .txt and .html files for a developer and the e2e tests to read.
    const plain = binding();
    const inSpanish = { ...EMAIL, headers: { 'Content-Language': 'es' } };
    await transportFor({ ...env, EMAIL_TRANSPORT: '', DEV_MODE: 'true', EMAIL: plain.EMAIL }).send(inSpanish, 'k');
    expect(rawOf(plain.sent[0])).toBe('');
    expect(plain.sent[0]).toMatchObject({ to: 'someone@example.org', html: EMAIL.html, text: EMAIL.text, headers: { 'Content-Language': 'es' } });
  });

  it("locally, writes a long subject in Spanish as RFC 2047 words of at most 75 characters on folded lines, which read back as it", () => {
    // An update's subject may be 150 characters (updates/draft.ts): accents, an emoji and quotes in it.
    const subject = Array.from(`«Compromiso renovado» — ${'Equidad en radiología: ¿qué ha cambiado? 🩻 '.repeat(4)}`).slice(0, 150).join('').trim();
    const raw = rawMime('RHEC <pledge@localhost>', { ...EMAIL, subject, text: 'Años de trabajo.', headers: { 'Content-Language': 'es' } });
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    for (const line of raw.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(998);
    for (const line of head.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
    const field = /^Subject: (.*(?:\r\n .*)*)/m.exec(head)![1]!;
    const words = field.split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    const bytes = (word: string) => Uint8Array.from(atob(/^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word)![1]!), (c) => c.charCodeAt(0));
    for (const word of words) {
      expect(word.length, word).toBeLessThanOrEqual(75);
      // Each word is whole characters: it reads alone, with no broken one (U+FFFD) at its ends.
      expect(new TextDecoder().decode(bytes(word)), word).not.toContain('\uFFFD');
    }
    expect(words.map((w) => new TextDecoder().decode(bytes(w))).join('')).toBe(subject);
  });
});

describe('the sweeper', () => {
  const OLD = '2000-01-01T00:00:00.000Z';

  async function outboxRow(status: string, attempts: number, minutesAgo: number, now: number) {
    const [id] = await storePledges(env.DB, [message()]);
    await env.DB.prepare('UPDATE email_outbox SET status = ?, attempts = ?, updated_at = ? WHERE id = ?')
      .bind(status, attempts, new Date(now - minutesAgo * 60_000).toISOString(), id)
      .run();
    return id!;
  }

  async function sweep(now: number) {
    const swept: string[] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void swept.push(...idsIn(msgs)) };
    const n = await sweepOutbox({ ...env, EMAIL_QUEUE: queue as unknown as Queue }, now);
    expect(n).toBe(swept.length);
    return swept;
  }

  /**
   * A consumer dies during its second hand-off of a batch of four (the provider took that email; the
   * consumer never heard back): what the sweeper does with the rows it left claimed.
   */
  async function consumerDiesMidBatch() {
    const ids = await storePledges(env.DB, [message(), message(), message(), message()]);
    const handed: string[] = [];
    let release = () => {};
    const transport = {
      async send(_email: unknown, key: string) {
        handed.push(key);
        if (handed.length === 2) await new Promise<void>((resolve) => (release = resolve)); // never answers: the consumer is gone
      },
    };
    const running = sendOutboxRows(env, ids, PLEDGE_EMAILS, transport);
    await handedOver(handed, 2, running);
    expect(handed).toEqual(ids.slice(0, 2));
    return { ids, handed, finish: () => (release(), running) };
  }

  it('never hands over twice an email whose hand-off a dead consumer left in doubt, and sends the ones it never began', async () => {
    const { ids, handed, finish } = await consumerDiesMidBatch();
    const [first, inDoubt, notBegun, alsoNotBegun] = ids as [string, string, string, string];
    expect(await row(first)).toMatchObject({ status: 'sent' });
    expect((await row(inDoubt))!.sent_at).toBeTruthy(); // the hand-off had begun
    expect(await row(notBegun)).toMatchObject({ status: 'sending', sent_at: null });

    const swept = await sweep(Date.now() + 31 * 60_000); // the claim's cutoff has passed
    expect(swept).toEqual(expect.arrayContaining([notBegun, alsoNotBegun]));
    expect(swept).not.toContain(inDoubt);
    expect(swept).not.toContain(first);
    expect(await row(inDoubt)).toMatchObject({ status: 'failed', last_error: 'interrupted' });
    // The swept rows go out once more; the one in doubt does not.
    const again = { send: async (_e: unknown, key: string) => void handed.push(key) };
    await sendOutboxRows(env, ids, PLEDGE_EMAILS, again);
    expect(handed.filter((k) => k === inDoubt)).toHaveLength(1);
    expect([...handed].sort()).toEqual([...ids].sort());
    await finish();
  });

  it('keeps the 3-email cap when composing fails before the mailbox is counted: the retried email takes its place then, and is refused it', async () => {
    const box = `uncounted.${crypto.randomUUID()}`;
    const { takeMailboxQuotas } = await import('../../worker/pledges/abuse.ts');
    // The mailbox's three emails went already; a fourth pledge (+tag) comes.
    for (let i = 0; i < 3; i++) await takeMailboxQuotas(env, [`${box}@example.org`]);
    const [fourth] = (await storePledges(env.DB, [message({ email: `${box}+d@example.org` })])) as [string];
    // D1 fails reading the suppression list, before the count: the claim is handed back, no place taken.
    const flaky = new Proxy(env.DB, {
      get(db, name) {
        if (name === 'prepare') {
          return (sql: string) =>
            sql.includes('FROM email_suppressions') ? { bind: () => ({ all: () => Promise.reject(new Error('D1_ERROR: Network connection lost.')) }) } : db.prepare(sql);
        }
        const value = Reflect.get(db, name);
        return typeof value === 'function' ? value.bind(db) : value;
      },
    });
    const handed: string[] = [];
    const transport: EmailTransport = { send: async (_e, key) => void handed.push(key) };
    await expect(sendOutboxRows({ ...env, DB: flaky }, [fourth], PLEDGE_EMAILS, transport)).rejects.toThrow('D1_ERROR');
    expect(await row(fourth)).toMatchObject({ status: 'queued', attempts: 1 });
    // The queue retries the batch: its second attempt is the first to be counted, and over the cap.
    await sendOutboxRows(env, [fourth], PLEDGE_EMAILS, transport);
    expect(handed).toEqual([]);
    expect(await row(fourth)).toMatchObject({ status: 'cancelled', last_error: 'mailbox_cap' });
  });

  it('counts a retried email once: composed, counted, then handed back, its retry takes no second place', async () => {
    const box = `counted.${crypto.randomUUID()}`;
    const { takeMailboxQuotas } = await import('../../worker/pledges/abuse.ts');
    // Two of the mailbox's three emails went already: this one takes the last place, once.
    for (let i = 0; i < 2; i++) await takeMailboxQuotas(env, [`${box}@example.org`]);
    const [third] = (await storePledges(env.DB, [message({ email: `${box}+c@example.org` })])) as [string];
    const handed: string[] = [];
    let tries = 0;
    const transport: EmailTransport = {
      async send(_e, key) {
        if (++tries === 1) throw new EmailSendError('temporary', 'http_429');
        handed.push(key);
      },
    };
    expect(await sendOutboxRow(env, third, PLEDGE_EMAILS, transport)).toEqual({ retryAfter: backoff(1) });
    expect(await sendOutboxRow(env, third, PLEDGE_EMAILS, transport)).toBe('sent');
    expect(handed).toEqual([third]);
  });

  it('keeps the 3-email cap when a consumer dies after composing a batch: the email over the cap is never sent by a later attempt', async () => {
    const box = `capped.${crypto.randomUUID()}`;
    const { takeMailboxQuotas } = await import('../../worker/pledges/abuse.ts');
    // Two of the mailbox's three emails went already; its next two pledges (+tags) come in one batch.
    await takeMailboxQuotas(env, [`${box}@example.org`]);
    await takeMailboxQuotas(env, [`${box}@example.org`]);
    const [third, fourth] = (await storePledges(env.DB, [message({ email: `${box}+a@example.org` }), message({ email: `${box}+b@example.org` })])) as [string, string];
    const handed: string[] = [];
    let release = () => {};
    const dies = {
      async send(_e: unknown, key: string) {
        handed.push(key);
        await new Promise<void>((resolve) => (release = resolve)); // the consumer dies during the hand-off of the third
      },
    };
    const running = sendOutboxRows(env, [third, fourth], PLEDGE_EMAILS, dies);
    await handedOver(handed, 1, running);
    expect(handed).toEqual([third]);
    // Half an hour on, the sweep puts back what the dead consumer held; the queue delivers it again.
    const swept = await sweep(Date.now() + 31 * 60_000);
    await sendOutboxRows({ ...env, ...RESEND }, swept, PLEDGE_EMAILS, { send: async (_e, key) => void handed.push(key) });
    expect(handed).not.toContain(fourth);
    expect(await row(fourth)).toMatchObject({ status: 'cancelled', last_error: 'mailbox_cap' });
    release();
    await running;
  });

  it('hands an email in doubt over again through a provider that drops a repeated key (Resend)', async () => {
    const { ids, finish } = await consumerDiesMidBatch();
    const swept: string[] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void swept.push(...idsIn(msgs)) };
    await sweepOutbox({ ...env, ...RESEND, EMAIL_QUEUE: queue as unknown as Queue }, Date.now() + 31 * 60_000);
    expect(swept).toEqual(expect.arrayContaining(ids.slice(1)));
    // Marked as in doubt (its outcome unknown), so a 'key already used' answer then means sent.
    expect(await row(ids[1]!)).toMatchObject({ status: 'queued', sent_at: null, last_error: 'interrupted' });
    expect(await row(ids[2]!)).toMatchObject({ status: 'queued', last_error: null, in_doubt_since: null }); // never begun: not in doubt
    // And since when: the hand-off's own start, which the provider's memory of the key runs from.
    const handOff = await env.DB.prepare('SELECT in_doubt_since FROM email_outbox WHERE id = ?').bind(ids[1]!).first<string>('in_doubt_since');
    expect(handOff).toBeTruthy();
    expect(Date.parse(handOff!)).toBeLessThanOrEqual(Date.now());
    await finish();
  });

  it('keeps the time an email was FIRST in doubt when a later hand-off of it is left in doubt too', async () => {
    const now = Date.now();
    const id = await outboxRow('sending', 2, 40, now);
    const first = new Date(now - 5 * 3_600_000).toISOString();
    await env.DB.prepare(`UPDATE email_outbox SET sent_at = ?, last_error = 'http_500', in_doubt_since = ? WHERE id = ?`)
      .bind(new Date(now - 40 * 60_000).toISOString(), first, id)
      .run();
    const queue = { sendBatch: async () => {} };
    await sweepOutbox({ ...env, ...RESEND, EMAIL_QUEUE: queue as unknown as Queue }, now);
    expect(await row(id)).toMatchObject({ status: 'queued', last_error: 'interrupted', in_doubt_since: first });
  });

  it('paces what it sends again to the provider\'s rate, four minutes\' worth a sweep, the longest overdue first', async () => {
    const now = Date.now();
    const lost = await storePledges(env.DB, Array.from({ length: 260 }, () => message()));
    const older = lost.slice(0, 250);
    const newer = lost.slice(250);
    // Lost their messages long ago: 250 of them an hour ago, 10 more ten minutes ago.
    for (const [ids, minutes] of [[older, 60], [newer, 10]] as const) {
      await env.DB.prepare(`UPDATE email_outbox SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`)
        .bind(new Date(now - minutes * 60_000).toISOString(), JSON.stringify(ids))
        .run();
    }
    const sweepAt = async (rate: string) => {
      const sent: { id: string; delay: number }[] = [];
      const queue = {
        sendBatch: async (msgs: { body: EmailJob; delaySeconds?: number }[]) =>
          void sent.push(...msgs.flatMap((m) => idsIn([m]).map((id) => ({ id, delay: m.delaySeconds ?? 0 })))),
      };
      const n = await sweepOutbox({ ...env, EMAIL_RATE_PER_SECOND: rate, EMAIL_QUEUE: queue as unknown as Queue }, now);
      expect(n).toBe(sent.length);
      return sent;
    };
    // One a second: 240 this sweep, each a second after the one before, from the longest overdue.
    const first = await sweepAt('1');
    expect(first.map((m) => m.delay)).toEqual(Array.from({ length: 240 }, (_, i) => i));
    expect(first.every((m) => older.includes(m.id))).toBe(true);
    // The rest at the next sweep, once the first's four minutes are past (not yet due again themselves, the first 240 stay where they are).
    await occupyPace(env, 0);
    const second = await sweepAt('1');
    expect(second.map((m) => m.id).sort()).toEqual([...older.filter((id) => !first.some((m) => m.id === id)), ...newer].sort());
    expect(second.map((m) => m.delay)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // At 100 a second, all 260 at once, 100 a second.
    await env.DB.prepare(`UPDATE email_outbox SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`)
      .bind(new Date(now - 60 * 60_000).toISOString(), JSON.stringify(lost))
      .run();
    await occupyPace(env, 0);
    const fast = await sweepAt('100');
    expect(fast).toHaveLength(260);
    expect(fast.map((m) => m.delay)).toEqual(Array.from({ length: 260 }, (_, i) => Math.floor(i / 100)));
  });

  it(`puts back at most SWEEP_MAX_ROWS a sweep, however fast the provider, so a big backlog never fails the Cron run`, async () => {
    const now = Date.now();
    const lost: string[] = [];
    for (let i = 0; i * 100 < SWEEP_MAX_ROWS + 100; i++) lost.push(...(await storePledges(env.DB, Array.from({ length: 100 }, () => message()))));
    await env.DB.prepare(`UPDATE email_outbox SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?))`)
      .bind(new Date(now - 60 * 60_000).toISOString(), JSON.stringify(lost))
      .run();
    const sweep = async () => {
      const sent: string[] = [];
      const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void sent.push(...idsIn(msgs)) };
      expect(await sweepOutbox({ ...env, EMAIL_RATE_PER_SECOND: '10000', EMAIL_QUEUE: queue as unknown as Queue }, now)).toBe(sent.length);
      return sent;
    };
    const first = await sweep();
    expect(first).toHaveLength(SWEEP_MAX_ROWS);
    const second = await sweep();
    expect([...first, ...second].filter((id) => lost.includes(id)).sort()).toEqual([...lost].sort());
  });

  it('runs on the Cron\'s own clock (its scheduled time), so a late firing sweeps what is overdue by then', async () => {
    const now = Date.now();
    const id = await outboxRow('queued', 0, 1, now); // lost its message a minute ago: not overdue yet
    const cron = async (scheduledTime: number) => {
      const swept: string[] = [];
      const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void swept.push(...idsIn(msgs)), send: async () => undefined };
      await worker.scheduled({ cron: '*/5 * * * *', scheduledTime } as ScheduledController, { ...env, EMAIL_QUEUE: queue as unknown as Queue });
      return swept;
    };
    expect(await cron(now)).not.toContain(id);
    expect(await cron(now + 10 * 60_000)).toContain(id);
  });

  it(`gives up on an email after ${MAX_EMAIL_ATTEMPTS} attempts instead of sending it again and again`, async () => {
    expect(MAX_EMAIL_ATTEMPTS).toBe(12);
    const now = Date.now();
    const spent = await outboxRow('queued', 12, 120, now);
    const spentSending = await outboxRow('sending', 13, 120, now);
    const lastTry = await outboxRow('queued', 11, 120, now);
    const swept = await sweep(now);
    expect(swept).not.toContain(spent);
    expect(swept).not.toContain(spentSending);
    expect(swept).toContain(lastTry);
    expect(await row(spent)).toMatchObject({ status: 'failed', last_error: 'gave_up' });
    expect(await row(spentSending)).toMatchObject({ status: 'failed', last_error: 'gave_up' });
    expect(await row(lastTry)).toMatchObject({ status: 'queued', attempts: 11 });
    // Given up for good: later sweeps leave it alone.
    expect(await sweep(now + 3_600_000)).not.toContain(spent);
  });

  /** A consumer's twelfth (last) attempt at one email, its hand-off begun and never answered. */
  async function lastAttemptHangs() {
    const now = Date.now();
    const id = await outboxRow('queued', MAX_EMAIL_ATTEMPTS - 1, 120, now);
    const handed: string[] = [];
    let release = () => {};
    const hanging = {
      async send(_email: unknown, key: string) {
        handed.push(key);
        await new Promise<void>((resolve) => (release = resolve));
      },
    };
    const running = sendOutboxRows(env, [id], PLEDGE_EMAILS, hanging);
    await handedOver(handed, 1, running);
    expect(handed).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'sending', attempts: MAX_EMAIL_ATTEMPTS });
    return { id, now, handed, finish: () => (release(), running) };
  }

  for (const transport of [{}, RESEND]) {
    const name = transport === RESEND ? 'Resend' : 'the default transport';
    it(`never lets "Send them again" send a second time an email whose last hand-off a dead consumer left in doubt (${name})`, async () => {
      const { id, now, handed, finish } = await lastAttemptHangs();
      // The consumer is gone; the sweep after the claim's cutoff gives up on the email, in doubt.
      const queue = { sendBatch: async () => {} };
      await sweepOutbox({ ...env, ...transport, EMAIL_QUEUE: queue as unknown as Queue }, now + 31 * 60_000);
      expect(await row(id)).toMatchObject({ status: 'failed' });
      expect((await row(id))!.in_doubt_since).toBeTruthy();
      // The provider is back; the maintainer sends the given-up emails again: not this one.
      await sendGivenUpAgain(env.DB);
      expect(await row(id)).toMatchObject({ status: 'failed' });
      await sendOutboxRows({ ...env, ...transport }, [id], PLEDGE_EMAILS, { send: async (_e, key) => void handed.push(key) });
      expect(handed).toEqual([id]);
      await finish();
    });
  }

  it('does not give up on a last attempt still being handed over when a sweep runs, so "Send them again" cannot send it twice', async () => {
    const { id, now, handed, finish } = await lastAttemptHangs();
    expect(await sweep(now)).not.toContain(id);
    expect(await row(id)).toMatchObject({ status: 'sending' });
    await sendGivenUpAgain(env.DB);
    expect(await row(id)).toMatchObject({ status: 'sending' });
    // Whatever the next sweep puts back goes out again: this email is not among them.
    const swept = await sweep(now + 60_000);
    expect(swept).not.toContain(id);
    await sendOutboxRows(env, swept, PLEDGE_EMAILS, { send: async (_e, key) => void handed.push(key) });
    await finish();
    expect(handed).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'sent' });
  });

  it('never gives up on an email held back by a setting of ours (a refused key or sender): it waits, hourly, for the fix', async () => {
    const now = Date.now();
    const refusedKey = await outboxRow('queued', 30, 120, now);
    const refusedSender = await outboxRow('queued', 12, 120, now);
    const providerDown = await outboxRow('queued', 12, 120, now);
    for (const [id, code] of [[refusedKey, 'http_401'], [refusedSender, 'sender_setting'], [providerDown, 'http_503']] as const) {
      await env.DB.prepare('UPDATE email_outbox SET last_error = ? WHERE id = ?').bind(code, id).run();
    }
    const swept = await sweep(now);
    expect(swept).toContain(refusedKey);
    expect(swept).toContain(refusedSender);
    expect(await row(refusedKey)).toMatchObject({ status: 'queued' });
    expect(await row(providerDown)).toMatchObject({ status: 'failed', last_error: 'gave_up' });
    // Once the key is fixed, it goes: the next attempt sends it.
    const { sent, transport } = (() => {
      const sent: string[] = [];
      return { sent, transport: { send: async (_e: unknown, key: string) => void sent.push(key) } as unknown as EmailTransport };
    })();
    await sendOutboxRow(env, refusedKey, PLEDGE_EMAILS, transport);
    expect(sent).toEqual([refusedKey]);
    expect(await row(refusedKey)).toMatchObject({ status: 'sent' });
  });

  it('re-enqueues only rows whose message is overdue: 5 minutes unsent, 90 minutes after a failure, 30 minutes mid-send', async () => {
    const now = Date.now();
    const fresh = await outboxRow('queued', 0, 4, now);
    const lost = await outboxRow('queued', 0, 6, now);
    const backingOff = await outboxRow('queued', 2, 80, now);
    const retryLost = await outboxRow('queued', 2, 100, now);
    const sending = await outboxRow('sending', 1, 20, now);
    const died = await outboxRow('sending', 1, 40, now);
    const sent = await outboxRow('sent', 1, 600, now);
    const failed = await outboxRow('failed', 3, 600, now);
    const cancelled = await outboxRow('cancelled', 0, 600, now);
    const swept = await sweep(now);
    for (const id of [lost, retryLost, died]) expect(swept).toContain(id);
    for (const id of [fresh, backingOff, sending, sent, failed, cancelled]) expect(swept).not.toContain(id);
    // A swept row is queued again and stamped, so the next sweep does not enqueue it twice.
    expect(await row(died)).toMatchObject({ status: 'queued' });
    const again = await sweep(now + 60_000);
    for (const id of [lost, retryLost, died]) expect(again).not.toContain(id);
    expect(OLD < new Date(now).toISOString()).toBe(true);
  });

  it('enqueues in chunks of 100, the Queues limit', async () => {
    const chunks: number[] = [];
    const queue = { sendBatch: async (msgs: unknown[]) => void chunks.push(msgs.length) };
    const ids = Array.from({ length: 250 }, (_, i) => `id-${i}`);
    await enqueueEmails({ ...env, EMAIL_QUEUE: queue as unknown as Queue }, ids);
    expect(chunks).toEqual([100, 100, 50]);
    await enqueueEmails({ ...env, EMAIL_QUEUE: queue as unknown as Queue }, []);
    expect(chunks).toEqual([100, 100, 50]);
  });

  it('puts confirmations on the queue at once unless asked to pace them (a released batch of flagged pledges is not spread out)', async () => {
    const sent: { body: EmailJob; delaySeconds?: number }[] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob; delaySeconds?: number }[]) => void sent.push(...msgs) };
    const ids = Array.from({ length: 30 }, (_, i) => `id-${i}`);
    await enqueueEmails({ ...env, EMAIL_RATE_PER_SECOND: '10', EMAIL_QUEUE: queue as unknown as Queue }, ids);
    expect(sent).toEqual(ids.map((outboxId) => ({ body: { outboxId } })));
    sent.length = 0;
    const ten = { ...env, EMAIL_RATE_PER_SECOND: '10', EMAIL_QUEUE: queue as unknown as Queue };
    await enqueueEmails(ten, ids, { paced: await reservePace(ten, ids.length) });
    expect(sent.map((m) => m.delaySeconds ?? 0)).toEqual(ids.map((_, i) => Math.floor(i / 10)));
  });

  it('reads EMAIL_RATE_PER_SECOND as a positive number up to 10,000, and 10 when it is unset, zero, negative or not a number', () => {
    const rate = (value: string | undefined) => ratePerSecond({ ...env, EMAIL_RATE_PER_SECOND: value } as Env);
    expect([rate('2'), rate('0.5'), rate('10000'), rate('20000')]).toEqual([2, 0.5, 10_000, 10_000]);
    for (const odd of [undefined, '', '0', '-3', 'ten', 'Infinity', '-Infinity']) expect(rate(odd), String(odd)).toBe(10);
  });

  it('makes 50 rows to a message and at most 100 messages to a sendBatch, and sends no empty message or batch', async () => {
    const batches: EmailJob[][] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void batches.push(msgs.map((m) => m.body)) };
    const many = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
    const e = { ...env, EMAIL_QUEUE: queue as unknown as Queue };
    await enqueueEmailBatches(e, []);
    expect(batches).toEqual([]);
    await enqueueEmailBatches(e, many(100));
    expect(batches).toEqual([[{ outboxIds: many(50) }, { outboxIds: many(100).slice(50) }]]);
    batches.length = 0;
    // 5,001 rows: 101 messages, the last with one row, in two sendBatch calls (100, then 1).
    await enqueueEmailBatches(e, many(5001));
    expect(batches.map((b) => b.length)).toEqual([100, 1]);
    expect(batches[1]).toEqual([{ outboxIds: ['id-5000'] }]);
    expect(batches.flat().flatMap((m) => ('outboxIds' in m ? m.outboxIds : [m.outboxId]))).toEqual(many(5001));
  });
});

describe('erasing pledges never confirmed', () => {
  const counts = (partner: string) =>
    env.DB.prepare('SELECT confirmed, pending, withdrawn FROM pledge_counts WHERE partner_id = ?').bind(partner).first<{ confirmed: number; pending: number; withdrawn: number }>();

  it('after 30 days erases them with their emails and takes them off the pending count', async () => {
    const old = [message({ partner: 'scard' }), message({ partner: 'scard' }), message({ partner: 'scard' })];
    const confirmedOld = message({ partner: 'scard' });
    const recent = message({ partner: 'scard' });
    const flaggedOld = { ...message({ partner: 'scard' }), flag: 'honeypot' as const };
    await storePledges(env.DB, [...old, confirmedOld, recent, flaggedOld]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed' WHERE id = ?`).bind(confirmedOld.id).run();
    await env.DB.prepare(`UPDATE pledge_counts SET confirmed = confirmed + 1, pending = pending - 1 WHERE partner_id = 'scard'`).run();
    const now = Date.now();
    const days = (n: number) => new Date(now - n * 86_400_000).toISOString();
    for (const m of [...old, confirmedOld, flaggedOld]) {
      await env.DB.prepare('UPDATE pledges SET created_at = ? WHERE id = ?').bind(days(31), m.id).run();
    }
    await env.DB.prepare('UPDATE pledges SET created_at = ? WHERE id = ?').bind(days(29), recent.id).run();
    const before = (await counts('scard'))!;

    await eraseUnconfirmed(env, now);

    const after = (await counts('scard'))!;
    expect(after).toEqual({ confirmed: before.confirmed, pending: before.pending - 3, withdrawn: before.withdrawn });
    const left = async (id: string) => env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE id = ?').bind(id).first<number>('n');
    for (const m of old) expect(await left(m.id)).toBe(0);
    expect(await left(flaggedOld.id)).toBe(0);
    expect(await left(confirmedOld.id)).toBe(1);
    expect(await left(recent.id)).toBe(1);
    const outboxLeft = await env.DB.prepare(`SELECT pledge_id FROM email_outbox WHERE pledge_id IN (?, ?, ?, ?, ?)`)
      .bind(...old.map((m) => m.id), confirmedOld.id, recent.id)
      .all<{ pledge_id: string }>();
    expect(outboxLeft.results.map((r) => r.pledge_id).sort()).toEqual([confirmedOld.id, recent.id].sort());

    // Run again (the Cron fires every few minutes): nothing more changes.
    await eraseUnconfirmed(env, now);
    expect(await counts('scard')).toEqual(after);
  });

  it('still runs when an earlier step of the Cron fails (the email queue refusing sends): logged, and the run reported failed after every step', async () => {
    const m = message({ partner: 'abr' });
    await storePledges(env.DB, [m]);
    await env.DB.prepare('UPDATE pledges SET created_at = ? WHERE id = ?').bind('2000-01-01T00:00:00.000Z', m.id).run();
    const [lost] = await storePledges(env.DB, [message()]); // lost its message 10 minutes ago: the sweep's
    await env.DB.prepare('UPDATE email_outbox SET updated_at = ? WHERE id = ?').bind(new Date(Date.now() - 10 * 60_000).toISOString(), lost).run();
    // And one whose retry after a failed send was lost (swept only once 90 minutes overdue).
    const [retried] = await storePledges(env.DB, [message()]);
    await env.DB.prepare('UPDATE email_outbox SET attempts = 2, updated_at = ? WHERE id = ?').bind(new Date(Date.now() - 100 * 60_000).toISOString(), retried).run();
    const now = Date.now();
    const refusing = { sendBatch: async () => Promise.reject(new Error('Queue send failed')), send: async () => Promise.reject(new Error('Queue send failed')) };
    const logged: string[] = [];
    const error = console.error;
    console.error = (line: unknown) => void logged.push(String(line));
    try {
      await expect(
        worker.scheduled({ cron: '*/5 * * * *', scheduledTime: now } as ScheduledController, { ...env, EMAIL_QUEUE: refusing as unknown as Queue }),
      ).rejects.toThrow(/sweep_outbox/);
    } finally {
      console.error = error;
    }
    expect(logged).toContain(JSON.stringify({ event: 'cron_step_failed', step: 'sweep_outbox', name: 'Error' }));
    // The erasure after it ran all the same.
    expect(await env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE id = ?').bind(m.id).first('n')).toBe(0);
    // The row the sweep could not enqueue kept its place: the next run (a minute later) sweeps it at once.
    const swept: string[] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void swept.push(...idsIn(msgs)), send: async () => undefined };
    await sweepOutbox({ ...env, EMAIL_QUEUE: queue as unknown as Queue }, now + 60_000);
    expect(swept).toContain(lost);
    expect(swept).toContain(retried);
  });

  it('clears the IP hash of pledges received over two days ago, confirmed or not, and keeps the recent ones the limits read', async () => {
    const [old, recent, confirmedOld] = [message(), message(), message()];
    const now = Date.now();
    for (const [m, hoursAgo] of [[old, 49], [recent, 47], [confirmedOld, 24 * 400]] as const) {
      m.ipHash = `hash-${m.id}`;
      m.receivedAt = new Date(now - hoursAgo * 3_600_000).toISOString();
    }
    await storePledges(env.DB, [old, recent, confirmedOld]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed' WHERE id = ?`).bind(confirmedOld.id).run();
    const hashOf = (id: string) => env.DB.prepare('SELECT ip_hash FROM pledges WHERE id = ?').bind(id).first<string | null>('ip_hash');
    // Through the Cron itself (its clock: the scheduled time).
    await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: now } as ScheduledController, { ...env, EMAIL_QUEUE: { sendBatch: async () => undefined } as unknown as Queue });
    expect(await hashOf(old.id)).toBeNull();
    expect(await hashOf(confirmedOld.id)).toBeNull();
    expect(await hashOf(recent.id)).toBe(`hash-${recent.id}`);
    // The next run a day later: the recent one's time has come too.
    expect(await forgetIpHashes(env.DB, now + 24 * 3_600_000)).toBeGreaterThanOrEqual(1);
    expect(await hashOf(recent.id)).toBeNull();
    expect(await forgetIpHashes(env.DB, now + 24 * 3_600_000)).toBe(0);
  });

  it("clears the IP hash in a repeated pledge's newer details still waiting for their confirmation two days on, and keeps the details", async () => {
    const now = Date.now();
    const first = { ...message(), ipHash: 'first-network', receivedAt: new Date(now - 50 * 3_600_000).toISOString() };
    await storePledges(env.DB, [first]); // its confirmation waits (the provider down for days, say)
    const again = { ...message({ email: first.pledge.email, name: 'Newer Name' }), ipHash: 'second-network', receivedAt: new Date(now - 49 * 3_600_000).toISOString() };
    await storePledges(env.DB, [again]);
    const waiting = () => env.DB.prepare(`SELECT next_details ->> 'ip_hash' AS ip_hash, next_details ->> 'name' AS name FROM pledges WHERE id = ?`).bind(first.id).first();
    expect(await waiting()).toEqual({ ip_hash: 'second-network', name: 'Newer Name' });
    await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: now } as ScheduledController, { ...env, EMAIL_QUEUE: { sendBatch: async () => undefined } as unknown as Queue });
    expect(await waiting()).toEqual({ ip_hash: null, name: 'Newer Name' });
    expect(await env.DB.prepare('SELECT ip_hash FROM pledges WHERE id = ?').bind(first.id).first('ip_hash')).toBeNull();
  });

  it('is what the Cron runs, together with the sweep', async () => {
    const m = message({ partner: 'abr' });
    await storePledges(env.DB, [m]);
    await env.DB.prepare('UPDATE pledges SET created_at = ? WHERE id = ?').bind('2000-01-01T00:00:00.000Z', m.id).run();
    const before = (await counts('abr'))!;
    const queue = { sendBatch: async () => undefined };
    await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: Date.now() } as ScheduledController, { ...env, EMAIL_QUEUE: queue as unknown as Queue });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE id = ?').bind(m.id).first('n')).toBe(0);
    expect((await counts('abr'))!.pending).toBe(before.pending - 1);
  });
});
