/**
 * `npm run dlq:replay`, run for real against a fake Cloudflare Queues API on this machine (a node
 * http server answering the REST calls the script makes, in the shapes Cloudflare documents):
 * every dead-lettered message comes back on its main queue once, unchanged, and is acknowledged on
 * the DLQ only after its push; a push that fails acknowledges nothing; nothing personal is printed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../../scripts/lib/run.ts';

type Stored = { id: string; body: string; leased: string | null };

/** The fake account's queues: the DLQ's messages, the main queue's pushes, and every call in order. */
class FakeQueues {
  dlq: Stored[] = [];
  main: unknown[] = [];
  calls: string[] = [];
  consumers: { type: string; consumer_id: string; settings?: { max_retries: number } }[];
  /** Acknowledgements of a message whose body had not yet been pushed back. */
  ackedBeforePush = 0;
  acked = 0;
  pushes = 0;
  failPush = false;
  /** Every lease lapses after this many pulls (0: never), once, or after every so many with `lapseEvery`. */
  lapseAfterPulls = 0;
  lapseEvery = false;
  pulls = 0;
  private lease = 0;
  bodies: unknown[];

  constructor(bodies: unknown[], { pullConsumer = true } = {}) {
    this.bodies = bodies;
    this.consumers = pullConsumer ? [{ type: 'http_pull', consumer_id: 'c-dlq' }] : [];
    // A Worker's default `json` content type comes back base64-encoded (pull consumers: "Content types").
    this.dlq = bodies.map((b, i) => ({ id: `m${i}`, body: Buffer.from(JSON.stringify(b)).toString('base64'), leased: null }));
  }

  handle(method: string, path: string, body: any): { status: number; json: unknown } {
    this.calls.push(`${method} ${path}`);
    const ok = (result: unknown) => ({ status: 200, json: { success: true, errors: [], messages: [], result } });
    const m = path.match(/^\/accounts\/acct\/queues(?:\/([^/?]+)(\/.*)?)?(\?.*)?$/);
    if (!m) return { status: 404, json: { success: false, errors: [{ code: 7003, message: 'No route for that URI' }] } };
    const [, queue, action] = m;
    if (method === 'GET' && !queue) {
      const name = new URLSearchParams(m[3] ?? '').get('name');
      const all = [
        { queue_id: 'q-main', queue_name: 'rhec-pledges', consumers: [{ type: 'worker', script: 'rhec-pledge' }] },
        { queue_id: 'q-dlq', queue_name: 'rhec-pledges-dlq', consumers: this.consumers },
        { queue_id: 'q-staging-dlq', queue_name: 'rhec-pledges-staging-dlq', consumers: [] },
      ];
      return ok(all.filter((q) => !name || q.queue_name === name));
    }
    if (method !== 'POST') return { status: 405, json: { success: false, errors: [{ code: 10405, message: 'Method not allowed' }] } };
    if (queue === 'q-dlq' && action === '/consumers') {
      assert.equal(body.type, 'http_pull');
      this.consumers.push({ type: 'http_pull', consumer_id: 'c-new' });
      return ok({ consumer_id: 'c-new', type: 'http_pull', settings: body.settings });
    }
    if (queue === 'q-dlq' && action === '/messages/pull') {
      if (!this.consumers.some((c) => c.type === 'http_pull')) return { status: 400, json: { success: false, errors: [{ code: 11000, message: 'queue has no http_pull consumer' }] } };
      // Leases held longer than their visibility timeout lapse: the messages are free again, the old lease ids stale.
      if (this.lapseAfterPulls && (this.lapseEvery ? this.pulls > 0 && this.pulls % this.lapseAfterPulls === 0 : this.pulls === this.lapseAfterPulls)) {
        for (const s of this.dlq) s.leased = null;
      }
      this.pulls++;
      const free = this.dlq.filter((s) => !s.leased).slice(0, Math.min(body.batch_size ?? 5, 100));
      for (const s of free) s.leased = `lease-${++this.lease}`;
      return ok({ messages: free.map((s) => ({ id: s.id, body: s.body, attempts: 1, timestamp_ms: 0, lease_id: s.leased, metadata: { 'CF-Content-Type': 'json' } })) });
    }
    if (queue === 'q-dlq' && action === '/messages/ack') {
      for (const { lease_id } of body.acks ?? []) {
        const s = this.dlq.find((x) => x.leased === lease_id);
        if (!s) continue;
        const original = JSON.stringify(this.bodies[Number(s.id.slice(1))]);
        if (!this.main.some((b) => JSON.stringify(b) === original)) this.ackedBeforePush++;
        this.dlq = this.dlq.filter((x) => x !== s);
        this.acked++;
      }
      for (const { lease_id } of body.retries ?? []) {
        const s = this.dlq.find((x) => x.leased === lease_id);
        if (s) s.leased = null;
      }
      return ok({ ackCount: (body.acks ?? []).length, retryCount: (body.retries ?? []).length, warnings: {} });
    }
    if (queue === 'q-main' && action === '/messages/batch') {
      if (this.failPush) return { status: 500, json: { success: false, errors: [{ code: 10001, message: 'Internal server error' }] } };
      assert.ok(body.messages.length <= 100, 'a batch push takes at most 100 messages');
      assert.ok(Buffer.byteLength(JSON.stringify(body.messages)) <= 256_000, 'a batch push takes at most 256 KB');
      this.pushes++;
      for (const msg of body.messages) {
        assert.equal(msg.content_type, 'json');
        this.main.push(msg.body);
      }
      return ok({});
    }
    return { status: 404, json: { success: false, errors: [{ code: 7003, message: 'No route for that URI' }] } };
  }
}

let fake: FakeQueues;
let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      let out;
      try {
        assert.equal(req.headers.authorization, 'Bearer test-token');
        out = fake.handle(req.method!, req.url!.replace(/^\/client\/v4/, ''), raw ? JSON.parse(raw) : undefined);
      } catch (err) {
        out = { status: 500, json: { success: false, errors: [{ code: 1, message: `fake API: ${(err as Error).message}` }] } };
      }
      res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
});
after(() => server.close());

/** Runs the command (asynchronously: the fake API answers from this process). */
function replay(args: string[], env: Record<string, string | undefined> = {}): Promise<{ status: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const vars: Record<string, string | undefined> = { ...process.env, CLOUDFLARE_API_TOKEN: 'test-token', CLOUDFLARE_ACCOUNT_ID: 'acct', RHEC_CLOUDFLARE_API_BASE: base, ...env };
    for (const [k, v] of Object.entries(vars)) if (v === undefined) delete vars[k];
    execFile(process.execPath, ['scripts/dlq-replay.ts', ...args], { cwd: ROOT, env: vars }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? 1) : 0, out: stdout.trim(), err: stderr.trim() });
    });
  });
}

/** Pledge messages as the API's intake puts them on the queue (worker/pledges/message.ts), each with a name and an address. */
const pledges = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    pledge: { partner: 'rsna', name: `Dr Ana Replay${i}`, email: `ana.replay${i}@hospital.example`, role: 'radiologist', commitment: true, updates: i % 2 === 0, lang: 'es' },
    flag: null,
    ipHash: `hash${i % 7}`,
    receivedAt: `2026-12-01T02:${String(i % 60).padStart(2, '0')}:00.000Z`,
  }));

describe('npm run dlq:replay', () => {
  it('moves 130 dead-lettered pledges back once each, unchanged, acknowledging each only after its push; prints counts, never a name or address', async () => {
    const bodies = pledges(130);
    fake = new FakeQueues(bodies, { pullConsumer: false });
    const r = await replay(['production']);
    assert.equal(r.status, 0, r.err);
    assert.deepEqual(fake.main, bodies, 'every message back on rhec-pledges, once, as it was first sent');
    assert.equal(fake.dlq.length, 0, 'the DLQ is empty');
    assert.equal(fake.acked, 130);
    assert.equal(fake.ackedBeforePush, 0, 'no message acknowledged before its push');
    assert.ok(fake.calls.includes('POST /accounts/acct/queues/q-dlq/consumers'), 'the DLQ, which had no consumer, got an HTTP pull one');
    assert.match(r.out, /Added an HTTP pull consumer to rhec-pledges-dlq/);
    assert.match(r.out, /Moved 130 messages from rhec-pledges-dlq back to rhec-pledges; rhec-pledges-dlq is empty\.$/);
    assert.doesNotMatch(`${r.out}\n${r.err}`, /Replay|@|hospital|radiologist/, 'no body, name or address printed');
  });

  it('pushes a batch of large messages in parts under 256 KB, and acknowledges it once all are back', async () => {
    const bodies = pledges(100).map((b) => ({ ...b, pledge: { ...b.pledge, organization: 'Hospital '.repeat(400) } })); // ~3.7 KB each
    fake = new FakeQueues(bodies);
    const r = await replay(['production']);
    assert.equal(r.status, 0, r.err);
    assert.deepEqual(fake.main, bodies);
    assert.equal(fake.pushes, 2);
    assert.equal(fake.ackedBeforePush, 0);
    assert.equal(fake.dlq.length, 0);
  });

  it('acknowledges nothing when the push fails, and says so in one line', async () => {
    fake = new FakeQueues(pledges(130));
    fake.failPush = true;
    const r = await replay(['production']);
    assert.equal(r.status, 1);
    assert.equal(r.err, 'Cloudflare API POST /accounts/acct/queues/q-main/messages/batch answered 500: Internal server error (code 10001)');
    assert.equal(fake.acked, 0, 'nothing acknowledged');
    assert.equal(fake.dlq.length, 130, 'every message still on the DLQ');
    assert.ok(!fake.calls.some((c) => c.endsWith('/messages/ack')), 'no acknowledgement even tried');
  });

  it('--dry-run counts and moves nothing, handing every lease back', async () => {
    fake = new FakeQueues(pledges(130));
    const r = await replay(['production', '--dry-run']);
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, 'Dry run: 130 messages in rhec-pledges-dlq would go back to rhec-pledges. Nothing was moved.');
    assert.deepEqual(fake.main, []);
    assert.equal(fake.acked, 0);
    assert.equal(fake.dlq.filter((s) => s.leased).length, 0, 'every message free again for a real run');
    assert.doesNotMatch(r.out, /Replay|@/);
  });

  it('--dry-run counts each message once when leases lapse while it counts (a DLQ too large to pull within one lease)', async () => {
    fake = new FakeQueues(pledges(250));
    fake.lapseAfterPulls = 2; // the first 200 come round again
    const r = await replay(['production', '--dry-run']);
    assert.equal(r.status, 0, r.err);
    assert.equal(r.out, 'Dry run: 250 messages in rhec-pledges-dlq would go back to rhec-pledges. Nothing was moved.');
    assert.deepEqual(fake.main, []);
    assert.equal(fake.acked, 0);
    assert.equal(fake.dlq.filter((s) => s.leased).length, 0, 'every message free again for a real run');
  });

  it('--dry-run stops, saying its count is a floor, when leases keep lapsing faster than it counts (never pulls for ever)', { timeout: 60_000 }, async () => {
    fake = new FakeQueues(pledges(250));
    fake.lapseAfterPulls = 2;
    fake.lapseEvery = true; // the fake hands out the oldest first: the last 50 are never reached
    const r = await replay(['production', '--dry-run']);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^Dry run: at least 200 messages in rhec-pledges-dlq would go back to rhec-pledges \(its leases lapsed faster than it could be counted, so the count stopped there\)\. Nothing was moved\.$/);
    assert.ok(fake.pulls <= 6, `${fake.pulls} pulls: each one is a delivery of every message it returns`);
    assert.deepEqual(fake.main, []);
    assert.equal(fake.acked, 0);
  });

  it('--dry-run adds no consumer to a DLQ without one: says what a real run would do', async () => {
    fake = new FakeQueues(pledges(3), { pullConsumer: false });
    const r = await replay(['production', '--dry-run']);
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^rhec-pledges-dlq has no HTTP pull consumer yet.*npx wrangler queues consumer http add rhec-pledges-dlq/);
    assert.ok(!fake.calls.some((c) => c.startsWith('POST')), 'nothing changed');
  });

  it('--dry-run refuses a pull consumer that deletes a message after a few deliveries (a dry run is one), pulling nothing', async () => {
    fake = new FakeQueues(pledges(3));
    fake.consumers[0]!.settings = { max_retries: 3 };
    const r = await replay(['production', '--dry-run']);
    assert.equal(r.status, 1);
    assert.match(r.err, /^rhec-pledges-dlq's HTTP pull consumer deletes a message after 3 deliveries, and a dry run is one: .*--message-retries 100$/);
    assert.ok(!fake.calls.some((c) => c.startsWith('POST')), 'nothing pulled');
  });

  it('refuses without CLOUDFLARE_API_TOKEN or CLOUDFLARE_ACCOUNT_ID in one line, calling nothing', async () => {
    fake = new FakeQueues(pledges(3));
    const noToken = await replay(['staging'], { CLOUDFLARE_API_TOKEN: undefined });
    assert.deepEqual(noToken, { status: 1, out: '', err: 'Set CLOUDFLARE_API_TOKEN (an API token with Queues Edit, and the account id wrangler shows): nothing was moved.' });
    const neither = await replay(['staging'], { CLOUDFLARE_API_TOKEN: '', CLOUDFLARE_ACCOUNT_ID: undefined });
    assert.match(neither.err, /^Set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID /);
    assert.deepEqual(fake.calls, []);
  });

  it('refuses a mistyped environment or queue in one line with the usage', async () => {
    for (const [args, first] of [
      [['prod'], 'Unknown environment "prod": staging or production.'],
      [['staging', '--queue', 'pledge'], '--queue is pledges or emails (got "pledge").'],
    ] as const) {
      const r = await replay([...args]);
      assert.equal(r.status, 1);
      assert.equal(r.err, `${first}\nUsage: npm run dlq:replay -- staging | production [--queue pledges|emails] [--dry-run]`);
    }
  });
});
