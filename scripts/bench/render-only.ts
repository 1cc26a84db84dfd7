/**
 * `npm run bench:widget`: sections 1–2 of `npm run bench` alone (the drop-in script's weight and
 * its cost in a page), measured the same way, without the API load parts, so a change to the
 * widget can be measured in a minute. Prints; writes nothing. Also measures the page with the
 * CPU slowed 4× (CDP `Emulation.setCPUThrottlingRate`) and reports its long tasks.
 *
 *   LOADS=25 (loads per measurement), LIGHTHOUSE_RUNS=7 (0: no Lighthouse runs)
 */
import { launchChromium } from '../../test/support/browser.ts';
import { startLocalWorker } from '../../test/support/local-worker.ts';
import { serveTestPages } from '../../test/support/static-pages.ts';
import { testPort } from '../../test/support/ports.ts';
import { buildDist } from '../lib/build-dist.ts';
import { measureRender, type RenderCost } from './render.ts';
import { measureWeight } from './weight.ts';
import { measureLighthouse } from './lighthouse.ts';

const WORKER_PORT = testPort(8797);
const PAGE_PORT = testPort(5177);
const LOADS = Number(process.env.LOADS) || 25;
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

if (!process.argv.includes('--no-build')) {
  console.log('Building…');
  await buildDist();
}
const weight = await measureWeight();
console.log(`Weight: ${weight.raw} B raw, ${weight.gzip} B gzip -9 (${kb(weight.gzip)}; aim 12 KB: ${weight.gzip <= 12 * 1024 ? 'met' : 'not met'}), ${weight.brotli} B brotli`);
for (const p of weight.parts) console.log(`  ${p.part}: ${kb(p.minified)} minified (${(p.share * 100).toFixed(1)} %)`);

const worker = await startLocalWorker({
  port: WORKER_PORT,
  origins: [`http://localhost:${PAGE_PORT}`],
  vars: { STATS_CACHE_SECONDS: '10', EMAIL_TRANSPORT: 'discard' },
});
const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Bench</title></head><body><h1>Partner page</h1>${body}<p>After.</p></body></html>`;
const pages = await serveTestPages(PAGE_PORT, {
  '/with': { html: page(`<script src="${worker.url}/rhec-pledge.js" async></script><rhec-pledge partner="rsna"></rhec-pledge>`) },
  '/without': { html: page('') },
  // The same two lines, but the script arrives once the page is idle, as it does over a real network
  // (at least a round trip after the HTML): its download no longer ends while the page's own navigation runs.
  '/with-late': {
    html: page(
      `<rhec-pledge partner="rsna"></rhec-pledge><script>addEventListener('load', () => setTimeout(() => { const s = document.createElement('script'); s.src = '${worker.url}/rhec-pledge.js'; document.body.append(s); }, 100));</script>`,
    ),
  },
});
const show = (label: string, r: RenderCost) =>
  console.log(
    `${label} (median of ${r.loads} loads): parse+evaluate ${r.evalMs.toFixed(1)} ms, first render ${r.firstRenderMs.toFixed(1)} ms, ` +
      `waiting to run ${r.waitMs.toFixed(1)} ms, the script's own work ${r.ownMs.toFixed(1)} ms, ` +
      `downloaded → rendered ${r.totalMs.toFixed(1)} ms (aim ≤ 16 ms: ${r.totalMs <= 16 ? 'met' : 'not met'}); ` +
      `long tasks from the script's first statement on ${r.longTasks} median, ${r.longTasksMax} at most (${r.longTaskMs.toFixed(0)} ms), the page's own before it ${r.pageLongTasks} median; layout shift after render ${r.cls}; ` +
      `heap +${kb(r.heapBytes - r.heapBaselineBytes)}`,
  );
try {
  const browser = await launchChromium();
  try {
    show('Chromium', await measureRender(browser, `${pages.url}/with`, `${pages.url}/without`, LOADS));
    show('Chromium, the script arriving once the page is idle', await measureRender(browser, `${pages.url}/with-late`, `${pages.url}/without`, LOADS));
    show('Chromium, CPU 4× slower', await measureRender(browser, `${pages.url}/with`, `${pages.url}/without`, LOADS, 4));
  } finally {
    await browser.close();
  }
  const lighthouseRuns = Number(process.env.LIGHTHOUSE_RUNS ?? 7);
  if (lighthouseRuns > 0) {
    const lh = await measureLighthouse(`${pages.url}/with`, `${pages.url}/without`, lighthouseRuns);
    console.log(
      `Lighthouse ${lh.version} (mobile, simulated; median of ${lh.runs} runs each, alternating): Total Blocking Time ${lh.tbtWith.toFixed(0)} ms with the widget ` +
        `(runs: ${lh.withTbt.map((t) => t.toFixed(0)).join(', ')}), ${lh.tbtWithout.toFixed(0)} ms without (aim: 0 added: ${lh.tbtWith - lh.tbtWithout <= 0 ? 'met' : 'not met'}); ` +
        `the widget's script a long task in ${lh.runsWithScriptTask} of ${lh.runs} runs (median ${lh.scriptTaskMs.toFixed(0)} ms simulated)`,
    );
  }
} finally {
  await pages.close();
  await worker.stop();
}
