/**
 * The email queue's consumer: sends each outbox row at most once.
 * A row is claimed (queued → sending) before the send and marked sent after it, so a
 * redelivered or duplicated message finds it claimed or sent and sends nothing.
 * Which email a row becomes is its kind's composer's business (see `kinds.ts`).
 *
 * A queue batch is handled in as few D1 round trips as it takes: one UPDATE … RETURNING claims
 * every row of the batch, a kind's composer may load what all of its rows need in one query
 * (`Composer.many`), then each send costs one round trip, awaited before the hand-off: it records
 * the previous row's outcome and stamps this row's `sent_at` (the hand-off has begun). So a
 * consumer that dies mid-batch leaves at most ONE row whose fate is unknown (`sending` with
 * `sent_at`): rows it claimed but never began are `sending` without `sent_at`, and the sweeper
 * sends those again safely, while the one in doubt is never handed over twice (see sweep.ts).
 * A hand-off that fails with its outcome unknown (OUTCOME_UNKNOWN) is in doubt in the same way: it
 * is retried only through a transport that drops a repeated key (Resend), and failed otherwise.
 * That stamp only takes a row still `sending`: a row cancelled while it waited its turn (its pledge
 * withdrawn, its reader unsubscribed, its update cancelled: those cancel claimed rows not yet begun)
 * is dropped, though its email was composed with the batch.
 * (Marks that were sent without waiting let several rows be handed over but not yet marked when a
 * consumer died: the updates benchmark's kill found two, and the sweeper sent both again.)
 */
import type { Composer, EmailKinds, OutboxRow, OutgoingEmail, Skip } from './kinds.ts';
import { dedupesByKey, EmailSendError, KEY_MEMORY_MS, KEY_USED, OUTCOME_UNKNOWN, PROVIDER_SUPPRESSED, PROVIDER_UNSUBSCRIBED, transportFor, type EmailTransport } from './transport.ts';
import { suppression } from '../../updates/consent.ts';
import { unsubscribeAddress } from '../../updates/links.ts';

/**
 * What a provider's refusal of an address it has suppressed itself changes here (transport.ts), for
 * the outbox and an update's test alike; null for any other failure. On Postmark's broadcast stream
 * (`PROVIDER_UNSUBSCRIBED`: most often the reader's unsubscribe there) what that stream carries stops
 * for the address (updates, check-ins, the renewal email), as the SubscriptionChange webhook does, and
 * it stays off our list, so transactional mail still goes; done at once, and a failure only logged
 * (the next refusal does it then). Otherwise (`PROVIDER_SUPPRESSED`) it joins our list: the
 * statements, for the caller to write in its own batch.
 */
export async function heedProviderRefusal(env: Env, code: string, to: string): Promise<D1PreparedStatement[] | null> {
  if (code === PROVIDER_UNSUBSCRIBED) {
    await unsubscribeAddress(env.DB, to).catch((err: unknown) =>
      console.warn(JSON.stringify({ event: 'provider_unsubscribe_not_applied', error: (err as Error)?.name })),
    );
    return [];
  }
  return code === PROVIDER_SUPPRESSED ? suppression(env, to, 'bounce', `${env.EMAIL_TRANSPORT || 'send_email'}-refused`) : null;
}

/**
 * A message on the email queue: one outbox row (`outboxId`: the sweeper, retries, single
 * emails) or many (`outboxIds`: a stored batch of pledges' confirmations, one message per
 * up to 50 rows, so a surge costs the queue one message per batch rather than one per email).
 */
export type EmailJob = { outboxId: string } | { outboxIds: string[] };

const idsOf = (job: EmailJob): string[] => ('outboxIds' in job ? job.outboxIds : [job.outboxId]);

const BACKOFF_SECONDS = [10, 30, 120, 600, 1800, 3600];

/** Seconds to wait before the next attempt after `attempts` failures. */
export function backoff(attempts: number): number {
  return BACKOFF_SECONDS[Math.min(Math.max(attempts - 1, 0), BACKOFF_SECONDS.length - 1)]!;
}

const now = () => new Date().toISOString();

export type Outcome = 'sent' | 'skipped' | { retryAfter: number } | 'failed';

/** Emails handed over between two yields to the event loop (see `yieldToEventLoop`). */
const YIELD_EVERY = 2;

/**
 * Lets the isolate's other work (requests, other consumers) run. A batch's send loop is a chain
 * of round trips that, under `wrangler dev`, never leaves the process (D1 and the transport are
 * simulated in the same workerd): each one's answer is ready at once, so the loop never went back
 * to the sockets, and every request arriving during a 500-email batch waited for all of it —
 * 0.7–0.9 s, the pledge path's p99 (issue 15). A timer goes through the event loop. At the edge the
 * round trips are real I/O and this costs nothing noticeable.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Composes claimed rows of one kind: all at once when the composer can, else row by row. */
async function composeAll(env: Env, compose: Composer | undefined, rows: OutboxRow[]): Promise<(OutgoingEmail | Skip)[]> {
  if (!compose) return rows.map(() => ({ skip: 'unknown_kind' }));
  if (compose.many) return compose.many(env, rows);
  const emails: (OutgoingEmail | Skip)[] = [];
  for (const row of rows) emails.push(await compose(env, row));
  return emails;
}

/** Hands back claims still ours whose hand-off never began (`sent_at` unset): queued again, for the retry of their batch. */
function handBack(env: Env, claimed: readonly OutboxRow[]): Promise<unknown> {
  return env.DB.prepare(
    `UPDATE email_outbox SET status = 'queued', updated_at = ?
     FROM json_each(?) AS j WHERE email_outbox.id = j.value ->> 'id' AND email_outbox.status = 'sending' AND email_outbox.attempts = j.value ->> 'attempts'
       AND email_outbox.sent_at IS NULL`,
  )
    .bind(now(), JSON.stringify(claimed.map((r) => ({ id: r.id, attempts: r.attempts }))))
    .run();
}

/** Claims, composes, sends and marks a batch of outbox rows; the outcome of each id. */
export async function sendOutboxRows(
  env: Env,
  outboxIds: readonly string[],
  kinds: EmailKinds,
  transport: EmailTransport = transportFor(env),
): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>(outboxIds.map((id) => [id, 'skipped'])); // unclaimed: already sent, being sent, failed for good or cancelled
  if (!outboxIds.length) return outcomes;
  const { results: claimed } = await env.DB.prepare(
    `UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?, sent_at = NULL
     WHERE id IN (SELECT value FROM json_each(?)) AND +status = 'queued' RETURNING id, pledge_id, kind, ref, attempts, counted, last_error, in_doubt_since`,
    // (+status: look the rows up by id; the status index would walk the whole backlog of queued rows)
  )
    .bind(now(), JSON.stringify([...new Set(outboxIds)]))
    .all<OutboxRow>();
  // Send in the order the queue delivered them.
  const order = new Map<string, number>();
  outboxIds.forEach((id, i) => order.has(id) || order.set(id, i));
  claimed.sort((a, b) => order.get(a.id)! - order.get(b.id)!);

  const byKind = new Map<string, OutboxRow[]>();
  for (const row of claimed) {
    const rows = byKind.get(row.kind);
    if (rows) rows.push(row);
    else byKind.set(row.kind, [row]);
  }
  const emails = new Map<string, OutgoingEmail | Skip>();
  try {
    for (const [kind, rows] of byKind) {
      const composed = await composeAll(env, kinds[kind], rows);
      rows.forEach((row, i) => emails.set(row.id, composed[i] ?? { skip: 'not_composed' }));
    }
  } catch (err) {
    // Nothing was sent: hand the claims back (those still ours), so the queue's retry of this batch finds them.
    await handBack(env, claimed);
    throw err;
  }

  const writes: Promise<unknown>[] = [];
  const cancelled: { id: string; attempts: number; reason: string }[] = [];
  /** The last hand-off's outcome (and its email's `afterSent`), written together with the next row's start (one round trip per email). */
  let mark: D1PreparedStatement[] = [];
  try {
    for (const [i, row] of claimed.entries()) {
      if (i && i % YIELD_EVERY === 0) await yieldToEventLoop();
      const email = emails.get(row.id)!;
      if ('skip' in email) {
        cancelled.push({ id: row.id, attempts: row.attempts, reason: email.skip });
        continue;
      }
      // In doubt from an earlier attempt (the provider may have it): handed over again only where a
      // repeat of its key is dropped, and only while the provider remembers the key; otherwise failed.
      const doubtSince = row.in_doubt_since ? Date.parse(row.in_doubt_since) : null;
      if (doubtSince !== null && (!dedupesByKey(env) || Date.now() - doubtSince > KEY_MEMORY_MS)) {
        writes.push(
          env.DB.prepare(`UPDATE email_outbox SET status = 'failed', last_error = 'doubt_expired', updated_at = ? WHERE id = ? AND status = 'sending' AND attempts = ?`)
            .bind(now(), row.id, row.attempts)
            .run(),
        );
        console.warn(JSON.stringify({ event: 'email_doubt_expired', attempts: row.attempts }));
        outcomes.set(row.id, 'failed');
        continue;
      }
      const startedAt = now();
      // Still OUR claim (`attempts`, which each claim counts up): a row taken back meanwhile, cancelled and
      // queued again (the yearly reminder turned off and on) or swept back as a dead consumer's, may be
      // another consumer's claim by now, and that consumer hands it over: this one must not as well.
      const begun = env.DB.prepare(`UPDATE email_outbox SET sent_at = ?1, updated_at = ?1 WHERE id = ?2 AND status = 'sending' AND attempts = ?3`).bind(
        startedAt,
        row.id,
        row.attempts,
      );
      const stamped = mark.length ? (await env.DB.batch([...mark, begun])).at(-1)! : await begun.run();
      mark = [];
      // No longer ours: cancelled while it waited its turn in the batch (the pledge withdrawn, its
      // reader unsubscribed, the update cancelled), or claimed since by another consumer, so the email
      // composed for it is dropped unsent.
      if (!stamped.meta.changes) continue;
      try {
        try {
          await transport.send(email, row.id);
        } catch (err) {
          // The provider already has this key from an attempt whose outcome we never learnt: that
          // attempt was delivered, so this one is done (sending it again is what the key prevents).
          // (Any earlier attempt: a later failure, a 5xx say, does not make the earlier one less in doubt.
          // Every path that leaves a row in doubt dates it, and migration 0017 dated those already waiting.)
          if (!(err instanceof EmailSendError && err.code === KEY_USED && row.in_doubt_since)) throw err;
          console.log(JSON.stringify({ event: 'email_already_handed_over', attempts: row.attempts }));
        }
      } catch (err) {
        const failure = err instanceof EmailSendError ? err : new EmailSendError('temporary', 'unexpected');
        const refused = await heedProviderRefusal(env, failure.code, email.to);
        if (refused) {
          // The provider has suppressed this address itself (transport.ts): what that changes here is
          // written with the row's own mark, the row cancelled as `suppressed`, like one composed for an
          // address already listed: never a failure to send again.
          mark = [
            ...refused,
            env.DB.prepare(
              `UPDATE email_outbox SET status = 'cancelled', last_error = 'suppressed', updated_at = ?, sent_at = NULL WHERE id = ? AND attempts = ?`,
            ).bind(now(), row.id, row.attempts),
          ];
          console.warn(JSON.stringify({ event: 'email_recipient_refused_by_provider', code: failure.code, attempts: row.attempts }));
          outcomes.set(row.id, 'skipped');
          continue;
        }
        // Whether the provider took it is unknown (the connection dropped, something unforeseen):
        // through a transport that takes no idempotency key, sending it again could email someone
        // twice, so it is failed, as the sweeper fails a hand-off a dead consumer left in doubt.
        const inDoubt = !dedupesByKey(env) && OUTCOME_UNKNOWN.includes(failure.code);
        const permanent = failure.kind === 'permanent' || inDoubt;
        // A retried hand-off in doubt remembers when it first was (kept through later failures): from
        // its start, as the sweeper dates a dead consumer's (the provider's memory of a key runs from then).
        const doubt = OUTCOME_UNKNOWN.includes(failure.code) ? startedAt : null;
        // (Only while still being handed over: a row cancelled meanwhile, its pledge withdrawn, stays cancelled.)
        mark = [
          env.DB.prepare(
            `UPDATE email_outbox SET status = ?, last_error = ?, updated_at = ?, sent_at = NULL, in_doubt_since = coalesce(in_doubt_since, ?) WHERE id = ? AND status = 'sending' AND attempts = ?`,
          ).bind(permanent ? 'failed' : 'queued', failure.code, now(), doubt, row.id, row.attempts),
        ];
        console.warn(JSON.stringify({ event: inDoubt ? 'email_outcome_unknown' : 'email_send_failed', kind: failure.kind, code: failure.code, attempts: row.attempts }));
        outcomes.set(row.id, permanent ? 'failed' : { retryAfter: backoff(row.attempts) });
        continue;
      }
      const at = now();
      mark = [env.DB.prepare(`UPDATE email_outbox SET status = 'sent', sent_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`).bind(at, at, row.id), ...(email.afterSent ?? [])];
      outcomes.set(row.id, 'sent');
    }
  } catch (err) {
    // D1 failed mid-batch (the transport's errors are handled above). The last hand-off's outcome is
    // known (sent, or refused), though the round trip that was to record it failed: recorded now if D1
    // answers (each of those writes may run twice: they set what is known, and `afterSent`'s are guarded),
    // rather than left in doubt, where a transport without idempotency keys would fail an email
    // the provider refused (never sent) and one it took would be recorded as failed. The claims not yet
    // begun are handed back, so the queue's retry of this batch sends them now rather than the sweeper in
    // half an hour. One whose hand-off began (`sent_at`) and is not recorded stays claimed, in doubt, for the sweeper (sweep.ts).
    if (mark.length) await env.DB.batch(mark).catch(() => undefined);
    await handBack(env, claimed).catch(() => undefined);
    throw err;
  }
  // The last hand-off's known outcome: asked of D1 twice, as the catch above does for one mid-batch (a
  // single failed round trip would leave it in doubt for the sweeper: through a transport without
  // idempotency keys, an email the provider refused, never sent, would be failed for good).
  if (mark.length) writes.push(env.DB.batch(mark).catch(() => env.DB.batch(mark)));
  if (cancelled.length) {
    writes.push(
      env.DB.prepare(
        `UPDATE email_outbox SET status = 'cancelled', last_error = j.value ->> 'reason', updated_at = ?
         FROM json_each(?) AS j WHERE email_outbox.id = j.value ->> 'id' AND email_outbox.status = 'sending' AND email_outbox.attempts = j.value ->> 'attempts'`,
        // (Only while still ours: a row queued again meanwhile, by a decision changed back, goes out on its
        // new message, and one another consumer claimed since is that consumer's to send or cancel.)
      )
        .bind(now(), JSON.stringify(cancelled))
        .run(),
    );
  }
  await Promise.all(writes);
  return outcomes;
}

/** One outbox row (tests, and capabilities that send one email at once). */
export async function sendOutboxRow(
  env: Env,
  outboxId: string,
  kinds: EmailKinds,
  transport: EmailTransport = transportFor(env),
): Promise<Outcome> {
  return (await sendOutboxRows(env, [outboxId], kinds, transport)).get(outboxId)!;
}

/**
 * Emails one invocation of the consumer sends at most. Each costs two subrequests (its D1 round
 * trip and the hand-off) and D1 allows 1,000 queries per invocation, while a full queue batch of
 * 50 messages carrying 50 rows each would be 2,500 emails (issue 15, found sizing a surge).
 */
export const MAX_EMAILS_PER_INVOCATION = 400;

export async function sendEmails(
  allMessages: readonly Message<EmailJob>[],
  env: Env,
  kinds: EmailKinds,
  transport?: EmailTransport,
): Promise<void> {
  // The messages past the cap go back on the queue as they are, and are acked: put back, not
  // retried, so waiting their turn never counts towards max_retries. Their rows are still
  // queued in the outbox (nothing claimed them), and should the put-back fail they are retried.
  const messages: Message<EmailJob>[] = [];
  const later: Message<EmailJob>[] = [];
  let rows = 0;
  for (const m of allMessages) {
    const n = idsOf(m.body).length;
    if (messages.length && rows + n > MAX_EMAILS_PER_INVOCATION) later.push(m);
    else (messages.push(m), (rows += n));
  }
  if (later.length) {
    try {
      await env.EMAIL_QUEUE.sendBatch(later.map((m) => ({ body: m.body })));
      for (const m of later) m.ack();
    } catch {
      for (const m of later) m.retry();
    }
  }
  const outcomes = await sendOutboxRows(env, messages.flatMap((m) => idsOf(m.body)), kinds, transport);
  const answered = new Set<string>();
  for (const message of messages) {
    const retries: { id: string; delaySeconds: number }[] = [];
    for (const id of idsOf(message.body)) {
      const outcome = answered.has(id) ? 'skipped' : outcomes.get(id)!; // a duplicate within the batch
      answered.add(id);
      if (typeof outcome === 'object') retries.push({ id, delaySeconds: outcome.retryAfter });
    }
    if (!retries.length) {
      message.ack();
    } else if (!('outboxIds' in message.body)) {
      message.retry({ delaySeconds: retries[0]!.delaySeconds });
    } else {
      // Only the rows that failed go round again, each as its own message with its own backoff;
      // if that enqueue fails, the whole message is retried (its sent rows are skipped then).
      try {
        await env.EMAIL_QUEUE.sendBatch(retries.map(({ id, delaySeconds }) => ({ body: { outboxId: id }, delaySeconds })));
        message.ack();
      } catch {
        message.retry({ delaySeconds: Math.min(...retries.map((r) => r.delaySeconds)) });
      }
    }
  }
}
