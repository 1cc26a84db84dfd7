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
import { existsSync } from 'node:fs';
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
  /** Lighthouse's long tasks attributed to the widget's script (simulated ms), median of the runs' longest. */
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
  if (!existsSync(join(pkg, 'package.json'))) {
    console.log(`Installing Lighthouse ${LIGHTHOUSE_VERSION} from the npm registry into ${dir} (once; not a project dependency)…`);
    await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `lighthouse@${LIGHTHOUSE_VERSION}`]);
  }
  const { default: lighthouse } = await import(pathToFileURL(join(pkg, 'core', 'index.js')).href);
  const launcher = await import(pathToFileURL(join(dir, 'node_modules', 'chrome-launcher', 'dist', 'index.js')).href);
  return { lighthouse, launcher };
}

type Audits = Record<string, { numericValue?: number; details?: { items?: { url?: string; duration: number }[] } }>;

export async function measureLighthouse(pageUrl: string, baselineUrl: string, runs = 7): Promise<LighthouseCost> {
  const { lighthouse, launcher } = await lighthouseModules();
  const chrome = await launcher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS });
  const withTbt: number[] = [];
  const withoutTbt: number[] = [];
  const scriptTasks: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      for (const url of [baselineUrl, pageUrl]) {
        const result = await lighthouse(url, { port: chrome.port, onlyCategories: ['performance'], logLevel: 'error' });
        const audits = result.lhr.audits as Audits;
        const tbt = audits['total-blocking-time']?.numericValue ?? NaN;
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
    scriptTaskMs: median(scriptTasks),
    runsWithScriptTask: scriptTasks.filter((d) => d > 0).length,
  };
}
