/**
 * Putting outbox rows on the email queue: at once (confirmations, which someone is waiting for),
 * or paced to the email provider's rate (EMAIL_RATE_PER_SECOND) for many rows at a time that
 * nobody waits on (the sweeper's resends, the Cron's yearly reminders and check-ins; the updates'
 * fan-out paces its own, a minute at a time).
 */
import type { EmailJob } from './send-outbox.ts';

/** Outbox rows per email-queue message from `enqueueEmailBatches` (the email consumer's batch size). */
export const EMAIL_IDS_PER_MESSAGE = 50;

/**
 * Puts many outbox rows on the email queue, up to EMAIL_IDS_PER_MESSAGE per message: the ingest
 * consumer's path, where a stored batch of pledges yields up to 100 confirmations at once.
 */
export async function enqueueEmailBatches(env: Env, outboxIds: string[]): Promise<void> {
  const messages: MessageSendRequest<EmailJob>[] = [];
  for (let i = 0; i < outboxIds.length; i += EMAIL_IDS_PER_MESSAGE) {
    messages.push({ body: { outboxIds: outboxIds.slice(i, i + EMAIL_IDS_PER_MESSAGE) } });
  }
  for (let i = 0; i < messages.length; i += 100) await env.EMAIL_QUEUE.sendBatch(messages.slice(i, i + 100));
}

/** Messages per second the email provider takes (EMAIL_RATE_PER_SECOND; 10 when unset or odd). */
export function ratePerSecond(env: Env): number {
  const rate = Number(env.EMAIL_RATE_PER_SECOND);
  return Number.isFinite(rate) && rate > 0 ? Math.min(rate, 10_000) : 10;
}

/** Longest delay Queues accepts, in seconds. */
export const MAX_DELAY_SECONDS = 43_200;

/**
 * What one Cron run paces, the sweeper's resends and then the milestones, fits in this many
 * seconds at the provider's rate: less than the sweeper's five-minute cutoff, so nothing it put on
 * the queue is overdue before it is due. The rest waits for the next run.
 */
export const PACE_SECONDS = 240;

/**
 * Puts outbox rows on the email queue, one per message (100 per sendBatch, the Queues limit).
 * `paced`: each message its own delay, so they come due at the provider's rate (`ratePerSecond`),
 * not all at once: for many rows at a time that are not someone waiting on a link (the sweeper's,
 * the Cron's yearly reminders and check-ins), after `after` others paced ahead of them in the same run.
 */
export async function enqueueEmails(env: Env, outboxIds: string[], { paced = false, after = 0 } = {}): Promise<void> {
  const rate = ratePerSecond(env);
  for (let i = 0; i < outboxIds.length; i += 100) {
    const chunk = outboxIds.slice(i, i + 100).map((outboxId, j): MessageSendRequest<EmailJob> => {
      const delaySeconds = paced ? Math.min(MAX_DELAY_SECONDS, Math.floor((after + i + j) / rate)) : 0;
      return delaySeconds ? { body: { outboxId }, delaySeconds } : { body: { outboxId } };
    });
    await env.EMAIL_QUEUE.sendBatch(chunk);
  }
}
