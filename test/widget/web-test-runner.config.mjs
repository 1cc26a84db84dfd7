// Widget tests: the element in real Chromium (Debian's), talking to a real local Worker
// (wrangler dev: workerd + local D1) that this config starts and stops.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts';
import { startLocalWorker } from '../support/local-worker.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PAGE_PORT = 8766 + Number(process.env.RHEC_PORT_OFFSET ?? 0);
const WORKER_PORT = 8788 + Number(process.env.RHEC_PORT_OFFSET ?? 0);
let worker;

/** Starts the Worker before the tests and serves its URL to them as /__rhec-test-env.js. */
const localWorkerPlugin = {
  name: 'rhec-local-worker',
  async serverStart() {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${PAGE_PORT}`] });
    // Some confirmed pledges, so counts and the goal bar have something to show.
    await worker.query(`UPDATE pledge_counts SET confirmed = CASE partner_id WHEN 'sir' THEN 20 WHEN 'rsna' THEN 10 ELSE 0 END`);
    // Twelve pledges confirmed this year and three confirmed two years ago: 12 "active this year".
    const rows = Array.from({ length: 15 }, (_, i) =>
      `('wtr-active-${i}', 'sir', 'active${i}@example.org', 'Reader', 'radiologist', 'en', 'confirmed', 0, 0, ` +
      `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '${i < 12 ? '-10 days' : '-730 days'}'))`);
    await worker.query(`INSERT INTO pledges (id, partner_id, email, name, role, lang, status, updates, flagged, confirmed_at) VALUES ${rows.join(', ')}`);
    // Seven of them reported an action: 7 "actions reported".
    await worker.query(`INSERT INTO pledge_actions (id, pledge_id, kind) VALUES ${Array.from({ length: 7 }, (_, i) => `('wtr-action-${i}', 'wtr-active-${i}', 'screening')`).join(', ')}`);
  },
  async serverStop() {
    await worker?.stop();
  },
  serve(context) {
    if (context.path === '/__rhec-test-env.js') {
      return { body: `export const API = ${JSON.stringify(worker.url)};`, type: 'js' };
    }
  },
};

/** Writes the pass/fail counts for scripts/test.ts to sum. */
const countsReporter = () => ({
  onTestRunFinished({ sessions }) {
    let passed = 0;
    let failed = 0;
    const walk = (suite) => {
      for (const t of suite?.tests ?? []) {
        if (t.skipped) continue;
        if (t.passed) passed++;
        else failed++;
      }
      for (const s of suite?.suites ?? []) walk(s);
    };
    for (const session of sessions) {
      walk(session.testResults);
      if (!session.passed && !session.testResults?.tests?.length && !session.testResults?.suites?.length) failed++;
    }
    mkdirSync(`${root}.test-results`, { recursive: true });
    writeFileSync(`${root}.test-results/widget.json`, JSON.stringify({ passed, failed }));
  },
});

export default {
  rootDir: root,
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  port: PAGE_PORT,
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  // a11ySnapshot (not among the runner's default commands): the accessibility tree, for the form landmarks' names.
  plugins: [localWorkerPlugin, a11ySnapshotPlugin(), esbuildPlugin({ ts: true, tsconfig: `${root}tsconfig.json`, target: 'es2022' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } })],
  reporters: [defaultReporter(), summaryReporter(), countsReporter()],
};
