/**
 * `node scripts/bench/profile-pledges.ts [out-prefix]`: a JavaScript CPU profile of the Worker's
 * isolate while the pledge pipeline runs as in `npm run bench:pledges` (EMAIL_TRANSPORT=discard,
 * both consumers, 50 connections), through `wrangler dev --inspector-port` (the Chrome DevTools
 * protocol). Self time is mapped through wrangler's source map to the original file and function,
 * and summed by function and by group (our code, Hono, zod, runtime built-ins, the runtime's
 * internal modules). The profile is saved as `<out-prefix>.cpuprofile` for DevTools, the summary as
 * `<out-prefix>.md`; `… <out-prefix> --analyze` summarizes a saved one again. With PROFILE_ALL=1 every
 * isolate of the runtime is profiled too (the local D1, the queue broker, miniflare's entry…), through
 * workerd's own inspector, to see how the one thread's time splits between them.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMap } from 'node:module';
import { startLocalWorker } from '../../test/support/local-worker.ts';
import { testPort } from '../../test/support/ports.ts';
import { ROOT } from '../lib/run.ts';
import { groupProcesses, measurePipeline, threadMsBetween, workerdThreadCpu } from './pipeline.ts';
import { connectTo } from './profile.ts';
import { execSync } from 'node:child_process';

const PLEDGES = Number(process.env.BENCH_PLEDGES) || 3000;
const INTERVAL_US = Number(process.env.PROFILE_INTERVAL_US) || 100;
/** PROFILE_ALL=1: every isolate of the runtime too, each with its own profiler. */
const ALL_ISOLATES = process.env.PROFILE_ALL === '1';
const WORKER_NAME = 'rhec-pledge-dev';
const out = process.argv[2] ?? '/tmp/pledge-profile';
const inspectorPort = testPort(9339);

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number; scriptId: string }
interface CdpProfile { nodes: { id: number; callFrame: CallFrame; children?: number[] }[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/**
 * workerd's own inspector (miniflare starts it on a free port; wrangler's `--inspector-port` proxies
 * only the Worker): it lists every isolate of the runtime, the Worker's and the simulators' alike.
 */
async function workerdInspectorPort(pgid: number): Promise<number> {
  const pids = groupProcesses(pgid)
    .filter((p) => p.comm.includes('workerd') && readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes('--inspector-addr'))
    .map((p) => p.pid);
  for (const line of execSync('ss -ltnp', { encoding: 'utf8' }).split('\n')) {
    const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
    if (!port || !pids.some((pid) => line.includes(`pid=${pid},`))) continue;
    try {
      if (Array.isArray(await (await fetch(`http://127.0.0.1:${port}/json/list`)).json())) return Number(port);
    } catch {
      /* another of its sockets */
    }
  }
  throw new Error('workerd inspector not found');
}

/** Sums a saved profile by function, file and group; writes `<out>.md`. */
function analyze(out: string): void {
  const profile = JSON.parse(readFileSync(`${out}.cpuprofile`, 'utf8')) as CdpProfile;
  const meta = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { pledges: number; threadMs: number; line: string };
  const p = { accepted: meta.pledges };
  const threadMs = meta.threadMs;
  const map = new SourceMap(JSON.parse(readFileSync(`${out}.map`, 'utf8')));
  // A sample stands for the time until the next one, but only while the isolate is in use: V8
  // records no sample while the thread runs something else (the simulators' isolates, workerd's own
  // I/O), so the gap before the next sample is not this frame's. Each sample's weight is capped
  // at 1.5 sampling periods (the median gap between samples).
  const gaps = [...profile.timeDeltas].sort((a, b) => a - b);
  const cap = gaps[Math.floor(gaps.length / 2)]! * 1.5;
  const weight = (i: number) => Math.min(profile.timeDeltas[i + 1] ?? 0, cap) / 1000;

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const place = (f: CallFrame) => {
    if (/index\.js$/.test(f.url) && f.lineNumber >= 0) {
      const o = map.findEntry(f.lineNumber, Math.max(f.columnNumber, 0)) as { originalSource?: string; originalLine?: number };
      if (o.originalSource) {
        const src = o.originalSource.replace(/^(\.\.\/)+/, '').replace(/^.*?(node_modules\/(?:\.pnpm\/)?)/, '$1').replace(/^\/tmp\/[^/]+\//, '');
        return { file: src.replace(/^file:\/\//, '').replace(/^\/tmp\/[^/]+\//, ''), line: (o.originalLine ?? -1) + 1 };
      }
    }
    return { file: f.url || '', line: f.lineNumber + 1 };
  };
  const group = (file: string, fn: string) => {
    if (/node_modules\/hono/.test(file)) return 'Hono';
    if (/node_modules\/zod/.test(file)) return 'zod';
    if (/node_modules\//.test(file)) return 'other libraries';
    if (/^(worker|src)\//.test(file) || /\/(worker|src)\//.test(file)) return 'our code';
    if (/^cloudflare-internal|^node-internal|^cloudflare:|^node:|internal/.test(file)) return 'runtime internal modules (D1 client, queues, tracing…)';
    if (/wrangler|miniflare|\.wrangler/.test(file)) return 'wrangler/miniflare shims';
    if (fn === '(garbage collector)') return 'garbage collector';
    return 'runtime built-ins (native: fetch, crypto, JSON, …)';
  };
  const selfFn = new Map<string, { ms: number; group: string }>();
  const selfFile = new Map<string, number>();
  const selfGroup = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((nodeId, i) => {
    const f = byId.get(nodeId)!.callFrame;
    const ms = weight(i);
    if (f.functionName === '(idle)' || f.functionName === '(program)') {
      idle += ms;
      return;
    }
    const { file, line } = place(f);
    const g = group(file, f.functionName);
    const key = `${f.functionName || '(anonymous)'} ${file ? `${file}:${line}` : ''}`.trim();
    selfFn.set(key, { ms: (selfFn.get(key)?.ms ?? 0) + ms, group: g });
    selfFile.set(file || '(native)', (selfFile.get(file || '(native)') ?? 0) + ms);
    selfGroup.set(g, (selfGroup.get(g) ?? 0) + ms);
    total += ms;
  });
  // The same, with each native frame (fetch, crypto, the queue's send, Response…) charged to the JavaScript that called it.
  const parentOf = new Map<number, number>(); // each node's caller, for this and the inclusive times below
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const byCaller = new Map<string, number>();
  profile.samples.forEach((nodeId, i) => {
    const f0 = byId.get(nodeId)!.callFrame;
    if (f0.functionName === '(idle)' || f0.functionName === '(program)') return;
    let id: number | undefined = nodeId;
    while (id !== undefined && !byId.get(id)!.callFrame.url && byId.get(id)!.callFrame.functionName !== '(garbage collector)') id = parentOf.get(id);
    const f = id === undefined ? f0 : byId.get(id)!.callFrame;
    const g = group(place(f).file, f.functionName);
    byCaller.set(g, (byCaller.get(g) ?? 0) + weight(i));
  });
  const share = (ms: number) => `${((ms / total) * 100).toFixed(1)} %`;
  const lines: string[] = [];
  lines.push(meta.line, '', `Sampled: ${profile.samples.length} samples, median gap ${(cap / 1500).toFixed(3)} ms. The Worker's isolate busy (not idle) ≈ ${Math.round(total)} ms = ${(total / p.accepted).toFixed(2)} ms a pledge; idle/program ${Math.round(idle)} ms. The Worker's thread (this isolate + the simulators' isolates + workerd's own C++) ${Math.round(threadMs)} ms = ${(threadMs / p.accepted).toFixed(2)} ms a pledge, so the isolate is ${((total / threadMs) * 100).toFixed(0)} % of the thread.`, '');
  lines.push('| group | self ms | share | ms a pledge |', '| --- | --- | --- | --- |');
  for (const [g, ms] of [...selfGroup].sort((a, b) => b[1] - a[1])) lines.push(`| ${g} | ${Math.round(ms)} | ${share(ms)} | ${(ms / p.accepted).toFixed(3)} |`);
  lines.push('', '| group, with the natives each calls (fetch, crypto, queue send, Response…) | ms | share | ms a pledge |', '| --- | --- | --- | --- |');
  for (const [g, ms] of [...byCaller].sort((a, b) => b[1] - a[1])) lines.push(`| ${g} | ${Math.round(ms)} | ${share(ms)} | ${(ms / p.accepted).toFixed(3)} |`);
  lines.push('', '| # | function (source) | group | self ms | share |', '| --- | --- | --- | --- | --- |');
  [...selfFn].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30).forEach(([k, v], i) => lines.push(`| ${i + 1} | \`${k}\` | ${v.group} | ${Math.round(v.ms)} | ${share(v.ms)} |`));
  lines.push('', '| file | self ms | share |', '| --- | --- | --- |');
  [...selfFile].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, ms]) => lines.push(`| ${k} | ${Math.round(ms)} | ${share(ms)} |`));

  // Total (inclusive) time of our own functions: a sample counts once for every distinct frame on its stack.
  const incl = new Map<string, number>();
  profile.samples.forEach((nodeId, i) => {
    const f0 = byId.get(nodeId)!.callFrame;
    if (f0.functionName === '(idle)' || f0.functionName === '(program)') return;
    const ms = weight(i);
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parentOf.get(id)) {
      const f = byId.get(id)!.callFrame;
      const { file, line } = place(f);
      if (group(file, f.functionName) !== 'our code') continue;
      const key = `${f.functionName || '(anonymous)'} ${file}:${line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + ms);
    }
  });
  lines.push('', '| our function (inclusive: itself and what it calls, but not awaited I/O) | total ms | share |', '| --- | --- | --- |');
  [...incl].sort((a, b) => b[1] - a[1]).slice(0, 30).forEach(([k, ms]) => lines.push(`| \`${k}\` | ${Math.round(ms)} | ${share(ms)} |`));
  if (existsSync(`${out}.isolates.json`)) {
    const isolates = JSON.parse(readFileSync(`${out}.isolates.json`, 'utf8')) as { id: string; profile: CdpProfile }[];
    lines.push('', '| isolate (all on the Worker\'s thread) | busy ms | ms a pledge | share of the thread | top self functions |', '| --- | --- | --- | --- | --- |');
    let sum = 0;
    const rows = isolates.map(({ id, profile: q }) => {
      const ids = new Map(q.nodes.map((n) => [n.id, n]));
      const g = [...q.timeDeltas].sort((a, b) => a - b);
      const c = (g[Math.floor(g.length / 2)] ?? 0) * 1.5;
      const fns = new Map<string, number>();
      let busy = 0;
      q.samples.forEach((nodeId, i) => {
        const f = ids.get(nodeId)!.callFrame;
        if (f.functionName === '(idle)' || f.functionName === '(program)') return;
        const ms = Math.min(q.timeDeltas[i + 1] ?? 0, c) / 1000;
        busy += ms;
        const k = `${f.functionName || '(anonymous)'}${f.url ? ` (${f.url.split('/').pop()})` : ''}`;
        fns.set(k, (fns.get(k) ?? 0) + ms);
      });
      sum += busy;
      const top = [...fns].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, ms]) => `${k} ${Math.round(ms)}`).join('; ');
      return { id, busy, top };
    });
    for (const r of rows.sort((a, b) => b.busy - a.busy).filter((r) => r.busy >= 1)) lines.push(`| ${r.id} | ${Math.round(r.busy)} | ${(r.busy / p.accepted).toFixed(3)} | ${((r.busy / threadMs) * 100).toFixed(1)} % | ${r.top} |`);
    lines.push(`| every isolate's JavaScript | ${Math.round(sum)} | ${(sum / p.accepted).toFixed(3)} | ${((sum / threadMs) * 100).toFixed(1)} % | |`);
    lines.push(`| the rest: workerd's C++ (HTTP, sockets, RPC between isolates, SQLite, tracing) | ${Math.round(threadMs - sum)} | ${((threadMs - sum) / p.accepted).toFixed(3)} | ${(((threadMs - sum) / threadMs) * 100).toFixed(1)} % | |`);
  }
  writeFileSync(`${out}.md`, lines.join('\n') + '\n');
  console.log(lines.join('\n'));
}

if (process.argv[3] === '--analyze') {
  analyze(out);
  process.exit(0);
}

const worker = await startLocalWorker({
  port: testPort(8799),
  origins: [],
  vars: { STATS_CACHE_SECONDS: '10', EMAIL_TRANSPORT: process.env.BENCH_TRANSPORT || 'discard' },
  args: ['--inspector-port', String(inspectorPort)],
});
try {
  await measurePipeline(worker, 'warm', 400, 50, 4);
  // The Worker's own isolate through wrangler's proxy, which holds workerd's one session for it.
  const proxied = ((await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string }[])[0]!.webSocketDebuggerUrl;
  let wanted = [{ id: 'core:user:worker', webSocketDebuggerUrl: proxied }];
  if (ALL_ISOLATES) {
    // Every isolate a pledge goes through: miniflare's entry (every request passes through it), D1, the
    // queues, the local observability collector… (others never start, and their inspectors do not answer).
    // Each profiler slows the thread down: the split between isolates is what this is for, not the totals.
    const port = await workerdInspectorPort(worker.pid);
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
    console.log('isolates:', targets.map((t) => t.id).join(', '));
    wanted = targets
      .filter((t) => /^(core:user:|core:entry$|d1:|queues:|ratelimit:|outbound:)/.test(t.id))
      .map((t) => (t.id === `core:user:${WORKER_NAME}` ? { id: 'core:user:worker', webSocketDebuggerUrl: proxied } : t));
  }
  const cdps = await Promise.all(wanted.map(async (t) => ({ id: t.id, cdp: await connectTo(t.webSocketDebuggerUrl) })));
  console.log('profiling:', wanted.map((t) => t.id).join(', '));
  for (const { cdp } of cdps) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
  }
  await Promise.all(cdps.map(({ cdp }) => cdp.send('Profiler.start')));
  const t0 = workerdThreadCpu(worker.pid);
  const p = await measurePipeline(worker, 'profiled', PLEDGES, 50, 20);
  const t1 = workerdThreadCpu(worker.pid);
  const profiles = await Promise.all(cdps.map(async ({ id, cdp }) => ({ id, profile: (await cdp.send<{ profile: CdpProfile }>('Profiler.stop')).profile })));
  for (const { cdp } of cdps) cdp.close();
  const profile = profiles.find((x) => x.id === 'core:user:worker')!.profile;
  writeFileSync(`${out}.cpuprofile`, JSON.stringify(profile));
  if (ALL_ISOLATES) writeFileSync(`${out}.isolates.json`, JSON.stringify(profiles));
  const threadMs = threadMsBetween(t0, t1, p.workerThread.thread).ms;
  const line = `${p.accepted} pledges, ${Math.round(p.load.rps)}/s, drain ${Math.round(p.drainPerSecond)}/s, workerd ${p.cpuPerPledge.workerd.toFixed(2)} ms/pledge, the Worker's thread ${p.workerThread.msPerPledge.toFixed(2)} ms/pledge (${Math.round(threadMs)} ms in all)`;
  console.log(line);
  // wrangler's bundle's source map (the newest under .wrangler/tmp), kept beside the profile.
  const tmp = join(ROOT, '.wrangler', 'tmp');
  const maps = readdirSync(tmp, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('index.js.map'))
    .map((f) => join(tmp, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  copyFileSync(maps[0]!, `${out}.map`);
  writeFileSync(`${out}.json`, JSON.stringify({ pledges: p.accepted, threadMs, line }));
  analyze(out);

} finally {
  await worker.stop();
}
