/**
 * Lighthouse's own Total Blocking Time (its default mobile run: simulated 4× CPU and a slow
 * network, cold cache), the same partner page with the widget and without, in alternating runs:
 * the figure issue 15's target names ("0 ms of Lighthouse blocking time added by the widget").
 *
 * Lighthouse is not one of the project's dependencies (about 190 MB installed, for a benchmark
 * only): the first run installs this pinned version from the npm registry into
 * ~/.cache/rhec-pledge/lighthouse-<version> (or $RHEC_LIGHTHOUSE_DIR), as scripts/with-node.sh
 * provisions Node, and later runs use it. It drives Debian's Chromium with the tests' flags.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/support/chromium.ts';
import { run } from '../lib/run.ts';

export const LIGHTHOUSE_VERSION = '12.8.2';

export interface LighthouseCost {
  runs: number;
  version: string;
  /** Total Blocking Time of each run, in run order. */
  withTbt: number[];
  withoutTbt: number[];
  /** Medians. */
  tbtWith: number;
  tbtWithout: number;
  /** Lighthouse's long tasks attributed to the widget's script (simulated ms): the median over the runs that had one (0 if none did). */
  scriptTaskMs: number;
  /** Runs in which the widget's script had a long task at all. */
  runsWithScriptTask: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function lighthouseModules() {
  const dir = process.env.RHEC_LIGHTHOUSE_DIR ?? join(homedir(), '.cache', 'rhec-pledge', `lighthouse-${LIGHTHOUSE_VERSION}`);
  const pkg = join(dir, 'node_modules', 'lighthouse');
  // Written only once the install finished: an interrupted one is done again, not half used.
  const done = join(dir, '.installed');
  if (!existsSync(done)) {
    console.log(`Installing Lighthouse ${LIGHTHOUSE_VERSION} from the npm registry into ${dir} (once; not a project dependency)…`);
    await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `lighthouse@${LIGHTHOUSE_VERSION}`]);
    writeFileSync(done, `lighthouse@${LIGHTHOUSE_VERSION}\n`);
  }
  const { default: lighthouse } = await import(pathToFileURL(join(pkg, 'core', 'index.js')).href);
  const launcher = await import(pathToFileURL(join(dir, 'node_modules', 'chrome-launcher', 'dist', 'index.js')).href);
  return { lighthouse, launcher };
}

type Audits = Record<string, { numericValue?: number; details?: { items?: { url?: string; duration: number }[] } }>;

export async function measureLighthouse(pageUrl: string, baselineUrl: string, runs = 7): Promise<LighthouseCost> {
  const { lighthouse, launcher } = await lighthouseModules();
  // chrome-launcher reports a missing browser as an unhandled 'error' event (the process exits): say so first.
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (set CHROME_PATH)`);
  let chrome;
  try {
    chrome = await launcher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS });
  } catch (e) {
    // A Chrome that never opened its debugging port is not killed by launch() itself.
    await launcher.killAll();
    throw e;
  }
  const withTbt: number[] = [];
  const withoutTbt: number[] = [];
  const scriptTasks: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      for (const url of [baselineUrl, pageUrl]) {
        const result = await lighthouse(url, { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error' });
        // A run that failed (no paint, a page that did not load) has no figure: never a median's.
        if (result?.lhr.runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${result.lhr.runtimeError.message}`);
        const audits = result.lhr.audits as Audits;
        const tbt = audits['total-blocking-time']?.numericValue;
        if (typeof tbt !== 'number' || !Number.isFinite(tbt)) throw new Error(`Lighthouse gave no Total Blocking Time for ${url}`);
        if (url === baselineUrl) {
          withoutTbt.push(tbt);
          continue;
        }
        withTbt.push(tbt);
        const own = (audits['long-tasks']?.details?.items ?? []).filter((t) => t.url?.endsWith('/rhec-pledge.js')).map((t) => t.duration);
        scriptTasks.push(own.length ? Math.max(...own) : 0);
      }
    }
  } finally {
    await chrome.kill();
  }
  return {
    runs,
    version: LIGHTHOUSE_VERSION,
    withTbt,
    withoutTbt,
    tbtWith: median(withTbt),
    tbtWithout: median(withoutTbt),
    scriptTaskMs: scriptTasks.some((d) => d > 0) ? median(scriptTasks.filter((d) => d > 0)) : 0,
    runsWithScriptTask: scriptTasks.filter((d) => d > 0).length,
  };
}
