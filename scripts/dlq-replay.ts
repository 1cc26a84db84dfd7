/**
 * `npm run dlq:replay -- staging|production [--queue pledges|emails] [--dry-run]`: moves the
 * messages of an environment's dead-letter queue (wrangler.jsonc names it: `rhec-pledges-dlq`,
 * `rhec-pledges-staging-dlq`, …) back to the queue they came from, once its cause is fixed (D1
 * back after an outage). A pledge batch there is held nowhere else, and only until the DLQ's
 * retention period ends (DEPLOY.md, "Watching it").
 *
 * Through Cloudflare's REST API for Queues, with CLOUDFLARE_API_TOKEN (Queues Edit: read and
 * write, since acknowledging a message writes to the queue) and CLOUDFLARE_ACCOUNT_ID, the
 * variables wrangler reads. RHEC_CLOUDFLARE_API_BASE points it elsewhere (the tests' fake API).
 *
 * Each batch is pulled from the DLQ, pushed unchanged to the main queue, and only then
 * acknowledged on the DLQ. A crash or an error between the two leaves the batch leased, and
 * Queues delivers it again once its visibility timeout passes: a message may reach the main queue
 * twice, never zero times. Twice is harmless: the ingest consumer writes with
 * `ON CONFLICT … DO NOTHING` and moves the counts by `changes()`, and its outbox rows have
 * deterministic ids (`confirm:<pledge id>`, `repeat:<pledge id>`) inserted `ON CONFLICT DO
 * NOTHING` (worker/pledges/store.ts, `storePledges`); the email consumer claims each outbox row
 * (queued → sending) before it sends, so a repeated message finds it claimed or sent and sends
 * nothing (worker/platform/outbox/send-outbox.ts, its header), and an update's fan-out job
 * repeats a step without adding rows (worker/updates/fanout.ts, INSERT OR IGNORE on
 * `update:<update id>:<pledge id>`).
 *
 * Never prints a message's body: pledges carry names and email addresses. Only counts.
 *
 * The API, as Cloudflare documents it (no shape here is guessed):
 * - Pull consumers: https://developers.cloudflare.com/queues/configuration/pull-consumers/
 *   POST …/queues/{id}/messages/pull {batch_size (max 100), visibility_timeout} →
 *   result.messages[] of {id, body, attempts, lease_id, metadata: {"CF-Content-Type"}}; a `json`
 *   (or `bytes`) body comes back base64-encoded (RFC 4648), a `text` one as plain UTF-8 ("Content
 *   types"); POST …/messages/ack {acks: [{lease_id}], retries: [{lease_id}]}; a message leased and
 *   not acknowledged is delivered again after its visibility timeout; a queue needs an HTTP pull
 *   consumer first, and cannot have one while a Worker consumes it.
 * - REST API reference (the guide links https://developers.cloudflare.com/api/operations/queue-v2-messages-pull
 *   and …/queue-v2-messages-ack; the official SDK generated from the same OpenAPI schema,
 *   cloudflare-typescript src/resources/queues/messages.ts, has these and the batch push): pull's
 *   timeout is `visibility_timeout_ms` in the API schema (the guide's example says
 *   `visibility_timeout`: both are sent, the same value);
 *   POST …/queues/{id}/messages/batch {messages: [{body, content_type: "json" | "text"}]}, where
 *   a `json` message's body is the JSON value itself, so the consumer Worker receives the object
 *   it was first sent with (the producers here send the default content type, `json`:
 *   https://developers.cloudflare.com/queues/configuration/javascript-apis/#queuescontenttype).
 * - Listing queues by name and adding an HTTP pull consumer are done as wrangler does them
 *   (`wrangler queues info`, `wrangler queues consumer http add`): GET /accounts/{account}/queues
 *   ?name=… → result[] of {queue_id, queue_name, consumers: [{type: "worker" | "http_pull", …}]};
 *   POST …/queues/{id}/consumers {type: "http_pull", settings: {…}}.
 */
import { parseArgs } from 'node:util';
import { unstable_readConfig } from 'wrangler';
import { firstLine, ROOT } from './lib/run.ts';

const USAGE = 'Usage: npm run dlq:replay -- staging | production [--queue pledges|emails] [--dry-run]';
/** Messages per pull, and per push: the most either takes. */
const BATCH = 100;
/** How long a pulled batch is ours: far longer than one push and one acknowledgement take. */
const LEASE_MS = 60_000;
/** A batch push takes at most 256 KB in all (https://developers.cloudflare.com/queues/platform/limits/): kept under it. */
const PUSH_BYTES = 200_000;
/**
 * Deliveries an HTTP pull consumer allows a message before deleting it (the guide: "attempts … When
 * this reaches the value of max_retries, the message will not be re-delivered and will be deleted
 * from the queue permanently"). Every pull not acknowledged counts: an interrupted run, a dry run.
 * 100 is the most allowed (limits page, "Message retries").
 */
const MAX_RETRIES = 100;

class Refusal extends Error {}

type PulledMessage = { id?: string; body?: string; lease_id: string; metadata?: Record<string, string> };
type QueueInfo = { queue_id: string; queue_name: string; consumers?: { type?: string; settings?: { max_retries?: number } }[] };

/** One call to the API; any failure is one line naming the call, never a body. */
async function api<T>(base: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new Refusal(`Cloudflare API ${method} ${path.replace(/\?.*/, '')}: ${firstLine((err as { cause?: unknown }).cause ?? err)}`);
  }
  const json = (await res.json().catch(() => null)) as { success?: boolean; result?: T; errors?: { code?: number; message?: string }[] } | null;
  if (!res.ok || !json?.success) {
    const why = json?.errors?.[0] ? `${json.errors[0].message ?? ''}${json.errors[0].code ? ` (code ${json.errors[0].code})` : ''}` : res.statusText;
    throw new Refusal(`Cloudflare API ${method} ${path.replace(/\?.*/, '')} answered ${res.status}: ${firstLine(why)}`);
  }
  return json.result as T;
}

/**
 * A pulled message as the batch push takes it: the same JSON value for `json` (base64 in the pull's
 * answer), the same string for `text`. Other content types cannot be pushed over HTTP: refused,
 * the batch left on the DLQ.
 */
export function pushable(m: PulledMessage): { body: unknown; content_type: 'json' | 'text' } {
  const type = m.metadata?.['CF-Content-Type'] ?? 'json';
  const body = m.body ?? '';
  if (type === 'text') return { body, content_type: 'text' };
  if (type === 'json') {
    try {
      return { body: JSON.parse(Buffer.from(body, 'base64').toString('utf8')), content_type: 'json' };
    } catch {
      // (The guide's own example shows a `json` body unencoded: taken as it is, if it parses.)
      try {
        return { body: JSON.parse(body), content_type: 'json' };
      } catch {
        /* said below */
      }
    }
  }
  throw new Refusal(`Message ${m.id ?? '?'} has content type "${type}", which cannot be pushed back over HTTP: nothing of its batch was moved or acknowledged.`);
}

/** `items` in order, in runs whose JSON stays within `limit` bytes (an item alone always goes). */
export function under<T>(items: T[], limit: number): T[][] {
  const runs: T[][] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (!runs.length || bytes + size > limit) {
      runs.push([]);
      bytes = 0;
    }
    runs.at(-1)!.push(item);
    bytes += size;
  }
  return runs;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { queue: { type: 'string', default: 'pledges' }, 'dry-run': { type: 'boolean', default: false } } });
  } catch (err) {
    throw new Refusal(`${firstLine(err)}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const env = positionals[0];
  if (env !== 'staging' && env !== 'production') throw new Refusal(`${env === undefined ? 'Which environment? staging or production.' : `Unknown environment "${env}": staging or production.`}\n${USAGE}`);
  if (positionals.length > 1) throw new Refusal(`One environment at a time (got "${positionals.join(' ')}").\n${USAGE}`);
  if (values.queue !== 'pledges' && values.queue !== 'emails') throw new Refusal(`--queue is pledges or emails (got "${values.queue}").\n${USAGE}`);
  const token = process.env.CLOUDFLARE_API_TOKEN;
  const account = process.env.CLOUDFLARE_ACCOUNT_ID;
  if (!token || !account) {
    throw new Refusal(`Set ${[!token && 'CLOUDFLARE_API_TOKEN', !account && 'CLOUDFLARE_ACCOUNT_ID'].filter(Boolean).join(' and ')} (an API token with Queues Edit, and the account id wrangler shows): nothing was moved.`);
  }
  const base = (process.env.RHEC_CLOUDFLARE_API_BASE || 'https://api.cloudflare.com/client/v4').replace(/\/$/, '');
  const dryRun = values['dry-run'];

  // The queue and its dead-letter queue, as wrangler.jsonc names them for this environment.
  const consumer = unstable_readConfig({ config: `${ROOT}wrangler.jsonc`, env }, { hideWarnings: true }).queues.consumers?.find((c: { queue: string }) => c.queue.startsWith(`rhec-${values.queue}`));
  if (!consumer?.dead_letter_queue) throw new Refusal(`wrangler.jsonc names no dead-letter queue for rhec-${values.queue} in env.${env}.`);
  const mainName = consumer.queue;
  const dlqName = consumer.dead_letter_queue;

  const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => api<T>(base, token, method, `/accounts/${account}${path}`, body);
  const find = async (name: string): Promise<QueueInfo> => {
    const found = (await call<QueueInfo[]>('GET', `/queues?page=1&name=${encodeURIComponent(name)}`)).find((q) => q.queue_name === name);
    if (!found) throw new Refusal(`No queue "${name}" in account ${account}: check CLOUDFLARE_ACCOUNT_ID.`);
    return found;
  };
  const dlq = await find(dlqName);
  const main = await find(mainName);

  // A queue's messages can be pulled over HTTP only through an HTTP pull consumer. The DLQ has no
  // Worker consumer (wrangler.jsonc gives it none, so a deploy never touches its consumers), and a
  // queue without one may take an HTTP pull consumer at any time (pull-consumers guide, step 1);
  // it holds the messages until they are pulled. A Worker consumer there is someone else's: refused.
  const types = (dlq.consumers ?? []).map((c) => c.type);
  if (!types.includes('http_pull')) {
    if (types.length) throw new Refusal(`${dlqName} is consumed by a ${types.join(', ')} consumer: remove it first (npx wrangler queues consumer remove ${dlqName} <worker>), then run this again.`);
    if (dryRun) {
      console.log(`${dlqName} has no HTTP pull consumer yet, so its messages cannot be counted here: a real run adds one (npx wrangler queues consumer http add ${dlqName}), then moves them.`);
      return;
    }
    // max_retries: a batch leased again and again (the run interrupted each time) is not dropped for it.
    try {
      await call('POST', `/queues/${dlq.queue_id}/consumers`, { type: 'http_pull', settings: { batch_size: BATCH, max_retries: MAX_RETRIES, visibility_timeout_ms: LEASE_MS } });
    } catch (err) {
      throw new Refusal(`${(err as Error).message} — add it by hand: npx wrangler queues consumer http add ${dlqName} --message-retries ${MAX_RETRIES}, then run this again.`);
    }
    console.log(`Added an HTTP pull consumer to ${dlqName} (it had none), to read it.`);
  }

  // A pull consumer added by hand without --message-retries deletes a message after a few deliveries:
  // a dry run, which is one delivery of each, is refused there rather than bring that closer.
  const allowed = (dlq.consumers ?? []).find((c) => c.type === 'http_pull')?.settings?.max_retries;
  if (dryRun && allowed !== undefined && allowed < 10) {
    throw new Refusal(`${dlqName}'s HTTP pull consumer deletes a message after ${allowed} deliveries, and a dry run is one: run without --dry-run (it acknowledges each message once it is back), or first raise its retries: npx wrangler queues consumer http remove ${dlqName} && npx wrangler queues consumer http add ${dlqName} --message-retries ${MAX_RETRIES}`);
  }
  const pull = () => call<{ messages?: PulledMessage[] }>('POST', `/queues/${dlq.queue_id}/messages/pull`, { batch_size: BATCH, visibility_timeout_ms: LEASE_MS, visibility_timeout: LEASE_MS });
  let moved = 0;
  if (dryRun) {
    // Counted by pulling, the leases held until every message has been seen, then handed back at once.
    // Each message is counted once, by its id: should pulling everything take longer than a lease
    // (a DLQ of tens of thousands), the first leases lapse and those messages come round again.
    // The count ends at an empty pull or, should leases keep lapsing, once more messages than have
    // been seen have come round again with nothing new among them (each pull is a delivery: a
    // count that went round for ever would use up every message's deliveries, and the pull
    // consumer deletes a message after its last).
    const leases: string[] = [];
    const seen = new Set<string>();
    let again = 0; // messages pulled again since the last new one
    let cut = false;
    for (let batch = await pull(); batch.messages?.length; batch = await pull()) {
      for (const m of batch.messages) pushable(m); // (one the real run would refuse is said now)
      leases.push(...batch.messages.map((m) => m.lease_id));
      const before = seen.size;
      for (const m of batch.messages) seen.add(m.id ?? m.lease_id);
      again = seen.size > before ? 0 : again + batch.messages.length;
      if ((cut = again > seen.size)) break;
    }
    for (let i = 0; i < leases.length; i += BATCH) {
      await call('POST', `/queues/${dlq.queue_id}/messages/ack`, { acks: [], retries: leases.slice(i, i + BATCH).map((lease_id) => ({ lease_id })) });
    }
    const n = seen.size;
    console.log(
      cut
        ? `Dry run: at least ${n} message${n === 1 ? '' : 's'} in ${dlqName} would go back to ${mainName} (its leases lapsed faster than it could be counted, so the count stopped there). Nothing was moved.`
        : `Dry run: ${n} message${n === 1 ? '' : 's'} in ${dlqName} would go back to ${mainName}. Nothing was moved.`,
    );
    return;
  }
  for (let batch = await pull(); batch.messages?.length; batch = await pull()) {
    const messages = batch.messages;
    for (const run of under(messages.map(pushable), PUSH_BYTES)) await call('POST', `/queues/${main.queue_id}/messages/batch`, { messages: run });
    // Only now: had the push failed, the batch would still be on the DLQ.
    await call('POST', `/queues/${dlq.queue_id}/messages/ack`, { acks: messages.map((m) => ({ lease_id: m.lease_id })), retries: [] });
    moved += messages.length;
    console.log(`  ${messages.length} moved (${moved} so far)`);
  }
  console.log(`Moved ${moved} message${moved === 1 ? '' : 's'} from ${dlqName} back to ${mainName}; ${dlqName} is empty.`);
}

if (import.meta.main) {
  main().catch((err: Error) => {
    console.error(err instanceof Refusal ? err.message : firstLine(err));
    process.exit(1);
  });
}
