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
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, ROOT } from '../lib/run.ts';
import { groupCpu } from './pipeline.ts';

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
  name: 'rhec-bench-local-costs',
  main: 'worker.js',
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
  const dir = mkdtempSync(join(tmpdir(), 'rhec-local-costs-'));
  writeFileSync(join(dir, 'worker.js'), PROBE_WORKER);
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify(PROBE_CONFIG, null, 2));
  const child = spawn(
    bin('wrangler'),
    ['dev', '--config', join(dir, 'wrangler.jsonc'), '--port', String(port), '--ip', 'localhost', '--persist-to', join(dir, 'state'),
      '--show-interactive-dev-session=false', '--log-level', 'error'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: 'true' } },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://localhost:${port}`;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the probe Worker exited early:\n${output}`);
      try {
        if ((await fetch(`${url}/setup`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`the probe Worker did not answer within 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const settle = () => new Promise((r) => setTimeout(r, 2_500)); // the queue delivers within its 1 s batch timeout
    const cpuPerCall = async (path: string) => {
      await settle();
      const before = groupCpu(child.pid!).workerd;
      const res = await fetch(`${url}${path}?n=${calls}`);
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await settle();
      return (groupCpu(child.pid!).workerd - before) / calls;
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
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
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
