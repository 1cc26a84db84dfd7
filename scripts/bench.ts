/**
 * `npm run bench`: measures on this machine and writes BENCHMARKS.md (figures, machine, date,
 * commit). Not part of `npm test`: these are measurements, printed, not asserted.
 *
 *   1. widget weight (raw, gzip, brotli; parts)      3. API load vs a bare endpoint, same run
 *   2. widget cost in a page (Chromium, N loads)     4. zero loss: accepted = stored = queued
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { launchChromium } from '../test/support/browser.ts';
import { CHROMIUM_PATH } from '../test/support/chromium.ts';
import { startLocalWorker } from '../test/support/local-worker.ts';
import { serveTestPages } from '../test/support/static-pages.ts';
import { load, type LoadResult } from './bench/api-load.ts';
import { measureRender } from './bench/render.ts';
import { measureWeight } from './bench/weight.ts';
import { ROOT, run } from './lib/run.ts';

const WORKER_PORT = 8797;
const PAGE_PORT = 5177;
const SECONDS = Number(process.env.BENCH_SECONDS) || 10;
const CONNECTIONS = [1, 10, 50];
const PLEDGES_PER_RUN = Number(process.env.BENCH_PLEDGES) || 100 * SECONDS;
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
const pct = (a: number, b: number) => `${Math.round((a / b) * 100)} %`;

console.log('Building…');
await run('vite', ['build', '--logLevel', 'warn']);

console.log('1/4 Widget weight');
const weight = await measureWeight();

console.log('Starting the local Worker (wrangler dev: workerd + local D1, as npm start does)…');
const worker = await startLocalWorker({
  port: WORKER_PORT,
  origins: [`http://localhost:${PAGE_PORT}`],
  vars: { STATS_CACHE_SECONDS: '10' }, // as deployed
});
const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title></head><body><h1>Partner page</h1>${body}<p>After.</p></body></html>`;
const pages = await serveTestPages(PAGE_PORT, {
  '/with': { html: page(`<script src="${worker.url}/rhec-pledge.js" async></script><rhec-pledge partner="rsna"></rhec-pledge>`) },
  '/without': { html: page('') },
});

try {
  console.log('2/4 Widget cost in a page (Chromium)');
  const browser = await launchChromium();
  const render = await measureRender(browser, `${pages.url}/with`, `${pages.url}/without`, 25);
  await browser.close();

  console.log(`3/4 API under load (${SECONDS} s per run, ${PLEDGES_PER_RUN} pledges per run)`);
  let n = 0;
  const pledgeRequest = () => {
    n++;
    return {
      method: 'POST' as const,
      // Distinct client addresses, as a room of people pledging on their own phones would be.
      headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
      body: JSON.stringify({ partner: 'rsna', name: `Bench ${n}`, email: `bench.${n}.${Date.now()}@example.org`, role: 'radiologist', commitment: true }),
    };
  };
  const countOf = async (sql: string) => Number((await worker.query<{ n: number }>(sql))[0]?.n ?? 0);
  const storedBench = () => countOf(`SELECT count(*) AS n FROM pledges WHERE email LIKE 'bench.%'`);
  /** Waits until the pledge and email queues have caught up, so one run's backlog never slows the next. */
  async function drained(accepted: number) {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline && (await storedBench()) < accepted) await new Promise((r) => setTimeout(r, 2_000));
    await new Promise((r) => setTimeout(r, 5_000)); // the email consumer finishes the last batches
  }

  const results: LoadResult[] = [];
  for (const c of CONNECTIONS) {
    results.push(await load('bare (GET /api/ping)', `${worker.url}/api/ping`, c, { seconds: SECONDS }));
    results.push(await load('GET /api/stats', `${worker.url}/api/stats`, c, { seconds: SECONDS }));
    // A fixed number of pledges, every one answered, so "accepted" is exact.
    results.push(await load('POST /api/pledges', `${worker.url}/api/pledges`, c, { amount: PLEDGES_PER_RUN }, pledgeRequest));
    await drained(results.reduce((sum, r) => sum + r.accepted, 0));
    console.log(`  ${c} connections done`);
  }

  // Where a pledge's time goes: the same POST stopped at successive stages (10 connections).
  const stage = (body: (n: number) => object) => () => {
    n++;
    return { method: 'POST' as const, headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `10.200.${(n >> 8) & 255}.${n & 255}` }, body: JSON.stringify(body(n)) };
  };
  const valid = (i: number) => ({ partner: 'rsna', name: `Stage ${i}`, role: 'radiologist', commitment: true, email: `stage.${i}.${Date.now()}@example.org` });
  const stages: LoadResult[] = [
    await load('parse + validate, 422 (invalid email)', `${worker.url}/api/pledges`, 10, { seconds: SECONDS / 2 }, stage((i) => ({ ...valid(i), email: 'x' }))),
    await load('+ partner check, 422 (unknown partner)', `${worker.url}/api/pledges`, 10, { seconds: SECONDS / 2 }, stage((i) => ({ ...valid(i), partner: 'nosuch' }))),
    await load('+ IP hash + queue send + stored, no email (honeypot-flagged)', `${worker.url}/api/pledges`, 10, { seconds: SECONDS / 2 }, stage((i) => ({ ...valid(i), website: 'x' }))),
    await load('the whole pledge path: + rate limit (consumer) + confirmation email', `${worker.url}/api/pledges`, 10, { seconds: SECONDS / 2 }, stage(valid)),
  ];
  await drained(results.reduce((sum, r) => sum + r.accepted, 0));

  console.log('4/4 Zero loss: waiting for the queues to drain…');
  const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
  let stored = 0;
  let queued = 0;
  let sent = 0;
  const deadline = Date.now() + 180_000;
  for (let last = -1; Date.now() < deadline; last = stored) {
    await new Promise((r) => setTimeout(r, 3_000));
    stored = await countOf(`SELECT count(*) AS n FROM pledges WHERE email LIKE 'bench.%'`);
    queued = await countOf(`SELECT count(*) AS n FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email LIKE 'bench.%'`);
    sent = await countOf(`SELECT count(*) AS n FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email LIKE 'bench.%' AND o.status = 'sent'`);
    if (stored === accepted && queued === accepted && stored === last) break;
  }
  const flagged = await countOf(`SELECT count(*) AS n FROM pledges WHERE email LIKE 'bench.%' AND flagged = 1`);

  // ---- report ----
  const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const dirty = execSync('git status --porcelain', { cwd: ROOT }).toString().trim() ? ' (with uncommitted changes)' : '';
  const chromium = execSync(`${CHROMIUM_PATH} --version`, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const bareAt = (c: number) => results.find((r) => r.name.startsWith('bare') && r.connections === c)!;
  const row = (r: LoadResult) => {
    const bare = bareAt(r.connections);
    return `| ${r.name} | ${r.connections} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.name.startsWith('bare') ? '—' : `${pct(r.rps, bare.rps)} / ${(r.p99 / Math.max(bare.p99, 1)).toFixed(1)}×`} |`;
  };
  const pledges50 = results.find((r) => r.name.startsWith('POST') && r.connections === 50)!;
  const stats50 = results.find((r) => r.name.startsWith('GET /api/stats') && r.connections === 50)!;
  const bare50 = bareAt(50);
  const target = (ok: boolean) => (ok ? 'met' : '**missed**');

  const md = `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit \`${commit}\`${dirty}.
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${chromium}.
The Worker is \`wrangler dev\` (workerd + local SQLite D1 + local Queues) on loopback, started as \`npm start\` starts it;
the load generator (autocannon) shares the same 2 cores, so absolute figures are lower than at the edge. Ratios to the
bare endpoint, measured in the same run, are the figures to compare.

## 1. Widget weight

| | bytes |
| --- | --- |
| raw | ${kb(weight.raw)} |
| gzip -9 | **${kb(weight.gzip)}** (budget 15 KB; aim 12 KB) |
| brotli -11 | ${kb(weight.brotli)} |

Parts (minified bytes from an esbuild metafile of the same entry; gzip does not split by part):

| part | minified | share |
| --- | --- | --- |
${weight.parts.map((p) => `| ${p.part} | ${kb(p.minified)} | ${pct(p.share, 1)} |`).join('\n')}

## 2. Widget cost in a page (headless Chromium, median of ${render.loads} loads)

| measure | value | target |
| --- | --- | --- |
| script downloaded → element defined (parse + evaluate) | ${render.evalMs.toFixed(1)} ms | |
| element defined → first render | ${render.firstRenderMs.toFixed(1)} ms | |
| script downloaded → first render | **${render.totalMs.toFixed(1)} ms** | ≤ 16 ms: ${target(render.totalMs <= 16)} |
| long tasks (count / total) | ${render.longTasks} / ${render.longTaskMs.toFixed(0)} ms | |
| layout shift after first render (worst load) | ${render.cls} | 0: ${target(render.cls === 0)} |
| layout shift over the whole load (median), incl. the element appearing in unreserved space | ${render.clsLoad.toFixed(4)} | |
| JS heap, page with widget vs without | ${kb(render.heapBytes)} vs ${kb(render.heapBaselineBytes)} (+${kb(render.heapBytes - render.heapBaselineBytes)}) | |

Where the time goes: a CPU profile of page loads (Chrome DevTools protocol, sampled every
0.1 ms) showed one function holding most of the first render — the first construction of
\`Intl.NumberFormat\` (≈ 27 ms of main thread on this machine), since removed (counts are
grouped by a one-line formatter), which took *defined → first render* from ≈ 35 ms to the
figure above. What remains is parsing and evaluating the script (the first row: Lit and the
element's templates) and creating the form's DOM; on this 2-core VM's headless Chromium
that is above the 16 ms target. What would move it: rendering the facts and the form in two
frames (the form first), or dropping the facts' SVG bars.

## 3. API under load (${SECONDS} s per run; pledges: ${PLEDGES_PER_RUN} per run)

| endpoint | connections | requests/s | p50 ms | p99 ms | errors | non-2xx | vs bare: throughput / p99 |
| --- | --- | --- | --- | --- | --- | --- | --- |
${results.map(row).join('\n')}

Where a pledge's time goes — the same request stopped at successive stages (10 connections, ${SECONDS / 2} s each):

| stage | requests/s | p50 ms | p99 ms | vs bare at 10 |
| --- | --- | --- | --- | --- |
${stages.map((r) => `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${pct(r.rps, bareAt(10).rps)} |`).join('\n')}

At 50 connections: pledges at ${pct(pledges50.rps, bare50.rps)} of the bare endpoint's throughput (target ≥ 70 %: ${target(pledges50.rps >= 0.7 * bare50.rps)}),
p99 ${(pledges50.p99 / Math.max(bare50.p99, 1)).toFixed(1)}× the bare p99 (target ≤ 2×: ${target(pledges50.p99 <= 2 * Math.max(bare50.p99, 1))});
stats at ${pct(stats50.rps, bare50.rps)} (target ≥ 80 %: ${target(stats50.rps >= 0.8 * bare50.rps)}).

### What bounds the pledge figures

Read from the stage table above, all measured in this run: parsing and validating a pledge
costs little (the 422 rows run near the bare endpoint); putting it on the queue — the step
that makes 202 mean "durable" — costs the next share (the honeypot row: a full request path,
and a stored pledge, but no email); the rest of the gap to the full pledge path is the
confirmation-email pipeline running **on the same two cores** as the API and the load
generator: the outbox, the email consumer, HMAC-signed links, and wrangler's local
\`send_email\`, which writes every email to two files and logs it. In production the queue
consumers and the email service do not share a machine with the request path, so the API's
own ceiling is the honeypot row. What would move the local figure: fewer concurrent email
consumers during a surge (\`max_concurrency\`), or measuring on a machine with cores to spare.

## 4. Zero loss

\`accepted ${accepted}, stored ${stored}, queued ${queued}\` (confirmation emails in the outbox; ${sent} already sent when measured; ${flagged} flagged).
${stored === accepted && queued === accepted ? 'Every accepted pledge was stored and got its confirmation email queued.' : '**Mismatch**: see the note below.'}
`;
  writeFileSync(`${ROOT}BENCHMARKS.md`, md);
  console.log(`\n${md}`);
} finally {
  await pages.close();
  await worker.stop();
}
