/**
 * The reference Worker (issue 15), measured the way the pledge path is: a Worker of a few lines,
 * none of this project's code, that parses the JSON, queues the pledge, batch-inserts each batch of up to
 * 100 into D1 and enqueues one email job per pledge, whose consumer acks it. It sets the bar: what the
 * same `wrangler dev`, on the same cores, allows a pipeline that does almost nothing.
 *
 * A second variant adds the one thing per email this project's exactly-once guarantee cannot batch: the
 * email consumer's awaited D1 write per email (send-outbox.ts stamps each hand-off before it begins), so
 * the two figures bracket ours. Both run in alternating rounds against the probe's own bare endpoint
 * (`GET /ping`), at 50 connections, waiting for the queues to drain between runs, with the same
 * settings as the project's Worker (queue batch sizes, `max_concurrency`, observability logs on).
 */
import { load, type LoadResult } from './api-load.ts';
import { startProbeWorker } from './probe-worker.ts';

const REFERENCE_WORKER = `
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
export default {
  async fetch(req, env) {
    const url = new URL(req.url);
    if (url.pathname === '/ping') return json({ ok: true });
    if (url.pathname === '/setup') {
      await env.DB.exec('CREATE TABLE IF NOT EXISTS pledges (id TEXT PRIMARY KEY, partner TEXT, name TEXT, email TEXT UNIQUE, role TEXT, received_at TEXT)');
      await env.DB.exec('CREATE TABLE IF NOT EXISTS emails (id TEXT PRIMARY KEY, sent_at TEXT)');
      return json({ ready: true });
    }
    if (url.pathname === '/count') {
      return json(await env.DB.prepare('SELECT (SELECT count(*) FROM pledges) AS pledges, (SELECT count(*) FROM emails) AS emails').first());
    }
    if (url.pathname === '/pledges' && req.method === 'POST') {
      let pledge;
      try { pledge = await req.json(); } catch { return json({ error: 'invalid JSON' }, 400); }
      if (typeof pledge?.email !== 'string') return json({ error: 'email required' }, 422);
      const id = crypto.randomUUID();
      await env.PLEDGES.send({ id, pledge, receivedAt: new Date().toISOString() });
      return json({ id }, 202);
    }
    return json({ error: 'not found' }, 404);
  },
  async queue(batch, env) {
    if (batch.queue === 'ref-pledges') {
      const rows = batch.messages.map((m) => m.body);
      await env.DB.batch(rows.map((r) => env.DB.prepare('INSERT INTO pledges VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .bind(r.id, r.pledge.partner, r.pledge.name, r.pledge.email, r.pledge.role, r.receivedAt)));
      await env.EMAILS.sendBatch(rows.map((r) => ({ body: { id: r.id, stamp: r.pledge.stamp === true } })));
    } else {
      for (const m of batch.messages) {
        if (m.body.stamp) await env.DB.prepare('INSERT INTO emails VALUES (?, ?) ON CONFLICT DO NOTHING').bind(m.body.id, new Date().toISOString()).run();
      }
    }
    batch.ackAll();
  },
};
`;

const REFERENCE_CONFIG = {
  compatibility_date: '2026-08-01',
  compatibility_flags: ['nodejs_compat'],
  observability: { enabled: true, logs: { enabled: true, invocation_logs: false } },
  d1_databases: [{ binding: 'DB', database_name: 'reference', database_id: '00000000-0000-0000-0000-000000000001' }],
  queues: {
    producers: [{ binding: 'PLEDGES', queue: 'ref-pledges' }, { binding: 'EMAILS', queue: 'ref-emails' }],
    consumers: [
      { queue: 'ref-pledges', max_batch_size: 100, max_batch_timeout: 1, max_concurrency: 2 },
      { queue: 'ref-emails', max_batch_size: 100, max_batch_timeout: 1, max_concurrency: 5 },
    ],
  },
};

export interface ReferenceRound {
  bare: LoadResult;
  /** The reference as the issue describes it: the email job acked. */
  plain: LoadResult;
  /** With one awaited D1 write per email. */
  stamped: LoadResult;
}

export interface ReferenceResult {
  rounds: ReferenceRound[];
  /** Medians over the rounds: throughput against bare, and p99 against bare. */
  plain: { ratio: number; p99: number };
  stamped: { ratio: number; p99: number };
  /** Every accepted pledge stored, and every stamped one's email written. */
  lossless: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureReference(port: number, rounds = 3, pledges = 1000, connections = 50, bareSeconds = 5): Promise<ReferenceResult> {
  const probe = await startProbeWorker('reference', REFERENCE_WORKER, REFERENCE_CONFIG, port, '/setup');
  try {
    const counts = async () => (await (await fetch(`${probe.url}/count`)).json()) as { pledges: number; emails: number };
    let accepted = 0;
    let stampedAccepted = 0;
    let n = 0;
    const run = async (name: string, stamp: boolean) => {
      const result = await load(name, `${probe.url}/pledges`, connections, { amount: pledges }, () => {
        n++;
        return {
          method: 'POST' as const,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ partner: 'rsna', name: 'Reference Pledger', email: `ref.${n}.${Date.now()}@example.org`, role: 'radiologist', commitment: true, stamp }),
        };
      });
      accepted += result.accepted;
      if (stamp) stampedAccepted += result.accepted;
      // Drained: every accepted pledge stored (and, stamped, its email written); then the email queue's batch timeout.
      const deadline = Date.now() + 120_000;
      for (let c = await counts(); (c.pledges < accepted || c.emails < stampedAccepted) && Date.now() < deadline; c = await counts()) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 1_500));
      return result;
    };
    await run('warm', false); // the first requests compile and open files
    accepted = (await counts()).pledges;
    const measured: ReferenceRound[] = [];
    for (let i = 0; i < rounds; i++) {
      const bare = await load('reference bare (GET /ping)', `${probe.url}/ping`, connections, { seconds: bareSeconds });
      measured.push({ bare, plain: await run(`reference round ${i + 1}`, false), stamped: await run(`reference + stamp round ${i + 1}`, true) });
    }
    const final = await counts();
    const figure = (pick: (r: ReferenceRound) => LoadResult) => ({
      ratio: median(measured.map((r) => pick(r).rps / r.bare.rps)),
      p99: median(measured.map((r) => pick(r).p99 / Math.max(r.bare.p99, 1))),
    });
    return {
      rounds: measured,
      plain: figure((r) => r.plain),
      stamped: figure((r) => r.stamped),
      lossless: final.pledges === accepted && final.emails === stampedAccepted && measured.every((r) => r.plain.accepted === pledges && r.stamped.accepted === pledges),
    };
  } finally {
    await probe.stop();
  }
}

// `node scripts/bench/reference.ts`: the figures alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { testPort } = await import('../../test/support/ports.ts');
  const r = await measureReference(testPort(8895), Number(process.env.BENCH_ROUNDS) || 3);
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  r.rounds.forEach((round, i) =>
    console.log(
      `round ${i + 1}: bare ${Math.round(round.bare.rps)}/s p99 ${round.bare.p99} ms; reference ${Math.round(round.plain.rps)}/s p99 ${round.plain.p99} ms ` +
        `(${pct(round.plain.rps / round.bare.rps)}); + a D1 write per email ${Math.round(round.stamped.rps)}/s p99 ${round.stamped.p99} ms (${pct(round.stamped.rps / round.bare.rps)})`,
    ),
  );
  console.log(`median: reference ${pct(r.plain.ratio)} of bare (p99 ${r.plain.p99.toFixed(1)}×), with a D1 write per email ${pct(r.stamped.ratio)} (p99 ${r.stamped.p99.toFixed(1)}×); ${r.lossless ? 'nothing lost' : 'LOSS'}`);
}
