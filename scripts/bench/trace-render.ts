/**
 * What the widget's long tasks are made of: N loads of the bench page (`npm run bench:widget`'s
 * `/with`) with the CPU slowed (CDP `Emulation.setCPUThrottlingRate`), each traced by Chromium
 * (devtools.timeline; V8's sampling profiler too with PROFILE=1). For every main-thread task over 50 ms (LONG_MS) it prints the
 * task's length, its time by trace event (self time: compile, evaluate, style, layout, paint…), and
 * (PROFILE=1) its JavaScript samples by function, the drop-in script's functions named by their place in
 * dist/rhec-pledge.js with a few characters of its code. For every load, long or not, the script's task
 * and the card's first frame after it are reported too, in wall time and in the thread's CPU time
 * (`tdur`, which a busy neighbour on a shared machine moves less): medians, for A/B runs. Prints; writes nothing.
 *
 *   sh scripts/with-node.sh --chromium node scripts/bench/trace-render.ts [--no-build]
 *   LOADS=8 (traced loads), CPU=4 (throttling rate), TOP=12 (rows per list), PROFILE=1 (by function),
 *   LONG_MS=50 (the tasks shown: longer than this)
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from '../../test/support/browser.ts';
import { startLocalWorker } from '../../test/support/local-worker.ts';
import { serveTestPages } from '../../test/support/static-pages.ts';
import { testPort } from '../../test/support/ports.ts';
import { buildDist } from '../lib/build-dist.ts';

const WORKER_PORT = testPort(8797);
const PAGE_PORT = testPort(5177);
const LOADS = Number(process.env.LOADS) || 8;
const CPU = Number(process.env.CPU) || 4;
const TOP = Number(process.env.TOP) || 12;
/** LONG_MS=50: the tasks shown are those longer than this (a long task is over 50 ms). */
const LONG_US = (Number(process.env.LONG_MS) || 50) * 1000;
/** PROFILE=1: V8's sampling profiler too (by function; it lengthens the tasks it samples). */
const PROFILE = process.env.PROFILE === '1';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event (µs): what a busy neighbour moves less than `dur`. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

if (!process.argv.includes('--no-build')) await buildDist();
const script = readFileSync('dist/rhec-pledge.js', 'utf8');
const lines = script.split('\n');
/** A function of the drop-in script by its place, with the code it starts with (the script is minified). */
const where = (f: ProfileNode['callFrame'] | undefined) =>
  !f ? '(unknown)' : f.url?.endsWith('/rhec-pledge.js')
    ? `${f.functionName || '(anonymous)'} @${f.lineNumber + 1}:${f.columnNumber + 1} ${JSON.stringify((lines[f.lineNumber] ?? '').slice(f.columnNumber, f.columnNumber + 48))}`
    : `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}` : ''}`;

const worker = await startLocalWorker({
  port: WORKER_PORT,
  origins: [`http://localhost:${PAGE_PORT}`],
  vars: { STATS_CACHE_SECONDS: '10', EMAIL_TRANSPORT: 'discard' },
});
const pages = await serveTestPages(PAGE_PORT, {
  '/with': {
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Bench</title></head><body><h1>Partner page</h1><script src="${worker.url}/rhec-pledge.js" async></script><rhec-pledge partner="rsna"></rhec-pledge><p>After.</p></body></html>`,
  },
});

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const byEvent = new Map<string, number>();
const byFunction = new Map<string, number>();
const taskLengths: number[] = [];
const kinds = new Map<TraceEvent, string>();
/**
 * What a long task is, by what it holds: the drop-in script's own (compiled, evaluated, the element
 * defined and first rendered), the regions' answer (the selects filled), the browser's frame
 * (style, layout, paint: mostly layout), the requests' set-up (the task after the first render),
 * or the page's (its parser finishing).
 */
function kindOf(inside: TraceEvent[], self: Map<string, number>, task: TraceEvent): string {
  const has = (name: string) => inside.some((e) => e.name === name);
  if (inside.some((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url ?? '').endsWith('/rhec-pledge.js')) || has('CustomElementRegistry::define')) return 'script';
  if (has('HTMLSelectElement::selectOption')) return 'regions';
  if (has('ResourceFetcher::requestResource') && has('FunctionCall')) return 'requests';
  if (has('Document::FinishedParsing')) return 'page-parsed';
  if ((self.get('LocalFrameView::performLayout') ?? 0) + (self.get('Paint') ?? 0) > task.dur! / 4000) return 'frame';
  return 'other';
}
let longTaskCount = 0;
/** Every load's script task and the card's first frame after it (long or not): wall and CPU time, ms. */
const firstTasks = { script: { wall: [] as number[], cpu: [] as number[] }, frame: { wall: [] as number[], cpu: [] as number[] } };
try {
  const browser = await launchChromium();
  try {
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage();
      await page.setCacheEnabled(i > 0);
      await (await page.createCDPSession()).send('Emulation.setCPUThrottlingRate', { rate: CPU });
      await page.tracing.start({
        categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'blink', ...(PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : [])],
      });
      await page.goto(`${pages.url}/with`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('form'), { timeout: 15_000 });
      await new Promise((r) => setTimeout(r, 500));
      const events = (JSON.parse(Buffer.from((await page.tracing.stop())!).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
      await page.close();

      // The renderer's main thread: the one that evaluated the drop-in script.
      const evaluate = events.find((e) => e.name === 'EvaluateScript' && String(e.args?.data?.url ?? '').endsWith('/rhec-pledge.js'));
      if (!evaluate) continue;
      const main = events.filter((e) => e.pid === evaluate.pid && e.tid === evaluate.tid && e.ph === 'X' && e.dur !== undefined);
      // Top-level tasks only (Chromium nests RunTask in ThreadControllerImpl::RunTask).
      const all = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask');
      const tasks = all.filter((t) => !all.some((o) => o !== t && o.ts <= t.ts && o.ts + o.dur! >= t.ts + t.dur! && (o.dur! > t.dur! || o.ts < t.ts || o.name < t.name)));
      // The script's task (it evaluates the script) and the first frame after it (the first task with a layout), long or not.
      const within = (e: TraceEvent, t: TraceEvent) => e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!;
      const scriptTask = tasks.find((t) => within(evaluate, t));
      const frameTask = scriptTask && tasks.find((t) => t.ts > scriptTask.ts && main.some((e) => e.name === 'LocalFrameView::performLayout' && within(e, t)));
      for (const [kind, t] of [['script', scriptTask], ['frame', frameTask]] as const) {
        if (!t) continue;
        firstTasks[kind].wall.push(t.dur! / 1000);
        if (t.tdur !== undefined) firstTasks[kind].cpu.push(t.tdur / 1000);
      }
      // From the task that evaluates the script on (the page's own navigation tasks before it are not the widget's).
      const long = tasks.filter((t) => t.dur! > LONG_US && t.ts + t.dur! >= evaluate.ts);
      longTaskCount += long.length;
      // Self time by event inside each long task (events nest by time on one thread).
      const summary: string[] = [];
      for (const task of long) {
        taskLengths.push(task.dur! / 1000);
        const inside = main.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
        const self = new Map<TraceEvent, number>(inside.map((e) => [e, e.dur!]));
        const stack: TraceEvent[] = [];
        for (const e of inside) {
          while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
          if (stack.length) self.set(stack.at(-1)!, self.get(stack.at(-1)!)! - e.dur!);
          stack.push(e);
        }
        const local = new Map<string, number>();
        for (const [e, us] of self) {
          const url = String(e.args?.data?.url ?? '');
          add(local, e.name + (url ? ` (${url.replace(/^.*\//, '')})` : ''), us / 1000);
        }
        const kind = kindOf(inside, local, task);
        kinds.set(task, kind);
        for (const [name, ms] of local) add(byEvent, `[${kind}] ${name}`, ms);
        const top = [...local].sort((a, b) => b[1] - a[1]).slice(0, 4);
        summary.push(`${kind} ${(task.dur! / 1000).toFixed(0)} ms [${top.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}]`);
      }
      console.log(`load ${i + 1}${i ? '' : ' (cold)'}: ${long.length} long task(s) ${summary.join('; ')}`);

      // JavaScript samples inside the long tasks, by function (self time).
      const profileEvents = events.filter((e) => e.pid === evaluate.pid && (e.name === 'Profile' || e.name === 'ProfileChunk'));
      const nodes = new Map<number, ProfileNode>();
      const byId = new Map<string, { t: number }>();
      for (const e of profileEvents) {
        const data = e.args?.data as { startTime?: number; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
        if (e.name === 'Profile') {
          byId.set(String(e.id), { t: data?.startTime ?? e.ts });
          continue;
        }
        const clock = byId.get(String(e.id));
        if (!clock) continue;
        for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
        const samples = data?.cpuProfile?.samples ?? [];
        const deltas = data?.timeDeltas ?? [];
        for (let s = 0; s < samples.length; s++) {
          const before = clock.t;
          clock.t += deltas[s] ?? 0;
          const task = long.find((t) => clock.t >= t.ts && clock.t <= t.ts + t.dur!);
          if (!task) continue;
          const node = nodes.get(samples[s]!);
          if (node) add(byFunction, `[${kinds.get(task)}] ${where(node.callFrame)}`, (clock.t - before) / 1000);
        }
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  await pages.close();
  await worker.stop();
}
const sorted = [...taskLengths].sort((a, b) => a - b);
console.log(`\n${LOADS} loads at ${CPU}× CPU: ${longTaskCount} tasks over ${LONG_US / 1000} ms, lengths ${sorted.map((t) => t.toFixed(0)).join(', ')} ms`);
const perKind = new Map<string, number[]>();
for (const [task, kind] of kinds) perKind.set(kind, [...(perKind.get(kind) ?? []), task.dur! / 1000]);
for (const [kind, ms] of perKind) {
  const m = [...ms].sort((a, b) => a - b);
  console.log(`  ${kind}: ${m.length} (${(m.length / LOADS).toFixed(1)} per load), median ${m[Math.floor(m.length / 2)]!.toFixed(0)} ms`);
}
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1) : '-');
for (const [kind, { wall, cpu }] of Object.entries(firstTasks))
  console.log(`  every load's ${kind === 'script' ? "script task (evaluate, define, first render)" : 'first frame after it'}: median ${median(wall)} ms wall, ${median(cpu)} ms CPU (${wall.length} loads)`);
console.log(`\nSelf time by trace event, summed over the long tasks (ms, ÷ ${LOADS} loads = per load):`);
for (const [name, ms] of [...byEvent].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(ms / LOADS).toFixed(1).padStart(7)}  ${name}`);
console.log(`\nJavaScript samples in the long tasks by function, self time (ms per load):`);
for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${(ms / LOADS).toFixed(1).padStart(7)}  ${name}`);
