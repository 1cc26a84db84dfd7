/**
 * What one call to a local simulator costs: a D1 query, a queue send. Under `wrangler dev` D1 and
 * Queues are Durable Objects in the same workerd as the Worker, so every call's other side (the
 * simulator's JavaScript, SQLite, the broker's delivery to the consumer) runs on the cores the
 * benchmark's pledges run on; at the edge it runs on Cloudflare's machines.
 *
 * A probe Worker of a few lines (no Hono, none of this project's code) makes N calls of one kind
 * in a loop inside ONE request, so the request's own cost is shared by N; the workerd process
 * group's CPU time from /proc before and after (after the queue has delivered and the consumer
 * acked) is divided by N. Kinds alternate over `rounds`, and each figure is the median.
 */
import { groupCpu } from './pipeline.ts';
import { startProbeWorker } from './probe-worker.ts';

const PROBE_WORKER = `
const pledge = { partner: 'rsna', name: 'Bench Pledger', email: 'bench@example.org', role: 'radiologist', commitment: true };
export default {
  async queue(batch) { for (const m of batch.messages) m.ack(); },
  async fetch(req, env) {
    const url = new URL(req.url);
    const n = Number(url.searchParams.get('n'));
    const db = env.DB;
    if (url.pathname === '/setup') {
      await db.exec('CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, status TEXT, sent_at TEXT, updated_at TEXT)');
      await db.exec('CREATE INDEX IF NOT EXISTS outbox_by_status ON outbox (status, updated_at)');
      await db.batch(Array.from({ length: 1000 }, (_, i) => db.prepare("INSERT OR IGNORE INTO outbox VALUES (?, 'sending', NULL, '')").bind('row' + i)));
      return new Response('ready');
    }
    for (let i = 0; i < n; i++) {
      const at = new Date().toISOString();
      switch (url.pathname) {
        case '/d1-select': await db.prepare('SELECT 1').run(); break;
        // As the email consumer's stamp: one row, by key.
        case '/d1-update': await db.prepare("UPDATE outbox SET sent_at = ?1, updated_at = ?1 WHERE id = ?2 AND status = 'sending'").bind(at, 'row' + (i % 1000)).run(); break;
        case '/queue-send': await env.Q.send({ id: 'm' + i, pledge, receivedAt: at }); break;
        case '/queue-batch': if (i % 10 === 0) await env.Q.sendBatch(Array.from({ length: 10 }, (_, j) => ({ body: { id: 'm' + i + j, pledge, receivedAt: at } }))); break;
        default: return new Response('unknown', { status: 404 });
      }
    }
    return new Response('done');
  },
};
`;

const PROBE_CONFIG = {
  compatibility_date: '2026-08-01',
  d1_databases: [{ binding: 'DB', database_name: 'probe', database_id: '00000000-0000-0000-0000-000000000000' }],
  queues: { producers: [{ binding: 'Q', queue: 'probe' }], consumers: [{ queue: 'probe', max_batch_size: 100, max_batch_timeout: 1 }] },
};

export interface LocalCosts {
  /** CPU ms of workerd per call, medians: a D1 `SELECT 1`, a D1 one-row UPDATE, a queue `send`, a message in `sendBatch`es of 10. */
  d1Select: number;
  d1Update: number;
  queueSend: number;
  queueBatched: number;
  calls: number;
  rounds: number;
}

export async function measureLocalCosts(port: number, calls = 2000, rounds = 3): Promise<LocalCosts> {
  const probe = await startProbeWorker('local-costs', PROBE_WORKER, PROBE_CONFIG, port, '/setup');
  try {
    const settle = () => new Promise((r) => setTimeout(r, 2_500)); // the queue delivers within its 1 s batch timeout
    const cpuPerCall = async (path: string) => {
      await settle();
      const before = groupCpu(probe.pid).workerd;
      const res = await fetch(`${probe.url}${path}?n=${calls}`);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await settle();
      return (groupCpu(probe.pid).workerd - before) / calls;
    };
    const kinds = ['/d1-select', '/d1-update', '/queue-send', '/queue-batch'] as const;
    const figures = new Map<string, number[]>(kinds.map((k) => [k, []]));
    await cpuPerCall('/d1-select'); // the first calls compile and open files
    for (let r = 0; r < rounds; r++) for (const k of kinds) figures.get(k)!.push(await cpuPerCall(k));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return {
      d1Select: median(figures.get('/d1-select')!),
      d1Update: median(figures.get('/d1-update')!),
      queueSend: median(figures.get('/queue-send')!),
      queueBatched: median(figures.get('/queue-batch')!),
      calls,
      rounds,
    };
  } finally {
    await probe.stop();
  }
}

// `node scripts/bench/local-costs.ts`: the figures alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const c = await measureLocalCosts(8896);
  console.log(
    `CPU per call (workerd, median of ${c.rounds} × ${c.calls}): D1 SELECT 1 ${c.d1Select.toFixed(2)} ms, D1 one-row UPDATE ${c.d1Update.toFixed(2)} ms, ` +
      `queue send ${c.queueSend.toFixed(2)} ms, a message in sendBatch of 10 ${c.queueBatched.toFixed(2)} ms`,
  );
}
