/**
 * The email queue's consumer: sends one outbox row per message, at most once.
 * A row is claimed (queued → sending) before the send and marked sent after it, so a
 * redelivered or duplicated message finds it claimed or sent and sends nothing.
 * Which email a row becomes is its kind's composer's business (see `kinds.ts`).
 */
import type { EmailKinds, OutboxRow } from './kinds.ts';
import { EmailSendError, transportFor, type EmailTransport } from './transport.ts';

export interface EmailJob {
  outboxId: string;
}

const BACKOFF_SECONDS = [10, 30, 120, 600, 1800, 3600];

/** Seconds to wait before the next attempt after `attempts` failures. */
export function backoff(attempts: number): number {
  return BACKOFF_SECONDS[Math.min(Math.max(attempts - 1, 0), BACKOFF_SECONDS.length - 1)]!;
}

const now = () => new Date().toISOString();

type Outcome = 'sent' | 'skipped' | { retryAfter: number } | 'failed';

export async function sendOutboxRow(
  env: Env,
  outboxId: string,
  kinds: EmailKinds,
  transport: EmailTransport = transportFor(env),
): Promise<Outcome> {
  const claimed = await env.DB.prepare(
    `UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, updated_at = ?
     WHERE id = ? AND status = 'queued' RETURNING id, pledge_id, kind, ref, attempts`,
  )
    .bind(now(), outboxId)
    .first<OutboxRow>();
  if (!claimed) return 'skipped'; // already sent, being sent, failed for good or cancelled

  const compose = kinds[claimed.kind];
  const email = compose ? await compose(env, claimed) : { skip: 'unknown_kind' };
  if ('skip' in email) {
    await env.DB.prepare(`UPDATE email_outbox SET status = 'cancelled', last_error = ?, updated_at = ? WHERE id = ?`)
      .bind(email.skip, now(), outboxId)
      .run();
    return 'skipped';
  }

  try {
    await transport.send(email, outboxId);
  } catch (err) {
    const failure = err instanceof EmailSendError ? err : new EmailSendError('temporary', 'unexpected');
    const permanent = failure.kind === 'permanent';
    await env.DB.prepare(`UPDATE email_outbox SET status = ?, last_error = ?, updated_at = ? WHERE id = ?`)
      .bind(permanent ? 'failed' : 'queued', failure.code, now(), outboxId)
      .run();
    console.warn(JSON.stringify({ event: 'email_send_failed', kind: failure.kind, code: failure.code, attempts: claimed.attempts }));
    return permanent ? 'failed' : { retryAfter: backoff(claimed.attempts) };
  }
  await env.DB.prepare(`UPDATE email_outbox SET status = 'sent', sent_at = ?, updated_at = ?, last_error = NULL WHERE id = ?`)
    .bind(now(), now(), outboxId)
    .run();
  return 'sent';
}

export async function sendEmails(
  messages: readonly Message<EmailJob>[],
  env: Env,
  kinds: EmailKinds,
  transport?: EmailTransport,
): Promise<void> {
  for (const message of messages) {
    const outcome = await sendOutboxRow(env, message.body.outboxId, kinds, transport);
    if (typeof outcome === 'object') message.retry({ delaySeconds: outcome.retryAfter });
    else message.ack();
  }
}
