/**
 * Widget cost in a page, in headless Chromium, over N loads of a demo page: script arrival →
 * element defined (evaluation), defined → first render, long tasks, layout shift after first
 * render, and JS heap compared with the same page without the widget.
 */
import type { Browser } from 'puppeteer-core';

export interface RenderCost {
  loads: number;
  /** Script downloaded → element defined (parse + evaluate). */
  evalMs: number;
  /**
   * Script downloaded → its first statement runs: the browser compiling it and finishing its own
   * tasks (the page's navigation, the parser) before it may run an async script. Not the widget's work.
   */
  waitMs: number;
  /** The script's first statement → first render done: the widget's own work on the main thread. */
  ownMs: number;
  /** Element defined → first render done. */
  firstRenderMs: number;
  /** Script downloaded → first render done. */
  totalMs: number;
  /**
   * Long tasks from the script's first statement on (the task it runs in included). Those that end
   * before it runs are the page's own (its navigation, with puppeteer's per-document script): the
   * same page without the widget has them too on a busy machine, so they are `pageLongTasks`.
   */
  longTasks: number;
  longTaskMs: number;
  /** Long tasks that ended before the script's first statement ran (median): the page's, not the widget's. */
  pageLongTasks: number;
  /** The most long tasks in any one load. */
  longTasksMax: number;
  /** Layout shift after the first render was painted (the counts arriving). */
  cls: number;
  /** Layout shift over the whole load, including the element appearing where the page reserved no space. */
  clsLoad: number;
  heapBytes: number;
  heapBaselineBytes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function heapOf(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 1_000));
  const session = await page.createCDPSession();
  await session.send('Performance.enable');
  await session.send('HeapProfiler.collectGarbage');
  const { metrics } = await session.send('Performance.getMetrics');
  await page.close();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/**
 * `cpuThrottle` (e.g. 4) slows the page's CPU by that factor through CDP
 * (`Emulation.setCPUThrottlingRate`), as a mid-range phone would be; 1 (the default) is this machine.
 */
export async function measureRender(browser: Browser, pageUrl: string, baselineUrl: string, loads = 25, cpuThrottle = 1): Promise<RenderCost> {
  const runs: { evalMs: number; waitMs: number; ownMs: number; firstRenderMs: number; totalMs: number; longTasks: number; longTaskMs: number; pageLongTasks: number; cls: number; clsLoad: number }[] = [];
  for (let i = 0; i < loads; i++) {
    const page = await browser.newPage();
    await page.setCacheEnabled(i > 0); // the first load cold, the rest as a returning visitor's
    if (cpuThrottle !== 1) await (await page.createCDPSession()).send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { bench: Record<string, number> };
      w.bench = { cls: 0, clsLoad: 0 };
      // Each long task's end, and its length: which ran before the script did is told after the load.
      const tasks: [number, number][] = ((window as unknown as { benchTasks: [number, number][] }).benchTasks = []);
      // Lit's renderer's first statement reads globalThis.trustedTypes: the moment the script starts running.
      const trustedTypes = (window as unknown as { trustedTypes?: unknown }).trustedTypes;
      Object.defineProperty(window, 'trustedTypes', {
        configurable: true,
        get() {
          w.bench.started ??= performance.now();
          return trustedTypes;
        },
      });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.bench.clsLoad! += (e as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift' as never, buffered: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push([e.startTime + e.duration, e.duration]);
      }).observe({ type: 'longtask' as never, buffered: true });
      const define = customElements.define.bind(customElements);
      customElements.define = (name: string, ctor: CustomElementConstructor, options?: ElementDefinitionOptions) => {
        if (name === 'rhec-pledge') w.bench.defined = performance.now();
        define(name, ctor, options);
        if (name === 'rhec-pledge') {
          const el = document.querySelector('rhec-pledge') as unknown as { updateComplete: Promise<unknown> };
          void el.updateComplete.then(() => {
            w.bench.rendered = performance.now();
            // From the frame after the first render was painted: only what moves later (the counts arriving).
            requestAnimationFrame(() =>
              requestAnimationFrame(() =>
                new PerformanceObserver((list) => {
                  for (const e of list.getEntries()) w.bench.cls! += (e as unknown as { value: number }).value;
                }).observe({ type: 'layout-shift' as never }),
              ),
            );
          });
        }
      };
    });
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { bench: { rendered?: number } }).bench.rendered, { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    const r: Record<string, number> = await page.evaluate(() => {
      const w = window as unknown as { bench: Record<string, number>; benchTasks: [number, number][] };
      const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/rhec-pledge.js')) as PerformanceResourceTiming;
      const started = w.bench.started ?? -Infinity;
      const widget = w.benchTasks.filter(([end]) => end > started);
      return {
        ...w.bench,
        scriptEnd: script?.responseEnd ?? NaN,
        longTasks: widget.length,
        longTaskMs: widget.reduce((sum, [, duration]) => sum + duration, 0),
        pageLongTasks: w.benchTasks.length - widget.length,
      };
    });
    runs.push({
      evalMs: (r.defined ?? NaN) - r.scriptEnd,
      waitMs: (r.started ?? NaN) - r.scriptEnd,
      ownMs: (r.rendered ?? NaN) - (r.started ?? NaN),
      firstRenderMs: (r.rendered ?? NaN) - (r.defined ?? NaN),
      totalMs: (r.rendered ?? NaN) - r.scriptEnd,
      longTasks: r.longTasks ?? 0,
      longTaskMs: r.longTaskMs ?? 0,
      pageLongTasks: r.pageLongTasks ?? 0,
      cls: r.cls ?? 0,
      clsLoad: r.clsLoad ?? 0,
    });
    await page.close();
  }
  return {
    loads,
    evalMs: median(runs.map((r) => r.evalMs)),
    waitMs: median(runs.map((r) => r.waitMs)),
    ownMs: median(runs.map((r) => r.ownMs)),
    firstRenderMs: median(runs.map((r) => r.firstRenderMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    longTasks: median(runs.map((r) => r.longTasks)),
    longTaskMs: median(runs.map((r) => r.longTaskMs)),
    pageLongTasks: median(runs.map((r) => r.pageLongTasks)),
    longTasksMax: Math.max(...runs.map((r) => r.longTasks)),
    cls: Math.max(...runs.map((r) => r.cls)),
    clsLoad: median(runs.map((r) => r.clsLoad)),
    heapBytes: await heapOf(browser, pageUrl),
    heapBaselineBytes: await heapOf(browser, baselineUrl),
  };
}
