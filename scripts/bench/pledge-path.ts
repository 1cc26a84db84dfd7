/**
 * `npm run bench:pledges`: only the pledge path's targets, for iterating on them (the full report
 * is `npm run bench`). Starts the local Worker as `npm run bench` does (EMAIL_TRANSPORT=discard,
 * both consumers running), then runs N alternating rounds at 50 connections: the bare endpoint
 * for half a run, then PLEDGES pledges, then waits for the queues to drain. Prints each round's
 * throughput and p99 against bare, the drain rate and CPU per pledge, and the stats read while a
 * stream of pledges arrives; then the reference Worker the same way (scripts/bench/reference.ts).
 */
import { startLocalWorker } from '../../test/support/local-worker.ts';
import { testPort } from '../../test/support/ports.ts';
import { load } from './api-load.ts';
import { measurePipeline, openLocalD1, threadMsBetween, until, workerdThreadCpu } from './pipeline.ts';
import { measureReference } from './reference.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3;
const SECONDS = Number(process.env.BENCH_SECONDS) || 10;
const PLEDGES = Number(process.env.BENCH_PLEDGES) || 100 * SECONDS;
const pct = (x: number) => `${Math.round(x * 100)} %`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const worker = await startLocalWorker({
  port: testPort(8799),
  origins: [],
  vars: { STATS_CACHE_SECONDS: '10', EMAIL_TRANSPORT: process.env.BENCH_TRANSPORT || 'discard' },
});
try {
  const db = openLocalD1(worker);
  await measurePipeline(worker, 'warm', 200, 50, 4); // the first requests compile and open files
  const ratios: number[] = [];
  const p99s: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const threadsBefore = workerdThreadCpu(worker.pid);
    const bare = await load('bare (GET /api/ping)', `${worker.url}/api/ping`, 50, { seconds: SECONDS / 2 });
    const threadsAfter = workerdThreadCpu(worker.pid);
    const p = await measurePipeline(worker, `round-${i}`, PLEDGES, 50, 10 + i);
    const bareThreadMs = threadMsBetween(threadsBefore, threadsAfter, p.workerThread.thread).ms / Math.max(bare.total, 1);
    ratios.push(p.load.rps / bare.rps);
    p99s.push(p.load.p99 / Math.max(bare.p99, 1));
    console.log(
      `round ${i + 1}: bare ${Math.round(bare.rps)}/s p99 ${bare.p99} ms; pledges ${Math.round(p.load.rps)}/s p50 ${p.load.p50} ms p99 ${p.load.p99} ms ` +
        `→ ${pct(p.load.rps / bare.rps)} / ${(p.load.p99 / Math.max(bare.p99, 1)).toFixed(1)}×; drain ${Math.round(p.drainPerSecond)}/s; ` +
        `CPU/pledge workerd ${p.cpuPerPledge.workerd.toFixed(2)} ms node ${p.cpuPerPledge.node.toFixed(2)} ms; ` +
        `the Worker's thread: ${p.workerThread.msPerPledge.toFixed(2)} ms a pledge, ${bareThreadMs.toFixed(2)} ms a bare request; stored ${p.stored}/${p.accepted}, sent ${p.sent}`,
    );
  }
  console.log(`median: ${pct(median(ratios))} of bare, p99 ${median(p99s).toFixed(1)}×`);

  let n = 0;
  const stream = load('pledge stream', `${worker.url}/api/pledges`, 10, { seconds: SECONDS * 2 + 4 }, () => {
    n++;
    return {
      method: 'POST' as const,
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `10.210.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify({ partner: 'sir', name: 'Stream Pledger', email: `stream.${n}.${Date.now()}@example.org`, role: 'nurse', commitment: true }),
    };
  });
  await new Promise((r) => setTimeout(r, 2_000));
  let bareSum = 0;
  let statsSum = 0;
  for (let i = 0; i < 2; i++) {
    bareSum += (await load('bare', `${worker.url}/api/ping`, 50, { seconds: SECONDS / 2 })).rps;
    statsSum += (await load('stats', `${worker.url}/api/stats`, 50, { seconds: SECONDS / 2 })).rps;
  }
  const streamed = await stream;
  console.log(`stats while pledges arrive: ${pct(statsSum / bareSum)} of bare (stream: ${Math.round(streamed.rps)} pledges/s)`);
  await until(() => Number((db.prepare(`SELECT count(*) AS n FROM pledges WHERE email LIKE 'stream.%'`).get() as { n: number }).n), streamed.accepted);
  db.close();
} finally {
  await worker.stop();
}

// The reference Worker, the same way, for the bar this machine sets today (BENCH_REFERENCE=0: skipped).
if (process.env.BENCH_REFERENCE !== '0') {
  const r = await measureReference(testPort(8795), ROUNDS, PLEDGES);
  console.log(
    `the issue's reference Worker: ${pct(r.plain.ratio)} of its bare (rounds ${r.rounds.map((x) => pct(x.plain.rps / x.bare.rps)).join(', ')}), ` +
      `with one awaited D1 write per email ${pct(r.stamped.ratio)} (rounds ${r.rounds.map((x) => pct(x.stamped.rps / x.bare.rps)).join(', ')})${r.lossless ? '' : '; it LOST pledges or emails'}`,
  );
}
