/**
 * A journey through the Worker as deployed (worker.fetch, worker.queue, worker.scheduled, real D1):
 * only the two queues and the email provider, beyond this Worker, are stood in for and recorded, so
 * every message and every email is seen and each link in them can be opened. Used by the privacy
 * officer's and the Spanish reader's whole-journey tests.
 */
import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from 'cloudflare:test';
import worker, { EMAIL_KINDS } from '../../worker/index.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRows } from '../../worker/platform/outbox/send-outbox.ts';
import { isFanOutJob } from '../../worker/updates/fanout.ts';

export const SITE = 'https://pledge.test';

/** The queues and the provider, recorded; `defaults`: headers each request carries unless it sets its own. */
export function journeyHarness(defaults: Record<string, string> = {}) {
  const pledgeMessages: unknown[] = [];
  const emailJobs: unknown[] = [];
  const queue = (into: unknown[]) =>
    ({
      send: async (body: unknown) => void into.push(body),
      sendBatch: async (messages: { body: unknown }[]) => void into.push(...messages.map((m) => m.body)),
    }) as unknown as Queue;
  const E: Env = { ...env, PLEDGE_QUEUE: queue(pledgeMessages), EMAIL_QUEUE: queue(emailJobs) };
  const mailbox: OutgoingEmail[] = [];
  const transport = { send: async (email: OutgoingEmail) => void mailbox.push(email) };

  /** One request, answered as it is (a redirect is not followed). */
  async function fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const ctx = createExecutionContext();
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(defaults)) if (!headers.has(name)) headers.set(name, value);
    const res = await worker.fetch(new Request(`${SITE}${path}`, { ...init, headers, redirect: 'manual' }) as Request<unknown, IncomingRequestCfProperties>, E, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }
  /** A form posted from the Worker's own pages. */
  const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE, ...headers },
      body: new URLSearchParams(fields).toString(),
    });

  /** Runs both queues' consumers until nothing is waiting: pledges stored, fan-outs run, emails handed over. */
  async function pump(): Promise<void> {
    for (let round = 0; round < 50 && (pledgeMessages.length || emailJobs.length); round++) {
      if (pledgeMessages.length) {
        const bodies = pledgeMessages.splice(0);
        const batch = createMessageBatch('rhec-pledges', bodies.map((body, i) => ({ id: `p${round}-${i}`, timestamp: new Date(), attempts: 1, body })));
        const ctx = createExecutionContext();
        await worker.queue(batch as MessageBatch<never>, E);
        await waitOnExecutionContext(ctx);
      }
      const jobs = emailJobs.splice(0);
      const fanOuts = jobs.filter(isFanOutJob);
      if (fanOuts.length) {
        const batch = createMessageBatch('rhec-emails', fanOuts.map((body, i) => ({ id: `f${round}-${i}`, timestamp: new Date(), attempts: 1, body })));
        const ctx = createExecutionContext();
        await worker.queue(batch as MessageBatch<never>, E);
        await waitOnExecutionContext(ctx);
      }
      const ids = jobs.filter((j) => !isFanOutJob(j)).flatMap((j) => ('outboxIds' in (j as object) ? (j as { outboxIds: string[] }).outboxIds : [(j as { outboxId: string }).outboxId]));
      if (ids.length) await sendOutboxRows(E, ids, EMAIL_KINDS, transport);
    }
  }

  /** The Cron at `at` (ms), then whatever it queued. */
  async function cron(at: number): Promise<void> {
    await worker.scheduled({ scheduledTime: at, cron: '*/5 * * * *', noRetry() {} } as ScheduledController, E);
    await pump();
  }

  return { E, mailbox, fetch, form, pump, cron };
}
